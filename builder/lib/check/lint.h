/*
 * Checking a built image for what must not ship, without mounting it: the
 * root partition's ext2/3/4 filesystem is read with libext2fs from the raw
 * disk, or from a sparse raw copy of a VMDK decoded into $TMPDIR (removed
 * at once). The checks are the hygiene pass's, made independently: SSH host
 * keys, a machine-id, empty or well-known root passwords, hashes readable by
 * all, files not owned by root in system directories, world-writable files,
 * and the build machine's name servers, host name, proxies and mirrors.
 */
#ifndef LINT_H
#define LINT_H

#include <stddef.h>

struct lint_finding {
	char *path;          /* in the image, e.g. "/etc/machine-id" */
	char *what;          /* what is wrong and why it matters */
};

struct lint_report {
	struct lint_finding *v;  /* sorted by path once lint_image returns */
	size_t nr, alloc;
	unsigned long files;     /* files, directories and links looked at */
};
#define LINT_REPORT_INIT { .v = NULL, .nr = 0, .alloc = 0, .files = 0 }

struct lint_opts {
	const char *image;       /* raw disk, VMDK (any form), or a bare ext image */
	const char *host_etc;    /* the build machine's /etc: resolv.conf, hostname,
				    apt/sources.list*; NULL: "/etc" */
	const char *host_name;   /* the build machine's name; NULL: gethostname(),
				    or host_etc/hostname when host_etc is given */
	const char *tmpdir;      /* where a VMDK is decoded; NULL: $TMPDIR or /tmp */
};

/* Check the image, adding to rep (the caller releases it). 0 when the
 * image could be checked, findings or not; -1 with an error when not. */
int lint_image(const struct lint_opts *o, struct lint_report *rep);
void lint_report_release(struct lint_report *rep);

#endif
