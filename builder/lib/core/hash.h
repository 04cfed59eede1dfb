/* SHA-256 from libcrypto, for cache keys and content-derived identifiers. */
#ifndef HASH_H
#define HASH_H

#include <stddef.h>
#include "core/strbuf.h"

struct sha256_ctx;

/* A new context; the caller frees it with sha256_final. */
struct sha256_ctx *sha256_new(void);
void sha256_update(struct sha256_ctx *c, const void *data, size_t len);
void sha256_update_str(struct sha256_ctx *c, const char *s);
/* Append the lowercase hex digest to hex and free the context. */
void sha256_final_hex(struct sha256_ctx *c, struct strbuf *hex);

/* A context for another of libcrypto's digests by its name ("sha1",
 * "sha512"), used with the same calls; NULL when libcrypto has no such
 * digest. */
struct sha256_ctx *hash_new_named(const char *name);

/* Free a context without finishing it. */
void sha256_free(struct sha256_ctx *c);

/* Hash a whole file; -1 with an error naming it on failure. */
int sha256_file_hex(const char *path, struct strbuf *hex);

#endif
