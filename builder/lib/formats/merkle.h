/*
 * BitTorrent v2 merkle trees (BEP 52): SHA-256 over 16 KiB blocks, the
 * leaf layer padded with zero hashes to a power of two. A file's "pieces
 * root" is the tree's root; its "piece layer" is the layer whose nodes
 * each cover one piece, sent in the torrent's "piece layers" when the file
 * is larger than one piece.
 */
#ifndef MERKLE_H
#define MERKLE_H

#include <stddef.h>
#include <stdint.h>

#define MERKLE_BLOCK 16384

/* The root of n hashes (32 bytes each) in a tree of width leaves, a power
 * of two >= n; the leaves past n are pad. */
void merkle_root(const unsigned char *hashes, size_t n, size_t width, const unsigned char pad[32],
		 unsigned char root[32]);

/* From a file's nblocks leaf hashes (nblocks > 0): its pieces root and,
 * when the file has more than one piece, its piece layer into layer (32
 * bytes a piece, allocated by the caller). */
void merkle_file(const unsigned char *leaves, size_t nblocks, uint64_t piece_length,
		 unsigned char *layer, unsigned char root[32]);

#endif
