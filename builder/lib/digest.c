/* One-read hashing of release files (see digest.h). */
#include "digest.h"
#include "error.h"
#include "xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK (16u << 20) /* a multiple of every piece length */

void hex_append(struct strbuf *out, const unsigned char *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		strbuf_addch(out, digits[p[i] >> 4]);
		strbuf_addch(out, digits[p[i] & 15]);
	}
}

struct shared {
	unsigned char *buf[2];
	size_t len[2];
	uint64_t nchunks;
	uint64_t piece_length;
	pthread_barrier_t round;
	EVP_MD_CTX *md5, *sha256, *sha1;
	struct digest *d;
	size_t piece;
};

/* Round r: this thread reads chunk r while the workers hash chunk r-1. */
static void *md5_worker(void *arg)
{
	struct shared *s = arg;
	for (uint64_t r = 0; r <= s->nchunks; r++) {
		if (r > 0)
			EVP_DigestUpdate(s->md5, s->buf[(r - 1) % 2], s->len[(r - 1) % 2]);
		pthread_barrier_wait(&s->round);
	}
	return NULL;
}

static void *sha_worker(void *arg)
{
	struct shared *s = arg;
	for (uint64_t r = 0; r <= s->nchunks; r++) {
		if (r > 0) {
			const unsigned char *p = s->buf[(r - 1) % 2];
			size_t len = s->len[(r - 1) % 2];
			EVP_DigestUpdate(s->sha256, p, len);
			for (size_t off = 0; off < len; off += s->piece_length) {
				size_t n = len - off < s->piece_length ? len - off : s->piece_length;
				unsigned int out;
				EVP_DigestInit_ex(s->sha1, EVP_sha1(), NULL);
				EVP_DigestUpdate(s->sha1, p + off, n);
				EVP_DigestFinal_ex(s->sha1, s->d->pieces + 20 * s->piece++, &out);
			}
		}
		pthread_barrier_wait(&s->round);
	}
	return NULL;
}

static int read_full(int fd, unsigned char *buf, size_t len, uint64_t off, size_t *got)
{
	*got = 0;
	while (*got < len) {
		ssize_t n = pread(fd, buf + *got, len - *got, (off_t)(off + *got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		*got += (size_t)n;
	}
	return 0;
}

int digest_file(const char *path, uint64_t piece_length, struct digest *d)
{
	struct shared s = { .piece_length = piece_length, .d = d };
	pthread_t t1, t2;
	struct stat st;
	unsigned int n;
	int fd, ret = 0, err = 0;
	bool changed = false;

	memset(d, 0, sizeof(*d));
	if (piece_length < (16u << 10) || piece_length > CHUNK || (piece_length & (piece_length - 1)))
		return error("piece length %llu: a power of two from 16 KiB to 16 MiB",
			     (unsigned long long)piece_length);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		ret = error("cannot open '%s': %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return ret;
	}
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	d->size = (uint64_t)st.st_size;
	d->npieces = (size_t)((d->size + piece_length - 1) / piece_length);
	d->pieces = xmalloc(d->npieces ? 20 * d->npieces : 1);
	s.nchunks = (d->size + CHUNK - 1) / CHUNK;
	s.buf[0] = xmalloc(CHUNK);
	s.buf[1] = xmalloc(CHUNK);
	s.md5 = EVP_MD_CTX_new();
	s.sha256 = EVP_MD_CTX_new();
	s.sha1 = EVP_MD_CTX_new();
	if (!s.md5 || !s.sha256 || !s.sha1 || !EVP_DigestInit_ex(s.md5, EVP_md5(), NULL) ||
	    !EVP_DigestInit_ex(s.sha256, EVP_sha256(), NULL))
		die_oom();
	pthread_barrier_init(&s.round, NULL, 3);
	if (pthread_create(&t1, NULL, md5_worker, &s) || pthread_create(&t2, NULL, sha_worker, &s))
		die_oom(); /* thread creation fails only for want of memory here */
	for (uint64_t r = 0; r <= s.nchunks; r++) {
		if (r < s.nchunks && !err && !changed) {
			size_t want = d->size - r * CHUNK < CHUNK ? (size_t)(d->size - r * CHUNK) : CHUNK;
			if (read_full(fd, s.buf[r % 2], want, r * CHUNK, &s.len[r % 2]) < 0)
				err = errno;
			else if (s.len[r % 2] != want)
				changed = true;
		} else if (r < s.nchunks) {
			s.len[r % 2] = 0; /* after a failure: let the workers run dry */
		}
		pthread_barrier_wait(&s.round);
	}
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	pthread_barrier_destroy(&s.round);
	EVP_DigestFinal_ex(s.md5, d->md5, &n);
	EVP_DigestFinal_ex(s.sha256, d->sha256, &n);
	if (err)
		ret = error("cannot read '%s': %s", path, strerror(err));
	else if (changed || (fstat(fd, &st) == 0 && (uint64_t)st.st_size != d->size))
		ret = error("'%s' changed while it was read; publish it again once it is complete",
			    path);
	EVP_MD_CTX_free(s.md5);
	EVP_MD_CTX_free(s.sha256);
	EVP_MD_CTX_free(s.sha1);
	free(s.buf[0]);
	free(s.buf[1]);
	close(fd);
	if (ret) {
		free(d->pieces);
		d->pieces = NULL;
	}
	return ret;
}
