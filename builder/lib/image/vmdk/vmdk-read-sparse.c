/* Hosted sparse extents (monolithicSparse, streamOptimized, the extents of
 * twoGbMaxExtentSparse): the header, footer and grain directory checked
 * against the file, and grains read through cached grain tables, inflated
 * when compressed (see vmdk-read-int.h). Tested by
 * builder/t/image/vmdk/t-vmdk-read.c. */
#include "image/vmdk/vmdk-read-int.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int check_header(const struct vmdk_header *h, const struct vfile *f, struct extent *e,
			uint64_t *capacity, uint64_t *gd)
{
	uint32_t version = le32toh(h->version), flags = le32toh(h->flags);
	uint64_t grain = le64toh(h->grain_size), grains;

	*capacity = le64toh(h->capacity);
	*gd = le64toh(h->gd_offset);
	e->gtes = le32toh(h->gtes_per_gt);
	if (le32toh(h->magic) != VMDK_MAGIC)
		return error("'%s': no sparse extent header (magic \"KDMV\")", f->name);
	if (version < 1 || version > 3)
		return error("'%s': sparse extent version %u (known: 1, 2, 3)", f->name, version);
	if ((flags & VMDK_FLAG_NL_DETECT) && memcmp(h->newline_test, "\n \r\n", 4))
		return error("'%s': the header's newline test bytes are changed: was the file "
			     "copied in text mode (FTP ASCII)?", f->name);
	if (!grain || (grain & (grain - 1)) || grain > MAX_GRAIN_SECTORS)
		return error("'%s': grainSize %llu sectors: expected a power of two from 1 to %u",
			     f->name, (unsigned long long)grain, MAX_GRAIN_SECTORS);
	if (!e->gtes || e->gtes > MAX_GTES)
		return error("'%s': numGTEsPerGT %u: expected 1 to %u", f->name, e->gtes, MAX_GTES);
	if (!*capacity || *capacity > MAX_CAPACITY / VMDK_SECTOR)
		return error("'%s': capacity %llu sectors: expected 1 to %llu (64 TiB)", f->name,
			     (unsigned long long)*capacity,
			     (unsigned long long)(MAX_CAPACITY / VMDK_SECTOR));
	e->compressed = flags & VMDK_FLAG_COMPRESSED;
	e->markers = flags & VMDK_FLAG_MARKERS;
	e->zeroed = flags & (1u << 2);
	if (e->compressed && le16toh(h->compress_algorithm) != 1)
		return error("'%s': compressAlgorithm %u: only 1 (deflate) is known", f->name,
			     le16toh(h->compress_algorithm));
	e->grain = grain * VMDK_SECTOR;
	grains = (*capacity + grain - 1) / grain;
	e->gd_entries = (grains + e->gtes - 1) / e->gtes;
	if (e->gd_entries > MAX_GD_ENTRIES)
		return error("'%s': %llu sectors in grains of %llu need %llu grain tables; at most "
			     "%u are read", f->name, (unsigned long long)*capacity,
			     (unsigned long long)grain, (unsigned long long)e->gd_entries,
			     MAX_GD_ENTRIES);
	return 0;
}

/* streamOptimized may defer the directory to a footer: a copy of the header
 * in the second-to-last sector, behind a footer marker (as qemu reads it). */
static int read_footer(const struct vfile *f, struct vmdk_header *h)
{
	unsigned char m[512];
	if (f->size < 3 * VMDK_SECTOR)
		return error("'%s': the header puts the grain directory in a footer (gdOffset "
			     "GD_AT_END), but the file is too short to have one", f->name);
	if (vr_vfile_read(f, m, sizeof(m), f->size - 3 * VMDK_SECTOR, "footer marker") ||
	    vr_vfile_read(f, h, sizeof(*h), f->size - 2 * VMDK_SECTOR, "footer"))
		return -1;
	uint32_t type;
	memcpy(&type, m + 12, 4);
	if (le32toh(type) != 3 || le32toh(h->magic) != VMDK_MAGIC)
		return error("'%s': the header puts the grain directory in a footer (gdOffset "
			     "GD_AT_END), but there is no footer 1536 bytes before the end",
			     f->name);
	if (le64toh(h->gd_offset) == VMDK_GD_AT_END)
		return error("'%s': the footer's gdOffset is GD_AT_END too", f->name);
	return 0;
}

/* Open the sparse extent in file idx; want is the bytes a descriptor gives
 * it (0: the header's capacity); top when it is the file opened. */
