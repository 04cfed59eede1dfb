/*
 * BEP 52 merkle arithmetic for checking downloads: SHA-256 over 16 KiB
 * blocks, layers padded to a power of two. Kept apart from the writer's
 * merkle code on purpose: a check that shared the writer's code could not
 * catch the writer's mistakes.
 */
#ifndef BTMERKLE_H
#define BTMERKLE_H

#include <stddef.h>
#include <stdint.h>

#define BT_BLOCK 16384

/* The root of the n hashes at h (32 bytes each) in a tree width leaves
 * wide (a power of two >= n, > 0), the missing leaves being pad (32 zero
 * bytes when pad is NULL). Overwrites h, which must hold n hashes. */
void bt_merkle_root(unsigned char *h, size_t n, size_t width, const unsigned char *pad,
		    unsigned char root[32]);

/* The root of a subtree of width zero leaves: what pads a piece layer. */
void bt_zero_root(size_t width, unsigned char root[32]);

/* The smallest power of two >= n (1 for 0). */
size_t bt_pow2(size_t n);

#endif
