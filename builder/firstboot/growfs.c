/* Grow the root partition and filesystem to the disk (see growfs.h). */
#include "growfs.h"
#include "core/error.h"

#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/blkpg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#ifndef EXT4_IOC_RESIZE_FS
#define EXT4_IOC_RESIZE_FS _IOW('f', 16, uint64_t)
#endif

int growfs_plan(struct mbr *m, int index, uint64_t disk_sectors, struct strbuf *why)
{
	struct mbr_partition *p = &m->part[index];
	uint64_t first = le32toh(p->lba_first), n = le32toh(p->sectors), end = first + n, want;

	if (m->boot_signature[0] != 0x55 || m->boot_signature[1] != 0xaa) {
		strbuf_addstr(why, "the disk has no MBR partition table");
		return -1;
	}
	if (!p->type || !n) {
		strbuf_addf(why, "partition %d is empty in the MBR", index + 1);
		return -1;
	}
	/* A protective (or hybrid) GPT entry in any slot: the GPT's backup
	 * header sits in the disk's last sectors, which growing would take. */
	for (int i = 0; i < 4; i++)
		if (m->part[i].type == 0xee) {
			strbuf_addf(why, "partition %d is a GPT's protective entry (type 0xee): a "
				    "GPT disk, whose backup table growing would overwrite", i + 1);
			return -1;
		}
	if (p->type == 0x05 || p->type == 0x0f || p->type == 0x85) {
		strbuf_addf(why, "partition %d is of type 0x%02x (extended)", index + 1, p->type);
		return -1;
	}
	for (int i = 0; i < 4; i++) {
		const struct mbr_partition *q = &m->part[i];
		if (i != index && q->type && q->sectors && le32toh(q->lba_first) >= first) {
			strbuf_addf(why, "partition %d is not the last one (partition %d follows "
				    "it)", index + 1, i + 1);
			return -1;
		}
	}
	if (disk_sectors < end) {
		strbuf_addf(why, "the disk (%llu sectors) is smaller than partition %d's end "
			    "(%llu)", (unsigned long long)disk_sectors, index + 1,
			    (unsigned long long)end);
		return -1;
	}
	/* An MBR counts in 32 bits: 2 TiB is as far as an entry reaches. */
	want = disk_sectors;
	if (want > UINT32_MAX)
		want = UINT32_MAX;
	if (want < end + GROWFS_MIN_SECTORS) {
		strbuf_addf(why, "partition %d already fills the disk", index + 1);
		return 0;
	}
	mbr_set_partition(m, index, (uint32_t)first, (uint32_t)(want - first), p->type,
			  p->status == 0x80);
	return 1;
}

static int read_sys(const char *path, unsigned long long *v)
{
	FILE *f = fopen(path, "r");
	int ok;
	if (!f)
		return -1;
	ok = fscanf(f, "%llu", v) == 1;
	fclose(f);
	return ok ? 0 : -1;
}

