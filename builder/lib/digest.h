/*
 * One read of a file feeds every hash a release needs: MD5 and SHA-256 of
 * the whole file, and the SHA-1 of each BitTorrent piece. The hashing is
 * libcrypto's (SHA instructions where the CPU has them; coreutils 9.1 does
 * not use them) on two threads, MD5 on one (it has no hardware help and is
 * the serial bound) and SHA-256 plus the piece SHA-1s on the other, while
 * this thread reads the next chunk.
 */
#ifndef DIGEST_H
#define DIGEST_H

#include <stdint.h>
#include <stddef.h>
#include "strbuf.h"

struct digest {
	uint64_t size;
	unsigned char md5[16];
	unsigned char sha256[32];
	unsigned char *pieces;      /* 20 bytes a piece; the caller frees */
	size_t npieces;
};

/* piece_length: a power of two from 16 KiB to 16 MiB. -1 with an error
 * naming the file when it cannot be read or changes while it is read. */
int digest_file(const char *path, uint64_t piece_length, struct digest *d);

/* Lowercase hex of n bytes, appended. */
void hex_append(struct strbuf *out, const unsigned char *p, size_t n);

#endif
