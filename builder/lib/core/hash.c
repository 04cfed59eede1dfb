/* SHA-256 through libcrypto's EVP interface (it uses the CPU's SHA
 * instructions; coreutils 9.1's sha256sum does not). */
#include "core/hash.h"
#include "core/error.h"
#include "core/hashalgo.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct sha256_ctx {
	EVP_MD_CTX *md;
};

struct sha256_ctx *sha256_new(void)
{
	struct sha256_ctx *c = malloc(sizeof(*c));
	if (!c || !(c->md = EVP_MD_CTX_new()) || !EVP_DigestInit_ex(c->md, EVP_sha256(), NULL))
		die_oom();
	return c;
}

struct sha256_ctx *hash_new_named(const char *name)
{
	const EVP_MD *md = EVP_get_digestbyname(name);
	struct sha256_ctx *c;
	if (!md)
		return NULL;
	if (!(c = malloc(sizeof(*c))) || !(c->md = EVP_MD_CTX_new()) ||
	    !EVP_DigestInit_ex(c->md, md, NULL))
		die_oom();
	return c;
}

void sha256_update(struct sha256_ctx *c, const void *data, size_t len)
{
	if (!EVP_DigestUpdate(c->md, data, len))
		die_oom(); /* EVP_DigestUpdate on SHA-256 fails only without memory */
}

void sha256_update_str(struct sha256_ctx *c, const char *s)
{
	/* Length-prefixed, so ("ab","c") and ("a","bc") differ. */
	size_t n = strlen(s);
	sha256_update(c, &n, sizeof(n));
	sha256_update(c, s, n);
}

void sha256_free(struct sha256_ctx *c)
{
	EVP_MD_CTX_free(c->md);
	free(c);
}

void sha256_final_hex(struct sha256_ctx *c, struct strbuf *hex)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	if (!EVP_DigestFinal_ex(c->md, md, &n))
		die_oom();
	hex_append(hex, md, n);
	sha256_free(c);
}

int sha256_file_hex(const char *path, struct strbuf *hex)
{
	static unsigned char buf[1 << 20];
	struct sha256_ctx *c;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return error_errno("cannot open '%s'", path);
	c = sha256_new();
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			sha256_free(c);
			return error("cannot read '%s': %s", path, strerror(e));
		}
		if (!n)
			break;
		sha256_update(c, buf, (size_t)n);
	}
	close(fd);
	sha256_final_hex(c, hex);
	return 0;
}