int growfs_root(void)
{
	char sys[128], real[PATH_MAX], disk[64], dev[96], *slash;
	unsigned long long partno, start, disk_sectors;
	struct stat st;
	struct statvfs vfs;
	struct mbr m;
	struct strbuf why = STRBUF_INIT;
	int fd = -1, root = -1, ret = -1, index = -1, r;

	if (stat("/", &st))
		return error_errno("grow the disk: cannot stat '/'");
	snprintf(sys, sizeof(sys), "/sys/dev/block/%u:%u", major(st.st_dev), minor(st.st_dev));
	if (!realpath(sys, real))
		return error_errno("grow the disk: '%s' (is /sys mounted?)", sys);
	snprintf(sys, sizeof(sys), "/sys/dev/block/%u:%u/partition", major(st.st_dev),
		 minor(st.st_dev));
	if (read_sys(sys, &partno)) {
		printf("pvappliance-firstboot: disk: / is not on a partition; nothing to grow\n");
		return 0;
	}
	snprintf(sys, sizeof(sys), "/sys/dev/block/%u:%u/start", major(st.st_dev), minor(st.st_dev));
	if (read_sys(sys, &start))
		return error("grow the disk: cannot read '%s'", sys);
	slash = strrchr(real, '/');
	if (!slash)
		return error("grow the disk: odd sysfs path '%s'", real);
	*slash = '\0';
	slash = strrchr(real, '/');
	snprintf(disk, sizeof(disk), "%.63s", slash ? slash + 1 : real);
	snprintf(sys, sizeof(sys), "/sys/block/%s/size", disk);
	if (read_sys(sys, &disk_sectors))
		return error("grow the disk: cannot read '%s'", sys);
	snprintf(dev, sizeof(dev), "/dev/%s", disk);
	fd = open(dev, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		error_errno("grow the disk: cannot open '%s'", dev);
		goto out;
	}
	if (pread(fd, &m, sizeof(m), 0) != (ssize_t)sizeof(m)) {
		error_errno("grow the disk: cannot read the MBR of '%s'", dev);
		goto out;
	}
	for (int i = 0; i < 4; i++)
		if (m.part[i].type && le32toh(m.part[i].lba_first) == start)
			index = i;
	if (index < 0 || (unsigned long long)index + 1 != partno) {
		printf("pvappliance-firstboot: disk: / is on partition %llu, not a primary MBR "
		       "partition; nothing grown\n", partno);
		ret = 0;
		goto out;
	}
	r = growfs_plan(&m, index, disk_sectors, &why);
	if (r < 0) {
		printf("pvappliance-firstboot: disk: %s; nothing grown\n", why.buf);
		ret = 0;
		goto out;
	}
	if (r > 0) {
		struct blkpg_partition bp = {
			.start = (long long)start * 512,
			.length = (long long)le32toh(m.part[index].sectors) * 512,
			.pno = index + 1,
		};
		struct blkpg_ioctl_arg arg = { .op = BLKPG_RESIZE_PARTITION, .datalen = sizeof(bp),
					       .data = &bp };
		if (pwrite(fd, &m, sizeof(m), 0) != (ssize_t)sizeof(m) || fsync(fd)) {
			error_errno("grow the disk: cannot write the MBR of '%s'", dev);
			goto out;
		}
		if (ioctl(fd, BLKPG, &arg)) {
			/* The table on disk is the new one: the kernel reads it at
			 * the next boot, where the filesystem is grown (below). */
			error_errno("grow the disk: the partition table of '%s' is written, but the "
				    "running kernel kept partition %d's old size "
				    "(BLKPG_RESIZE_PARTITION)", dev, index + 1);
			ret = GROWFS_REBOOT;
			goto out;
		}
	}
	/* The filesystem to the partition's end: now, or at the boot after the
	 * table was written (its superblock says how far it reaches). */
	{
		unsigned char sb[1024];
		uint64_t fs_blocks, part_blocks;
		unsigned log_block;
		if (pread(fd, sb, sizeof(sb), (off_t)start * 512 + 1024) != (ssize_t)sizeof(sb) ||
		    sb[56] != 0x53 || sb[57] != 0xef) {
			error("grow the filesystem: no ext2/3/4 superblock on partition %d of '%s'",
			      index + 1, dev);
			goto out;
		}
		fs_blocks = (uint64_t)sb[4] | (uint64_t)sb[5] << 8 | (uint64_t)sb[6] << 16 |
			    (uint64_t)sb[7] << 24;
		log_block = sb[24];
		part_blocks = log_block > 6 ? 0 :
			      (uint64_t)le32toh(m.part[index].sectors) * 512 >> (10 + log_block);
		if (part_blocks < fs_blocks + (GROWFS_MIN_SECTORS * 512 >> (10 + log_block))) {
			printf("pvappliance-firstboot: disk: %s; nothing grown\n",
			       r ? "the filesystem already fills its partition" : why.buf);
			ret = 0;
			goto out;
		}
	}
	root = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root < 0 || fstatvfs(root, &vfs) || !vfs.f_frsize) {
		error_errno("grow the filesystem: cannot open '/'");
		goto out;
	}
	{
		uint64_t blocks = (uint64_t)le32toh(m.part[index].sectors) * 512 / vfs.f_frsize;
		if (ioctl(root, EXT4_IOC_RESIZE_FS, &blocks)) {
			error_errno("grow the filesystem: EXT4_IOC_RESIZE_FS to %llu blocks on '/'",
				    (unsigned long long)blocks);
			goto out;
		}
		printf("pvappliance-firstboot: disk: partition %d and / grown to %llu MiB\n",
		       index + 1, (unsigned long long)(blocks * vfs.f_frsize >> 20));
	}
	ret = 0;
out:
	strbuf_release(&why);
	if (fd >= 0)
		close(fd);
	if (root >= 0)
		close(root);
	return ret;
}
