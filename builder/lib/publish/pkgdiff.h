/*
 * What changed between two releases of an appliance: their package
 * manifests (NAME-VERSION.packages, publish/sbom.h) read back, compared
 * package by package (name and architecture), versions ordered as dpkg
 * orders them.
 */
#ifndef PKGDIFF_H
#define PKGDIFF_H

#include "core/strbuf.h"
#include "rootfs/pkgdb.h"

/* Read a manifest's text (file names it in errors) into l, sorted: '#'
 * lines skipped, every other line "name version arch source
 * source-version". -1 with "FILE:LINE: ..." on any other line, or a
 * package listed twice. */
int manifest_parse(struct pkglist *l, const char *text, const char *file);

/* Compare two versions as dpkg does (epoch, upstream, revision; '~' before
 * anything, even the end): <0, 0, >0. rpm's versions compare the same way
 * in all but corner cases of '^'. */
int version_cmp(const char *a, const char *b);

struct pkgdiff_counts {
	unsigned added, removed, upgraded, downgraded;
};

/* Append one line per change, in name then architecture order:
 *   added NAME ARCH VERSION
 *   removed NAME ARCH VERSION
 *   upgraded NAME ARCH OLD NEW
 *   downgraded NAME ARCH OLD NEW
 * (a version that changed in name only, "1.0" to "1.0", is not a change)
 * and count them. Both lists must be sorted. */
void pkgdiff(struct strbuf *out, const struct pkglist *old, const struct pkglist *new,
	     struct pkgdiff_counts *c);

#endif
