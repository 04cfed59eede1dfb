/* Unit tests for builder/lib/publish/pkgdiff.c. */
#include "test.h"
#include "publish/pkgdiff.h"

static void test_version_cmp(void)
{
	/* dpkg --compare-versions agrees with each of these. */
	CHECK(version_cmp("1.0", "1.0") == 0);
	CHECK(version_cmp("1.0", "1.00") == 0);
	CHECK(version_cmp("1.0", "1.1") < 0);
	CHECK(version_cmp("1.10", "1.9") > 0);
	CHECK(version_cmp("1:1.0", "2.0") > 0);
	CHECK(version_cmp("1.0~rc1", "1.0") < 0);
	CHECK(version_cmp("1.0", "1.0+b1") < 0);
	CHECK(version_cmp("1.0-1", "1.0-1+deb12u1") < 0);
	CHECK(version_cmp("12.4+deb12u15", "12.4+deb12u9") > 0);
	CHECK(version_cmp("1.0a", "1.0") > 0);
	CHECK(version_cmp("1.0-2", "1.0-10") < 0);
	CHECK(version_cmp("2.36.1-8+deb12u1", "2.36.1-8") > 0);
}

static const char old_m[] = "# name version architecture source source-version\n"
	"apt 2.6.1 i386 apt 2.6.1\n"
	"gone 1 all gone 1\n"
	"libc6 2.36-9 i386 glibc 2.36-9\n"
	"same 1.0 i386 same 1.0\n"
	"tzdata 2024a-0+deb12u1 all tzdata 2024a-0+deb12u1\n";
static const char new_m[] = "# name version architecture source source-version\n"
	"tzdata 2023c-5 all tzdata 2023c-5\n"
	"same 1.00 i386 same 1.00\n"
	"libc6 2.36-9+deb12u4 i386 glibc 2.36-9+deb12u4\n"
	"apt 2.6.1 i386 apt 2.6.1\n"
	"new 3 i386 new 3\n";

static void test_diff(void)
{
	struct pkglist o = PKGLIST_INIT, n = PKGLIST_INIT;
	struct strbuf out = STRBUF_INIT;
	struct pkgdiff_counts c;
	CHECK_INT(manifest_parse(&o, old_m, "old"), 0);
	CHECK_INT(manifest_parse(&n, new_m, "new"), 0);
	pkgdiff(&out, &o, &n, &c);
	CHECK_STR(out.buf, "removed gone all 1\n"
		  "upgraded libc6 i386 2.36-9 2.36-9+deb12u4\n"
		  "added new i386 3\n"
		  "downgraded tzdata all 2024a-0+deb12u1 2023c-5\n");
	CHECK_INT(c.added, 1);
	CHECK_INT(c.removed, 1);
	CHECK_INT(c.upgraded, 1);
	CHECK_INT(c.downgraded, 1);
	strbuf_reset(&out);
	pkgdiff(&out, &o, &o, &c);
	CHECK_STR(out.buf, "");
	pkglist_release(&o);
	pkglist_release(&n);
	strbuf_release(&out);
}

static void test_bad_manifest(void)
{
	struct pkglist l = PKGLIST_INIT;
	struct strbuf err = STRBUF_INIT;
	test_stderr_begin();
	CHECK_INT(manifest_parse(&l, "# h\na 1 i386 a 1\nSHA256SUMS here\n", "x.packages"), -1);
	pkglist_release(&l);
	CHECK_INT(manifest_parse(&l, "a 1 i386 a 1\na 2 i386 a 2\n", "y.packages"), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "x.packages:3: expected 'name version architecture source "
		       "source-version', 5 words, not 2");
	CHECK_CONTAINS(err.buf, "y.packages: 'a' (i386) is listed twice");
	pkglist_release(&l);
	strbuf_release(&err);
}

int main(void)
{
	TEST(test_version_cmp);
	TEST(test_diff);
	TEST(test_bad_manifest);
	return test_done();
}
