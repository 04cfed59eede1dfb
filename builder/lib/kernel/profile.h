/*
 * Kernel profiles (kernel-configs/NAME.profile): which kernel source, which
 * baseline config, which fragments on top, and the policy the final .config
 * must satisfy: every value the fragments request, plus the profile's own
 * "require" (NAME=VALUE) and "forbid" (NAME: absent or not set) lists.
 */
#ifndef PROFILE_H
#define PROFILE_H

#include "kernel/kconfig.h"
#include "core/strvec.h"

/* Kernel versions as comparable numbers (6.1.192 -> 0x0601c0); sublevels
 * clamp at 254 as in LINUX_VERSION_CODE, 255 marks "any A.B.x". */
#define KVERSION(a, b, c) (((a) << 16) + ((b) << 8) + ((c) > 254 ? 254 : (c)))

struct kprofile {
	char *name;            /* file name without .profile */
	char *path;
	char *description;
	char *source;          /* default kernel source: tarball or directory; may be NULL */
	char *source_package;  /* Debian package that provides it */
	char *baseline;        /* make target for the starting config, e.g. tinyconfig */
	char *update;          /* olddefconfig, or oldconfig for trees without it */
	char *target;          /* make target that builds the image, e.g. bzImage */
	char *arch;            /* ARCH= for make, i386 */
	unsigned min_version, max_version; /* 0: no bound */
	struct strvec fragments; /* paths, in order */
	struct strvec patches;   /* kernel source patches (paths), applied in order */
	struct kconfig requested; /* the fragments merged, later wins */
	struct kpolicy policy;   /* requested + require + forbid, and optional names */
};
#define KPROFILE_INIT { .fragments = STRVEC_INIT, .patches = STRVEC_INIT, .requested = KCONFIG_INIT, \
			.policy = KPOLICY_INIT }

/* Parse the profile at path and read its fragments (from the profile's
 * directory, NAME.config); -1 with file:line errors on bad input. */
int kprofile_load(struct kprofile *p, const char *path);
void kprofile_release(struct kprofile *p);

/* Parse "6.1", "2.6.21" into a KVERSION; -1 if malformed. */
int kversion_parse(const char *s, unsigned *out);
/* Format a KVERSION as "a.b.c". */
void kversion_format(struct strbuf *out, unsigned v);

#endif
