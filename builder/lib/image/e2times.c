/* Clamping inode and superblock times in an ext filesystem image. */
#include "image/e2times.h"
#include "core/error.h"
#include "core/xalloc.h"

#include <ext2fs/ext2fs.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

/* Set a time to the epoch (when force) or clamp it there; the _extra word
 * (nanoseconds and epoch bits) goes with it. Returns whether it changed. */
static int set_time(__u32 *t, __u32 *extra, long long epoch, bool force)
{
	if ((long long)*t < epoch && !force)
		return 0;
	if ((long long)*t == epoch && !(extra && *extra))
		return 0;
	*t = (__u32)epoch;
	if (extra)
		*extra = 0;
	return 1;
}

int e2fs_clamp_times(const char *image, uint64_t offset, long long epoch)
{
	ext2_filsys fs = NULL;
	ext2_inode_scan scan = NULL;
	struct ext2_inode_large *inode;
	char opts[64];
	ext2_ino_t ino;
	int size, ret = -1;
	errcode_t err;

	snprintf(opts, sizeof(opts), "offset=%llu", (unsigned long long)offset);
	err = ext2fs_open2(image, opts, EXT2_FLAG_RW | EXT2_FLAG_64BITS, 0, 0,
			   unix_io_manager, &fs);
	if (err)
		return error("cannot open the filesystem in '%s' at offset %llu: %s", image,
			     (unsigned long long)offset, error_message(err));
	fs->now = (time_t)epoch; /* what ext2fs_close writes as s_wtime */
	size = EXT2_INODE_SIZE(fs->super);
	inode = xcalloc(1, (size_t)size);
	if ((err = ext2fs_open_inode_scan(fs, 0, &scan))) {
		error("cannot scan the inodes of '%s': %s", image, error_message(err));
		goto out;
	}
	for (;;) {
		int changed = 0;
		err = ext2fs_get_next_inode_full(scan, &ino, (struct ext2_inode *)inode, size);
		if (err) {
			error("cannot read an inode of '%s': %s", image, error_message(err));
			goto out;
		}
		if (!ino)
			break;
		if (!inode->i_links_count && !inode->i_mode)
			continue; /* unused */
		bool big = size > EXT2_GOOD_OLD_INODE_SIZE &&
			   inode->i_extra_isize >= 24; /* has the *_extra and crtime fields */
		/* The mtime is the content's (clamped); atime, ctime and crtime
		 * only say when this machine copied the tree: the epoch. */
		changed |= set_time(&inode->i_mtime, big ? &inode->i_mtime_extra : NULL, epoch,
				    false);
		changed |= set_time(&inode->i_atime, big ? &inode->i_atime_extra : NULL, epoch,
				    true);
		changed |= set_time(&inode->i_ctime, big ? &inode->i_ctime_extra : NULL, epoch,
				    true);
		if (big)
			changed |= set_time(&inode->i_crtime, &inode->i_crtime_extra, epoch, true);
		if (inode->i_dtime && (long long)inode->i_dtime > epoch) {
			inode->i_dtime = (__u32)epoch;
			changed = 1;
		}
		if (changed &&
		    (err = ext2fs_write_inode_full(fs, ino, (struct ext2_inode *)inode, size))) {
			error("cannot write inode %u of '%s': %s", ino, image, error_message(err));
			goto out;
		}
	}
	fs->super->s_mkfs_time = (__u32)epoch;
	fs->super->s_mtime = 0;
	fs->super->s_lastcheck = (__u32)epoch;
	ext2fs_mark_super_dirty(fs);
	ret = 0;
out:
	if (scan)
		ext2fs_close_inode_scan(scan);
	free(inode);
	if ((err = ext2fs_close_free(&fs)) && !ret)
		ret = error("cannot write the filesystem in '%s': %s", image, error_message(err));
	return ret;
}
