/*
 * Clamping the times inside an ext2/3/4 filesystem image through libext2fs
 * (the library behind mke2fs). e2fsprogs 1.47.0's mke2fs -d copies each
 * inode's ctime from the source tree, which user space cannot set, so two
 * extractions of the same tree give different images. After this, every
 * mtime is at most the epoch, atime, ctime and crtime are the epoch, and so
 * are the superblock's times: the image depends on the tree's contents and
 * mtimes only.
 */
#ifndef E2TIMES_H
#define E2TIMES_H

#include <stdint.h>

/* The filesystem starts offset bytes into image. */
int e2fs_clamp_times(const char *image, uint64_t offset, long long epoch);

#endif
