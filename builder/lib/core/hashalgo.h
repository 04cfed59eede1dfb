/*
 * The checksum algorithms a download can be checked with, in one table
 * (OpenBSD md5.c's idea): the names checksum files and metalinks use, the
 * digest length, and libcrypto's implementation.
 */
#ifndef HASHALGO_H
#define HASHALGO_H

#include <stddef.h>
#include <openssl/evp.h>
#include "core/strbuf.h"

#define HASHALGO_MAX 64 /* bytes in the longest digest (SHA-512) */

struct hash_algo {
	const char *tag;      /* coreutils' --tag name: "MD5", "SHA256" */
	const char *ietf;     /* RFC 5854 / IANA hash name: "md5", "sha-256" */
	size_t len;           /* digest bytes */
	const EVP_MD *(*md)(void);
};

/* By tag, by IANA name (case-insensitive), by digest length in bytes;
 * NULL when unknown. Several algorithms share no length we accept. */
const struct hash_algo *hash_algo_by_tag(const char *tag, size_t len);
const struct hash_algo *hash_algo_by_ietf(const char *name);
const struct hash_algo *hash_algo_by_len(size_t len);

/* Decode 2*n hex digits (either case) into n bytes: 0, or -1 when one is
 * not a hex digit. */
int hex_decode(const char *hex, size_t n, unsigned char *out);
/* Lowercase hex of n bytes, appended: the one hex encoder (sums, torrents,
 * metalinks, index.json, cache keys). */
void hex_append(struct strbuf *out, const unsigned char *p, size_t n);

#endif
