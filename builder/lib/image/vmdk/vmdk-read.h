/*
 * Reading a virtual disk, whatever form it ships in: a raw image, a hosted
 * sparse VMDK (monolithicSparse, streamOptimized with deflated grains, the
 * extents of twoGbMaxExtentSparse) or a VMDK descriptor file naming FLAT,
 * SPARSE and ZERO extents (monolithicFlat, twoGbMaxExtentFlat, ...).
 *
 * Input is treated as hostile: every offset, size and count is checked
 * against the file before it is used, and memory is bounded (grains of at
 * most 1 MiB, directories of at most 4M entries, descriptors of at most
 * 1 MiB), so a damaged or crafted file gives an error naming the file and
 * the grain or line, never a crash, a hang or a huge allocation. Nothing is
 * global: readers are independent, and one can be opened on buffers in
 * memory (for a fuzzer) as well as on files.
 */
#ifndef VMDK_READ_H
#define VMDK_READ_H

#include <stddef.h>
#include <stdint.h>

struct vmdk_reader;

/* Open path: raw when it has no VMDK magic and is no descriptor. Extents a
 * descriptor names are opened relative to its directory and must stay
 * inside it. 0, or -1 with an error naming the file and what is wrong. */
int vmdk_reader_open(const char *path, struct vmdk_reader **out);

/* A file of an in-memory VMDK: files[0] is the one opened; a descriptor's
 * extents are looked up among the others by name. The buffers must stay
 * valid until the reader is closed; they are never written. */
struct vmdk_mem_file {
	const char *name;
	const void *data;
	size_t len;
};
int vmdk_reader_open_mem(const struct vmdk_mem_file *files, size_t nr,
			 struct vmdk_reader **out);

/* Close the files and free everything; r may be NULL. */
void vmdk_reader_close(struct vmdk_reader *r);

/* The virtual disk's size in bytes. */
uint64_t vmdk_reader_size(const struct vmdk_reader *r);
/* "raw", or the createType ("monolithicSparse", "streamOptimized", ...);
 * "hostedSparse" for a sparse extent opened on its own. Valid while r is. */
const char *vmdk_reader_format(const struct vmdk_reader *r);

/* Read len bytes of the virtual disk at offset; unallocated grains read as
 * zeros. -1 with an error (naming the grain) on bad data, or when the range
 * passes the end of the disk. */
int vmdk_reader_pread(struct vmdk_reader *r, void *buf, size_t len, uint64_t offset);

/* Write the whole virtual disk to fd (a new, empty file) as a sparse raw
 * image: only grains holding data are written, then the file is sized.
 * name is for messages. */
int vmdk_reader_to_raw(struct vmdk_reader *r, int fd, const char *name);

#endif
