/* The VMDK writers' shared parts: the format table, grain scanning, the
 * content identity, the descriptor and the header. */
#include "image/vmdk/vmdk.h"
#include "core/hash.h"
#include "core/error.h"
#include "core/xalloc.h"
#include "image/adapters.h"

#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int vmdk_write_sparse(const struct vmdk_src *, const struct vmdk_opts *, struct vmdk_files *);
int vmdk_write_stream(const struct vmdk_src *, const struct vmdk_opts *, struct vmdk_files *);
int vmdk_write_2gb(const struct vmdk_src *, const struct vmdk_opts *, struct vmdk_files *);
int vmdk_write_flat(const struct vmdk_src *, const struct vmdk_opts *, struct vmdk_files *);
int vmdk_write_vmfs(const struct vmdk_src *, const struct vmdk_opts *, struct vmdk_files *);

const struct vmdk_format vmdk_formats[] = {
	{ "monolithicSparse", vmdk_write_sparse },
	{ "streamOptimized", vmdk_write_stream },
	{ "twoGbMaxExtentSparse", vmdk_write_2gb },
	{ "monolithicFlat", vmdk_write_flat },
	{ "vmfs", vmdk_write_vmfs }, /* ESXi's own: monolithicFlat's pair, VMFS extent */
	{ NULL, NULL },
};

const struct vmdk_format *vmdk_format_find(const char *name)
{
	for (const struct vmdk_format *f = vmdk_formats; f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

int vmdk_pwrite(int fd, const void *buf, size_t len, uint64_t offset, const char *what)
{
	const char *p = buf;
	while (len) {
		ssize_t n = pwrite(fd, p, len, (off_t)offset);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			/* Writers get a descriptor, not a path: name the file
			 * from the kernel's record of it. */
			char link[64], path[4096];
			ssize_t got;
			int err = n < 0 ? errno : ENOSPC;
			snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
			got = readlink(link, path, sizeof(path) - 1);
			path[got > 0 ? got : 0] = '\0';
			return error("cannot write the %s to '%s': %s", what,
				     got > 0 ? path : "the VMDK", strerror(err));
		}
		p += n;
		len -= (size_t)n;
		offset += (uint64_t)n;
	}
	return 0;
}

static bool all_zero(const unsigned char *p, size_t n)
{
	/* Word at a time; grains are 64 KiB and 8-byte aligned. */
	const uint64_t *w = (const uint64_t *)p;
	for (size_t i = 0; i < n / 8; i++)
		if (w[i])
			return false;
	for (size_t i = n / 8 * 8; i < n; i++)
		if (p[i])
			return false;
	return true;
}

int vmdk_scan_grains(const struct vmdk_src *src, uint64_t from, uint64_t to,
		     vmdk_grain_fn fn, void *data)
{
	unsigned char *buf = xmalloc(VMDK_GRAIN);
	uint64_t pos = from;
	int ret = 0;

	while (pos < to) {
		off_t d = lseek(src->fd, (off_t)pos, SEEK_DATA);
		if (d < 0) {
			if (errno == ENXIO)
				break; /* only a hole is left */
			d = (off_t)pos; /* no SEEK_DATA here: read everything */
		}
		pos = from + ((uint64_t)d - from) / VMDK_GRAIN * VMDK_GRAIN;
		if (pos >= to)
			break;
		size_t len = to - pos < VMDK_GRAIN ? (size_t)(to - pos) : VMDK_GRAIN;
		size_t got = 0;
		while (got < len) {
			ssize_t n = pread(src->fd, buf + got, len - got, (off_t)(pos + got));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				ret = error("cannot read '%s' at %llu: %s", src->path,
					    (unsigned long long)(pos + got),
					    n < 0 ? strerror(errno) : "unexpected end of file");
				goto out;
			}
			got += (size_t)n;
		}
		if (!all_zero(buf, len) && (ret = fn((pos - from) / VMDK_GRAIN, buf, len, data)))
			goto out;
		pos += len;
	}
out:
	free(buf);
	return ret;
}

struct vmdk_id_ctx {
	struct sha256_ctx *sha;
};

