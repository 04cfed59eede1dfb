/*
 * Reading raw images and VMDKs (see vmdk-read.h). A disk is a list of
 * extents (FLAT: bytes of a file; SPARSE: a hosted sparse extent with its
 * grain directory in memory and grain tables read on demand; ZERO); a read
 * finds its extent and, in a sparse one, its grain. Layouts: VMware's
 * Virtual Disk Format 5.0 and qemu's block/vmdk.c, whose limits we share
 * where it has them (at most 512 entries per grain table, compressed grains
 * at most twice a grain).
 */
#include "image/vmdk/vmdk-read-int.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int vr_vfile_read(const struct vfile *f, void *buf, size_t len, uint64_t off,
		  const char *what)
{
	unsigned char *p = buf;
	if (off > f->size || len > f->size - off)
		return error("'%s': the %s (%zu bytes at byte %llu) passes the end of the file "
			     "(%llu bytes)", f->name, what, len, (unsigned long long)off,
			     (unsigned long long)f->size);
	if (f->mem) {
		memcpy(buf, f->mem + off, len);
		return 0;
	}
	while (len) {
		ssize_t n = pread(f->fd, p, len, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return error("cannot read the %s of '%s' at byte %llu: %s", what, f->name,
				     (unsigned long long)off,
				     n < 0 ? strerror(errno) : "unexpected end of file");
		p += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

bool vr_all_zero(const unsigned char *p, size_t n)
{
	return !n || (!p[0] && !memcmp(p, p + 1, n - 1));
}

/* Add an open file (taking name); its index. */
size_t vr_add_file(struct vmdk_reader *r, const char *name, int fd,
		   const unsigned char *mem, uint64_t size)
{
	GROW(r->files, r->nfiles + 1, r->files_alloc);
	r->files[r->nfiles] = (struct vfile){ .name = xstrdup(name), .fd = fd, .mem = mem,
					      .size = size };
	return r->nfiles++;
}

int vr_open_path(struct vmdk_reader *r, int dirfd, const char *path, const char *shown,
		 bool beneath, size_t *idx)
{
	struct stat st;
	off_t end;
	int fd = -1;

	if (beneath) {
		/* The kernel refuses a path (or symlink) leading out of dirfd. */
		struct open_how how = { .flags = O_RDONLY | O_CLOEXEC,
					.resolve = RESOLVE_BENEATH };
		fd = (int)syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
		if (fd < 0 && (errno == ENOSYS || errno == EPERM))
			fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	} else {
		fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0)
		return error("cannot open '%s': %s", shown, errno == EXDEV ?
			     "it leads out of the descriptor's directory" : strerror(errno));
	if (fstat(fd, &st) < 0 || (end = lseek(fd, 0, SEEK_END)) < 0) {
		error_errno("cannot read '%s'", shown);
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) {
		close(fd);
		return error("'%s' is not a file", shown);
	}
	*idx = vr_add_file(r, shown, fd, NULL, (uint64_t)end);
	return 0;
}

struct extent *vr_add_extent(struct vmdk_reader *r, const char *name)
{
	struct extent *e;
	if (r->next == MAX_EXTENTS) {
		error("'%s' has more than %u extents", name, MAX_EXTENTS);
		return NULL;
	}
	GROW(r->ext, r->next + 1, r->ext_alloc);
	e = &r->ext[r->next++];
	memset(e, 0, sizeof(*e));
	e->start = r->size;
	return e;
}

/* Grow the disk by e->len, within the limit. */
int vr_extent_added(struct vmdk_reader *r, const struct extent *e, const char *name)
{
	if (e->len > MAX_CAPACITY - r->size)
		return error("'%s': the disk would be larger than 64 TiB", name);
	r->size += e->len;
	return 0;
}

static int open_top(struct vmdk_reader *r)
{
	const struct vfile *f = &r->files[0];
	char head[sizeof(desc_magic)] = "";
	size_t n = f->size < sizeof(head) - 1 ? (size_t)f->size : sizeof(head) - 1;

	if (vr_vfile_read(f, head, n, 0, "first bytes"))
		return -1;
	if (n >= 4 && !memcmp(head, "KDMV", 4)) {
		if (vr_open_sparse(r, 0, 0, true))
			return -1;
		if (!r->format)
			r->format = xstrdup("hostedSparse");
	} else if (n >= 4 && !memcmp(head, "COWD", 4)) {
		return error("'%s': ESX sparse (COWD) extents are not supported", f->name);
	} else if (!memcmp(head, desc_magic, sizeof(desc_magic) - 1)) {
		char *text;
		int ret;
		if (f->size > MAX_DESC)
			return error("'%s' starts as a VMDK descriptor but is %llu bytes; a "
				     "descriptor is a few hundred (at most 1 MiB)", f->name,
				     (unsigned long long)f->size);
		size_t len = (size_t)f->size;
		const char *name = f->name; /* f moves as extents' files are added */
		text = xmalloc(len + 1);
		ret = vr_vfile_read(f, text, len, 0, "descriptor");
		/* qemu pads descriptor files with NULs: allowed at the end only. */
		if (!ret) {
			size_t tlen = strnlen(text, len);
			if (tlen < len && !vr_all_zero((unsigned char *)text + tlen, len - tlen))
				tlen = len; /* parse_descriptor names the line */
			ret = vr_parse_descriptor(r, text, tlen, name, false);
		}
		free(text);
		if (ret)
			return -1;
		if (!r->format)
			r->format = xstrdup("unknown");
	} else {
		struct extent *e = vr_add_extent(r, f->name);
		e->kind = EXT_FLAT;
		e->len = f->size;
		if (vr_extent_added(r, e, f->name))
			return -1;
		r->format = xstrdup("raw");
	}
	if (r->max_grain) {
		r->grain_buf = xmalloc(r->max_grain);
		r->cbuf = xmalloc(2 * r->max_grain);
		if (!(r->dec = libdeflate_alloc_decompressor()))
			die_oom();
	}
	return 0;
}

static struct vmdk_reader *reader_new(void)
{
	struct vmdk_reader *r = xcalloc(1, sizeof(*r));
	r->dirfd = -1;
	return r;
}

int vmdk_reader_open(const char *path, struct vmdk_reader **out)
{
	struct vmdk_reader *r = reader_new();
	const char *slash = strrchr(path, '/');
	size_t idx;

	*out = NULL;
	r->dir = slash ? xstrndup(path, (size_t)(slash - path) + (slash == path)) : xstrdup(".");
	if (vr_open_path(r, AT_FDCWD, path, path, false, &idx) || open_top(r)) {
		vmdk_reader_close(r);
		return -1;
	}
	*out = r;
	return 0;
}

int vmdk_reader_open_mem(const struct vmdk_mem_file *files, size_t nr,
			 struct vmdk_reader **out)
{
	struct vmdk_reader *r;

	*out = NULL;
	if (!nr)
		return error("no file to read");
	r = reader_new();
	r->mem = files;
	r->nmem = nr;
	vr_add_file(r, files[0].name ? files[0].name : "(memory)", -1, files[0].data, files[0].len);
	if (open_top(r)) {
		vmdk_reader_close(r);
		return -1;
	}
	*out = r;
	return 0;
}

void vmdk_reader_close(struct vmdk_reader *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nfiles; i++) {
		if (r->files[i].fd >= 0)
			close(r->files[i].fd);
		free(r->files[i].name);
	}
	for (size_t i = 0; i < r->next; i++)
		free(r->ext[i].gd);
	for (size_t i = 0; i < GT_CACHE; i++)
		free(r->gtc[i].gt);
	if (r->dirfd >= 0)
		close(r->dirfd);
	if (r->dec)
		libdeflate_free_decompressor(r->dec);
	free(r->files);
	free(r->ext);
	free(r->dir);
	free(r->format);
	free(r->grain_buf);
	free(r->cbuf);
	free(r);
}

uint64_t vmdk_reader_size(const struct vmdk_reader *r)
{
	return r->size;
}

const char *vmdk_reader_format(const struct vmdk_reader *r)
{
	return r->format;
}

static size_t find_extent(const struct vmdk_reader *r, uint64_t offset)
{
	size_t lo = 0, hi = r->next;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->ext[mid].start <= offset)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

int vmdk_reader_pread(struct vmdk_reader *r, void *buf, size_t len, uint64_t offset)
{
	unsigned char *p = buf;

	if (offset > r->size || len > r->size - offset)
		return error("'%s': a read of %zu bytes at byte %llu passes the end of the disk "
			     "(%llu bytes)", r->files[0].name, len, (unsigned long long)offset,
			     (unsigned long long)r->size);
	while (len) {
		size_t ei = find_extent(r, offset);
		const struct extent *e = &r->ext[ei];
		uint64_t rel = offset - e->start;
		size_t n = e->len - rel < len ? (size_t)(e->len - rel) : len;
		int ret = 0;

		if (!n) /* an empty extent */
			return error("'%s': no extent at byte %llu", r->files[0].name,
				     (unsigned long long)offset);
		if (e->kind == EXT_ZERO)
			memset(p, 0, n);
		else if (e->kind == EXT_FLAT)
			ret = vr_vfile_read(&r->files[e->file], p, n, e->offset + rel, "data");
		else
			ret = vr_read_sparse(r, ei, p, n, rel);
		if (ret)
			return -1;
		p += n;
		len -= n;
		offset += n;
	}
	return 0;
}
