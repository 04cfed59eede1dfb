/* Members of deterministic ustar archives (OVA packages, source archives):
 * owned by root, mode 0644, dated by the build's epoch; libarchive writes. */
#ifndef TARWRITE_H
#define TARWRITE_H

#include <archive.h>
#include "hash.h"
#include "strbuf.h"

/* A ustar writer on fd; NULL with an error on failure. */
struct archive *tar_open_fd(int fd, const char *what);

int tar_add_buffer(struct archive *a, const char *name, const void *buf, size_t len,
		   long long epoch);
/* Copy the file at path in as name, feeding sha (when not NULL). */
int tar_add_file(struct archive *a, const char *name, const char *path, long long epoch,
		 struct sha256_ctx *sha);

#endif