struct vmdk_id_ctx *vmdk_id_begin(uint64_t capacity)
{
	struct vmdk_id_ctx *c = xmalloc(sizeof(*c));
	uint64_t le = htole64(capacity);
	c->sha = sha256_new();
	sha256_update_str(c->sha, "pvappliance vmdk content 1");
	sha256_update(c->sha, &le, sizeof(le));
	return c;
}

void vmdk_id_add(struct vmdk_id_ctx *c, uint64_t index, const unsigned char *buf, size_t len)
{
	uint64_t le = htole64(index);
	sha256_update(c->sha, &le, sizeof(le));
	sha256_update(c->sha, buf, len);
}

void vmdk_id_end(struct vmdk_id_ctx *c, struct vmdk_id *id)
{
	struct strbuf hex = STRBUF_INIT;
	char *p = id->uuid;

	sha256_final_hex(c->sha, &hex);
	free(c);
	id->cid = (uint32_t)strtoul(strndupa(hex.buf, 8), NULL, 16);
	if (id->cid >= 0xfffffffeu) /* those two mean "no parent" and "invalid" */
		id->cid = 0xfffffffdu;
	memcpy(id->long_content_id, hex.buf + 8, 32);
	id->long_content_id[32] = '\0';
	for (int i = 0; i < 16; i++)
		p += sprintf(p, "%.2s%s", hex.buf + 32 + 2 * i, i == 15 ? "" : i == 7 ? "-" : " ");
	strbuf_release(&hex);
}

void vmdk_descriptor(struct strbuf *out, const char *create_type, const char *extents,
		     uint64_t capacity, const struct vmdk_opts *o, const struct vmdk_id *id)
{
	/* Geometry as VMware expects it (the adapter table's heads); 63 sectors. */
	const struct disk_adapter *a = disk_adapter_by_vmdk_type(o->adapter);
	unsigned heads = a ? a->vmdk_heads : 255;
	uint64_t cylinders = capacity / (heads * 63);
	if (cylinders > 16383 && heads == 16)
		cylinders = 16383;

	strbuf_addf(out, "# Disk DescriptorFile\nversion=1\nencoding=\"UTF-8\"\nCID=%08x\n"
		    "parentCID=ffffffff\ncreateType=\"%s\"\n\n# Extent description\n%s\n"
		    "# The Disk Data Base\n#DDB\n\n", id->cid, create_type, extents);
	strbuf_addf(out, "ddb.virtualHWVersion = \"%d\"\nddb.adapterType = \"%s\"\n"
		    "ddb.geometry.cylinders = \"%llu\"\nddb.geometry.heads = \"%u\"\n"
		    "ddb.geometry.sectors = \"63\"\nddb.longContentID = \"%s\"\n"
		    "ddb.uuid = \"%s\"\nddb.toolsVersion = \"2147483647\"\n", o->hwversion,
		    o->adapter, (unsigned long long)cylinders, heads, id->long_content_id, id->uuid);
}

int vmdk_pwrite_descriptor(int fd, const struct strbuf *desc, const char *name)
{
	char *space = xcalloc(VMDK_DESC_SECTORS, VMDK_SECTOR);
	int ret;
	if (desc->len >= VMDK_DESC_SECTORS * VMDK_SECTOR) {
		free(space);
		return error("the descriptor of '%s' is larger than its %u sectors", name,
			     VMDK_DESC_SECTORS);
	}
	memcpy(space, desc->buf, desc->len);
	ret = vmdk_pwrite(fd, space, VMDK_DESC_SECTORS * VMDK_SECTOR, VMDK_SECTOR, "descriptor");
	free(space);
	return ret;
}

void vmdk_header_init(struct vmdk_header *h, uint64_t capacity)
{
	memset(h, 0, sizeof(*h));
	h->magic = htole32(VMDK_MAGIC);
	h->version = htole32(1);
	h->flags = htole32(VMDK_FLAG_NL_DETECT);
	h->capacity = htole64(capacity);
	h->grain_size = htole64(VMDK_GRAIN_SECTORS);
	h->gtes_per_gt = htole32(VMDK_GTES_PER_GT);
	memcpy(h->newline_test, "\n \r\n", 4);
}
