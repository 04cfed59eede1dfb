/*
 * What a release knows of a file's bytes, as torrents and metalinks write
 * it: size, MD5, SHA-256, the v1 pieces and the v2 merkle root and layer.
 * publish/digest.c computes it in one read; it lives here, below publish,
 * so that the formats that write it need nothing above them.
 */
#ifndef FILEDIGEST_H
#define FILEDIGEST_H

#include <stddef.h>
#include <stdint.h>

enum { DIGEST_V2 = 1 }; /* also the BEP 52 merkle tree */

struct digest {
	uint64_t size;
	unsigned char md5[16];
	unsigned char sha256[32];
	unsigned char *pieces;      /* v1: 20 bytes a piece */
	size_t npieces;
	/* With DIGEST_V2: the pieces root (all zero for an empty file) and,
	 * when there is more than one piece, the piece layer (32 bytes a
	 * piece; else NULL). */
	unsigned char v2_root[32];
	unsigned char *v2_layer;
};

#endif
