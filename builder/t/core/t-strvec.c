/* Unit tests for builder/lib/core/strvec.c. */
#include "test.h"
#include "core/strvec.h"

static void test_push_and_split(void)
{
	struct strvec sv = STRVEC_INIT;
	CHECK(sv.v[0] == NULL);
	strvec_push(&sv, "make");
	strvec_pushf(&sv, "-j%d", 2);
	strvec_pushl(&sv, "a b", "", NULL);
	strvec_split(&sv, "  ccache\tgcc \n");
	CHECK_INT(sv.nr, 6);
	CHECK_STR(sv.v[1], "-j2");
	CHECK_STR(sv.v[2], "a b");
	CHECK_STR(sv.v[3], "");
	CHECK_STR(sv.v[4], "ccache");
	CHECK_STR(sv.v[5], "gcc");
	CHECK(sv.v[6] == NULL);
	strvec_clear(&sv);
	CHECK_INT(sv.nr, 0);
	CHECK(sv.v[0] == NULL);
	strvec_split(&sv, "   ");
	CHECK_INT(sv.nr, 0);
	strvec_clear(&sv);
}

static void test_join_list(void)
{
	struct strvec sv = STRVEC_INIT;
	struct strbuf sb = STRBUF_INIT;
	strvec_join_list(&sv, &sb, ", ", " or ");
	CHECK_STR(sb.buf, "");
	strvec_push(&sv, "a");
	strvec_join_list(&sv, &sb, ", ", " or ");
	CHECK_STR(sb.buf, "a");
	strbuf_reset(&sb);
	strvec_pushl(&sv, "b", "c", NULL);
	strvec_join_list(&sv, &sb, ", ", " or ");
	CHECK_STR(sb.buf, "a, b or c");
	strvec_clear(&sv);
	strbuf_release(&sb);
}

int main(void)
{
	TEST(test_push_and_split);
	TEST(test_join_list);
	return test_done();
}
