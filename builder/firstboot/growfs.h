/*
 * Growing the root partition and its ext3 filesystem to the disk, once,
 * on first boot: for a user who enlarged the VMDK before booting. The
 * disk is ours (builder/lib/image/disk.c: an MBR, the root filesystem in
 * the last primary partition), so growing is: a longer MBR entry, the
 * kernel told with BLKPG_RESIZE_PARTITION, then EXT4_IOC_RESIZE_FS on the
 * mounted filesystem (the ext4 driver serves ext3 and keeps its
 * resize_inode). Never shrinks.
 */
#ifndef FIRSTBOOT_GROWFS_H
#define FIRSTBOOT_GROWFS_H

#include "image/mbr.h"
#include "core/strbuf.h"

#include <stdint.h>

/* Less than this much more room (1 MiB) is not worth a resize. */
#define GROWFS_MIN_SECTORS 2048u

/*
 * Pure: make entry `index` of m (0-3) end at the disk's last sector
 * (disk_sectors of 512 bytes, at most what a 32-bit MBR entry can hold).
 * 1: m was changed (length and end CHS); 0: nothing to grow (why says so);
 * -1: it cannot grow (not the last partition, an extended or GPT entry,
 * the disk is smaller than the table says); why says why.
 */
int growfs_plan(struct mbr *m, int index, uint64_t disk_sectors, struct strbuf *why);

/* The live step: find /'s partition through sysfs, grow it and the
 * filesystem (also a filesystem that a partition grown at an earlier boot
 * left behind: its superblock is compared with the partition). Prints one
 * line; a failure names the step, returns -1. GROWFS_REBOOT: the table on
 * disk is the new one but the running kernel kept the old size; the
 * filesystem grows at the next boot, if this is called then. */
#define GROWFS_REBOOT 1
int growfs_root(void);

#endif
