/*
 * verify_metalink: check files against a Metalink 4 (see verify.h). Each
 * file is read once, in chunks of whole pieces taken by worker threads:
 * a worker hashes its chunk's pieces on its own, then feeds the chunk to
 * the whole-file hashes when its turn comes (they are serial), so the
 * piece hashing of one chunk overlaps the whole-file hashing of another.
 *
 * Tested by tests/t7000-verify.sh.
 */
#include "verify/verify.h"
#include "core/error.h"
#include "formats/metalink-read.h"
#include "core/meter.h"
#include "core/safepath.h"
#include "core/workpool.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define METALINK_MAX (64u << 20)
#define MIN_CHUNK (4u << 20)
#define MAX_WHOLE 8

struct mcheck {
	const struct ml_file *f;
	int fd;
	uint64_t disk_size;
	uint64_t chunk;               /* a multiple of the piece length */
	unsigned char **buf;          /* per worker */
	EVP_MD_CTX **piece_ctx;       /* per worker */
	EVP_MD_CTX *whole[MAX_WHOLE];
	size_t nwhole;
	unsigned char *bad;           /* per piece: 1 bad, 2 not (wholly) on disk */
	atomic_int read_err;
	pthread_mutex_t lock;
	pthread_cond_t turn_changed;
	size_t turn[MAX_WHOLE];       /* per whole-file hash: the chunk whose turn it is */
	atomic_uint_fast64_t bytes;
};

