/* The checksum algorithm table (see hashalgo.h).
 * Tested by builder/t/formats/t-sumline.c and t-metalink-read.c (the table
 * through its readers) and tests/t7000-verify.sh. */
#include "core/hashalgo.h"
#include "core/array.h"

#include <string.h>
#include <strings.h>

static const struct hash_algo algos[] = {
	{ "MD5", "md5", 16, EVP_md5 },
	{ "SHA1", "sha-1", 20, EVP_sha1 },
	{ "SHA224", "sha-224", 28, EVP_sha224 },
	{ "SHA256", "sha-256", 32, EVP_sha256 },
	{ "SHA384", "sha-384", 48, EVP_sha384 },
	{ "SHA512", "sha-512", 64, EVP_sha512 },
};
#define NALGOS (ARRAY_SIZE(algos))

const struct hash_algo *hash_algo_by_tag(const char *tag, size_t len)
{
	for (size_t i = 0; i < NALGOS; i++)
		if (strlen(algos[i].tag) == len && !memcmp(algos[i].tag, tag, len))
			return &algos[i];
	return NULL;
}

const struct hash_algo *hash_algo_by_ietf(const char *name)
{
	for (size_t i = 0; i < NALGOS; i++)
		if (!strcasecmp(algos[i].ietf, name))
			return &algos[i];
	return NULL;
}

const struct hash_algo *hash_algo_by_len(size_t len)
{
	for (size_t i = 0; i < NALGOS; i++)
		if (algos[i].len == len)
			return &algos[i];
	return NULL;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int hex_decode(const char *hex, size_t n, unsigned char *out)
{
	for (size_t i = 0; i < n; i++) {
		int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

void hex_append(struct strbuf *out, const unsigned char *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		strbuf_addch(out, digits[p[i] >> 4]);
		strbuf_addch(out, digits[p[i] & 15]);
	}
}
