/*
 * The hygiene pass over a bootstrapped root filesystem tree, so that no two
 * downloaded appliances share secrets and nothing of the build machine leaks
 * in: SSH host keys removed (made on first boot instead), machine-id empty,
 * random seeds removed, root locked (or the given hash), no empty passwords,
 * the host's resolv.conf, mirror lists, package caches, logs and temporary
 * files dropped; then the appliance's identity written (hostname, hosts,
 * fstab by UUID, /etc/appliance-release), the serial getty and network set
 * up, pvinit installed, pvappliance-firstboot installed and hooked into the
 * init system (the way in on first boot), the overlay copied (owned by root), and every time
 * clamped to the build epoch.
 */
#ifndef HYGIENE_H
#define HYGIENE_H

#include "conf/appconf.h"

struct hygiene_opts {
	const char *root;          /* the tree to clean, modified in place */
	const struct appconf *conf;
	const char *pvinit;        /* the static pvinit binary to install */
	const char *firstboot;     /* pvappliance-firstboot to install and hook in; NULL: none */
	long long epoch;           /* SOURCE_DATE_EPOCH */
	const char *builder_version;
};

/* Run every step; -1 on the first failure (with an error). Needs root for
 * chown and for chroot into the tree (update-rc.d registers first-boot). */
int hygiene_run(const struct hygiene_opts *o);

#endif
