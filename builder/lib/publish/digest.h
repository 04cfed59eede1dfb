/*
 * One read of a file feeds every hash a release needs: MD5 and SHA-256 of
 * the whole file, the SHA-1 of each BitTorrent v1 piece and, when asked,
 * the BitTorrent v2 merkle tree (SHA-256 of each 16 KiB block). The hashing
 * is libcrypto's (SHA instructions where the CPU has them; coreutils 9.1
 * does not use them). MD5 and SHA-256 of the whole file are serial and run
 * on two worker threads; the pieces and blocks of a chunk are independent
 * and are taken by whichever worker is free, so the work evens out across
 * cores while this thread reads the next chunk.
 */
#ifndef DIGEST_H
#define DIGEST_H

#include <stdint.h>
#include <stddef.h>
#include "formats/filedigest.h"

/* piece_length: a power of two from 16 KiB to 16 MiB. -1 with an error
 * naming the file when it cannot be read or changes while it is read.
 * digest_release() frees what a successful call allocated. */
int digest_file(const char *path, uint64_t piece_length, unsigned flags, struct digest *d);
void digest_release(struct digest *d);

/* Several files at once, one per CPU at a time: each file's MD5 is serial,
 * so a release of several files keeps several cores on MD5. Every job is
 * tried; -1 when any failed (each failure reported). */
struct digest_job {
	const char *path;
	uint64_t piece_length;
	unsigned flags;
	struct digest *out;
	int ret;
};
int digest_files(struct digest_job *jobs, size_t n);

#endif
