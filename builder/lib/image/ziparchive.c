/*
 * Deterministic zip archives, each member deflated on every core (see
 * ziparchive.h). As pigz does: the member is cut into 128 KiB chunks, each
 * deflated by its own thread with the 32 KiB before it as the dictionary
 * (so the ratio is a single stream's), ended by a sync flush (an empty
 * stored block: the next chunk starts on a byte), the last one finished;
 * the concatenation is one raw deflate stream any inflater reads. The CRC
 * is combined from the chunks' CRCs. libdeflate is faster per chunk but
 * always ends its output with a final block, which cannot be joined.
 *
 * The archive: local header, data, (the header's CRC and sizes patched once
 * known), then the central directory; ZIP64 fields only for members of
 * 4 GiB or more, no other extra fields (they would carry this machine's
 * owners and times). Same files, same bytes.
 */
#include "image/ziparchive.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/paths.h"
#include "core/strbuf.h"
#include "core/strvec.h"
#include "core/workpool.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define CHUNK (128u << 10) /* pigz's default block */
#define DICT (32u << 10)   /* deflate's window */
#define LEVEL 6            /* zlib's default, pigz's -6 */
#define MAX_THREADS 16
/* A member this large gets ZIP64 sizes: deflate may grow incompressible
 * data by a little, and the sizes must fit once known. */
#define ZIP64_FROM 0xF0000000ull

static int by_base(const void *a, const void *b)
{
	return strcmp(path_base(*(char *const *)a), path_base(*(char *const *)b));
}

struct member {
	char *name;
	uint64_t offset, size, csize;
	uint32_t crc;
	bool zip64;
};

/* One member's compression: chunk i is bytes [i * CHUNK, ...) of fd. */
struct deflate_job {
	int fd;
	uint64_t size;
	size_t nchunks;
	struct chunk_out {
		unsigned char *buf;
		size_t len;
		uint32_t crc;
		size_t in_len;
		int err;             /* errno of a failed read, or -1: deflate failed */
	} *out;
	z_stream zs[MAX_THREADS];
	unsigned char *in[MAX_THREADS]; /* DICT + CHUNK per thread */
};

