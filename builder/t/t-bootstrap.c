/* Unit tests for lib/bootstrap-*.c: what can be tested without the
 * distributions' tools (t2100, t2110 and t2200 run them for real). */
#include "test.h"
#include "bootstrap.h"

static void test_local_repo_path(void)
{
	CHECK_STR(local_repo_path("file:///srv/repo"), "/srv/repo");
	CHECK_STR(local_repo_path("/srv/repo"), "/srv/repo");
	CHECK(local_repo_path("https://example.invalid/repo") == NULL);
	CHECK(local_repo_path("apt") == NULL);
}

static void test_extract_errors(void)
{
	struct strbuf err = STRBUF_INIT;
	test_stderr_begin();
	CHECK_INT(extract_archive(test_write("bad.tar", "not a tar"), test_tmpdir()), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "cannot extract '");
	strbuf_release(&err);
}

int main(void)
{
	TEST(test_local_repo_path);
	TEST(test_extract_errors);
	return test_done();
}
