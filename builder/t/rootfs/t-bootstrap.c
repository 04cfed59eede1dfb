/* Unit tests for lib/bootstrap-*.c: what can be tested without the
 * distributions' tools (t3000, t3010 and t3020 run them for real). */
#include "test.h"
#include "rootfs/backends/backends.h"
#include "rootfs/bootstrap.h"

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

/* A tool failing as debootstrap does on a kernel without IA32 emulation:
 * the error says how to fix it, not that the mirror is unreachable. */
static void test_no_i386_is_named(void)
{
	struct rfs r = { .conf = { .name = "debian", .path = "appliances/debian/appliance.conf" } };
	struct strbuf err = STRBUF_INIT;
	const char *log = test_write("debootstrap.log", "");
	const char *argv[] = { "sh", "-c", "echo 'E: Unable to execute target architecture'; exit 1",
			       NULL };
	r.conf.bootstrap = bootstrap_backend_find("debootstrap");
	strbuf_init(&r.mirror);
	strbuf_addstr(&r.mirror, "http://mirror.invalid/debian");
	test_stderr_begin();
	CHECK_INT(run_bootstrap_tool(&r, argv, log, NULL), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "cannot run the appliance's i386 programs");
	CHECK_CONTAINS(err.buf, "run 'make deps' as root");
	CHECK(!strstr(err.buf, "cannot download"));
	strbuf_release(&err);
	strbuf_release(&r.mirror);
}

int main(void)
{
	TEST(test_local_repo_path);
	TEST(test_extract_errors);
	TEST(test_no_i386_is_named);
	return test_done();
}
