/* Unit tests for builder/lib/formats/sums.c (md5sum -c reads real ones in t6000). */
#include "test.h"
#include "formats/sums.h"

static void test_format(void)
{
	struct sums s = SUMS_INIT;
	struct strbuf out = STRBUF_INIT;
	sums_add(&s, "z file", "11");
	sums_add(&s, "back\\slash", "22");
	sums_add(&s, "new\nline\r", "33");
	sums_add(&s, "a", "44");
	sums_write(&s, &out);
	CHECK_STR(out.buf, "44  a\n\\22  back\\\\slash\n\\33  new\\nline\\r\n11  z file\n");
	sums_release(&s);
	strbuf_release(&out);
}

int main(void)
{
	TEST(test_format);
	return test_done();
}
