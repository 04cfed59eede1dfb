/* Hosted sparse extents: monolithicSparse (one file, descriptor embedded)
 * and twoGbMaxExtentSparse (a descriptor file and 2 GiB sparse extents).
 * Layout as qemu writes it: header, descriptor, redundant GD and GTs, GD
 * and GTs, then the grains from the next grain boundary.
 * Tested by builder/t/image/vmdk/t-vmdk.c and tests/t4010-vmdk.sh. */
#include "image/vmdk/vmdk.h"
#include "core/error.h"
#include "core/xalloc.h"

#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct layout {
	uint64_t grains, gts, gd_sectors, rgd, gd, overhead;
};

static void plan(uint64_t capacity, bool embedded_desc, struct layout *l)
{
	l->grains = (capacity + VMDK_GRAIN_SECTORS - 1) / VMDK_GRAIN_SECTORS;
	l->gts = (l->grains + VMDK_GTES_PER_GT - 1) / VMDK_GTES_PER_GT;
	l->gd_sectors = (l->gts * 4 + VMDK_SECTOR - 1) / VMDK_SECTOR;
	l->rgd = 1 + (embedded_desc ? VMDK_DESC_SECTORS : 0);
	l->gd = l->rgd + l->gd_sectors + l->gts * 4;
	l->overhead = (l->gd + l->gd_sectors + l->gts * 4 + VMDK_GRAIN_SECTORS - 1) /
		      VMDK_GRAIN_SECTORS * VMDK_GRAIN_SECTORS;
}

struct state {
	int fd;
	uint32_t *gt;           /* all GTs, one entry per grain */
	uint64_t next;          /* the next free sector */
	struct vmdk_id_ctx *id;
	unsigned char *pad;     /* a zeroed grain for short last grains */
};

static int put_grain(uint64_t index, const unsigned char *buf, size_t len, void *data)
{
	struct state *s = data;
	if (s->id)
		vmdk_id_add(s->id, index, buf, len);
	s->gt[index] = htole32((uint32_t)s->next);
	if (vmdk_pwrite(s->fd, buf, len, s->next * VMDK_SECTOR, "grain"))
		return -1;
	if (len < VMDK_GRAIN &&
	    vmdk_pwrite(s->fd, s->pad, VMDK_GRAIN - len, s->next * VMDK_SECTOR + len, "grain"))
		return -1;
	s->next += VMDK_GRAIN_SECTORS;
	return 0;
}

/* The directory and its tables, twice: the redundant copy first. */
static int put_tables(const struct state *s, const struct layout *l)
{
	uint32_t *gd = xcalloc(l->gd_sectors * VMDK_SECTOR / 4, 4);
	uint64_t copies[2] = { l->rgd, l->gd };
	int ret = 0;

	for (int c = 0; c < 2 && !ret; c++) {
		uint64_t tables = copies[c] + l->gd_sectors;
		for (uint64_t i = 0; i < l->gts; i++)
			gd[i] = htole32((uint32_t)(tables + i * 4));
		ret = vmdk_pwrite(s->fd, gd, l->gd_sectors * VMDK_SECTOR, copies[c] * VMDK_SECTOR,
				  "grain directory") ||
		      vmdk_pwrite(s->fd, s->gt, l->gts * 4 * VMDK_SECTOR, tables * VMDK_SECTOR,
				  "grain tables");
	}
	free(gd);
	return ret ? -1 : 0;
}

int vmdk_sparse_extent(const struct vmdk_src *src, uint64_t from, uint64_t to, int fd,
		       struct vmdk_id_ctx *id, const struct strbuf *desc, const char *name)
{
	uint64_t capacity = (to - from) / VMDK_SECTOR;
	struct layout l;
	struct vmdk_header h;
	struct state s = { .fd = fd, .id = id };
	int ret = -1;

