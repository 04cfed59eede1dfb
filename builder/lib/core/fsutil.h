/* Files and directories: atomic writes, copies, trees, locks. */
#ifndef FSUTIL_H
#define FSUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* mkdir -p with mode 0755 for new directories. */
int mkdir_p(const char *path);

/* Write data to path through "path.tmp.PID" + fsync + rename, so path is
 * either the old file or the complete new one. */
int write_file_atomic(const char *path, const void *data, size_t len, mode_t mode);

/* Copy src to dst (dst is created or truncated; not atomic: callers copy
 * into a temporary directory that is renamed when complete). */
int copy_file(const char *src, const char *dst, mode_t mode);

/* rm -rf; a missing path is not an error. */
int remove_tree(const char *path);

/* Point link at target through a temporary link and rename. */
int symlink_atomic(const char *target, const char *link);

/* Take an exclusive lock on lockfile (created if needed), waiting for it;
 * says once that it is waiting. Returns the fd to close to unlock, or -1. */
int lock_file(const char *lockfile, const char *what);

bool path_exists(const char *path);
bool is_dir(const char *path);

#endif
