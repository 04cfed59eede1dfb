/* Unit tests for builder/lib/core/strbuf.c. */
#include "test.h"

static void test_empty_is_usable(void)
{
	struct strbuf sb = STRBUF_INIT;
	CHECK_STR(sb.buf, "");
	strbuf_setlen(&sb, 0);
	strbuf_rtrim(&sb);
	CHECK_INT(sb.len, 0);
	char *p = strbuf_detach(&sb);
	CHECK_STR(p, "");
	free(p);
	strbuf_release(&sb);
}

static void test_add_and_format(void)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "abc");
	strbuf_addch(&sb, '-');
	strbuf_addf(&sb, "%d:%s", 42, "x");
	strbuf_add(&sb, "yz\0no", 2);
	CHECK_STR(sb.buf, "abc-42:xyz");
	CHECK_INT(sb.len, 10);
	for (int i = 0; i < 10000; i++)
		strbuf_addstr(&sb, "0123456789");
	CHECK_INT(sb.len, 100010);
	CHECK_INT(sb.buf[sb.len], '\0');
	strbuf_reset(&sb);
	CHECK_STR(sb.buf, "");
	strbuf_release(&sb);
}

static void test_rtrim(void)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, " keep \t\r\n\n");
	strbuf_rtrim(&sb);
	CHECK_STR(sb.buf, " keep");
	strbuf_release(&sb);
}

static void test_read_file(void)
{
	struct strbuf sb = STRBUF_INIT, err = STRBUF_INIT;
	CHECK_INT(strbuf_read_file(&sb, test_write("f", "line1\nline2\n")), 0);
	CHECK_STR(sb.buf, "line1\nline2\n");
	test_stderr_begin();
	CHECK_INT(strbuf_read_file(&sb, "/nonexistent/x"), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "cannot open '/nonexistent/x': No such file or directory");
	strbuf_release(&sb);
	strbuf_release(&err);
}

int main(void)
{
	TEST(test_empty_is_usable);
	TEST(test_add_and_format);
	TEST(test_rtrim);
	TEST(test_read_file);
	return test_done();
}
