/* Fuzz the package database and manifest readers: dpkg's status, an
 * archive's Packages index, rpm -qa's lines, a DEP-5 copyright file, a
 * package manifest and its kernel line. What they accept must
 * be whole: every package has a name, version, architecture and source, an
 * accepted licence is an expression the rpm reader takes back, and a
 * manifest written from what was read reads back the same. */
#include "fuzz.h"
#include "publish/outdated.h"
#include "publish/pkgdiff.h"
#include "publish/sbom.h"
#include "rootfs/pkgdb.h"

FUZZ_QUIET_INITIALIZE

static void whole(const struct pkglist *l)
{
	for (size_t i = 0; i < l->nr; i++)
		if (!l->v[i].name || !l->v[i].version || !l->v[i].arch || !l->v[i].source ||
		    !l->v[i].source_version)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct pkglist a = PKGLIST_INIT, b = PKGLIST_INIT, c = PKGLIST_INIT, d = PKGLIST_INIT;
	struct pkglist e = PKGLIST_INIT;
	char *kernel = NULL;
	struct strbuf lic = STRBUF_INIT, back = STRBUF_INIT, m = STRBUF_INIT;
	memcpy(text, data, size);
	text[size] = '\0';

	if (!pkgdb_parse_dpkg_status(&a, text, "status"))
		whole(&a);
	if (!pkgdb_parse_deb_packages(&e, text, "Packages"))
		whole(&e);
	if (!pkgdb_parse_rpm_qa(&b, text))
		whole(&b);
	if (!manifest_kernel_version(text, &kernel) && (!*kernel || strchr(kernel, ' ') ||
							strchr(kernel, '\n')))
		abort();
	if (!dep5_license(text, &lic) && rpm_license(lic.buf, &back))
		abort();
	if (!manifest_parse(&c, text, "manifest")) {
		whole(&c);
		sbom_manifest(&m, &c, NULL);
		if (manifest_parse(&d, m.buf, "again") || d.nr != c.nr)
			abort();
	}
	pkglist_release(&a);
	pkglist_release(&b);
	pkglist_release(&c);
	pkglist_release(&d);
	pkglist_release(&e);
	free(kernel);
	strbuf_release(&lic);
	strbuf_release(&back);
	strbuf_release(&m);
	free(text);
	return 0;
}
