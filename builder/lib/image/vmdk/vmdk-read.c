/*
 * Reading raw images and VMDKs (see vmdk-read.h). A disk is a list of
 * extents (FLAT: bytes of a file; SPARSE: a hosted sparse extent with its
 * grain directory in memory and grain tables read on demand; ZERO); a read
 * finds its extent and, in a sparse one, its grain. Layouts: VMware's
 * Virtual Disk Format 5.0 and qemu's block/vmdk.c, whose limits we share
 * where it has them (at most 512 entries per grain table, compressed grains
 * at most twice a grain).
 */
#include "image/vmdk/vmdk-read.h"
#include "image/vmdk/vmdk.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <libdeflate.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAX_GRAIN_SECTORS 2048u          /* 1 MiB; every writer uses 128 */
#define MAX_GTES 512u                    /* qemu's limit; VMware writes 512 */
#define MAX_GD_ENTRIES (1u << 22)        /* 16 MiB of directory */
#define MAX_CAPACITY (1ull << 46)        /* bytes: 64 TiB */
#define MAX_DESC (1u << 20)
#define MAX_LINE 8192u
#define MAX_EXTENTS 512u
#define GT_CACHE 16u
#define CHUNK (1u << 20)

static const char desc_magic[] = "# Disk DescriptorFile";

struct vfile {
	char *name;                      /* for messages */
	int fd;                          /* -1 in memory */
	const unsigned char *mem;
	uint64_t size;
};

enum kind { EXT_FLAT, EXT_SPARSE, EXT_ZERO };

struct extent {
	enum kind kind;
	uint64_t start, len;             /* bytes of the virtual disk */
	size_t file;                     /* index into r->files */
	uint64_t offset;                 /* FLAT: where the data starts in the file */
	/* SPARSE */
	uint64_t grain;                  /* bytes */
	uint32_t gtes;
	uint64_t gd_entries;
	uint32_t *gd;                    /* host order */
	bool compressed, markers, zeroed;
};

struct gt_slot {
	bool valid;
	size_t ext;
	uint64_t gdi;
	uint32_t *gt;                    /* MAX_GTES entries, host order */
};

struct vmdk_reader {
	char *format;
	struct vfile *files;
	size_t nfiles, files_alloc;
	struct extent *ext;
	size_t next, ext_alloc;
	uint64_t size;
	/* Where a descriptor's extents come from: a directory or buffers. */
	char *dir;
	int dirfd;
	const struct vmdk_mem_file *mem;
	size_t nmem;
	struct gt_slot gtc[GT_CACHE];
	/* The last inflated grain: reads of a few KiB at a time then inflate
	 * each grain once. */
	bool grain_valid;
	size_t grain_ext;
	uint64_t grain_index;
	uint64_t max_grain;
	unsigned char *grain_buf, *cbuf;
	struct libdeflate_decompressor *dec;
};

