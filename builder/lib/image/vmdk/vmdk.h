/*
 * Our VMDK writer: deterministic (CID and ddb.uuid derived from the disk's
 * content, never random), reading the raw disk once and skipping holes and
 * zero grains. One file per subformat behind one table (vmdk_formats):
 * monolithicSparse, streamOptimized, twoGbMaxExtentSparse, monolithicFlat,
 * vmfs (ESXi's flat pair).
 * Layouts follow VMware's Virtual Disk Format 5.0 and what qemu reads.
 *
 * To add a subformat:
 *  1. Write image/vmdk/vmdk-NAME.c with its writer, int (const struct
 *     vmdk_src *, const struct vmdk_opts *, struct vmdk_files *): it makes
 *     its files through vmdk_files (temporaries, renamed together).
 *  2. Add its row (the createType and the writer) to vmdk_formats[] in
 *     image/vmdk/vmdk.c; `appliance vmdk --subformat` takes it.
 *  3. Test it: builder/t/image/vmdk/t-vmdk.c, and tests/t4010-vmdk.sh,
 *     where qemu-img reads every subformat back (add it to its list).
 */
#ifndef VMDK_H
#define VMDK_H

#include <stdbool.h>
#include <stdint.h>
#include "core/strbuf.h"

#define VMDK_SECTOR 512u
#define VMDK_GRAIN_SECTORS 128u          /* 64 KiB grains */
#define VMDK_GRAIN (VMDK_GRAIN_SECTORS * VMDK_SECTOR)
#define VMDK_GTES_PER_GT 512u
#define VMDK_DESC_SECTORS 20u

struct vmdk_header {
	uint32_t magic;              /* "KDMV" */
	uint32_t version;
	uint32_t flags;
	uint64_t capacity;           /* sectors */
	uint64_t grain_size;         /* sectors */
	uint64_t desc_offset;
	uint64_t desc_size;
	uint32_t gtes_per_gt;
	uint64_t rgd_offset;
	uint64_t gd_offset;
	uint64_t overhead;
	uint8_t unclean_shutdown;
	char newline_test[4];        /* '\n', ' ', '\r', '\n' */
	uint16_t compress_algorithm;
	uint8_t pad[433];
} __attribute__((packed));
_Static_assert(sizeof(struct vmdk_header) == 512, "a sparse extent header is one sector");

#define VMDK_MAGIC 0x564d444bu
#define VMDK_FLAG_NL_DETECT (1u << 0)
#define VMDK_FLAG_RGD (1u << 1)
#define VMDK_FLAG_COMPRESSED (1u << 16)
#define VMDK_FLAG_MARKERS (1u << 17)
#define VMDK_GD_AT_END UINT64_MAX

struct vmdk_id_ctx;

/* The raw disk being converted. */
struct vmdk_src {
	int fd;
	const char *path;
	uint64_t size;               /* bytes, a multiple of 512 */
};

struct vmdk_opts {
	const char *adapter;         /* ide, lsilogic, buslogic */
	int hwversion;               /* ddb.virtualHWVersion */
	int threads;                 /* compression threads; 0: one per CPU */
	int level;                   /* deflate level for streamOptimized (6) */
};

/* Where a writer puts its files: it asks for each by suffix ("" for the
 * main NAME.vmdk, "-flat", "-s001", ...) and gets a descriptor; the caller
 * creates them under temporary names and renames them all on success. */
struct vmdk_files;
int vmdk_files_open(struct vmdk_files *f, const char *suffix, int *fd, const char **basename);

struct vmdk_format {
	const char *name;            /* the createType */
	int (*write)(const struct vmdk_src *src, const struct vmdk_opts *o,
		     struct vmdk_files *files);
};
extern const struct vmdk_format vmdk_formats[];
const struct vmdk_format *vmdk_format_find(const char *name);

/* Shared by the writers. */

/* The content identity: SHA-256 over the data grains (index and bytes), so
 * the same disk always gets the same CID and uuid. */
struct vmdk_id {
	uint32_t cid;
	char uuid[48];               /* "xx xx .. xx-xx .. xx" as VMware writes it */
	char long_content_id[33];
};

/* Walk the grains of bytes [from, to) of the disk in order, calling fn for
 * every grain that holds data (holes are skipped with SEEK_DATA, zero
 * grains by looking). index counts grains from `from`; buf holds the
 * grain, len bytes (less for a short last grain). */
typedef int (*vmdk_grain_fn)(uint64_t index, const unsigned char *buf, size_t len, void *data);
int vmdk_scan_grains(const struct vmdk_src *src, uint64_t from, uint64_t to,
		     vmdk_grain_fn fn, void *data);

/* A hosted sparse extent for bytes [from, to) of the disk, written to fd:
 * with the descriptor embedded when desc is not NULL (monolithicSparse),
 * without for the extents of twoGbMaxExtentSparse. id, when not NULL, is
 * fed every data grain. */
int vmdk_sparse_extent(const struct vmdk_src *src, uint64_t from, uint64_t to, int fd,
		       struct vmdk_id_ctx *id, const struct strbuf *desc, const char *name);

/* The descriptor's fixed space in a monolithicSparse or streamOptimized file. */
int vmdk_pwrite_descriptor(int fd, const struct strbuf *desc, const char *name);

/* Start and finish the content identity (fed by vmdk_id_add per grain). */
struct vmdk_id_ctx;
struct vmdk_id_ctx *vmdk_id_begin(uint64_t capacity);
void vmdk_id_add(struct vmdk_id_ctx *c, uint64_t index, const unsigned char *buf, size_t len);
void vmdk_id_end(struct vmdk_id_ctx *c, struct vmdk_id *id);

/* The descriptor text for createType with the given extent lines. */
void vmdk_descriptor(struct strbuf *out, const char *create_type, const char *extents,
		     uint64_t capacity, const struct vmdk_opts *o, const struct vmdk_id *id);

/* A sparse extent header with the common fields set. */
void vmdk_header_init(struct vmdk_header *h, uint64_t capacity);

/* pwrite all of it; -1 with an error naming what. */
int vmdk_pwrite(int fd, const void *buf, size_t len, uint64_t offset, const char *what);

#endif
