/* verify_sums: md5sum -c for any of our algorithms, safely (see verify.h).
 * Tested by tests/t7000-verify.sh (against md5sum -c). */
#include "verify/verify.h"
#include "core/error.h"
#include "core/hashalgo.h"
#include "core/meter.h"
#include "core/safepath.h"
#include "formats/sumline.h"
#include "core/workpool.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MANIFEST_MAX (256u << 20)
#define BUF_SIZE (1u << 20)

enum result { RES_PENDING, RES_OK, RES_FAILED, RES_MISSING, RES_UNREADABLE, RES_REFUSED };

struct entry {
	unsigned line;
	struct sum_line sl;
	enum result result;
	int err;                /* RES_UNREADABLE: errno; 0 for "not a regular file" */
};

struct check {
	int dirfd;
	struct entry *e;
	size_t n;
	unsigned char **buf;    /* per worker */
	int nthreads;
	atomic_uint_fast64_t bytes;
};

static void hash_one(void *arg, size_t i, int worker)
{
	struct check *c = arg;
	struct entry *e = &c->e[i];
	unsigned char *buf = c->buf[worker], got[EVP_MAX_MD_SIZE];
	EVP_MD_CTX *md = NULL;
	struct stat st;
	unsigned int len;
	int fd;

	if (e->result != RES_PENDING)
		return;
	fd = open_beneath(c->dirfd, e->sl.name);
	if (fd < 0) {
		e->err = errno;
		e->result = errno == ENOENT || errno == ENOTDIR ? RES_MISSING
			    : errno == EXDEV ? RES_REFUSED : RES_UNREADABLE;
		return;
	}
	if (fstat(fd, &st)) {
		e->err = errno;
		e->result = RES_UNREADABLE;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		e->err = S_ISDIR(st.st_mode) ? EISDIR : 0;
		e->result = RES_UNREADABLE;
		goto out;
	}
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	if (!(md = EVP_MD_CTX_new()) || !EVP_DigestInit_ex(md, e->sl.algo->md(), NULL))
		die_oom(); /* libcrypto fails here only for want of memory */
	for (;;) {
		ssize_t n = read(fd, buf, BUF_SIZE);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			e->err = errno;
			e->result = RES_UNREADABLE;
			goto out;
		}
		if (n == 0)
			break;
		if (!EVP_DigestUpdate(md, buf, (size_t)n))
			die_oom();
		atomic_fetch_add(&c->bytes, (uint_fast64_t)n);
	}
	if (!EVP_DigestFinal_ex(md, got, &len))
		die_oom();
	e->result = len == e->sl.algo->len && !memcmp(got, e->sl.digest, len) ? RES_OK : RES_FAILED;
out:
	EVP_MD_CTX_free(md);
	close(fd);
}

/* A name from the manifest for a message (in q, reset first). */
static const char *quoted(struct strbuf *q, const char *name)
{
	strbuf_reset(q);
	verify_quote(q, name, strlen(name));
	return q->buf;
}

/* The lines of the manifest, parsed and their names checked. Returns the
 * number of malformed lines. */
static size_t parse_manifest(const char *manifest, const struct strbuf *text, struct check *c,
			     size_t *alloc, bool strict)
{
	const char *p = text->buf, *end = text->buf + text->len;
	size_t bad = 0;
	for (unsigned line = 1; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *why;
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct entry e = { .line = line };
		int r = sum_line_parse(p, len, &e.sl, &why);
		p += len + (nl != NULL);
		if (r == SUM_LINE_SKIP)
			continue;
		if (r == SUM_LINE_BAD) {
			bad++;
			if (strict)
				error_at(manifest, line, "%s", why);
			else
				warning_at(manifest, line, "%s; line skipped", why);
			continue;
		}
		if (path_check(e.sl.name, strlen(e.sl.name), &why)) {
			struct strbuf q = STRBUF_INIT;
			error_at(manifest, line, "refusing '%s': %s", quoted(&q, e.sl.name), why);
			strbuf_release(&q);
			e.result = RES_REFUSED;
		}
		GROW(c->e, c->n + 1, *alloc);
		c->e[c->n++] = e;
	}
	return bad;
}

/* coreutils' summary: "md5sum: WARNING: 1 computed checksum did NOT match". */
static void summary(size_t n, const char *one, const char *many)
{
	if (n)
		fprintf(stderr, "%s: WARNING: %zu %s\n", error_progname, n, n == 1 ? one : many);
}

