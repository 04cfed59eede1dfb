/* BEP 52 merkle trees (see merkle.h). */
#include "formats/merkle.h"
#include "core/error.h"
#include "core/xalloc.h"

#include <openssl/evp.h>
#include <string.h>

static void hash_pair(const unsigned char *l, const unsigned char *r, unsigned char out[32])
{
	unsigned char both[64];
	unsigned int n;
	memcpy(both, l, 32);
	memcpy(both + 32, r, 32);
	if (!EVP_Digest(both, 64, out, &n, EVP_sha256(), NULL))
		die_oom(); /* libcrypto fails here only for want of memory */
}

void merkle_root(const unsigned char *hashes, size_t n, size_t width, const unsigned char pad[32],
		 unsigned char root[32])
{
	unsigned char *h = xmalloc(n ? 32 * n : 1), p[32];
	size_t m = n;
	if (n)
		memcpy(h, hashes, 32 * n);
	memcpy(p, pad, 32);
	for (; width > 1; width /= 2) {
		size_t up = (m + 1) / 2;
		for (size_t i = 0; i < up; i++)
			hash_pair(h + 64 * i, 2 * i + 1 < m ? h + 64 * i + 32 : p, h + 32 * i);
		hash_pair(p, p, p);
		m = up;
	}
	memcpy(root, m ? h : p, 32);
	free(h);
}

static size_t pow2_at_least(size_t n)
{
	size_t w = 1;
	while (w < n)
		w *= 2;
	return w;
}

void merkle_file(const unsigned char *leaves, size_t nblocks, uint64_t piece_length,
		 unsigned char *layer, unsigned char root[32])
{
	static const unsigned char zero[32];
	size_t per_piece = (size_t)(piece_length / MERKLE_BLOCK);
	size_t npieces = (nblocks + per_piece - 1) / per_piece;
	unsigned char pad_piece[32];

	if (npieces <= 1) {
		/* One piece: the tree is only as wide as the file needs. */
		merkle_root(leaves, nblocks, pow2_at_least(nblocks), zero, root);
		return;
	}
	for (size_t i = 0; i < npieces; i++) {
		size_t n = nblocks - i * per_piece < per_piece ? nblocks - i * per_piece : per_piece;
		merkle_root(leaves + 32 * i * per_piece, n, per_piece, zero, layer + 32 * i);
	}
	/* The piece layer is balanced with the root of an all-zero piece. */
	merkle_root(NULL, 0, per_piece, zero, pad_piece);
	merkle_root(layer, npieces, pow2_at_least(npieces), pad_piece, root);
}