int vr_open_sparse(struct vmdk_reader *r, size_t idx, uint64_t want, bool top)
{
	const struct vfile *f = &r->files[idx];
	struct vmdk_header h;
	struct extent *e = vr_add_extent(r, f->name);
	uint64_t capacity, gd;

	if (!e)
		return -1;
	e->kind = EXT_SPARSE;
	e->file = idx;
	if (vr_vfile_read(f, &h, sizeof(h), 0, "header"))
		return -1;
	if (le64toh(h.gd_offset) == VMDK_GD_AT_END && read_footer(f, &h))
		return -1;
	if (check_header(&h, f, e, &capacity, &gd))
		return -1;
	if (!gd || gd > f->size / VMDK_SECTOR ||
	    e->gd_entries * 4 > f->size - gd * VMDK_SECTOR)
		return error("'%s': the grain directory (%llu entries at sector %llu) is not "
			     "inside the file (%llu sectors)", f->name,
			     (unsigned long long)e->gd_entries, (unsigned long long)gd,
			     (unsigned long long)(f->size / VMDK_SECTOR));
	e->gd = xmalloc(e->gd_entries * 4);
	if (vr_vfile_read(f, e->gd, e->gd_entries * 4, gd * VMDK_SECTOR, "grain directory"))
		return -1;
	for (uint64_t i = 0; i < e->gd_entries; i++)
		e->gd[i] = le32toh(e->gd[i]);
	if (want && want > capacity * VMDK_SECTOR)
		return error("'%s': the descriptor gives this extent %llu sectors, its header "
			     "only %llu", f->name, (unsigned long long)(want / VMDK_SECTOR),
			     (unsigned long long)capacity);
	e->len = want ? want : capacity * VMDK_SECTOR;
	if (e->grain > r->max_grain)
		r->max_grain = e->grain;

	uint64_t doff = le64toh(h.desc_offset), dsize = le64toh(h.desc_size);
	if (top && doff && dsize) {
		char *text;
		int ret;
		if (dsize > MAX_DESC / VMDK_SECTOR || doff > f->size / VMDK_SECTOR ||
		    dsize * VMDK_SECTOR > f->size - doff * VMDK_SECTOR)
			return error("'%s': the embedded descriptor (%llu sectors at sector %llu) "
				     "is not inside the file or larger than 1 MiB", f->name,
				     (unsigned long long)dsize, (unsigned long long)doff);
		text = xmalloc(dsize * VMDK_SECTOR);
		ret = vr_vfile_read(f, text, dsize * VMDK_SECTOR, doff * VMDK_SECTOR, "descriptor");
		/* The descriptor's space is padded with NULs. */
		if (!ret)
			ret = vr_parse_descriptor(r, text, strnlen(text, dsize * VMDK_SECTOR), f->name,
					       true);
		free(text);
		if (ret)
			return -1;
	}
	return vr_extent_added(r, e, f->name);
}

/* The grain table for directory entry gdi of extent ei (cached). */
static const uint32_t *load_gt(struct vmdk_reader *r, size_t ei, uint64_t gdi)
{
	const struct extent *e = &r->ext[ei];
	const struct vfile *f = &r->files[e->file];
	struct gt_slot *s = &r->gtc[(gdi + ei * 7) % GT_CACHE];
	uint64_t at = (uint64_t)e->gd[gdi] * VMDK_SECTOR;

	if (s->valid && s->ext == ei && s->gdi == gdi)
		return s->gt;
	s->valid = false;
	if (at > f->size || e->gtes * 4u > f->size - at) {
		error("'%s': grain directory entry %llu (grains %llu to %llu) points at sector "
		      "%u, past the end of the file (%llu sectors)", f->name,
		      (unsigned long long)gdi, (unsigned long long)(gdi * e->gtes),
		      (unsigned long long)((gdi + 1) * e->gtes - 1), e->gd[gdi],
		      (unsigned long long)(f->size / VMDK_SECTOR));
		return NULL;
	}
	if (!s->gt)
		s->gt = xmalloc(MAX_GTES * 4);
	if (vr_vfile_read(f, s->gt, e->gtes * 4u, at, "grain table"))
		return NULL;
	for (uint32_t i = 0; i < e->gtes; i++)
		s->gt[i] = le32toh(s->gt[i]);
	s->valid = true;
	s->ext = ei;
	s->gdi = gdi;
	return s->gt;
}

/* Where grain g of extent ei is: its sector, or 0 when it reads as zeros. */
int vr_grain_sector(struct vmdk_reader *r, size_t ei, uint64_t g, uint64_t *sector)
{
	const struct extent *e = &r->ext[ei];
	uint64_t gdi = g / e->gtes;
	const uint32_t *gt;

	*sector = 0;
	if (!e->gd[gdi])
		return 0;
	if (!(gt = load_gt(r, ei, gdi)))
		return -1;
	*sector = gt[g % e->gtes];
	if (*sector == 1 && e->zeroed)
		*sector = 0;  /* a zeroed grain */
	return 0;
}

static const char *inflate_reason(enum libdeflate_result res)
{
	switch (res) {
	case LIBDEFLATE_BAD_DATA: return "corrupt deflate data";
	case LIBDEFLATE_SHORT_OUTPUT: return "it inflates to less than a grain";
	case LIBDEFLATE_INSUFFICIENT_SPACE: return "it inflates to more than a grain";
	default: return "inflate failed";
	}
}