int verify_sums(const char *manifest, const struct verify_opts *o)
{
	struct strbuf text = STRBUF_INIT, out = STRBUF_INIT, q = STRBUF_INIT;
	struct check c = { .dirfd = -1 };
	struct workpool *pool = NULL;
	struct meter meter;
	size_t alloc = 0, bad, count[RES_REFUSED + 1] = { 0 };
	char *dir = NULL;
	int ret = -1;

	if (verify_read_input(manifest, MANIFEST_MAX, &text))
		goto out;
	dir = o->dir ? xstrdup(o->dir) : !strcmp(manifest, "-") ? xstrdup(".")
							      : verify_dirname(manifest);
	c.dirfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (c.dirfd < 0) {
		error_errno("cannot open the directory '%s'", dir);
		goto out;
	}
	bad = parse_manifest(manifest, &text, &c, &alloc, o->strict);
	if (!c.n) {
		error("%s: no properly formatted checksum lines found", manifest);
		goto out;
	}
	c.nthreads = workpool_threads(c.n, o->threads);
	c.buf = xcalloc((size_t)c.nthreads, sizeof(*c.buf));
	for (int i = 0; i < c.nthreads; i++)
		c.buf[i] = xmalloc(BUF_SIZE);
	atomic_init(&c.bytes, 0);
	meter_init(&meter, manifest, 0);
	if (meter.on) {
		for (size_t i = 0; i < c.n; i++) {
			struct stat st;
			if (c.e[i].result == RES_PENDING && !fstatat(c.dirfd, c.e[i].sl.name, &st, 0))
				meter.total += (uint64_t)st.st_size;
		}
	}
	pool = workpool_start(c.n, c.nthreads, hash_one, &c);
	ret = 0;
	for (size_t i = 0; i < c.n; i++) {
		struct entry *e = &c.e[i];
		const char *res = NULL;
		while (workpool_wait(pool, i, 100))
			meter_update(&meter, atomic_load(&c.bytes));
		meter_clear(&meter);
		count[e->result]++;
		switch (e->result) {
		case RES_OK: res = o->quiet ? NULL : "OK"; break;
		case RES_FAILED: res = "FAILED"; break;
		case RES_MISSING: res = o->ignore_missing ? NULL : "MISSING"; break;
		case RES_UNREADABLE:
			quoted(&q, e->sl.name);
			error_at(manifest, e->line, "cannot read '%s': %s", q.buf,
				 e->err ? strerror(e->err) : "not a regular file");
			res = "FAILED open or read";
			break;
		case RES_REFUSED:
			quoted(&q, e->sl.name);
			if (e->err == EXDEV)
				error_at(manifest, e->line, "refusing '%s': it resolves outside '%s' "
					 "(through a symlink)", q.buf, dir);
			break;
		case RES_PENDING: break;
		}
		if (res && !o->status) {
			sum_name_quote(&out, e->sl.name);
			strbuf_addf(&out, ": %s\n", res);
			if (verify_flush(&out))
				ret = -1;
		}
	}
	workpool_finish(pool);
	pool = NULL;

	if (!o->status) {
		summary(bad, "line is improperly formatted", "lines are improperly formatted");
		summary(count[RES_UNREADABLE], "listed file could not be read",
			"listed files could not be read");
		summary(o->ignore_missing ? 0 : count[RES_MISSING], "listed file is missing",
			"listed files are missing");
		summary(count[RES_REFUSED], "listed name was refused as unsafe",
			"listed names were refused as unsafe");
		summary(count[RES_FAILED], "computed checksum did NOT match",
			"computed checksums did NOT match");
	}
	if (o->ignore_missing && count[RES_OK] + count[RES_FAILED] + count[RES_UNREADABLE] == 0) {
		error("%s: no file was verified", manifest);
		ret = 1;
	}
	if (ret == 0 && (count[RES_FAILED] || count[RES_UNREADABLE] || count[RES_REFUSED] ||
			 (count[RES_MISSING] && !o->ignore_missing) || (bad && o->strict)))
		ret = 1;
out:
	if (pool)
		workpool_finish(pool);
	for (size_t i = 0; i < c.n; i++)
		free(c.e[i].sl.name);
	free(c.e);
	for (int i = 0; c.buf && i < c.nthreads; i++)
		free(c.buf[i]);
	free(c.buf);
	if (c.dirfd >= 0)
		close(c.dirfd);
	free(dir);
	strbuf_release(&text);
	strbuf_release(&out);
	strbuf_release(&q);
	return ret;
}
