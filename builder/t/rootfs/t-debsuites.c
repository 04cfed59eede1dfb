/* Unit tests for rootfs/debsuites.c, on a local archive made here. */
#include "test.h"
#include "rootfs/debsuites.h"
#include "core/fsutil.h"

static const char release[] =
	"Suite: bookworm-security\n"
	"Date: Tue, 14 Nov 2023 22:13:20 UTC\n"
	"SHA256:\n"
	" 1111 100 main/binary-i386/Packages\n"
	" 2222 50 main/binary-i386/Packages.xz\n"
	" 3333 80 main/binary-amd64/Packages\n"
	" 4444 10 main/binary-all/Packages\n";

static void test_release_state(void)
{
	struct strbuf out = STRBUF_INIT;
	debsuites_release_state(release, "i386", &out);
	/* The Date is left out: a re-signed Release is the same packages. */
	CHECK_STR(out.buf, " 1111 100 main/binary-i386/Packages\n"
		  " 2222 50 main/binary-i386/Packages.xz\n"
		  " 4444 10 main/binary-all/Packages\n");
	strbuf_reset(&out);
	debsuites_release_state("Suite: x\n", "i386", &out);
	CHECK_STR(out.buf, "Suite: x\n");
	strbuf_release(&out);
}

/* An archive of one's own: the suites it has; the security one is found,
 * the missing updates suite is a warning; the lines for apt. */
static void test_find_local(void)
{
	struct debsuites s = DEBSUITES_INIT;
	struct strbuf err = STRBUF_INIT, lines = STRBUF_INIT, want = STRBUF_INIT;
	char repo[600], work[600];
	size_t bad = 0;
	snprintf(repo, sizeof(repo), "%s/repo", test_tmpdir());
	snprintf(work, sizeof(work), "%s/work", test_tmpdir());
	mkdir_p(work);
	snprintf(work, sizeof(work), "%s/repo/dists/bookworm-security", test_tmpdir());
	mkdir_p(work);
	snprintf(work, sizeof(work), "%s/repo/dists/bookworm", test_tmpdir());
	mkdir_p(work);
	snprintf(work, sizeof(work), "%s/work", test_tmpdir());
	test_write("repo/dists/bookworm/Release", "Suite: bookworm\n");
	test_write("repo/dists/bookworm-security/Release", release);
	struct debsuites_query q = { .suite = "bookworm", .repo = repo, .arch = "i386",
				     .workdir = work };
	test_stderr_begin();
	CHECK_INT(debsuites_find(&q, &s, &bad), 0);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "names no suite 'bookworm-updates'");
	CHECK_INT(s.uris.nr, 2);
	CHECK_STR(s.suites.v[1], "bookworm-security");
	CHECK_CONTAINS(s.state.buf, " 1111 100 main/binary-i386/Packages\n");
	debsuites_lines(&s, "deb", "x=y", true, &lines);
	strbuf_addf(&want, "deb [trusted=yes] copy://%s bookworm main\n"
		    "deb [trusted=yes] copy://%s bookworm-security main\n", repo, repo);
	CHECK_STR(lines.buf, want.buf);
	debsuites_release(&s);

	/* The suite itself must be there. */
	q.suite = "trixie";
	test_stderr_begin();
	CHECK_INT(debsuites_find(&q, &s, &bad), -1);
	test_stderr_end(&err);
	CHECK_INT(bad, 0);
	CHECK_CONTAINS(err.buf, "cannot read the Release file of suite 'trixie'");
	debsuites_release(&s);
	strbuf_release(&err);
	strbuf_release(&lines);
	strbuf_release(&want);
}

int main(void)
{
	TEST(test_release_state);
	TEST(test_find_local);
	return test_done();
}
