/* Unit tests for builder/lib/core/ids.c. */
#include "test.h"
#include "core/ids.h"

static void test_uuid_shape_and_determinism(void)
{
	char a[37], b[37], c[37];
	appliance_uuid("debian", "1.0", "rootfs", a);
	appliance_uuid("debian", "1.0", "rootfs", b);
	appliance_uuid("debian", "1.0", "boot", c);
	CHECK_STR(a, b);
	CHECK(strcmp(a, c) != 0);
	CHECK_INT(strlen(a), 36);
	CHECK(a[8] == '-' && a[13] == '-' && a[18] == '-' && a[23] == '-');
	CHECK(a[14] == '4');
	CHECK(strchr("89ab", a[19]) != NULL);
	CHECK(a[strspn(a, "0123456789abcdef-")] == '\0');
}

int main(void)
{
	TEST(test_uuid_shape_and_determinism);
	return test_done();
}
