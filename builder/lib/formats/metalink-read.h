/*
 * Reading Metalink 4 (RFC 5854) files for checking a download: for each
 * <file name>, its <size>, whole-file <hash type> and <pieces length type>
 * of <hash>es. The XML is read by a small parser of our own that knows no
 * DTD and no entities beyond XML's five and numeric references, so nothing
 * in the file can make it fetch, include or expand anything. Names are
 * checked like manifest names (safepath.h).
 */
#ifndef METALINK_READ_H
#define METALINK_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/hashalgo.h"

#define METALINK_MAX_PIECE_LENGTH (64u << 20)

struct ml_hash {
	const struct hash_algo *algo;
	unsigned char digest[HASHALGO_MAX];
};

struct ml_file {
	char *name;                    /* checked: relative, no "..", ... */
	bool has_size;
	uint64_t size;
	struct ml_hash *hashes;        /* the whole-file hashes we know */
	size_t nhashes;
	uint64_t piece_length;         /* 0: no <pieces> we know */
	const struct hash_algo *piece_algo;
	unsigned char *pieces;         /* piece_algo->len bytes a piece */
	size_t npieces;
};

struct metalink {
	struct ml_file *files;
	size_t nfiles;
};

/* Parse len bytes; what names the file in errors (with line numbers). 0,
 * or -1 with an error. Release m either way. */
int metalink_parse(const char *buf, size_t len, const char *what, struct metalink *m);
void metalink_release(struct metalink *m);

#endif
