/*
 * verify_torrent: check data against a v1, v2 or hybrid torrent (see
 * verify.h). The pieces are independent, so worker threads take them in
 * order; each piece is read once, for its SHA-1 (v1) and the SHA-256 of
 * its 16 KiB blocks (v2) together, with pread, so no file position is
 * shared between threads.
 *
 * Tested by tests/t7000-verify.sh.
 */
#include "verify/verify.h"
#include "formats/btmerkle.h"
#include "core/error.h"
#include "core/meter.h"
#include "core/safepath.h"
#include "formats/torrent-read.h"
#include "core/workpool.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TORRENT_MAX (256u << 20)
#define CHUNK (1u << 20) /* a multiple of BT_BLOCK: blocks never straddle reads */

enum fstatus { FS_OK, FS_MISSING, FS_SHORT, FS_LONG, FS_UNREADABLE, FS_REFUSED };

struct fstate {
	enum fstatus status;
	uint64_t size;            /* on disk */
	int err;
	size_t bad_pieces;
};

/* Per piece: what the workers found. */
enum { P_V1_BAD = 1, P_V2_BAD = 2, P_UNAVAILABLE = 4, P_HAS_DATA = 8 };

struct worker_state {
	unsigned char *buf;       /* CHUNK */
	unsigned char *leaves;    /* 32 bytes a block of one piece */
	EVP_MD_CTX *sha1, *sha256;
};

struct tcheck {
	const struct torrent_info *t;
	const char *single;       /* single-file: the file's path */
	int rootfd;               /* multi-file: the directory */
	struct fstate *fs;
	unsigned char *flags;     /* per piece */
	struct worker_state *w;
	const unsigned char *zeros; /* CHUNK zero bytes, for pad files and gaps */
	atomic_uint_fast64_t bytes;
};

/* The first file that ends after pos, empty ones skipped (the files are
 * sorted so that their ends come in order). */
