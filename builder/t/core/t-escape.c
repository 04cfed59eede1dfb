/* Unit tests for builder/lib/core/escape.c. */
#include "test.h"
#include "core/escape.h"

static void test_xml(void)
{
	struct strbuf sb = STRBUF_INIT;
	xml_escape(&sb, "a<b>&\"c'");
	CHECK_STR(sb.buf, "a&lt;b&gt;&amp;&quot;c'");
	strbuf_release(&sb);
}

static void test_url(void)
{
	struct strbuf sb = STRBUF_INIT;
	url_escape(&sb, "a b/c:d~e_f-g.h%\\\xc3\xa9");
	CHECK_STR(sb.buf, "a%20b%2Fc%3Ad~e_f-g.h%25%5C%C3%A9");
	strbuf_release(&sb);
}

static void test_json(void)
{
	struct strbuf sb = STRBUF_INIT;
	json_escape(&sb, "a\"b\\c\n\x01\xc3\xa9/");
	CHECK_STR(sb.buf, "a\\\"b\\\\c\\u000a\\u0001\xc3\xa9/");
	strbuf_release(&sb);
}

int main(void)
{
	TEST(test_json);
	TEST(test_xml);
	TEST(test_url);
	return test_done();
}