/* Inflate grain g of extent ei (at sector) into r->grain_buf. */
static int inflate_grain(struct vmdk_reader *r, size_t ei, uint64_t g, uint64_t sector)
{
	const struct extent *e = &r->ext[ei];
	const struct vfile *f = &r->files[e->file];
	uint64_t at = sector * VMDK_SECTOR, size;
	uint64_t need = e->len - g * e->grain < e->grain ? e->len - g * e->grain : e->grain;
	enum libdeflate_result res;
	size_t used, out;

	if (r->grain_valid && r->grain_ext == ei && r->grain_index == g)
		return 0;
	r->grain_valid = false;
	if (at >= f->size)
		return error("'%s': grain %llu points at sector %llu, past the end of the file "
			     "(%llu sectors)", f->name, (unsigned long long)g,
			     (unsigned long long)sector, (unsigned long long)(f->size / VMDK_SECTOR));
	if (e->markers) {
		unsigned char m[12];
		uint64_t lba;
		uint32_t csize;
		if (vr_vfile_read(f, m, sizeof(m), at, "grain marker"))
			return -1;
		memcpy(&lba, m, 8);
		memcpy(&csize, m + 8, 4);
		lba = le64toh(lba);
		size = le32toh(csize);
		if (!size || size > 2 * e->grain)
			return error("'%s': grain %llu at sector %llu says it is %llu compressed "
				     "bytes; a grain of %llu bytes never needs more than %llu",
				     f->name, (unsigned long long)g, (unsigned long long)sector,
				     (unsigned long long)size, (unsigned long long)e->grain,
				     (unsigned long long)(2 * e->grain));
		if (lba != g * (e->grain / VMDK_SECTOR))
			return error("'%s': grain %llu at sector %llu is marked as sector %llu of "
				     "the disk, the grain table says %llu", f->name,
				     (unsigned long long)g, (unsigned long long)sector,
				     (unsigned long long)lba,
				     (unsigned long long)(g * (e->grain / VMDK_SECTOR)));
		at += 12;
		if (size > f->size - at)
			return error("'%s': grain %llu at sector %llu (%llu compressed bytes) passes "
				     "the end of the file", f->name, (unsigned long long)g,
				     (unsigned long long)sector, (unsigned long long)size);
	} else {
		/* No marker: the stream ends where deflate says it does. */
		size = f->size - at < 2 * e->grain ? f->size - at : 2 * e->grain;
	}
	if (vr_vfile_read(f, r->cbuf, size, at, "compressed grain"))
		return -1;
	res = libdeflate_zlib_decompress_ex(r->dec, r->cbuf, size, r->grain_buf, e->grain,
					    &used, &out);
	/* qemu deflates only the part of the last grain inside the disk. */
	if (res == LIBDEFLATE_SUCCESS && out < need)
		res = LIBDEFLATE_SHORT_OUTPUT;
	if (res != LIBDEFLATE_SUCCESS)
		return error("'%s': grain %llu at sector %llu: %s", f->name,
			     (unsigned long long)g, (unsigned long long)sector,
			     inflate_reason(res));
	memset(r->grain_buf + out, 0, e->grain - out);
	r->grain_valid = true;
	r->grain_ext = ei;
	r->grain_index = g;
	return 0;
}

/* len bytes at rel bytes into sparse extent ei. */
int vr_read_sparse(struct vmdk_reader *r, size_t ei, unsigned char *buf, size_t len,
		   uint64_t rel)
{
	const struct extent *e = &r->ext[ei];
	const struct vfile *f = &r->files[e->file];

	while (len) {
		uint64_t g = rel / e->grain, within = rel % e->grain, sector;
		size_t n = e->grain - within < len ? (size_t)(e->grain - within) : len;

		if (vr_grain_sector(r, ei, g, &sector))
			return -1;
		if (!sector) {
			memset(buf, 0, n);
		} else if (e->compressed) {
			if (inflate_grain(r, ei, g, sector))
				return -1;
			memcpy(buf, r->grain_buf + within, n);
		} else {
			/* The grain must be in the file, as far as the extent uses it. */
			uint64_t need = e->len - g * e->grain < e->grain ? e->len - g * e->grain :
					e->grain;
			if (sector > f->size / VMDK_SECTOR ||
			    need > f->size - sector * VMDK_SECTOR)
				return error("'%s': the grain table entry of grain %llu points at "
					     "sector %llu, past the end of the file (%llu sectors)",
					     f->name, (unsigned long long)g,
					     (unsigned long long)sector,
					     (unsigned long long)(f->size / VMDK_SECTOR));
			if (vr_vfile_read(f, buf, n, sector * VMDK_SECTOR + within, "grain"))
				return -1;
		}
		buf += n;
		len -= n;
		rel += n;
	}
	return 0;
}
