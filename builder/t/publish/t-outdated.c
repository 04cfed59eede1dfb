/* Unit tests for builder/lib/publish/outdated.c's manifest reading; the
 * repositories are tests/t6080-outdated.sh's. */
#include "test.h"
#include "publish/outdated.h"

#include <stdlib.h>

static void test_kernel_line(void)
{
	char *v = NULL;
	CHECK_INT(manifest_kernel_version("# name version architecture source source-version\n"
					  "# kernel 6.1.192 paravirt-6.1\na 1 all a 1\n", &v), 0);
	CHECK_STR(v, "6.1.192");
	free(v);
	v = NULL;
	CHECK_INT(manifest_kernel_version("# kernel 6.1.7\n", &v), 0);
	CHECK_STR(v, "6.1.7");
	free(v);
	v = NULL;
	/* none, an empty one, or one inside a line: no kernel */
	CHECK_INT(manifest_kernel_version("a 1 all a 1\n", &v), -1);
	CHECK_INT(manifest_kernel_version("# kernel \n", &v), -1);
	CHECK_INT(manifest_kernel_version("x # kernel 6.1.1\n", &v), -1);
	CHECK(!v);
}

int main(void)
{
	TEST(test_kernel_line);
	return test_done();
}
