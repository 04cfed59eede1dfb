/*
 * What is installed in a built root filesystem tree, read from the tree's
 * own package database: dpkg's var/lib/dpkg/status (parsed here), or rpm's
 * database (asked through `rpm --root TREE --dbpath ... -qa`, the only
 * reader of its formats). The tree's database is asked, not the appliance's
 * backend: a tarball or dir import carries whichever it carries.
 */
#ifndef PKGDB_H
#define PKGDB_H

#include <stddef.h>
#include "core/strbuf.h"

struct pkg {
	char *name, *version, *arch;
	char *source, *source_version; /* the source package it was built from */
	char *supplier;                /* "Maintainer" (dpkg) or "Vendor" (rpm); NULL: unknown */
	char *license;                 /* an SPDX expression when exact, else NULL */
};

struct pkglist {
	struct pkg *v;
	size_t nr, alloc;
	const char *kind;              /* "deb" or "rpm" (the purl type), static */
	char *distro;                  /* os-release's ID= of the tree ("debian"), or NULL */
};
#define PKGLIST_INIT { .v = NULL }

/* Read TREE's package database into l, sorted by name then architecture.
 * Only installed packages are listed. -1 with an error naming the tree
 * when it has no package database, or it cannot be read. */
int pkgdb_read(struct pkglist *l, const char *tree);

/* Parse dpkg's status file text (file names it in errors): every package
 * whose Status ends in "installed". -1 with "FILE:LINE: ..." on a stanza
 * without Package or Version. Licences are left NULL. */
int pkgdb_parse_dpkg_status(struct pkglist *l, const char *text, const char *file);

/* Parse an archive's Packages index (apt's lists hold them as they were
 * served, uncompressed): every stanza, with its Source. -1 as above on a
 * stanza without Package or Version. */
int pkgdb_parse_deb_packages(struct pkglist *l, const char *text, const char *file);

/* Parse the output of rpm -qa --qf PKGDB_RPM_QF (one package a line,
 * tab-separated). -1 with an error on a line of the wrong shape. */
#define PKGDB_RPM_QF "%{NAME}\\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\t%{ARCH}\\t" \
	"%{SOURCERPM}\\t%{VENDOR}\\t%{LICENSE}\\n"
int pkgdb_parse_rpm_qa(struct pkglist *l, const char *text);

/* Sort by name, then architecture (strcmp: the same order in any locale). */
void pkglist_sort(struct pkglist *l);
void pkglist_release(struct pkglist *l);

/*
 * The licence a Debian package declares, from its machine-readable
 * (DEP-5) debian/copyright text: the License: short names of every
 * paragraph, mapped to SPDX identifiers only where the mapping is exact
 * (GPL-2+ is GPL-2.0-or-later; "public-domain" or "GPL-2+ with some
 * exception" are not mapped), joined with AND (and OR inside one name, as
 * DEP-5 writes alternatives), sorted, without repeats. 0 with the
 * expression appended to out; -1 (nothing printed, out unchanged) when the
 * text is not DEP-5 or one of its licences has no exact SPDX identifier:
 * the caller says NOASSERTION.
 */
int dep5_license(const char *text, struct strbuf *out);

/* The SPDX identifier for one licence name (a DEP-5 short name, or an SPDX
 * identifier as rpm's License may give), or NULL when none is exact. */
const char *spdx_license_id(const char *name);

/* rpm's License tag as an SPDX expression when every licence in it is
 * exact (AND / OR / "and" / "or" / parentheses), else -1 as above. */
int rpm_license(const char *tag, struct strbuf *out);

#endif
