/*
 * Building an appliance's root filesystem tree: run its bootstrap backend
 * (the table in rootfs/backends/backends.h), caching the bootstraps the
 * distributions' tools make by a hash of their inputs, then the hygiene
 * pass; the tree appears at its final path only when complete.
 */
#ifndef ROOTFS_H
#define ROOTFS_H

struct rootfs_opts {
	const char *appdir;          /* appliances/NAME */
	const char *kernel_configs;  /* to validate kernel = (may be NULL) */
	const char *out;             /* the tree to produce, e.g. build/NAME/rootfs */
	const char *cache_root;      /* NULL: $XDG_CACHE_HOME/pvappliance */
	const char *pvinit;          /* the static pvinit to install */
	const char *firstboot;       /* pvappliance-firstboot to install, or NULL */
	const char *apt_etc;         /* NULL: /etc/apt (for repo = apt) */
	const char *repo;            /* NULL, or overrides the appliance's repo = */
	long long epoch;             /* SOURCE_DATE_EPOCH */
	const char *builder_version;
};

int rootfs_build(const struct rootfs_opts *o);

#endif
