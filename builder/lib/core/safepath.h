/*
 * Names that come from a download (a checksum manifest, a torrent, a
 * metalink) are hostile until checked: they must stay inside the directory
 * they are relative to. path_check() refuses what can be seen in the name
 * itself (absolute, "..", empty components, NUL); open_beneath() also
 * refuses symlinks that resolve outside the directory, which only the
 * filesystem can tell.
 */
#ifndef SAFEPATH_H
#define SAFEPATH_H

#include <stddef.h>

/* The longest name accepted (Linux's PATH_MAX). */
#define SAFEPATH_MAX 4096

/* 0 when the len bytes at path are a relative name that stays beneath its
 * directory; else -1 and *why says what is wrong (a static string, e.g.
 * "it is absolute", "it has a '..' component"). "./a" and "a//b" pass:
 * `find . -type f | xargs md5sum` writes the former. */
int path_check(const char *path, size_t len, const char **why);

/* One component of a path in a torrent (no '/' at all, not empty, not "."
 * or ".."): 0, or -1 with *why. */
int path_component_check(const char *name, size_t len, const char **why);

/* Open path (checked with path_check first) read-only below the directory
 * dirfd, refusing to resolve through a symlink to outside it (openat2
 * RESOLVE_BENEATH; on kernels without it, a check of where the opened file
 * really is). Never blocks on a FIFO. Returns the fd, or -1 with errno set:
 * EXDEV when the name leads outside, ENOENT, EACCES, ... */
int open_beneath(int dirfd, const char *path);

#endif
