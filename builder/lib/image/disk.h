/*
 * Assembling an appliance's raw disk without root, loop devices or mounts:
 * an MBR (syslinux's boot code, a signature derived from the appliance),
 * partition 1 a FAT16 boot partition (mkfs.fat and mtools at an offset in
 * the image) with the kernel, syslinux.cfg and syslinux installed on the
 * image file, partition 2 the root filesystem (mke2fs -d at an offset, UUID
 * and hash seed derived from the appliance, times clamped via libext2fs).
 * The image is sparse, and appears at its path only when complete.
 */
#ifndef DISK_H
#define DISK_H

#include "conf/appconf.h"

#define DISK_BOOT_START 2048u          /* sectors: 1 MiB alignment */
#define DISK_BOOT_SECTORS 65536u       /* 32 MiB of FAT16 */
#define DISK_ROOT_START (DISK_BOOT_START + DISK_BOOT_SECTORS)

struct disk_opts {
	const struct appconf *conf;
	const char *rootfs;   /* the tree */
	const char *kernel;   /* bzImage */
	const char *out;      /* disk.raw */
	long long epoch;
	const char *extra_append; /* more kernel command line, or NULL */
};

int disk_build(const struct disk_opts *o);

/* The kernel command line the boot partition's syslinux.cfg uses. */
void disk_kernel_cmdline(const struct appconf *c, struct strbuf *out);

#endif
