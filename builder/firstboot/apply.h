/*
 * `pvappliance-firstboot apply`: once per image, early at boot. Gather the
 * credentials (SMBIOS type 11 first, then VMware guestinfo and the OVF
 * environment), validate them all, apply them all (or none), grow the
 * disk, make the SSH host keys, write the banner, mark it done.
 */
#ifndef FIRSTBOOT_APPLY_H
#define FIRSTBOOT_APPLY_H

#include "creds.h"
#include "rpci.h"
#include "core/strvec.h"

#include <stdbool.h>

#define FIRSTBOOT_DIR "/var/lib/pvappliance"
#define FIRSTBOOT_DONE FIRSTBOOT_DIR "/firstboot.done"
#define FIRSTBOOT_CREDENTIALS FIRSTBOOT_DIR "/credentials"
/* Made before any source is read: a later boot that finds it without the
 * done marker knows an earlier apply ran (and fails closed). */
#define FIRSTBOOT_STARTED FIRSTBOOT_DIR "/firstboot.started"
/* The partition table was grown but the kernel kept the old size: the
 * next boot grows the filesystem. */
#define FIRSTBOOT_GROW_PENDING FIRSTBOOT_DIR "/grow.pending"

struct apply_opts {
	const char *root;       /* "/" at boot; a test tree otherwise */
	bool live;              /* the running system: sethostname, grow the disk */
	/* VMware's backdoor: NULL asks CPUID whether this is VMware and then
	 * uses the real one; a test passes a fake one. */
	backdoor_fn backdoor;
	void *backdoor_ctx;
	/* Grow the disk: NULL is growfs_root when live; a test passes its own
	 * (then it runs on a test tree too). */
	int (*grow)(void);
};

/* SMBIOS: read root/sys/firmware/dmi/entries/11-N/raw for N = 0, 1, ...
 * and offer their credentials to c. The number of structures read. */
int gather_smbios(const char *root, bool live, struct creds *c);

/* Apply every credential of c under root; the names of those that took
 * effect (only those) go to root/var/lib/pvappliance/credentials. -1 when
 * a step failed. */
int apply_credentials(const char *root, const struct creds *c, bool live);

/* The whole apply step. 0 unless the program itself cannot go on. */
int firstboot_apply(const struct apply_opts *o);

#endif
