/*
 * Has a published release fallen behind? Its package manifest
 * (NAME-VERSION.packages, publish/sbom.h) against the appliance's
 * repositories as they are now, and the kernel it was built with against
 * the kernel source package as it is now.
 *
 * Debian: apt-get update with private lists (rootfs/aptlists.h) for the
 * suites the appliance is built from (its suite, -updates, -security:
 * rootfs/debsuites.h), then the newest version of each package in those
 * indexes. RPM: dnf repoquery against the appliance's repo and
 * updates_repo. A package is outdated when a newer version exists in any
 * of them; "security" when that version is in a SUITE-security suite.
 */
#ifndef OUTDATED_H
#define OUTDATED_H

#include "core/strbuf.h"

#include <stdbool.h>

struct appconf;

struct outdated_opts {
	const char *manifest;        /* the release's NAME-VERSION.packages */
	const struct appconf *app;   /* the appliance it was built from */
	const char *repo;            /* overrides app->repo when not NULL */
	const char *apt_etc;         /* where repo = apt is read; NULL: /etc/apt */
	/* The kernel's source package (the profile's source_package), looked
	 * up in kernel_repo's kernel_suite (Debian: "apt", this machine's, by
	 * default); NULL: the kernel is not checked. */
	const char *kernel_package, *kernel_repo, *kernel_suite;
};

struct outdated_counts {
	unsigned packages;   /* in the manifest */
	unsigned newer;      /* with a newer version now */
	unsigned security;   /* of those, from a security suite */
	bool kernel_newer;   /* the kernel's source package is newer */
};

/* Append one line per package that has a newer version, in name then
 * architecture order:
 *   newer NAME ARCH RELEASED AVAILABLE SUITE[ security]
 * then, when the kernel's source package has a newer upstream version:
 *   kernel RELEASED AVAILABLE PACKAGE
 * and count them. -1 with an error naming the repository that cannot be
 * read, or the manifest's file and line. */
int outdated_check(const struct outdated_opts *o, struct strbuf *out, struct outdated_counts *c);

/* The kernel line of a manifest ("# kernel VERSION PROFILE", written when
 * the manifest was made with the kernel's directory): 0 and the version
 * copied, or -1 (no error) when it has none. */
int manifest_kernel_version(const char *text, char **version);

#endif