static int vfile_read(const struct vfile *f, void *buf, size_t len, uint64_t off,
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

static bool all_zero(const unsigned char *p, size_t n)
{
	return !n || (!p[0] && !memcmp(p, p + 1, n - 1));
}

/* Add an open file (taking name); its index. */
static size_t add_file(struct vmdk_reader *r, const char *name, int fd,
		       const unsigned char *mem, uint64_t size)
{
	GROW(r->files, r->nfiles + 1, r->files_alloc);
	r->files[r->nfiles] = (struct vfile){ .name = xstrdup(name), .fd = fd, .mem = mem,
					      .size = size };
	return r->nfiles++;
}

static int open_path(struct vmdk_reader *r, int dirfd, const char *path, const char *shown,
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
	*idx = add_file(r, shown, fd, NULL, (uint64_t)end);
	return 0;
}

static struct extent *add_extent(struct vmdk_reader *r, const char *name)
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
static int extent_added(struct vmdk_reader *r, const struct extent *e, const char *name)
{
	if (e->len > MAX_CAPACITY - r->size)
		return error("'%s': the disk would be larger than 64 TiB", name);
	r->size += e->len;
	return 0;
}

/* ---- hosted sparse extents ---- */

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
	if (vfile_read(f, m, sizeof(m), f->size - 3 * VMDK_SECTOR, "footer marker") ||
	    vfile_read(f, h, sizeof(*h), f->size - 2 * VMDK_SECTOR, "footer"))
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

static int parse_descriptor(struct vmdk_reader *r, const char *text, size_t len,
			    const char *name, bool embedded);

/* Open the sparse extent in file idx; want is the bytes a descriptor gives
 * it (0: the header's capacity); top when it is the file opened. */
static int open_sparse(struct vmdk_reader *r, size_t idx, uint64_t want, bool top)
{
	const struct vfile *f = &r->files[idx];
	struct vmdk_header h;
	struct extent *e = add_extent(r, f->name);
	uint64_t capacity, gd;

	if (!e)
		return -1;
	e->kind = EXT_SPARSE;
	e->file = idx;
	if (vfile_read(f, &h, sizeof(h), 0, "header"))
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
	if (vfile_read(f, e->gd, e->gd_entries * 4, gd * VMDK_SECTOR, "grain directory"))
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
		ret = vfile_read(f, text, dsize * VMDK_SECTOR, doff * VMDK_SECTOR, "descriptor");
		/* The descriptor's space is padded with NULs. */
		if (!ret)
			ret = parse_descriptor(r, text, strnlen(text, dsize * VMDK_SECTOR), f->name,
					       true);
		free(text);
		if (ret)
			return -1;
	}
	return extent_added(r, e, f->name);
}

/* ---- descriptors ---- */

/* The value of "key = value" or key="value" in line, or NULL. */
static char *desc_value(const char *line, const char *key)
{
	size_t k = strlen(key), n;
	const char *v;
	if (strncmp(line, key, k))
		return NULL;
	v = line + k + strspn(line + k, " \t");
	if (*v != '=')
		return NULL;
	v += 1 + strspn(v + 1, " \t");
	n = strlen(v);
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		v++;
		n -= 2;
	}
	return xstrndup(v, n);
}

/* An extent's file name must stay inside the descriptor's directory. */
static int check_extent_name(const char *desc, unsigned line, const char *name)
{
	const char *p = name;
	if (!*name)
		return error_at(desc, line, "an extent with an empty file name");
	if (*name == '/')
		return error_at(desc, line, "extent '%s' is an absolute path; extents are named "
				"relative to the descriptor", name);
	while (*p) {
		size_t n = strcspn(p, "/");
		if (n == 2 && !strncmp(p, "..", 2))
			return error_at(desc, line, "extent '%s' leads out of the descriptor's "
					"directory", name);
		p += n + (p[n] == '/');
	}
	return 0;
}