static int read_at(int fd, unsigned char *buf, size_t len, uint64_t off)
{
	while (len) {
		ssize_t r = pread(fd, buf, len, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r < 0 ? errno : EIO; /* shorter than stat said: changed meanwhile */
		buf += r;
		len -= (size_t)r;
		off += (uint64_t)r;
	}
	return 0;
}

static void deflate_chunk(void *ctx, size_t i, int worker)
{
	struct deflate_job *j = ctx;
	struct chunk_out *o = &j->out[i];
	uint64_t start = (uint64_t)i * CHUNK;
	size_t len = j->size - start < CHUNK ? (size_t)(j->size - start) : CHUNK;
	size_t dict = start < DICT ? (size_t)start : DICT;
	z_stream *zs = &j->zs[worker];
	unsigned char *in = j->in[worker];
	bool last = i + 1 == j->nchunks;

	o->in_len = len;
	if ((o->err = read_at(j->fd, in, dict + len, start - dict)))
		return;
	o->crc = (uint32_t)crc32(0, in + dict, (uInt)len);
	/* The bound of one deflate, plus the sync flush's empty stored block. */
	o->buf = xmalloc(deflateBound(zs, len) + 16);
	if (deflateReset(zs) != Z_OK || (dict && deflateSetDictionary(zs, in, (uInt)dict) != Z_OK)) {
		o->err = -1;
		return;
	}
	zs->next_in = in + dict;
	zs->avail_in = (uInt)len;
	zs->next_out = o->buf;
	zs->avail_out = (uInt)(deflateBound(zs, len) + 16);
	if (deflate(zs, last ? Z_FINISH : Z_SYNC_FLUSH) != (last ? Z_STREAM_END : Z_OK) ||
	    zs->avail_in) {
		o->err = -1;
		return;
	}
	o->len = (size_t)(zs->next_out - o->buf);
}

/* Bytes out, with the running offset. */
struct out {
	int fd;
	const char *path;
	uint64_t off;
};

static int put(struct out *w, const void *p, size_t len)
{
	const unsigned char *b = p;
	while (len) {
		ssize_t r = write(w->fd, b, len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return error_errno("cannot write '%s'", w->path);
		b += r;
		len -= (size_t)r;
		w->off += (uint64_t)r;
	}
	return 0;
}

static void le16(struct strbuf *s, unsigned v)
{
	strbuf_addch(s, (char)(v & 0xff));
	strbuf_addch(s, (char)((v >> 8) & 0xff));
}

static void le32(struct strbuf *s, uint32_t v)
{
	le16(s, v & 0xffff);
	le16(s, v >> 16);
}

static void le64(struct strbuf *s, uint64_t v)
{
	le32(s, (uint32_t)v);
	le32(s, (uint32_t)(v >> 32));
}

/* The MS-DOS date and time of epoch, in UTC whatever TZ says. */
static void dos_time(long long epoch, unsigned *date, unsigned *time_)
{
	time_t t = (time_t)epoch;
	struct tm tm;
	gmtime_r(&t, &tm);
	if (tm.tm_year < 80) { /* DOS dates start in 1980 */
		*date = (0 << 9) | (1 << 5) | 1;
		*time_ = 0;
		return;
	}
	*date = (unsigned)(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
	*time_ = (unsigned)((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
}

/* Bit 11: the name is UTF-8, said only when it is not plain ASCII. */
static unsigned name_flags(const char *name)
{
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p >= 0x80)
			return 1u << 11;
	return 0;
}

static void local_header(struct strbuf *h, const struct member *m, unsigned date, unsigned tm)
{
	le32(h, 0x04034b50);
	le16(h, m->zip64 ? 45 : 20);
	le16(h, name_flags(m->name));
	le16(h, 8);
	le16(h, tm);
	le16(h, date);
	le32(h, m->crc);
	le32(h, m->zip64 ? 0xffffffffu : (uint32_t)m->csize);
	le32(h, m->zip64 ? 0xffffffffu : (uint32_t)m->size);
	le16(h, (unsigned)strlen(m->name));
	le16(h, m->zip64 ? 20 : 0);
	strbuf_addstr(h, m->name);
	if (m->zip64) {
		le16(h, 0x0001);
		le16(h, 16);
		le64(h, m->size);
		le64(h, m->csize);
	}
}

/* Deflate path's data after m's local header; fill m's CRC and sizes. */
static int add_member(struct out *w, struct member *m, const char *path, unsigned date,
		      unsigned tm)
{
	struct deflate_job j = { .fd = open(path, O_RDONLY | O_CLOEXEC) };
	struct strbuf h = STRBUF_INIT;
	struct workpool *pool = NULL;
	struct stat st;
	int threads = 0, ret = -1;
	size_t done = 0;

	if (j.fd < 0 || fstat(j.fd, &st) < 0) {
		error_errno("cannot open '%s'", path);
		goto out;
	}
	m->size = j.size = (uint64_t)st.st_size;
	m->zip64 = m->size >= ZIP64_FROM;
	m->offset = w->off;
	local_header(&h, m, date, tm);
	if (put(w, h.buf, h.len))
		goto out;
	j.nchunks = m->size ? (size_t)((m->size + CHUNK - 1) / CHUNK) : 1;
	j.out = xcalloc(j.nchunks, sizeof(*j.out));
	threads = workpool_threads(j.nchunks, 0);
	if (threads > MAX_THREADS)
		threads = MAX_THREADS;
	for (int t = 0; t < threads; t++) {
		j.in[t] = xmalloc(DICT + CHUNK);
		if (deflateInit2(&j.zs[t], LEVEL, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
			error("zlib could not start a deflate stream for '%s'", path);
			threads = t;
			goto out;
		}
	}
	pool = workpool_start(j.nchunks, threads, deflate_chunk, &j);
	m->crc = 0;
	m->csize = 0;
	for (; done < j.nchunks; done++) {
		struct chunk_out *o = &j.out[done];
		workpool_wait(pool, done, -1);
		if (o->err) {
			if (o->err > 0)
				error("cannot read '%s': %s", path, strerror(o->err));
			else
				error("zlib could not deflate '%s'", path);
			goto out;
		}
		if (put(w, o->buf, o->len))
			goto out;
		m->crc = (uint32_t)crc32_combine(m->crc, o->crc, (z_off_t)o->in_len);
		m->csize += o->len;
		free(o->buf);
		o->buf = NULL;
	}
	if (!m->zip64 && m->csize >= 0xffffffffu) {
		error("'%s' deflated to 4 GiB or more: too big for a zip member without ZIP64", path);
		goto out;
	}
	/* The header again, now with the CRC and the sizes. */
	strbuf_reset(&h);
	local_header(&h, m, date, tm);
	if (pwrite(w->fd, h.buf, h.len, (off_t)m->offset) != (ssize_t)h.len) {
		error_errno("cannot write '%s'", w->path);
		goto out;
	}
	ret = 0;
out:
	if (pool)
		workpool_finish(pool);
	for (size_t i = 0; j.out && i < j.nchunks; i++)
		free(j.out[i].buf);
	free(j.out);
	for (int t = 0; t < threads; t++)
		deflateEnd(&j.zs[t]);
	for (int t = 0; t < MAX_THREADS; t++)
		free(j.in[t]);
	if (j.fd >= 0)
		close(j.fd);
	strbuf_release(&h);
	return ret;
}

static void central_entry(struct strbuf *c, const struct member *m, unsigned date, unsigned tm)
{
	bool far = m->offset >= 0xffffffffu;
	unsigned extra = (m->zip64 ? 16 : 0) + (far ? 8 : 0);
	le32(c, 0x02014b50);
	le16(c, (3 << 8) | (m->zip64 || far ? 45 : 20)); /* made on Unix */
	le16(c, m->zip64 || far ? 45 : 20);
	le16(c, name_flags(m->name));
	le16(c, 8);
	le16(c, tm);
	le16(c, date);
	le32(c, m->crc);
	le32(c, m->zip64 ? 0xffffffffu : (uint32_t)m->csize);
	le32(c, m->zip64 ? 0xffffffffu : (uint32_t)m->size);
	le16(c, (unsigned)strlen(m->name));
	le16(c, extra ? extra + 4 : 0);
	le16(c, 0);                          /* comment */
	le16(c, 0);                          /* disk */
	le16(c, 0);                          /* internal attributes */
	le32(c, (uint32_t)(0100644) << 16);  /* a regular file, rw-r--r-- */
	le32(c, far ? 0xffffffffu : (uint32_t)m->offset);
	strbuf_addstr(c, m->name);
	if (extra) {
		le16(c, 0x0001);
		le16(c, extra);
		if (m->zip64) {
			le64(c, m->size);
			le64(c, m->csize);
		}
		if (far)
			le64(c, m->offset);
	}
}

static int finish(struct out *w, const struct member *m, size_t n, unsigned date, unsigned tm)
{
	struct strbuf c = STRBUF_INIT;
	uint64_t cd_off = w->off, cd_len;
	bool z64 = cd_off >= 0xffffffffu || n >= 0xffff;
	int ret;
	for (size_t i = 0; i < n; i++) {
		central_entry(&c, &m[i], date, tm);
		z64 = z64 || m[i].zip64;
	}
	cd_len = c.len;
	if (z64) {
		uint64_t rec = cd_off + cd_len;
		le32(&c, 0x06064b50);              /* ZIP64 end of central directory */
		le64(&c, 44);
		le16(&c, (3 << 8) | 45);
		le16(&c, 45);
		le32(&c, 0);
		le32(&c, 0);
		le64(&c, n);
		le64(&c, n);
		le64(&c, cd_len);
		le64(&c, cd_off);
		le32(&c, 0x07064b50);              /* its locator */
		le32(&c, 0);
		le64(&c, rec);
		le32(&c, 1);
	}
	le32(&c, 0x06054b50);
	le16(&c, 0);
	le16(&c, 0);
	le16(&c, n >= 0xffff ? 0xffff : (unsigned)n);
	le16(&c, n >= 0xffff ? 0xffff : (unsigned)n);
	le32(&c, cd_len >= 0xffffffffu ? 0xffffffffu : (uint32_t)cd_len);
	le32(&c, cd_off >= 0xffffffffu ? 0xffffffffu : (uint32_t)cd_off);
	le16(&c, 0);
	ret = put(w, c.buf, c.len);
	strbuf_release(&c);
	return ret;
}

/* A VMDK descriptor file's extents ("RW 2097152 VMFS \"NAME-flat.vmdk\""),
 * beside it: a disk in a zip is whole only with them. Anything else (a
 * sparse VMDK, a .vmx) adds nothing. */
static int add_extents(struct strvec *v, const char *path)
{
	static const char magic[] = "# Disk DescriptorFile";
	struct strbuf text = STRBUF_INIT, dir = STRBUF_INIT;
	char head[sizeof(magic) - 1];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, head, sizeof(head));

	if (fd >= 0)
		close(fd);
	if (n != (ssize_t)sizeof(head) || memcmp(head, magic, sizeof(head)))
		return 0;
	if (strbuf_read_file(&text, path))
		return -1;
	strbuf_add(&dir, path, (size_t)(path_base(path) - path));
	for (char *p = text.buf; *p;) {
		char *nl = strchrnul(p, '\n'), *q, *end;
		if ((!strncmp(p, "RW ", 3) || !strncmp(p, "RDONLY ", 7)) &&
		    (q = memchr(p, '"', (size_t)(nl - p))) && (end = memchr(q + 1, '"', (size_t)(nl - q - 1))))
			strvec_pushf(v, "%s%.*s", dir.buf, (int)(end - q - 1), q + 1);
		p = *nl ? nl + 1 : nl;
	}
	strbuf_release(&text);
	strbuf_release(&dir);
	return 0;
}

int zip_folder(const char *out, const char *folder, char *const *files, long long epoch)
{
	struct atomic_file f = ATOMIC_FILE_INIT;
	struct strvec all = STRVEC_INIT;
	struct member *m = NULL;
	struct out w = { .fd = -1, .path = out };
	unsigned date, tm;
	size_t n = 0;
	char **sorted = NULL;
	int ret = -1;

	for (size_t i = 0; files[i]; i++) {
		strvec_push(&all, files[i]);
		if (add_extents(&all, files[i]))
			goto out;
	}
	n = all.nr;
	sorted = xmalloc((n + 1) * sizeof(char *));
	memcpy(sorted, all.v, n * sizeof(char *));
	sorted[n] = NULL;
	qsort(sorted, n, sizeof(char *), by_base);
	m = xcalloc(n ? n : 1, sizeof(*m));
	dos_time(epoch, &date, &tm);
	if (atomic_begin(&f, out, 0644))
		goto out;
	w.fd = f.fd;
	for (size_t i = 0; i < n; i++) {
		struct strbuf name = STRBUF_INIT;
		strbuf_addf(&name, "%s/%s", folder, path_base(sorted[i]));
		m[i].name = strbuf_detach(&name);
		if (i && !strcmp(m[i].name, m[i - 1].name)) {
			error("two files are named '%s' in '%s'", path_base(sorted[i]), out);
			goto out;
		}
		if (add_member(&w, &m[i], sorted[i], date, tm)) {
			error("'%s' is not written", out);
			goto out;
		}
	}
	if (finish(&w, m, n, date, tm))
		goto out;
	ret = atomic_commit(&f);
out:
	atomic_abort(&f);
	for (size_t i = 0; i < n; i++)
		free(m[i].name);
	free(m);
	free(sorted);
	strvec_clear(&all);
	return ret;
}
