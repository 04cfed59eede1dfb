/* Unit tests for builder/lib/core/tools.c. */
#include "test.h"
#include "core/tools.h"

static void test_packages(void)
{
	CHECK_STR(tool_package("xz"), "xz-utils");
	CHECK_STR(tool_package("/usr/bin/ld"), "binutils");
	CHECK_STR(tool_package("gpgv"), "gpgv"); /* appliance verify --signature */
	CHECK(tool_package("no-such-tool") == NULL);
}

static void test_find(void)
{
	struct strbuf sb = STRBUF_INIT, err = STRBUF_INIT;
	char *old = strdup(getenv("PATH"));
	CHECK_INT(tool_find("sh", &sb), 0);
	CHECK(sb.len > 3 && !strcmp(sb.buf + sb.len - 3, "/sh"));
	strbuf_reset(&sb);
	CHECK_INT(tool_find("/bin/sh", &sb), 0);
	CHECK_INT(tool_find("pvappliance-no-such-tool", &sb), -1);
	setenv("PATH", "/nonexistent", 1);
	test_stderr_begin();
	CHECK_INT(tool_require("flex"), -1);
	test_stderr_end(&err);
	setenv("PATH", old, 1);
	CHECK_CONTAINS(err.buf, "'flex' not found in PATH; install it with: apt-get install flex");
	free(old);
	strbuf_release(&sb);
	strbuf_release(&err);
}

int main(void)
{
	TEST(test_packages);
	TEST(test_find);
	return test_done();
}