static size_t first_file_after(const struct torrent_info *t, uint64_t pos)
{
	size_t lo = 0, hi = t->nfiles;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->files[mid].offset + t->files[mid].length <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void update(EVP_MD_CTX *ctx, const void *p, size_t n)
{
	if (ctx && !EVP_DigestUpdate(ctx, p, n))
		die_oom(); /* libcrypto fails here only for want of memory */
}

static void feed_zeros(struct tcheck *c, EVP_MD_CTX *sha1, uint64_t n)
{
	while (n) {
		size_t k = n < CHUNK ? (size_t)n : CHUNK;
		update(sha1, c->zeros, k);
		n -= k;
	}
}

static int open_file(struct tcheck *c, const struct tfile *f)
{
	if (c->single)
		return open(c->single, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	return open_beneath(c->rootfd, f->path);
}

/* Read n bytes of file fi from off into the piece's hashes: the SHA-1
 * (when there is one) and, with nleaves, the v2 leaves. */
static void read_segment(struct tcheck *c, int w, size_t fi, uint64_t off, uint64_t n,
			 EVP_MD_CTX *sha1, size_t *nleaves, unsigned *flags)
{
	const struct tfile *f = &c->t->files[fi];
	const struct fstate *s = &c->fs[fi];
	struct worker_state *ws = &c->w[w];
	uint64_t avail = 0, done = 0;
	int fd = -1;

	if (s->status == FS_OK || s->status == FS_SHORT || s->status == FS_LONG)
		avail = s->size > off ? s->size - off : 0;
	if (avail > n)
		avail = n;
	if (avail && (fd = open_file(c, f)) < 0)
		avail = 0;
	while (done < avail) {
		size_t want = avail - done < CHUNK ? (size_t)(avail - done) : CHUNK, got = 0;
		while (got < want) {
			ssize_t r = pread(fd, ws->buf + got, want - got, (off_t)(off + done + got));
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			got += (size_t)r;
		}
		update(sha1, ws->buf, got);
		if (nleaves) {
			for (size_t b = 0; b < got; b += BT_BLOCK) {
				unsigned int len;
				size_t k = got - b < BT_BLOCK ? got - b : BT_BLOCK;
				if (!EVP_DigestInit_ex(ws->sha256, EVP_sha256(), NULL) ||
				    !EVP_DigestUpdate(ws->sha256, ws->buf + b, k) ||
				    !EVP_DigestFinal_ex(ws->sha256, ws->leaves + 32 * (*nleaves)++, &len))
					die_oom();
			}
		}
		done += got;
		atomic_fetch_add(&c->bytes, (uint_fast64_t)got);
		if (got < want)
			break; /* the file shrank, or a read error: the rest is unavailable */
	}
	if (fd >= 0)
		close(fd);
	if (done)
		*flags |= P_HAS_DATA;
	if (done < n) {
		*flags |= P_UNAVAILABLE;
		feed_zeros(c, sha1, n - done);
	}
}

/* v2: the piece's blocks against its entry in the piece layer, or against
 * the pieces root for a file of one piece. */
static bool v2_piece_ok(const struct torrent_info *t, const struct tfile *f, uint64_t off,
			unsigned char *leaves, size_t nleaves)
{
	size_t per_piece = (size_t)(t->piece_length / BT_BLOCK);
	unsigned char root[32];
	if (f->layer) {
		bt_merkle_root(leaves, nleaves, per_piece, NULL, root);
		return !memcmp(root, f->layer + 32 * (off / t->piece_length), 32);
	}
	bt_merkle_root(leaves, nleaves, bt_pow2(nleaves), NULL, root);
	return !memcmp(root, f->root, 32);
}

static void check_piece(void *arg, size_t i, int w)
{
	struct tcheck *c = arg;
	const struct torrent_info *t = c->t;
	struct worker_state *ws = &c->w[w];
	uint64_t pos = (uint64_t)i * t->piece_length, end = pos + t->piece_length, v2off = 0;
	EVP_MD_CTX *sha1 = t->v1 ? ws->sha1 : NULL;
	const struct tfile *v2f = NULL;
	size_t nleaves = 0, fi = first_file_after(t, pos);
	unsigned flags = 0;

	if (end > t->total)
		end = t->total;
	if (sha1 && !EVP_DigestInit_ex(sha1, EVP_sha1(), NULL))
		die_oom();
	while (pos < end) {
		const struct tfile *f = fi < t->nfiles ? &t->files[fi] : NULL;
		uint64_t seg;
		if (f && f->offset + f->length <= pos) {
			fi++;
			continue;
		}
		if (!f || pos < f->offset) {
			/* v2 only: the gap before a file's first piece */
			seg = f && f->offset < end ? f->offset : end;
			feed_zeros(c, sha1, seg - pos);
			pos = seg;
			continue;
		}
		seg = f->offset + f->length < end ? f->offset + f->length : end;
		if (f->pad) {
			feed_zeros(c, sha1, seg - pos);
		} else {
			/* A v2 piece holds one file: the torrent was checked so. */
			bool v2 = f->has_root && !v2f;
			if (v2) {
				v2f = f;
				v2off = pos - f->offset;
			}
			read_segment(c, w, fi, pos - f->offset, seg - pos, sha1,
				     v2 ? &nleaves : NULL, &flags);
		}
		pos = seg;
	}
	if (sha1) {
		unsigned char got[20];
		unsigned int len;
		if (!EVP_DigestFinal_ex(sha1, got, &len))
			die_oom();
		if (memcmp(got, t->pieces + 20 * i, 20))
			flags |= P_V1_BAD;
	}
	if (v2f && ((flags & P_UNAVAILABLE) || !v2_piece_ok(t, v2f, v2off, ws->leaves, nleaves)))
		flags |= P_V2_BAD;
	c->flags[i] = (unsigned char)flags;
}

static void add_name(struct strbuf *out, const char *root, const char *path)
{
	if (root) {
		verify_quote(out, root, strlen(root));
		strbuf_addch(out, '/');
	}
	verify_quote(out, path, strlen(path));
}

/* "piece 17 bad: bytes A-B" and where they are. */
static void report_piece(struct tcheck *c, const char *display, size_t i, unsigned flags,
			 struct strbuf *out)
{
	const struct torrent_info *t = c->t;
	uint64_t start = (uint64_t)i * t->piece_length, end = start + t->piece_length;
	size_t first = first_file_after(t, start), nreal = 0;

	if (end > t->total)
		end = t->total;
	for (size_t fi = first; fi < t->nfiles && t->files[fi].offset < end; fi++) {
		if (!t->files[fi].pad && t->files[fi].length) {
			c->fs[fi].bad_pieces++;
			nreal++;
		}
	}
	if (!t->multi) {
		verify_quote(out, display, strlen(display));
		strbuf_addf(out, ": piece %zu bad: bytes %llu-%llu", i, (unsigned long long)start,
			    (unsigned long long)end - 1);
	} else if (!t->v1 && nreal == 1) {
		/* v2 only: pieces are the file's own, numbered from its start */
		const struct tfile *f = &t->files[first];
		uint64_t fs = start - f->offset, fe = (end < f->offset + f->length ? end : f->offset + f->length) - f->offset;
		add_name(out, display, f->path);
		strbuf_addf(out, ": piece %llu bad: bytes %llu-%llu",
			    (unsigned long long)(fs / t->piece_length), (unsigned long long)fs,
			    (unsigned long long)fe - 1);
	} else {
		const char *sep = ": ";
		strbuf_addf(out, "piece %zu bad: bytes %llu-%llu of the torrent", i,
			    (unsigned long long)start, (unsigned long long)end - 1);
		for (size_t fi = first; fi < t->nfiles && t->files[fi].offset < end; fi++) {
			const struct tfile *f = &t->files[fi];
			uint64_t a = start > f->offset ? start - f->offset : 0;
			uint64_t b = (end < f->offset + f->length ? end : f->offset + f->length) - f->offset;
			if (f->pad || !f->length)
				continue;
			strbuf_addstr(out, sep);
			add_name(out, display, f->path);
			strbuf_addf(out, " bytes %llu-%llu", (unsigned long long)a,
				    (unsigned long long)b - 1);
			sep = ", ";
		}
	}
	if (t->v1 && t->v2 && !(flags & P_UNAVAILABLE) && (flags & (P_V1_BAD | P_V2_BAD)) !=
								 (P_V1_BAD | P_V2_BAD))
		strbuf_addstr(out, flags & P_V1_BAD ? " (its v2 hash matches, its SHA-1 does not)"
						    : " (its SHA-1 matches, its v2 hash does not)");
	if (flags & P_UNAVAILABLE)
		strbuf_addstr(out, " (part of it is missing)");
	strbuf_addch(out, '\n');
}

/* Before any hashing: which files are there, and how long. */
static void stat_files(struct tcheck *c)
{
	const struct torrent_info *t = c->t;
	for (size_t i = 0; i < t->nfiles; i++) {
		struct fstate *s = &c->fs[i];
		struct stat st;
		int fd;
		if (t->files[i].pad)
			continue;
		fd = open_file(c, &t->files[i]);
		if (fd < 0) {
			s->err = errno;
			s->status = errno == ENOENT || errno == ENOTDIR ? FS_MISSING
				    : errno == EXDEV ? FS_REFUSED : FS_UNREADABLE;
			continue;
		}
		if (fstat(fd, &st)) {
			s->err = errno;
			s->status = FS_UNREADABLE;
		} else if (!S_ISREG(st.st_mode)) {
			s->err = S_ISDIR(st.st_mode) ? EISDIR : 0;
			s->status = FS_UNREADABLE;
		} else {
			s->size = (uint64_t)st.st_size;
			s->status = s->size < t->files[i].length ? FS_SHORT
				    : s->size > t->files[i].length ? FS_LONG : FS_OK;
		}
		close(fd);
	}
}

/* One line a file, then the summary; the number of files with problems. */
static size_t report_files(struct tcheck *c, const char *display, const struct verify_opts *o,
			   struct strbuf *out)
{
	const struct torrent_info *t = c->t;
	size_t problems = 0;
	for (size_t i = 0; i < t->nfiles; i++) {
		const struct tfile *f = &t->files[i];
		const struct fstate *s = &c->fs[i];
		if (f->pad)
			continue;
		if (s->status == FS_OK && !s->bad_pieces && o->quiet)
			continue;
		if (t->multi)
			add_name(out, display, f->path);
		else
			verify_quote(out, display, strlen(display));
		switch (s->status) {
		case FS_OK:
			if (s->bad_pieces)
				strbuf_addf(out, ": FAILED (%zu bad piece%s)\n", s->bad_pieces,
					    s->bad_pieces == 1 ? "" : "s");
			else
				strbuf_addstr(out, ": OK\n");
			break;
		case FS_MISSING: strbuf_addstr(out, ": MISSING\n"); break;
		case FS_SHORT:
			strbuf_addf(out, ": SHORT (%llu of %llu bytes)\n", (unsigned long long)s->size,
				    (unsigned long long)f->length);
			break;
		case FS_LONG:
			strbuf_addf(out, ": FAILED (%llu bytes, the torrent says %llu)\n",
				    (unsigned long long)s->size, (unsigned long long)f->length);
			break;
		case FS_UNREADABLE:
			strbuf_addf(out, ": FAILED open or read (%s)\n",
				    s->err ? strerror(s->err) : "not a regular file");
			break;
		case FS_REFUSED:
			strbuf_addstr(out, ": REFUSED (a symlink that leads outside the directory)\n");
			break;
		}
		if (s->status != FS_OK || s->bad_pieces)
			problems++;
	}
	return problems;
}

/* Where the data is: PATH, or the torrent's name beside the torrent. */
static char *data_path(const char *torrent, const char *path, const struct torrent_info *t)
{
	struct strbuf p = STRBUF_INIT;
	if (path) {
		strbuf_addstr(&p, path);
		/* A directory given for a single file: the file is in it. */
		if (!t->multi) {
			struct stat st;
			if (!stat(path, &st) && S_ISDIR(st.st_mode))
				strbuf_addf(&p, "/%s", t->name);
		}
	} else {
		char *dir = verify_dirname(torrent);
		if (strcmp(dir, "."))
			strbuf_addf(&p, "%s/", dir);
		strbuf_addstr(&p, t->name);
		free(dir);
	}
	return strbuf_detach(&p);
}

int verify_torrent(const char *torrent, const char *path, const struct verify_opts *o)
{
	struct strbuf text = STRBUF_INIT, out = STRBUF_INIT;
	struct torrent_info t = TORRENT_INFO_INIT;
	struct tcheck c = { .t = &t, .rootfd = -1 };
	struct workpool *pool = NULL;
	struct meter meter;
	size_t bad = 0, problems, per_piece;
	char *root = NULL;
	int ret = -1, nthreads = 0;

	if (verify_read_input(torrent, TORRENT_MAX, &text) ||
	    torrent_info_parse(text.buf, text.len, torrent, &t))
		goto out;
	root = data_path(torrent, path, &t);
	if (t.multi) {
		c.rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (c.rootfd < 0) {
			error_errno("cannot open the directory '%s'", root);
			ret = 1;
			goto out;
		}
	} else {
		c.single = root;
	}
	c.fs = xcalloc(t.nfiles + 1, sizeof(*c.fs));
	c.flags = xcalloc(t.npieces + 1, 1);
	stat_files(&c);

	nthreads = workpool_threads(t.npieces, o->threads);
	per_piece = (size_t)((t.piece_length + BT_BLOCK - 1) / BT_BLOCK);
	c.w = xcalloc((size_t)nthreads, sizeof(*c.w));
	for (int i = 0; i < nthreads; i++) {
		c.w[i].buf = xmalloc(CHUNK);
		c.w[i].leaves = t.v2 ? xmalloc(32 * per_piece) : NULL;
		c.w[i].sha1 = EVP_MD_CTX_new();
		c.w[i].sha256 = EVP_MD_CTX_new();
		if (!c.w[i].sha1 || !c.w[i].sha256)
			die_oom();
	}
	c.zeros = xcalloc(CHUNK, 1);
	atomic_init(&c.bytes, 0);
	meter_init(&meter, t.name, t.total);

	pool = workpool_start(t.npieces, nthreads, check_piece, &c);
	ret = 0;
	for (size_t i = 0; i < t.npieces; i++) {
		unsigned f;
		while (workpool_wait(pool, i, 100))
			meter_update(&meter, atomic_load(&c.bytes));
		f = c.flags[i];
		if (!(f & (P_V1_BAD | P_V2_BAD)))
			continue;
		bad++;
		/* A piece of nothing but missing data says nothing new: the
		 * file is reported missing or short below. */
		if (!(f & P_HAS_DATA))
			continue;
		meter_clear(&meter);
		report_piece(&c, root, i, f, &out);
		if (!o->status && verify_flush(&out))
			ret = -1;
		strbuf_reset(&out);
	}
	workpool_finish(pool);
	pool = NULL;
	meter_clear(&meter);
	problems = report_files(&c, root, o, &out);
	if (!o->status && verify_flush(&out))
		ret = -1;
	if (!o->status && (bad || problems))
		fprintf(stderr, "%s: WARNING: %zu of %zu pieces bad; %zu file%s with problems\n",
			error_progname, bad, t.npieces, problems, problems == 1 ? "" : "s");
	if (ret == 0 && (bad || problems))
		ret = 1;
out:
	if (pool)
		workpool_finish(pool);
	for (int i = 0; c.w && i < nthreads; i++) {
		free(c.w[i].buf);
		free(c.w[i].leaves);
		EVP_MD_CTX_free(c.w[i].sha1);
		EVP_MD_CTX_free(c.w[i].sha256);
	}
	free(c.w);
	free((void *)c.zeros);
	free(c.fs);
	free(c.flags);
	if (c.rootfd >= 0)
		close(c.rootfd);
	free(root);
	torrent_info_release(&t);
	strbuf_release(&text);
	strbuf_release(&out);
	return ret;
}
