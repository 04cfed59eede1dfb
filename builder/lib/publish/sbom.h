/*
 * What is inside an appliance, for people and for tools: the package
 * manifest (NAME-VERSION.packages, one package a line) and an SPDX 2.3 JSON
 * SBOM (NAME-VERSION.spdx.json), both from the built tree's package database
 * (rootfs/pkgdb.h) and the kernel's build directory. Same inputs, same
 * bytes: the only date is SOURCE_DATE_EPOCH, the document namespace is a
 * hash of the content.
 */
#ifndef SBOM_H
#define SBOM_H

#include "core/strbuf.h"
#include "rootfs/pkgdb.h"

/* The kernel, which no package database lists: ours, compiled here. */
struct sbom_kernel {
	char *version;        /* kernel.info's version, e.g. 6.1.192 */
	char *profile;        /* kernel.info's profile */
	char *config_sha256;  /* the final .config */
	char *image_sha256;   /* bzImage */
};

/* Read DIR/kernel.info, and hash DIR/config and DIR/bzImage. -1 with an
 * error naming the file. */
int sbom_kernel_read(struct sbom_kernel *k, const char *dir);
void sbom_kernel_release(struct sbom_kernel *k);

/* The manifest's header line, "# kernel VERSION PROFILE" when k is not
 * NULL (the kernel is no package: `appliance outdated` reads the line,
 * diff-release skips it as every '#' line), then "name version arch source
 * source-version" lines in l's order (pkgdb sorts it). */
#define SBOM_MANIFEST_HEADER "# name version architecture source source-version\n"
struct sbom_kernel;
void sbom_manifest(struct strbuf *out, const struct pkglist *l, const struct sbom_kernel *k);

struct sbom_opts {
	const char *name, *version, *title; /* the appliance */
	const struct pkglist *pkgs;
	const struct sbom_kernel *kernel;   /* NULL: none */
	long long epoch;                    /* creationInfo.created */
	const char *tool;                   /* "pvappliance-0.1.0", the creator */
};

/* The SPDX 2.3 document as JSON. */
void sbom_spdx(struct strbuf *out, const struct sbom_opts *o);

#endif
