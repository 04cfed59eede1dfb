/* Unit tests for builder/lib/core/error.c. */
#include "test.h"

#include <errno.h>

static void test_formats(void)
{
	struct strbuf err = STRBUF_INIT;
	test_stderr_begin();
	CHECK_INT(error("plain %d", 1), -1);
	CHECK_INT(error_at("a.conf", 7, "bad key '%s'", "k"), -1);
	CHECK_INT(error_at("a.conf", 0, "whole file"), -1);
	warning("careful");
	warning_at("b.config", 2, "overrides");
	progress("KERNEL", "step %s", "one");
	progress_quiet = 1;
	progress("KERNEL", "hidden");
	progress_quiet = 0;
	test_stderr_end(&err);
	CHECK_STR(err.buf, "appliance: error: plain 1\n"
		  "a.conf:7: error: bad key 'k'\n"
		  "a.conf: error: whole file\n"
		  "appliance: warning: careful\n"
		  "b.config:2: warning: overrides\n"
		  "  KERNEL  step one\n");
	strbuf_release(&err);
}

/* errno's text once, at the end, as errno was when called. */
static void test_errno(void)
{
	struct strbuf err = STRBUF_INIT;
	test_stderr_begin();
	errno = ENOENT;
	CHECK_INT(error_errno("cannot open '%s'", "x"), -1);
	errno = ENOSPC;
	warning_errno("cannot write '%s'", "y");
	test_stderr_end(&err);
	CHECK_STR(err.buf, "appliance: error: cannot open 'x': No such file or directory\n"
		  "appliance: warning: cannot write 'y': No space left on device\n");
	strbuf_release(&err);
}

int main(void)
{
	TEST(test_formats);
	TEST(test_errno);
	return test_done();
}
