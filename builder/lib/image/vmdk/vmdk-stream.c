/*
 * streamOptimized: every data grain deflated (zlib format) behind a grain
 * marker, then the grain tables, the directory and a footer, each behind a
 * metadata marker, and an end-of-stream marker; the header says the
 * directory is at the end (VMware Virtual Disk Format 5.0, what qemu and
 * OVF importers read).
 *
 * Compression is libdeflate's zlib compressor, measured here at about 2.5x
 * zlib's speed at level 6 and 1% smaller, on all cores: grains are read in
 * batches, compressed by one thread per core, and written in order.
 *
 * Tested by builder/t/image/vmdk/t-vmdk.c and tests/t4010-vmdk.sh.
 */
#include "image/vmdk/vmdk.h"
#include "core/error.h"
#include "core/xalloc.h"

#include <endian.h>
#include <errno.h>
#include <libdeflate.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BATCH 64          /* grains per batch: 4 MiB */
#define MAX_THREADS 64

enum { MARKER_EOS = 0, MARKER_GT = 1, MARKER_GD = 2, MARKER_FOOTER = 3 };

struct marker {
	uint64_t val;     /* sectors of metadata following; or a grain's LBA */
	uint32_t size;    /* 0 for metadata; a grain's compressed bytes */
	uint32_t type;
	uint8_t pad[496];
} __attribute__((packed));
_Static_assert(sizeof(struct marker) == 512, "a marker is one sector");

struct grain {
	uint64_t index;
	size_t len;
	unsigned char raw[VMDK_GRAIN];
	unsigned char *out;   /* 12-byte grain marker head, then the zlib stream */
	size_t out_len;
};

struct stream {
	int fd;
	const struct vmdk_opts *o;
	struct grain *batch;
	size_t nbatch;
	size_t out_cap;
	struct libdeflate_compressor *comp[MAX_THREADS];
	int threads;
	uint64_t next;        /* next free sector */
	uint32_t *gt;
	struct vmdk_id_ctx *id;
	int err;
};

struct job {
	struct stream *s;
	int t;
};

static void *compress_some(void *arg)
{
	struct job *j = arg;
	struct stream *s = j->s;
	for (size_t i = (size_t)j->t; i < s->nbatch; i += (size_t)s->threads) {
		struct grain *g = &s->batch[i];
		/* Compress a whole grain; a short last one is zero-padded. */
		if (g->len < VMDK_GRAIN)
			memset(g->raw + g->len, 0, VMDK_GRAIN - g->len);
		size_t n = libdeflate_zlib_compress(s->comp[j->t], g->raw, VMDK_GRAIN, g->out + 12,
						    s->out_cap - 12);
		g->out_len = n;
	}
	return NULL;
}

static int flush_batch(struct stream *s)
{
	pthread_t tid[MAX_THREADS];
	struct job jobs[MAX_THREADS];
	int started = 0;

	for (int t = 1; t < s->threads && (size_t)t < s->nbatch; t++) {
		jobs[t] = (struct job){ s, t };
		if (pthread_create(&tid[t], NULL, compress_some, &jobs[t]))
			break;
		started = t;
	}
	jobs[0] = (struct job){ s, 0 };
	if (started + 1 < s->threads) {
		/* Threads that did not start: this one does their share too. */
		int saved = s->threads;
		s->threads = started + 1;
		compress_some(&jobs[0]);
		s->threads = saved;
	} else {
		compress_some(&jobs[0]);
	}
	for (int t = 1; t <= started; t++)
		pthread_join(tid[t], NULL);

	for (size_t i = 0; i < s->nbatch; i++) {
		struct grain *g = &s->batch[i];
		uint64_t lba = htole64(g->index * VMDK_GRAIN_SECTORS);
		uint32_t size = htole32((uint32_t)g->out_len);
		size_t total, padded;
		if (!g->out_len)
			return error("cannot compress grain %llu", (unsigned long long)g->index);
		memcpy(g->out, &lba, 8);
		memcpy(g->out + 8, &size, 4);
		total = 12 + g->out_len;
		padded = (total + VMDK_SECTOR - 1) / VMDK_SECTOR * VMDK_SECTOR;
		memset(g->out + total, 0, padded - total);
		s->gt[g->index] = htole32((uint32_t)s->next);
		if (vmdk_pwrite(s->fd, g->out, padded, s->next * VMDK_SECTOR, "grain"))
			return -1;
		s->next += padded / VMDK_SECTOR;
	}
	s->nbatch = 0;
	return 0;
}

static int take_grain(uint64_t index, const unsigned char *buf, size_t len, void *data)
{
	struct stream *s = data;
	struct grain *g = &s->batch[s->nbatch++];
	/* The identity in disk order, here rather than in the threads. */
	vmdk_id_add(s->id, index, buf, len);
	g->index = index;
	g->len = len;
	memcpy(g->raw, buf, len);
	return s->nbatch == BATCH ? flush_batch(s) : 0;
}