static void check_chunk(void *arg, size_t i, int w)
{
	struct mcheck *c = arg;
	const struct ml_file *f = c->f;
	unsigned char *buf = c->buf[w];
	uint64_t off = (uint64_t)i * c->chunk;
	size_t want = c->disk_size - off < c->chunk ? (size_t)(c->disk_size - off) : (size_t)c->chunk;
	size_t got = 0;

	while (got < want) {
		ssize_t r = pread(c->fd, buf + got, want - got, (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			atomic_store(&c->read_err, r < 0 ? errno : EIO);
			break;
		}
		got += (size_t)r;
	}
	atomic_fetch_add(&c->bytes, (uint_fast64_t)got);
	for (uint64_t p = off / (f->piece_length ? f->piece_length : 1);
	     f->piece_algo && p < f->npieces && p * f->piece_length < off + c->chunk; p++) {
		uint64_t ps = p * f->piece_length, pe = ps + f->piece_length;
		unsigned char md[EVP_MAX_MD_SIZE];
		unsigned int len;
		if (pe > f->size)
			pe = f->size;
		if (pe > off + got) {
			c->bad[p] = 2; /* past the end of what is on disk */
			continue;
		}
		if (!EVP_DigestInit_ex(c->piece_ctx[w], f->piece_algo->md(), NULL) ||
		    !EVP_DigestUpdate(c->piece_ctx[w], buf + (ps - off), (size_t)(pe - ps)) ||
		    !EVP_DigestFinal_ex(c->piece_ctx[w], md, &len))
			die_oom(); /* libcrypto fails here only for want of memory */
		if (memcmp(md, f->pieces + p * f->piece_algo->len, f->piece_algo->len))
			c->bad[p] = 1;
	}
	/* Each whole-file hash takes the chunks in order; with a turn for
	 * each, one worker's MD5 of a chunk overlaps another's SHA-256 of
	 * the chunk before. */
	for (size_t h = 0; h < c->nwhole; h++) {
		pthread_mutex_lock(&c->lock);
		while (c->turn[h] != i)
			pthread_cond_wait(&c->turn_changed, &c->lock);
		pthread_mutex_unlock(&c->lock);
		if (!EVP_DigestUpdate(c->whole[h], buf, got))
			die_oom();
		pthread_mutex_lock(&c->lock);
		c->turn[h]++;
		pthread_cond_broadcast(&c->turn_changed);
		pthread_mutex_unlock(&c->lock);
	}
}

static int open_data(const char *path, int dirfd, const struct ml_file *f)
{
	if (path)
		return open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	return open_beneath(dirfd, f->name);
}

/* Check one file; 0 OK, 1 not. Results appended to out. */
static int check_file(const struct ml_file *f, const char *path, int dirfd,
		      const struct verify_opts *o, struct strbuf *out)
{
	struct mcheck c = { .f = f, .fd = -1 };
	struct workpool *pool = NULL;
	struct meter meter;
	struct stat st;
	size_t njobs, nbad = 0;
	int nthreads = 0, ret = 1;
	struct strbuf why = STRBUF_INIT;
	const char *display = path ? path : f->name;

	c.fd = open_data(path, dirfd, f);
	if (c.fd < 0) {
		int e = errno;
		bool missing = e == ENOENT || e == ENOTDIR;
		if (missing && o->ignore_missing) {
			ret = 0;
			goto out;
		}
		verify_quote(out, display, strlen(display));
		if (missing)
			strbuf_addstr(out, ": MISSING\n");
		else if (e == EXDEV)
			strbuf_addstr(out, ": REFUSED (a symlink that leads outside the directory)\n");
		else
			strbuf_addf(out, ": FAILED open or read (%s)\n", strerror(e));
		goto out;
	}
	if (fstat(c.fd, &st) || !S_ISREG(st.st_mode)) {
		verify_quote(out, display, strlen(display));
		strbuf_addstr(out, ": FAILED open or read (not a regular file)\n");
		goto out;
	}
	c.disk_size = (uint64_t)st.st_size;
	c.chunk = f->piece_length ? f->piece_length : MIN_CHUNK;
	while (c.chunk < MIN_CHUNK)
		c.chunk *= 2;
	njobs = (size_t)((c.disk_size + c.chunk - 1) / c.chunk);
	c.bad = xcalloc(f->npieces + 1, 1);
	for (size_t h = 0; h < f->nhashes && h < MAX_WHOLE; h++) {
		if (!(c.whole[h] = EVP_MD_CTX_new()) ||
		    !EVP_DigestInit_ex(c.whole[h], f->hashes[h].algo->md(), NULL))
			die_oom();
		c.nwhole++;
	}
	/* Large pieces: fewer threads, so the buffers stay within 256 MiB. */
	nthreads = workpool_threads(njobs, o->threads);
	while (nthreads > 1 && (uint64_t)nthreads * c.chunk > (256u << 20))
		nthreads--;
	c.buf = xcalloc((size_t)nthreads, sizeof(*c.buf));
	c.piece_ctx = xcalloc((size_t)nthreads, sizeof(*c.piece_ctx));
	for (int i = 0; i < nthreads; i++) {
		c.buf[i] = xmalloc((size_t)c.chunk);
		if (!(c.piece_ctx[i] = EVP_MD_CTX_new()))
			die_oom();
	}
	pthread_mutex_init(&c.lock, NULL);
	pthread_cond_init(&c.turn_changed, NULL);
	atomic_init(&c.read_err, 0);
	atomic_init(&c.bytes, 0);
	posix_fadvise(c.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	meter_init(&meter, display, c.disk_size);
	pool = workpool_start(njobs, nthreads, check_chunk, &c);
	for (size_t i = 0; i < njobs; i++)
		while (workpool_wait(pool, i, 100))
			meter_update(&meter, atomic_load(&c.bytes));
	workpool_finish(pool);
	meter_clear(&meter);
	pthread_mutex_destroy(&c.lock);
	pthread_cond_destroy(&c.turn_changed);

	if (atomic_load(&c.read_err)) {
		verify_quote(out, display, strlen(display));
		strbuf_addf(out, ": FAILED open or read (%s)\n", strerror(atomic_load(&c.read_err)));
		goto out;
	}
	/* Pieces no chunk reached lie past the end of a short file. */
	for (size_t p = njobs * (size_t)(c.chunk / (f->piece_length ? f->piece_length : c.chunk));
	     f->piece_algo && p < f->npieces; p++)
		c.bad[p] = 2;
	for (size_t p = 0; f->piece_algo && p < f->npieces; p++) {
		uint64_t ps = p * f->piece_length, pe = ps + f->piece_length;
		if (!c.bad[p])
			continue;
		nbad++;
		if (c.bad[p] == 2 && ps >= c.disk_size)
			continue; /* said once below, as the size */
		if (pe > f->size)
			pe = f->size;
		verify_quote(out, display, strlen(display));
		strbuf_addf(out, ": piece %zu bad: bytes %llu-%llu%s\n", p, (unsigned long long)ps,
			    (unsigned long long)pe - 1, c.bad[p] == 2 ? " (part of it is missing)" : "");
	}
	if (f->has_size && c.disk_size != f->size)
		strbuf_addf(&why, "; %llu bytes, the metalink says %llu",
			    (unsigned long long)c.disk_size, (unsigned long long)f->size);
	for (size_t h = 0; h < c.nwhole; h++) {
		unsigned char md[EVP_MAX_MD_SIZE];
		unsigned int len;
		if (!EVP_DigestFinal_ex(c.whole[h], md, &len))
			die_oom();
		if (len != f->hashes[h].algo->len || memcmp(md, f->hashes[h].digest, len))
			strbuf_addf(&why, "; its %s does not match", f->hashes[h].algo->ietf);
	}
	if (nbad)
		strbuf_addf(&why, "; %zu bad piece%s", nbad, nbad == 1 ? "" : "s");
	if (why.len || !o->quiet) {
		verify_quote(out, display, strlen(display));
		if (why.len)
			strbuf_addf(out, ": FAILED (%s)\n", why.buf + 2);
		else
			strbuf_addstr(out, ": OK\n");
	}
	ret = why.len ? 1 : 0;
out:
	for (int i = 0; c.buf && i < nthreads; i++) {
		free(c.buf[i]);
		EVP_MD_CTX_free(c.piece_ctx[i]);
	}
	free(c.buf);
	free(c.piece_ctx);
	for (size_t h = 0; h < c.nwhole; h++)
		EVP_MD_CTX_free(c.whole[h]);
	free(c.bad);
	if (c.fd >= 0)
		close(c.fd);
	strbuf_release(&why);
	return ret;
}

int verify_metalink(const char *meta4, const char *path, const struct verify_opts *o)
{
	struct strbuf text = STRBUF_INIT, out = STRBUF_INIT;
	struct metalink m = { 0 };
	struct stat st;
	char *dir = NULL;
	const char *file = NULL;
	size_t failed = 0;
	int dirfd = -1, ret = -1;

	if (verify_read_input(meta4, METALINK_MAX, &text) ||
	    metalink_parse(text.buf, text.len, meta4, &m))
		goto out;
	if (path && (stat(path, &st) || !S_ISDIR(st.st_mode))) {
		/* PATH names the file itself: only for a metalink of one file. */
		if (m.nfiles != 1) {
			error("%s lists %zu files: give a directory, not '%s'", meta4, m.nfiles, path);
			goto out;
		}
		file = path;
	} else {
		dir = path ? xstrdup(path) : verify_dirname(meta4);
		if ((dirfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) {
			error_errno("cannot open the directory '%s'", dir);
			goto out;
		}
	}
	ret = 0;
	for (size_t i = 0; i < m.nfiles; i++) {
		failed += (size_t)check_file(&m.files[i], file, dirfd, o, &out);
		if (o->status)
			strbuf_reset(&out);
		else if (verify_flush(&out))
			ret = -1;
	}
	if (failed && !o->status)
		fprintf(stderr, "%s: WARNING: %zu of %zu files did NOT check out\n", error_progname,
			failed, m.nfiles);
	if (ret == 0 && failed)
		ret = 1;
out:
	if (dirfd >= 0)
		close(dirfd);
	free(dir);
	metalink_release(&m);
	strbuf_release(&text);
	strbuf_release(&out);
	return ret;
}
