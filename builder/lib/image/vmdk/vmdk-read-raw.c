/* A virtual disk decoded to a sparse raw file: only data is written (see
 * vmdk-read.h). Tested by builder/t/image/vmdk/t-vmdk-read.c and
 * tests/t4010-vmdk.sh. */
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

static int put(int fd, const unsigned char *buf, size_t len, uint64_t at)
{
	return vr_all_zero(buf, len) ? 0 : vmdk_pwrite(fd, buf, len, at, "raw disk");
}

static int flat_to_raw(struct vmdk_reader *r, const struct extent *e, unsigned char *buf,
		       int fd)
{
	const struct vfile *f = &r->files[e->file];
	for (uint64_t pos = 0; pos < e->len;) {
		size_t n;
		if (f->fd >= 0) {
			/* Skip the file's holes. */
			off_t d = lseek(f->fd, (off_t)(e->offset + pos), SEEK_DATA);
			if (d < 0 && errno == ENXIO)
				break;
			if (d >= 0 && (uint64_t)d > e->offset + pos)
				pos = ((uint64_t)d - e->offset) / CHUNK * CHUNK;
			if (pos >= e->len)
				break;
		}
		n = e->len - pos < CHUNK ? (size_t)(e->len - pos) : CHUNK;
		if (vr_vfile_read(f, buf, n, e->offset + pos, "data") ||
		    put(fd, buf, n, e->start + pos))
			return -1;
		pos += n;
	}
	return 0;
}

static int sparse_to_raw(struct vmdk_reader *r, size_t ei, unsigned char *buf, int fd)
{
	const struct extent *e = &r->ext[ei];
	uint64_t grains = (e->len + e->grain - 1) / e->grain;

	for (uint64_t g = 0; g < grains; g++) {
		uint64_t sector, n;
		if (!e->gd[g / e->gtes]) {
			g = (g / e->gtes + 1) * e->gtes - 1; /* a whole table unallocated */
			continue;
		}
		if (vr_grain_sector(r, ei, g, &sector))
			return -1;
		if (!sector)
			continue;
		n = e->len - g * e->grain < e->grain ? e->len - g * e->grain : e->grain;
		if (vr_read_sparse(r, ei, buf, (size_t)n, g * e->grain) ||
		    put(fd, buf, (size_t)n, e->start + g * e->grain))
			return -1;
	}
	return 0;
}

int vmdk_reader_to_raw(struct vmdk_reader *r, int fd, const char *name)
{
	unsigned char *buf = xmalloc(CHUNK);
	int ret = 0;

	for (size_t i = 0; i < r->next && !ret; i++) {
		if (r->ext[i].kind == EXT_FLAT)
			ret = flat_to_raw(r, &r->ext[i], buf, fd);
		else if (r->ext[i].kind == EXT_SPARSE)
			ret = sparse_to_raw(r, i, buf, fd);
	}
	free(buf);
	if (!ret && ftruncate(fd, (off_t)r->size) < 0)
		ret = error_errno("cannot size '%s'", name);
	return ret;
}