static int put_marker(struct stream *s, uint64_t val, uint32_t type)
{
	struct marker m;
	memset(&m, 0, sizeof(m));
	m.val = htole64(val);
	m.type = htole32(type);
	if (vmdk_pwrite(s->fd, &m, sizeof(m), s->next * VMDK_SECTOR, "marker"))
		return -1;
	s->next++;
	return 0;
}

static int put_metadata(struct stream *s, const void *buf, uint64_t sectors, uint32_t type)
{
	if (put_marker(s, sectors, type) ||
	    vmdk_pwrite(s->fd, buf, sectors * VMDK_SECTOR, s->next * VMDK_SECTOR, "metadata"))
		return -1;
	s->next += sectors;
	return 0;
}

int vmdk_write_stream(const struct vmdk_src *src, const struct vmdk_opts *o,
		      struct vmdk_files *files)
{
	uint64_t capacity = src->size / VMDK_SECTOR;
	uint64_t grains = (capacity + VMDK_GRAIN_SECTORS - 1) / VMDK_GRAIN_SECTORS;
	uint64_t gts = (grains + VMDK_GTES_PER_GT - 1) / VMDK_GTES_PER_GT;
	uint64_t gd_sectors = (gts * 4 + VMDK_SECTOR - 1) / VMDK_SECTOR;
	struct stream s = { .o = o, .next = VMDK_GRAIN_SECTORS };
	struct strbuf desc = STRBUF_INIT, extent = STRBUF_INIT;
	struct vmdk_header h;
	struct vmdk_id id;
	uint32_t *gd = NULL;
	const char *name;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int ret = -1;

	s.threads = o->threads > 0 ? o->threads : cpus > 0 ? (int)cpus : 1;
	if (s.threads > MAX_THREADS)
		s.threads = MAX_THREADS;
	s.id = vmdk_id_begin(capacity);
	s.gt = xcalloc(gts * VMDK_GTES_PER_GT, 4);
	s.batch = xcalloc(BATCH, sizeof(*s.batch));
	s.out_cap = 12 + libdeflate_zlib_compress_bound(NULL, VMDK_GRAIN) + VMDK_SECTOR;
	for (size_t i = 0; i < BATCH; i++)
		s.batch[i].out = xmalloc(s.out_cap);
	for (int t = 0; t < s.threads; t++)
		if (!(s.comp[t] = libdeflate_alloc_compressor(o->level > 0 ? o->level : 6)))
			die_oom();
	if (vmdk_files_open(files, "", &s.fd, &name))
		goto out;

	if (vmdk_scan_grains(src, 0, src->size, take_grain, &s) || (s.nbatch && flush_batch(&s)))
		goto out;

	/* The grain tables that map anything, then the directory. */
	gd = xcalloc(gd_sectors * VMDK_SECTOR / 4, 4);
	for (uint64_t i = 0; i < gts; i++) {
		uint32_t *t = s.gt + i * VMDK_GTES_PER_GT;
		bool used = false;
		for (unsigned j = 0; j < VMDK_GTES_PER_GT && !used; j++)
			used = t[j] != 0;
		if (!used)
			continue;
		gd[i] = htole32((uint32_t)(s.next + 1));
		if (put_metadata(&s, t, 4, MARKER_GT))
			goto out;
	}
	uint64_t gd_at = s.next + 1;
	if (put_metadata(&s, gd, gd_sectors, MARKER_GD))
		goto out;

	vmdk_header_init(&h, capacity);
	h.version = htole32(3);
	h.flags = htole32(VMDK_FLAG_NL_DETECT | VMDK_FLAG_COMPRESSED | VMDK_FLAG_MARKERS);
	h.compress_algorithm = htole16(1);
	h.desc_offset = htole64(1);
	h.desc_size = htole64(VMDK_DESC_SECTORS);
	h.overhead = htole64(VMDK_GRAIN_SECTORS);
	h.gd_offset = htole64(gd_at);
	if (put_metadata(&s, &h, 1, MARKER_FOOTER) || put_marker(&s, 0, MARKER_EOS))
		goto out;
	h.gd_offset = htole64(VMDK_GD_AT_END); /* the header defers to the footer */
	if (vmdk_pwrite(s.fd, &h, sizeof(h), 0, "header"))
		goto out;
	vmdk_id_end(s.id, &id);
	s.id = NULL;
	strbuf_addf(&extent, "RW %llu SPARSE \"%s\"\n", (unsigned long long)capacity, name);
	vmdk_descriptor(&desc, "streamOptimized", extent.buf, capacity, o, &id);
	if (vmdk_pwrite_descriptor(s.fd, &desc, name))
		goto out;
	if (ftruncate(s.fd, (off_t)(s.next * VMDK_SECTOR)) < 0) {
		error_errno("cannot size '%s'", name);
		goto out;
	}
	ret = 0;
out:
	if (s.id)
		vmdk_id_end(s.id, &id);
	for (int t = 0; t < s.threads; t++)
		if (s.comp[t])
			libdeflate_free_compressor(s.comp[t]);
	for (size_t i = 0; i < BATCH; i++)
		free(s.batch[i].out);
	free(s.batch);
	free(s.gt);
	free(gd);
	strbuf_release(&desc);
	strbuf_release(&extent);
	return ret;
}
