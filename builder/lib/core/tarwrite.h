/* Members of deterministic archives written with libarchive: ustar (OVA
 * packages, source archives) members owned by root, mode 0644, dated by the
 * build's epoch; and what tar and zip writers share: copying a file's data
 * in, and committing the archive (close, fsync, rename into place). */
#ifndef TARWRITE_H
#define TARWRITE_H

#include <archive.h>
#include <stdbool.h>
#include "core/fsutil.h"
#include "core/hash.h"
#include "core/strbuf.h"

/* A ustar writer on fd; NULL with an error on failure. */
struct archive *tar_open_fd(int fd, const char *what);
/* The same, in GNU tar's form when gnu: ustar's size field ends at 8 GiB,
 * GNU's base-256 sizes go beyond (and vSphere, which rejects PAX headers,
 * reads them). */
struct archive *tar_open_fd_format(int fd, const char *what, bool gnu);
/* The largest member ustar can hold: 11 octal digits. */
#define TAR_USTAR_MAX 077777777777ull

int tar_add_buffer(struct archive *a, const char *name, const void *buf, size_t len,
		   long long epoch);
/* Copy the file at path in as name, feeding sha (when not NULL). */
int tar_add_file(struct archive *a, const char *name, const char *path, long long epoch,
		 struct sha256_ctx *sha);

/* Copy fd's data (the file at path, for messages) into the current member,
 * feeding sha when not NULL. */
int tar_copy_data(struct archive *a, const char *name, int fd, const char *path,
		  struct sha256_ctx *sha);

/* Why the last libarchive call failed: errno's words when it set one. */
const char *archive_why(struct archive *a);

/* Finish a, written on f->fd, then atomic_commit f. -1 with an error on
 * any failure; the caller frees a, then calls atomic_abort (which removes
 * the temporary if it is still there). */
int tar_commit(struct archive *a, struct atomic_file *f);

#endif
