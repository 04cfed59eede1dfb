/*
 * What the files of the VMDK reader share (see vmdk-read.h): the reader's
 * state and its limits. vmdk-read.c opens files and dispatches reads,
 * vmdk-read-desc.c parses descriptors, vmdk-read-sparse.c opens and reads
 * hosted sparse extents, vmdk-read-raw.c converts a disk to a sparse raw
 * file. The vr_ functions are the reader's internals.
 */
#ifndef VMDK_READ_INT_H
#define VMDK_READ_INT_H

#include "image/vmdk/vmdk-read.h"
#include "image/vmdk/vmdk.h"

#include <libdeflate.h>
#include <stdbool.h>
#include <stdint.h>

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

/* vmdk-read.c */
struct extent *vr_add_extent(struct vmdk_reader *r, const char *name);
size_t vr_add_file(struct vmdk_reader *r, const char *name, int fd,
		   const unsigned char *mem, uint64_t size);
bool vr_all_zero(const unsigned char *p, size_t n);
int vr_extent_added(struct vmdk_reader *r, const struct extent *e, const char *name);
int vr_open_path(struct vmdk_reader *r, int dirfd, const char *path, const char *shown,
		 bool beneath, size_t *idx);
int vr_vfile_read(const struct vfile *f, void *buf, size_t len, uint64_t off,
		  const char *what);

/* vmdk-read-sparse.c */
int vr_grain_sector(struct vmdk_reader *r, size_t ei, uint64_t g, uint64_t *sector);
int vr_open_sparse(struct vmdk_reader *r, size_t idx, uint64_t want, bool top);
int vr_read_sparse(struct vmdk_reader *r, size_t ei, unsigned char *buf, size_t len,
		   uint64_t rel);

/* vmdk-read-desc.c */
int vr_parse_descriptor(struct vmdk_reader *r, const char *text, size_t len,
			const char *name, bool embedded);

#endif
