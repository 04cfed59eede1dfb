/* BEP 52 merkle arithmetic (see btmerkle.h).
 * Tested by builder/t/formats/t-torrent-read.c. */
#include "formats/btmerkle.h"
#include "core/error.h"

#include <openssl/evp.h>
#include <string.h>

static void pair(const unsigned char *l, const unsigned char *r, unsigned char *out)
{
	unsigned char both[64];
	unsigned int n;
	memcpy(both, l, 32);
	memcpy(both + 32, r, 32);
	if (!EVP_Digest(both, 64, out, &n, EVP_sha256(), NULL))
		die_oom(); /* libcrypto fails here only for want of memory */
}

size_t bt_pow2(size_t n)
{
	size_t w = 1;
	while (w < n)
		w *= 2;
	return w;
}

void bt_merkle_root(unsigned char *h, size_t n, size_t width, const unsigned char *pad,
		    unsigned char root[32])
{
	unsigned char p[32];
	if (pad)
		memcpy(p, pad, 32);
	else
		memset(p, 0, 32);
	for (; width > 1; width /= 2) {
		size_t up = (n + 1) / 2;
		for (size_t i = 0; i < up; i++)
			pair(h + 64 * i, 2 * i + 1 < n ? h + 64 * i + 32 : p, h + 32 * i);
		pair(p, p, p);
		n = up;
	}
	memcpy(root, n ? h : p, 32);
}

void bt_zero_root(size_t width, unsigned char root[32])
{
	memset(root, 0, 32);
	for (; width > 1; width /= 2)
		pair(root, root, root);
}
