/* Unit tests for builder/lib/publish/sbom.c. */
#include "test.h"
#include "publish/sbom.h"

static void fill(struct pkglist *l)
{
	CHECK_INT(pkgdb_parse_dpkg_status(l, "Package: libstdc++6\nStatus: install ok installed\n"
					  "Architecture: i386\nVersion: 12.2.0-14\nSource: gcc-12\n"
					  "Maintainer: Debian GCC Maintainers <gcc@lists.debian.org>\n"
					  "\nPackage: a\"b\nStatus: install ok installed\nVersion: 1:1\n",
					  "status"), 0);
	pkglist_sort(l);
	l->distro = strdup("debian");
}

static void test_manifest(void)
{
	struct pkglist l = PKGLIST_INIT;
	struct strbuf sb = STRBUF_INIT;
	fill(&l);
	sbom_manifest(&sb, &l, NULL);
	CHECK_STR(sb.buf, SBOM_MANIFEST_HEADER "a\"b 1:1 all a\"b 1:1\n"
		  "libstdc++6 12.2.0-14 i386 gcc-12 12.2.0-14\n");
	strbuf_reset(&sb);
	sbom_manifest(&sb, &l, &(struct sbom_kernel){ .version = "6.1.192", .profile = "p" });
	CHECK_STR(sb.buf, SBOM_MANIFEST_HEADER "# kernel 6.1.192 p\na\"b 1:1 all a\"b 1:1\n"
		  "libstdc++6 12.2.0-14 i386 gcc-12 12.2.0-14\n");
	pkglist_release(&l);
	strbuf_release(&sb);
}

static void test_spdx(void)
{
	struct pkglist l = PKGLIST_INIT;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct sbom_kernel k = { .version = "6.1.192", .profile = "paravirt-6.1",
				 .config_sha256 = "c0", .image_sha256 = "b0" };
	struct sbom_opts o = { .name = "deb", .version = "1.0", .title = "A \"test\"",
			       .pkgs = &l, .kernel = &k, .epoch = 1700000000, .tool = "t-1" };
	fill(&l);
	sbom_spdx(&a, &o);
	CHECK_CONTAINS(a.buf, "\"spdxVersion\": \"SPDX-2.3\"");
	CHECK_CONTAINS(a.buf, "\"created\": \"2023-11-14T22:13:20Z\"");
	CHECK_CONTAINS(a.buf, "\"description\": \"A \\\"test\\\"\"");
	/* Identifiers keep to letters, digits, '.' and '-XX' escapes. */
	CHECK_CONTAINS(a.buf, "\"SPDXRef-Package-deb-libstdc-2B-2B6-i386\"");
	CHECK_CONTAINS(a.buf, "\"SPDXRef-Package-deb-a-22b-all\"");
	CHECK_CONTAINS(a.buf, "\"supplier\": \"Organization: Debian GCC Maintainers "
		       "(gcc@lists.debian.org)\"");
	CHECK_CONTAINS(a.buf, "\"referenceLocator\": \"pkg:deb/debian/libstdc%2B%2B6@12.2.0-14"
		       "?arch=i386\"");
	CHECK_CONTAINS(a.buf, "\"referenceLocator\": \"pkg:deb/debian/a%22b@1%3A1?arch=all\"");
	CHECK_CONTAINS(a.buf, "\"sourceInfo\": \"built package from: gcc-12 12.2.0-14\"");
	CHECK_CONTAINS(a.buf, ".config SHA256 c0");
	CHECK_CONTAINS(a.buf, "\"relatedSpdxElement\": \"SPDXRef-Kernel\"");
	/* The same content, the same bytes; other content, another namespace. */
	sbom_spdx(&b, &o);
	CHECK_STR(a.buf, b.buf);
	strbuf_reset(&b);
	free(l.v[1].version);
	l.v[1].version = strdup("12.2.0-15");
	sbom_spdx(&b, &o);
	CHECK(strncmp(strstr(a.buf, "documentNamespace"), strstr(b.buf, "documentNamespace"),
		      140));
	pkglist_release(&l);
	strbuf_release(&a);
	strbuf_release(&b);
}

int main(void)
{
	TEST(test_manifest);
	TEST(test_spdx);
	return test_done();
}
