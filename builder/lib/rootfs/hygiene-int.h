/* What the hygiene steps share (hygiene.c and the steps in their own files). */
#ifndef HYGIENE_INT_H
#define HYGIENE_INT_H

#include "core/strbuf.h"
#include "rootfs/hygiene.h"

#include <sys/types.h>

struct hyg {
	const struct hygiene_opts *o;
	struct strbuf path; /* scratch: root + relative path */
	unsigned removed;   /* files removed or emptied by the current step */
};

/* ROOT/rel in h->path (valid until the next call). */
const char *at(struct hyg *h, const char *rel);
/* Write ROOT/rel atomically, owned by root. */
int write_in_root(struct hyg *h, const char *rel, const char *text, mode_t mode);
/* Run args[0] chrooted into the tree. */
int in_chroot(struct hyg *h, const char *const *args);

/* firstboot-hooks.c: install pvappliance-firstboot and hook it into the
 * tree's init system. */
int first_boot_hooks(struct hyg *h);

/* update-sources.c: the package sources the appliance ships
 * (update_sources =), and unattended security updates (security_updates =). */
int update_sources(struct hyg *h);
int security_updates(struct hyg *h);

#endif
