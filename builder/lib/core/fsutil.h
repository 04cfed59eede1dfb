/* Files and directories: atomic writes, copies, trees, locks. */
#ifndef FSUTIL_H
#define FSUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "core/strbuf.h"

/* mkdir -p with mode 0755 for new directories. */
int mkdir_p(const char *path);

/* Write data to path through "path.tmp.PID" + fsync + rename, so path is
 * either the old file or the complete new one. For small files that two
 * processes may write at once (shared caches): each has its own temporary,
 * where atomic_begin's fixed "PATH.tmp" (below) is for one writer's outputs. */
int write_file_atomic(const char *path, const void *data, size_t len, mode_t mode);

/*
 * A file written in place of its final name: everything goes into
 * "PATH.tmp", which becomes PATH only by rename once its data is on disk.
 * So PATH is always either absent, the old file, or the complete new one: a
 * run that fails, or is killed (kill -9, a full disk, a power cut), never
 * leaves a file that looks finished, and a rerun starts afresh. The name is
 * fixed (no PID) so a killed run's leftover is the next run's to replace.
 *
 *	struct atomic_file f = ATOMIC_FILE_INIT;
 *	if (atomic_begin(&f, path, 0644))
 *		goto out;
 *	... write to f.fd (or let a tool write to f.tmp.buf) ...
 *	ret = atomic_commit(&f);
 *   out:
 *	atomic_abort(&f);
 *
 * Ownership: f owns its two strings, its fd and the file f.tmp names until
 * atomic_commit (which gives the file to f.final, or removes it) or
 * atomic_abort (which removes it). atomic_abort is the one cleanup call for
 * every path: after a failed begin, a commit (either way), or on an
 * ATOMIC_FILE_INIT, it only frees what is left. f.final stays readable
 * until atomic_abort.
 */
struct atomic_file {
	struct strbuf final, tmp;
	int fd;                 /* open on tmp (read-write), or -1 */
};
#define ATOMIC_FILE_INIT { STRBUF_INIT, STRBUF_INIT, -1 }

/* Create path's temporary (a stale one, from a killed run, is replaced) with
 * exactly mode (not masked by the umask). -1 with "cannot create 'PATH.tmp'"
 * on failure. */
int atomic_begin(struct atomic_file *f, const char *path, mode_t mode);
/* fsync and close f.fd (a no-op once closed), so what rename publishes is on
 * disk; for writers of several files that must all be synced before any is
 * renamed. On failure the temporary is kept for atomic_abort to remove. */
int atomic_sync(struct atomic_file *f);
/* Sync (unless done), then rename the temporary to f.final. On any failure
 * the temporary is removed and the old f.final, if any, is untouched. */
int atomic_commit(struct atomic_file *f);
/* Close, remove the temporary unless committed, free f (see above). */
void atomic_abort(struct atomic_file *f);

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
