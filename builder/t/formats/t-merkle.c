/* Unit tests for builder/lib/formats/merkle.c, against a tree built the long way: every
 * leaf of the padded width in one array, halved level by level. */
#include "test.h"
#include "formats/merkle.h"
#include "core/array.h"

#include <openssl/evp.h>

static void pair(const unsigned char *l, const unsigned char *r, unsigned char *out)
{
	unsigned char both[64];
	unsigned int n;
	memcpy(both, l, 32);
	memcpy(both + 32, r, 32);
	EVP_Digest(both, 64, out, &n, EVP_sha256(), NULL);
}

/* The naive tree: width leaves, the missing ones zero. */
static void naive_root(const unsigned char *leaves, size_t n, size_t width, unsigned char *root)
{
	unsigned char *h = calloc(width, 32);
	memcpy(h, leaves, 32 * n);
	for (; width > 1; width /= 2)
		for (size_t i = 0; i < width / 2; i++)
			pair(h + 64 * i, h + 64 * i + 32, h + 32 * i);
	memcpy(root, h, 32);
	free(h);
}

static void fill(unsigned char *leaves, size_t n)
{
	for (size_t i = 0; i < 32 * n; i++)
		leaves[i] = (unsigned char)(i * 31 + 7);
}

static void test_file_trees(void)
{
	/* 4 blocks a piece; 1, 3, 4, 5, 9 and 16 blocks. */
	static const size_t sizes[] = { 1, 3, 4, 5, 9, 16 };
	static const unsigned char zero[32];
	for (size_t k = 0; k < ARRAY_SIZE(sizes); k++) {
		size_t n = sizes[k], width = 1, npieces = (n + 3) / 4;
		unsigned char leaves[32 * 16], layer[32 * 4], root[32], want[32];
		while (width < n)
			width *= 2;
		fill(leaves, n);
		memset(layer, 0, sizeof(layer));
		merkle_file(leaves, n, 4 * MERKLE_BLOCK, layer, root);
		naive_root(leaves, n, width, want);
		CHECK(!memcmp(root, want, 32));
		for (size_t p = 0; npieces > 1 && p < npieces; p++) {
			size_t m = n - 4 * p < 4 ? n - 4 * p : 4;
			naive_root(leaves + 32 * 4 * p, m, 4, want);
			CHECK(!memcmp(layer + 32 * p, want, 32));
		}
	}
	/* No hashes at all: the root of an all-pad tree. */
	unsigned char r1[32], r2[32], none[32 * 4] = { 0 };
	merkle_root(NULL, 0, 4, zero, r1);
	naive_root(none, 4, 4, r2);
	CHECK(!memcmp(r1, r2, 32));
}

int main(void)
{
	TEST(test_file_trees);
	return test_done();
}