	plan(capacity, desc != NULL, &l);
	if (l.overhead + l.grains * VMDK_GRAIN_SECTORS > UINT32_MAX)
		return error("'%s' would pass the 2 TiB a sparse extent can address", name);
	s.gt = xcalloc(l.gts * VMDK_GTES_PER_GT, 4);
	s.pad = xcalloc(1, VMDK_GRAIN);
	s.next = l.overhead;
	if (vmdk_scan_grains(src, from, to, put_grain, &s) || put_tables(&s, &l))
		goto out;
	vmdk_header_init(&h, capacity);
	h.flags = htole32(VMDK_FLAG_NL_DETECT | VMDK_FLAG_RGD);
	if (desc) {
		h.desc_offset = htole64(1);
		h.desc_size = htole64(VMDK_DESC_SECTORS);
	}
	h.rgd_offset = htole64(l.rgd);
	h.gd_offset = htole64(l.gd);
	h.overhead = htole64(l.overhead);
	if (vmdk_pwrite(fd, &h, sizeof(h), 0, "header"))
		goto out;
	if (ftruncate(fd, (off_t)(s.next * VMDK_SECTOR)) < 0) {
		error_errno("cannot size '%s'", name);
		goto out;
	}
	ret = 0;
out:
	free(s.gt);
	free(s.pad);
	return ret;
}

int vmdk_write_sparse(const struct vmdk_src *src, const struct vmdk_opts *o,
		      struct vmdk_files *files)
{
	struct vmdk_id_ctx *idc = vmdk_id_begin(src->size / VMDK_SECTOR);
	struct strbuf desc = STRBUF_INIT, extent = STRBUF_INIT;
	struct vmdk_id id;
	const char *name;
	int fd, ret = -1;

	if (vmdk_files_open(files, "", &fd, &name)) {
		vmdk_id_end(idc, &id);
		return -1;
	}
	/* The grains first, then the descriptor: it carries the content's
	 * identity. An empty descriptor reserves its place meanwhile. */
	if (vmdk_sparse_extent(src, 0, src->size, fd, idc, &desc, name)) {
		vmdk_id_end(idc, &id);
		goto out;
	}
	vmdk_id_end(idc, &id);
	strbuf_addf(&extent, "RW %llu SPARSE \"%s\"\n",
		    (unsigned long long)(src->size / VMDK_SECTOR), name);
	vmdk_descriptor(&desc, "monolithicSparse", extent.buf, src->size / VMDK_SECTOR, o, &id);
	ret = vmdk_pwrite_descriptor(fd, &desc, name);
out:
	strbuf_release(&desc);
	strbuf_release(&extent);
	return ret;
}

/* VMware's split size: 2047 MiB per extent. */
#define TWO_GB_EXTENT (2047ull << 20)

int vmdk_write_2gb(const struct vmdk_src *src, const struct vmdk_opts *o,
		   struct vmdk_files *files)
{
	struct vmdk_id_ctx *idc = vmdk_id_begin(src->size / VMDK_SECTOR);
	struct strbuf desc = STRBUF_INIT, extents = STRBUF_INIT, suffix = STRBUF_INIT;
	struct vmdk_id id;
	const char *name;
	int fd, ret = -1;
	unsigned n = 1;

	for (uint64_t from = 0; from < src->size; from += TWO_GB_EXTENT, n++) {
		uint64_t to = src->size - from < TWO_GB_EXTENT ? src->size : from + TWO_GB_EXTENT;
		strbuf_reset(&suffix);
		strbuf_addf(&suffix, "-s%03u", n);
		if (vmdk_files_open(files, suffix.buf, &fd, &name) ||
		    vmdk_sparse_extent(src, from, to, fd, idc, NULL, name))
			goto out;
		strbuf_addf(&extents, "RW %llu SPARSE \"%s\"\n",
			    (unsigned long long)((to - from) / VMDK_SECTOR), name);
	}
	vmdk_id_end(idc, &id);
	idc = NULL;
	vmdk_descriptor(&desc, "twoGbMaxExtentSparse", extents.buf, src->size / VMDK_SECTOR, o,
			&id);
	if (vmdk_files_open(files, "", &fd, &name))
		goto out;
	ret = vmdk_pwrite(fd, desc.buf, desc.len, 0, "descriptor");
out:
	if (idc)
		vmdk_id_end(idc, &id);
	strbuf_release(&desc);
	strbuf_release(&extents);
	strbuf_release(&suffix);
	return ret;
}