static int open_extent_file(struct vmdk_reader *r, const char *desc, unsigned line,
			    const char *name, size_t *idx)
{
	struct strbuf shown = STRBUF_INIT;
	int ret;

	if (check_extent_name(desc, line, name))
		return -1;
	if (r->mem) {
		for (size_t i = 1; i < r->nmem; i++) {
			if (r->mem[i].name && !strcmp(r->mem[i].name, name)) {
				*idx = add_file(r, name, -1, r->mem[i].data, r->mem[i].len);
				return 0;
			}
		}
		return error_at(desc, line, "extent '%s' was not given", name);
	}
	if (r->dirfd < 0) {
		r->dirfd = open(r->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (r->dirfd < 0)
			return error_errno("cannot open the directory '%s'", r->dir);
	}
	strbuf_addf(&shown, "%s/%s", r->dir, name);
	ret = open_path(r, r->dirfd, name, shown.buf, true, idx);
	strbuf_release(&shown);
	return ret;
}

static int parse_number(const char *s, const char *end, uint64_t *out)
{
	uint64_t v = 0;
	if (s == end)
		return -1;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9' || v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return 0;
}

/* ACCESS SECTORS TYPE ["FILE" [OFFSET]] */
static int parse_extent(struct vmdk_reader *r, const char *desc, unsigned line, char *s)
{
	char *w[3], *file = NULL, *end;
	uint64_t sectors, offset = 0;
	struct extent *e;
	size_t idx;

	for (int i = 0; i < 3; i++) {
		s += strspn(s, " \t");
		w[i] = s;
		s += strcspn(s, " \t");
		if (*s)
			*s++ = '\0';
	}
	s += strspn(s, " \t");
	if (!strcmp(w[0], "NOACCESS"))
		return error_at(desc, line, "NOACCESS extents are not supported");
	if (parse_number(w[1], w[1] + strlen(w[1]), &sectors) ||
	    sectors > MAX_CAPACITY / VMDK_SECTOR)
		return error_at(desc, line, "extent size '%s' is not a number of sectors up to "
				"64 TiB", w[1]);
	if (strcmp(w[2], "ZERO")) {
		if (*s != '"' || !(end = strchr(s + 1, '"')))
			return error_at(desc, line, "expected a quoted file name after '%s'", w[2]);
		file = s + 1;
		*end = '\0';
		s = end + 1;
		s += strspn(s, " \t");
		end = s + strcspn(s, " \t");
		if (s != end && parse_number(s, end, &offset))
			return error_at(desc, line, "extent offset '%s' is not a number", s);
	}
	if (!strcmp(w[2], "FLAT") || !strcmp(w[2], "VMFS")) {
		if (open_extent_file(r, desc, line, file, &idx))
			return -1;
		if (offset > MAX_CAPACITY / VMDK_SECTOR ||
		    (offset + sectors) * VMDK_SECTOR > r->files[idx].size)
			return error_at(desc, line, "extent '%s' should hold %llu sectors from "
					"sector %llu, but the file has %llu", file,
					(unsigned long long)sectors, (unsigned long long)offset,
					(unsigned long long)(r->files[idx].size / VMDK_SECTOR));
		if (!(e = add_extent(r, desc)))
			return -1;
		*e = (struct extent){ .kind = EXT_FLAT, .start = r->size, .file = idx,
				      .offset = offset * VMDK_SECTOR, .len = sectors * VMDK_SECTOR };
		return extent_added(r, e, desc);
	}
	if (!strcmp(w[2], "SPARSE")) {
		if (open_extent_file(r, desc, line, file, &idx))
			return -1;
		return open_sparse(r, idx, sectors * VMDK_SECTOR, false);
	}
	if (!strcmp(w[2], "ZERO")) {
		if (!(e = add_extent(r, desc)))
			return -1;
		e->kind = EXT_ZERO;
		e->len = sectors * VMDK_SECTOR;
		return extent_added(r, e, desc);
	}
	return error_at(desc, line, "extent type '%s' is not supported (FLAT, SPARSE, ZERO)",
			w[2]);
}

/* Embedded descriptors only name the format (the file is its own extent);
 * a descriptor file also lists the extents. */
static int parse_descriptor(struct vmdk_reader *r, const char *text, size_t len,
			    const char *name, bool embedded)
{
	struct strbuf l = STRBUF_INIT;
	unsigned line = 0;
	int ret = 0;

	for (size_t pos = 0; pos < len && !ret;) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - text - pos) : len - pos;
		char *v;

		line++;
		if (n > MAX_LINE) {
			ret = error_at(name, line, "a descriptor line longer than %u bytes", MAX_LINE);
			break;
		}
		if (memchr(text + pos, '\0', n)) {
			ret = error_at(name, line, "a NUL byte in the descriptor");
			break;
		}
		strbuf_reset(&l);
		strbuf_add(&l, text + pos, n);
		pos += n + 1;
		strbuf_rtrim(&l);
		char *s = l.buf + strspn(l.buf, " \t");
		if (!*s || *s == '#')
			continue;
		if ((v = desc_value(s, "createType"))) {
			free(r->format);
			r->format = v;
		} else if ((v = desc_value(s, "parentFileNameHint"))) {
			ret = error_at(name, line, "a child disk of '%s': reading through parents is "
				       "not supported (qemu-img convert makes a standalone copy)", v);
			free(v);
		} else if (!embedded && (!strncmp(s, "RW ", 3) || !strncmp(s, "RDONLY ", 7) ||
					 !strncmp(s, "NOACCESS ", 9))) {
			ret = parse_extent(r, name, line, s);
		}
	}
	strbuf_release(&l);
	if (!ret && !embedded && !r->next)
		ret = error("'%s': the descriptor names no extents", name);
	return ret;
}

