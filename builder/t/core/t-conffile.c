/* Unit tests for builder/lib/core/conffile.c. */
#include "test.h"
#include "core/conffile.h"

static int collect(const char *file, unsigned line, const char *key, const char *value,
		   void *data)
{
	struct strbuf *sb = data;
	if (!strcmp(key, "reject"))
		return error_at(file, line, "rejected '%s'", value);
	strbuf_addf(sb, "%u:%s=[%s]\n", line, key, value);
	return 0;
}

static void test_parse(void)
{
	struct strbuf sb = STRBUF_INIT;
	CHECK_INT(conffile_parse("x.conf", "# comment\n\nname = debian\n  key_2-x=  a b  \r\n"
				 "empty =\nlast = no newline", collect, &sb), 0);
	CHECK_STR(sb.buf, "3:name=[debian]\n4:key_2-x=[a b]\n5:empty=[]\n6:last=[no newline]\n");
	strbuf_release(&sb);
}

static void test_errors_name_line_and_continue(void)
{
	struct strbuf sb = STRBUF_INIT, err = STRBUF_INIT;
	test_stderr_begin();
	CHECK_INT(conffile_parse("x.conf", "a = 1\nNoEquals\nreject = me\nB = 2\nc = 3\n",
				 collect, &sb), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "x.conf:2: error: cannot parse 'NoEquals': expected 'key = value'");
	CHECK_CONTAINS(err.buf, "x.conf:3: error: rejected 'me'");
	CHECK_CONTAINS(err.buf, "x.conf:4: error: cannot parse 'B = 2'");
	CHECK_STR(sb.buf, "1:a=[1]\n5:c=[3]\n");
	strbuf_release(&sb);
	strbuf_release(&err);
}

static void test_text_check(void)
{
	struct strbuf err = STRBUF_INIT;
	CHECK_INT(conffile_check_text("u.conf", "title = caf\xc3\xa9 \xe2\x82\xac\n", 17), 0);
	test_stderr_begin();
	CHECK_INT(conffile_check_text("u.conf", "a = 1\ntitle = caf\xe9\n", 18), -1);
	CHECK_INT(conffile_check_text("n.conf", "a = 1\n\nb\0 = 2\n", 13), -1);
	CHECK_INT(conffile_check_text("o.conf", "x = \xc0\xaf\n", 7), -1);     /* overlong '/' */
	CHECK_INT(conffile_check_text("s.conf", "x = \xed\xa0\x80\n", 8), -1); /* a surrogate */
	CHECK_INT(conffile_check_text("t.conf", "x = \xe2\x82", 6), -1);        /* truncated */
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "u.conf:2: error: not UTF-8 at column 12 (byte 0xe9)");
	CHECK_CONTAINS(err.buf, "n.conf:3: error: a NUL byte at column 2");
	CHECK_CONTAINS(err.buf, "o.conf:1: error: not UTF-8 at column 5 (byte 0xc0)");
	CHECK_CONTAINS(err.buf, "s.conf:1: error: not UTF-8");
	CHECK_CONTAINS(err.buf, "t.conf:1: error: not UTF-8");
	strbuf_release(&err);
}

int main(void)
{
	TEST(test_text_check);
	TEST(test_parse);
	TEST(test_errors_name_line_and_continue);
	return test_done();
}
