/* Unit tests for builder/lib/core/array.h: ARRAY_SIZE counts elements
 * (tests/t0020-harness.sh proves that a pointer does not compile). */
#include "test.h"
#include "core/array.h"

static void test_counts(void)
{
	static const char *const names[] = { "a", "b", "c" };
	struct { int x[7]; } s;
	char bytes[512];
	CHECK_INT(ARRAY_SIZE(names), 3);
	CHECK_INT(ARRAY_SIZE(s.x), 7);
	CHECK_INT(ARRAY_SIZE(bytes), 512);
	(void)s;
}

int main(void)
{
	TEST(test_counts);
	return test_done();
}
