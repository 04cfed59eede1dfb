/*
 * appliances/NAME/appliance.conf: one appliance's definition, validated.
 * Every error is reported as "appliance.conf:LINE: message" with the fix,
 * and all of them in one run.
 */
#ifndef APPCONF_H
#define APPCONF_H

#include <stdbool.h>
#include <stdint.h>
#include "core/strbuf.h"
#include "core/strvec.h"

struct bootstrap_backend; /* rootfs/backends/backends.h */

struct appconf {
	char *dir;              /* the appliance directory */
	char *path;             /* DIR/appliance.conf */
	char *name, *title, *version, *arch;
	/* The backend's row in rootfs/backends/backends.c (set once loaded) */
	const struct bootstrap_backend *bootstrap;
	char *suite;            /* the Debian backends: bookworm */
	char *release;          /* dnf: releasever (30); zypper: optional */
	char *repo;             /* URL, "apt" (the host's apt mirror), or a path */
	char *variant;          /* the Debian backends' variant (minbase) */
	char *gpgkey;           /* dnf: the key remote packages are checked against */
	char *updates_repo;     /* the RPM backends: the release's updates repository, or NULL */
	/* "distribution" (the tree's own files), "none", or a file of the
	 * release engineer's, relative to dir */
	char *update_sources;
	char *security_updates; /* "unattended", "first-boot" (refused: not yet) or "no" */
	char *end_of_support;   /* YYYY-MM-DD, or NULL: distro-info-data's, or unknown */
	struct strvec packages; /* from "packages =" lines and DIR/packages */
	char *kernel;           /* kernel profile name */
	bool require_hypervisor;
	uint64_t disk_size;     /* bytes */
	char *rootfs;           /* ext3 (default), ext4, ext2 */
	unsigned memory;        /* MiB */
	char *vmx_template;
	char *disk_adapter;     /* a name in image/adapters.c */
	char *root_password;    /* "locked" or a crypt(3) hash */
	char *hostname;
	char *ova_manifest;     /* sha1, sha256, sha512, or NULL: image/compat.c's choice */
	char *vendor, *product_url, *app_url; /* the OVF's ProductSection, or NULL */
	bool has_overlay;       /* DIR/overlay/ exists */
};
#define APPCONF_INIT { .packages = STRVEC_INIT }

/* Read and validate DIR/appliance.conf (and DIR/packages when present).
 * kernel_configs, when not NULL, is where kernel profiles are looked up. */
int appconf_load(struct appconf *c, const char *dir, const char *kernel_configs);
void appconf_release(struct appconf *c);

/* Append what each key means and takes, for the usage of appliance config
 * (the backends and adapters from their tables), and the same as a
 * machine-readable list, one key a line (core/conftable.h). */
void appconf_keys_help(struct strbuf *out);
void appconf_keys_list(struct strbuf *out);

/* Append the definition as make variables "APP_<name>_<KEY> := value". */
void appconf_make_vars(struct strbuf *out, const struct appconf *c);

/* Parse "512M", "2G", "1048576" (bytes, K/M/G/T binary suffixes). */
int parse_size(const char *s, uint64_t *out);

#endif
