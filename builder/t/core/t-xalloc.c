/* Unit tests for builder/lib/core/xalloc.c. */
#include "test.h"
#include "core/xalloc.h"

static void test_grow(void)
{
	int *a = NULL;
	size_t alloc = 0;
	GROW(a, 1, alloc);
	CHECK_INT(alloc, 8);
	GROW(a, 9, alloc);
	CHECK_INT(alloc, 16);
	GROW(a, 1000, alloc);
	CHECK(alloc >= 1000);
	a[999] = 1;
	free(a);
	char *s = xstrndup("abcdef", 3);
	CHECK_STR(s, "abc");
	free(s);
}

int main(void)
{
	TEST(test_grow);
	return test_done();
}
