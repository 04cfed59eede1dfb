/* Unit tests for builder/lib/rootfs/pkgdb.c and builder/lib/rootfs/pkglicense.c. */
#include "test.h"
#include "core/fsutil.h"
#include "rootfs/pkgdb.h"

static const char status[] =
	"Package: libfoo1\n"
	"Status: install ok installed\n"
	"Maintainer: Foo Team <foo@example.org>\n"
	"Architecture: i386\n"
	"Source: foo (1.0-1)\n"
	"Version: 1.0-1+b2\n"
	"Description: a library\n"
	" with a long description\n"
	" Package: not-a-field\n"
	"\n"
	"Package: gone\n"
	"Status: deinstall ok config-files\n"
	"Version: 2\n"
	"Architecture: i386\n"
	"\n\n"
	"Package: bar\n"
	"Status: install ok installed\n"
	"Architecture: all\n"
	"Version: 1:2.3\n"
	"Source: bar-src\n"
	"\n"
	"Package: aaa\n"
	"status: install ok installed\n"
	"Version: 0.1\n";

static void test_dpkg_status(void)
{
	struct pkglist l = PKGLIST_INIT;
	CHECK_INT(pkgdb_parse_dpkg_status(&l, status, "status"), 0);
	pkglist_sort(&l);
	CHECK_INT(l.nr, 3);
	CHECK_STR(l.kind, "deb");
	if (l.nr == 3) {
		/* No Architecture: all; no Source: its own name and version. */
		CHECK_STR(l.v[0].name, "aaa");
		CHECK_STR(l.v[0].arch, "all");
		CHECK_STR(l.v[0].source, "aaa");
		CHECK_STR(l.v[0].source_version, "0.1");
		CHECK_STR(l.v[1].name, "bar");
		CHECK_STR(l.v[1].source, "bar-src");
		CHECK_STR(l.v[1].source_version, "1:2.3");
		/* A binNMU: the source's version is in parentheses. */
		CHECK_STR(l.v[2].name, "libfoo1");
		CHECK_STR(l.v[2].version, "1.0-1+b2");
		CHECK_STR(l.v[2].source, "foo");
		CHECK_STR(l.v[2].source_version, "1.0-1");
		CHECK_STR(l.v[2].supplier, "Foo Team <foo@example.org>");
		CHECK(!l.v[2].license);
	}
	pkglist_release(&l);
}

static void test_dpkg_status_damaged(void)
{
	struct pkglist l = PKGLIST_INIT;
	struct strbuf err = STRBUF_INIT;
	test_stderr_begin();
	CHECK_INT(pkgdb_parse_dpkg_status(&l, "Package: a\nStatus: install ok installed\n"
					  "Version: 1\n\nPackage: b\nStatus: install ok installed\n",
					  "var/lib/dpkg/status"), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "var/lib/dpkg/status:5: a package stanza without Version");
	pkglist_release(&l);
	strbuf_release(&err);
}

/* An archive's index: no Status, every stanza a package; a damaged one is
 * named as an index, not as a tree's database. */
static void test_deb_packages(void)
{
	struct pkglist l = PKGLIST_INIT;
	struct strbuf err = STRBUF_INIT;
	CHECK_INT(pkgdb_parse_deb_packages(&l, "Package: libc6\nVersion: 2.36-9+deb12u14\n"
					   "Architecture: i386\nSource: glibc\nDescription: x\n"
					   " more\n\n\nPackage: tzdata\nVersion: 2026f-0+deb12u1\n"
					   "Architecture: all\n", "Packages"), 0);
	pkglist_sort(&l);
	CHECK_INT(l.nr, 2);
	if (l.nr == 2) {
		CHECK_STR(l.v[0].name, "libc6");
		CHECK_STR(l.v[0].source, "glibc");
		CHECK_STR(l.v[0].source_version, "2.36-9+deb12u14");
		CHECK_STR(l.v[1].arch, "all");
	}
	pkglist_release(&l);
	test_stderr_begin();
	CHECK_INT(pkgdb_parse_deb_packages(&l, "Package: a\nVersion: 1\n\nPackage: b\n",
					   "lists/x_Packages"), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "lists/x_Packages:4: a package stanza without Version; the index");
	pkglist_release(&l);
	strbuf_release(&err);
}

static void test_rpm_qa(void)
{
	struct pkglist l = PKGLIST_INIT;
	CHECK_INT(pkgdb_parse_rpm_qa(&l, "zlib\t1.2.11-15.fc30\ti686\tzlib-1.2.11-15.fc30.src.rpm"
				     "\tFedora Project\tzlib and Boost\n"
				     "gpg-pubkey\tcfc659b9-5b6eac67\t(none)\t(none)\t(none)\tpubkey\n"
				     "bash\t2:5.0.7-1.fc30\ti686\tbash-5.0.7-1.fc30.src.rpm\t(none)"
				     "\tGPLv3+\n"), 0);
	pkglist_sort(&l);
	CHECK_INT(l.nr, 2);
	CHECK_STR(l.kind, "rpm");
	if (l.nr == 2) {
		CHECK_STR(l.v[0].name, "bash");
		CHECK_STR(l.v[0].version, "2:5.0.7-1.fc30");
		CHECK_STR(l.v[0].source, "bash");
		CHECK_STR(l.v[0].source_version, "5.0.7-1.fc30");
		CHECK(!l.v[0].supplier);
		CHECK_STR(l.v[0].license, "GPL-3.0-or-later");
		CHECK_STR(l.v[1].source, "zlib");
		CHECK_STR(l.v[1].supplier, "Fedora Project");
		CHECK(!l.v[1].license); /* "Boost" alone is not exact */
	}
	pkglist_release(&l);
}