/* ---- opening ---- */

static int open_top(struct vmdk_reader *r)
{
	const struct vfile *f = &r->files[0];
	char head[sizeof(desc_magic)] = "";
	size_t n = f->size < sizeof(head) - 1 ? (size_t)f->size : sizeof(head) - 1;

	if (vfile_read(f, head, n, 0, "first bytes"))
		return -1;
	if (n >= 4 && !memcmp(head, "KDMV", 4)) {
		if (open_sparse(r, 0, 0, true))
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
		ret = vfile_read(f, text, len, 0, "descriptor");
		/* qemu pads descriptor files with NULs: allowed at the end only. */
		if (!ret) {
			size_t tlen = strnlen(text, len);
			if (tlen < len && !all_zero((unsigned char *)text + tlen, len - tlen))
				tlen = len; /* parse_descriptor names the line */
			ret = parse_descriptor(r, text, tlen, name, false);
		}
		free(text);
		if (ret)
			return -1;
		if (!r->format)
			r->format = xstrdup("unknown");
	} else {
		struct extent *e = add_extent(r, f->name);
		e->kind = EXT_FLAT;
		e->len = f->size;
		if (extent_added(r, e, f->name))
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
	if (open_path(r, AT_FDCWD, path, path, false, &idx) || open_top(r)) {
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
	add_file(r, files[0].name ? files[0].name : "(memory)", -1, files[0].data, files[0].len);
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

/* ---- reading ---- */

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
	if (vfile_read(f, s->gt, e->gtes * 4u, at, "grain table"))
		return NULL;
	for (uint32_t i = 0; i < e->gtes; i++)
		s->gt[i] = le32toh(s->gt[i]);
	s->valid = true;
	s->ext = ei;
	s->gdi = gdi;
	return s->gt;
}

/* Where grain g of extent ei is: its sector, or 0 when it reads as zeros. */
static int grain_sector(struct vmdk_reader *r, size_t ei, uint64_t g, uint64_t *sector)
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
		if (vfile_read(f, m, sizeof(m), at, "grain marker"))
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
	if (vfile_read(f, r->cbuf, size, at, "compressed grain"))
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
static int read_sparse(struct vmdk_reader *r, size_t ei, unsigned char *buf, size_t len,
		       uint64_t rel)
{
	const struct extent *e = &r->ext[ei];
	const struct vfile *f = &r->files[e->file];

	while (len) {
		uint64_t g = rel / e->grain, within = rel % e->grain, sector;
		size_t n = e->grain - within < len ? (size_t)(e->grain - within) : len;

		if (grain_sector(r, ei, g, &sector))
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
			if (vfile_read(f, buf, n, sector * VMDK_SECTOR + within, "grain"))
				return -1;
		}
		buf += n;
		len -= n;
		rel += n;
	}
	return 0;
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
			ret = vfile_read(&r->files[e->file], p, n, e->offset + rel, "data");
		else
			ret = read_sparse(r, ei, p, n, rel);
		if (ret)
			return -1;
		p += n;
		len -= n;
		offset += n;
	}
	return 0;
}

/* ---- decoding to a sparse raw file ---- */

static int put(int fd, const unsigned char *buf, size_t len, uint64_t at)
{
	return all_zero(buf, len) ? 0 : vmdk_pwrite(fd, buf, len, at, "raw disk");
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
		if (vfile_read(f, buf, n, e->offset + pos, "data") ||
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
		if (grain_sector(r, ei, g, &sector))
			return -1;
		if (!sector)
			continue;
		n = e->len - g * e->grain < e->grain ? e->len - g * e->grain : e->grain;
		if (read_sparse(r, ei, buf, (size_t)n, g * e->grain) ||
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
