/* VMDK descriptors: their extent lines (FLAT, SPARSE, ZERO) and the files
 * they name, which must stay inside the descriptor's directory (see
 * vmdk-read-int.h). Tested by builder/t/image/vmdk/t-vmdk-read.c. */
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
				*idx = vr_add_file(r, name, -1, r->mem[i].data, r->mem[i].len);
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
	ret = vr_open_path(r, r->dirfd, name, shown.buf, true, idx);
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
		if (!(e = vr_add_extent(r, desc)))
			return -1;
		*e = (struct extent){ .kind = EXT_FLAT, .start = r->size, .file = idx,
				      .offset = offset * VMDK_SECTOR, .len = sectors * VMDK_SECTOR };
		return vr_extent_added(r, e, desc);
	}
	if (!strcmp(w[2], "SPARSE")) {
		if (open_extent_file(r, desc, line, file, &idx))
			return -1;
		return vr_open_sparse(r, idx, sectors * VMDK_SECTOR, false);
	}
	if (!strcmp(w[2], "ZERO")) {
		if (!(e = vr_add_extent(r, desc)))
			return -1;
		e->kind = EXT_ZERO;
		e->len = sectors * VMDK_SECTOR;
		return vr_extent_added(r, e, desc);
	}
	return error_at(desc, line, "extent type '%s' is not supported (FLAT, SPARSE, ZERO)",
			w[2]);
}

/* Embedded descriptors only name the format (the file is its own extent);
 * a descriptor file also lists the extents. */
int vr_parse_descriptor(struct vmdk_reader *r, const char *text, size_t len,
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