static void test_rpm_qa_bad(void)
{
	struct pkglist l = PKGLIST_INIT;
	struct strbuf err = STRBUF_INIT;
	test_stderr_begin();
	CHECK_INT(pkgdb_parse_rpm_qa(&l, "a\t1-1\ti686\ta-1-1.src.rpm\tV\tMIT\nb 1-1\n"), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "line 2: expected 6 tab-separated fields");
	pkglist_release(&l);
	strbuf_release(&err);
}

static const char dep5[] =
	"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
	"Upstream-Name: foo\n"
	"\n"
	"Files: *\n"
	"Copyright: 2000 Someone\n"
	"License: GPL-2+\n"
	"\n"
	"Files: lib/*\n"
	"Copyright: 2001 Another\n"
	"License: LGPL-2.1+ or BSD-3-clause\n"
	"\n"
	"Files: debian/*\n"
	"License: gpl-2+\n"
	"\n"
	"License: GPL-2+\n"
	" The text, which names no files.\n";

static void test_dep5(void)
{
	struct strbuf sb = STRBUF_INIT;
	CHECK_INT(dep5_license(dep5, &sb), 0);
	CHECK_STR(sb.buf, "(BSD-3-Clause OR LGPL-2.1-or-later) AND GPL-2.0-or-later");
	strbuf_reset(&sb);
	/* Not machine-readable: nothing to declare. */
	CHECK_INT(dep5_license("This is foo, written by Someone.\nLicense: GPL-2\n", &sb), -1);
	/* One licence without an exact identifier spoils the whole. */
	CHECK_INT(dep5_license("Format: https://www.debian.org/doc/packaging-manuals/"
			       "copyright-format/1.0/\n\nFiles: *\nLicense: GPL-2+\n\n"
			       "Files: a\nLicense: public-domain\n", &sb), -1);
	CHECK_INT(dep5_license("Format: https://www.debian.org/doc/packaging-manuals/"
			       "copyright-format/1.0/\n\nFiles: *\nLicense: GPL-3+ with Bison "
			       "exception\n", &sb), -1);
	/* "and" and "or" in one line: precedence not guessed. */
	CHECK_INT(dep5_license("Format: https://www.debian.org/doc/packaging-manuals/"
			       "copyright-format/1.0/\n\nFiles: *\nLicense: GPL-2 or MIT and ISC\n",
			       &sb), -1);
	CHECK_STR(sb.buf, "");
	strbuf_release(&sb);
}

static void test_license_ids(void)
{
	struct strbuf sb = STRBUF_INIT;
	CHECK_STR(spdx_license_id("Expat"), "MIT");
	CHECK_STR(spdx_license_id("bsd-2-clause"), "BSD-2-Clause");
	CHECK_STR(spdx_license_id("GPL-2.0-or-later"), "GPL-2.0-or-later");
	/* Names that mean more than one licence stay unmapped. */
	CHECK(!spdx_license_id("GPL"));
	CHECK(!spdx_license_id("BSD"));
	CHECK(!spdx_license_id("Artistic"));
	CHECK(!spdx_license_id("LGPLv2+"));
	CHECK(!spdx_license_id("public-domain"));
	CHECK_INT(rpm_license("(GPLv2+ or MIT) and ISC", &sb), 0);
	CHECK_STR(sb.buf, "(GPL-2.0-or-later OR MIT) AND ISC");
	strbuf_reset(&sb);
	CHECK_INT(rpm_license("GPL-2.0-only AND", &sb), -1);
	CHECK_INT(rpm_license("(MIT", &sb), -1);
	CHECK_INT(rpm_license("", &sb), -1);
	CHECK_STR(sb.buf, "");
	strbuf_release(&sb);
}

static void test_read_tree(void)
{
	struct pkglist l = PKGLIST_INIT;
	struct strbuf tree = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&tree, "%s/tree", test_tmpdir());
	for (const char *const *d = (const char *const[]){ "var/lib/dpkg", "usr/share/doc/bar",
							    "usr/lib", NULL }; *d; d++) {
		struct strbuf p = STRBUF_INIT;
		strbuf_addf(&p, "%s/%s", tree.buf, *d);
		CHECK_INT(mkdir_p(p.buf), 0);
		strbuf_release(&p);
	}
	test_write("tree/var/lib/dpkg/status", status);
	test_write("tree/usr/share/doc/bar/copyright", dep5);
	test_write("tree/usr/lib/os-release", "NAME=\"Debian\"\nID=debian\n");
	CHECK_INT(pkgdb_read(&l, tree.buf), 0);
	CHECK_INT(l.nr, 3);
	CHECK_STR(l.distro, "debian");
	if (l.nr == 3) {
		CHECK_STR(l.v[1].license, "(BSD-3-Clause OR LGPL-2.1-or-later) AND GPL-2.0-or-later");
		CHECK(!l.v[2].license);
	}
	pkglist_release(&l);
	test_stderr_begin();
	CHECK_INT(pkgdb_read(&l, test_tmpdir()), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "has no package database");
	pkglist_release(&l);
	strbuf_release(&tree);
	strbuf_release(&err);
}

int main(void)
{
	TEST(test_dpkg_status);
	TEST(test_dpkg_status_damaged);
	TEST(test_deb_packages);
	TEST(test_rpm_qa);
	TEST(test_rpm_qa_bad);
	TEST(test_dep5);
	TEST(test_license_ids);
	TEST(test_read_tree);
	return test_done();
}
