/* Fuzz the VMDK reader from memory: open the input as a VMDK (or raw),
 * then read the whole virtual disk in 64 KiB steps; a bad grain must be an
 * error, never a crash, a hang or a huge allocation. */
#include "fuzz.h"
#include "image/vmdk/vmdk-read.h"

FUZZ_QUIET_INITIALIZE

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vmdk_mem_file f = { .name = "fuzz.vmdk", .data = data, .len = size };
	struct vmdk_reader *r = NULL;
	static unsigned char buf[65536];
	if (vmdk_reader_open_mem(&f, 1, &r) == 0) {
		uint64_t disk = vmdk_reader_size(r);
		/* A claimed size is not data: read at most 64 MiB of it. */
		for (uint64_t off = 0; off < disk && off < (64u << 20); off += sizeof(buf)) {
			size_t n = disk - off < sizeof(buf) ? (size_t)(disk - off) : sizeof(buf);
			if (vmdk_reader_pread(r, buf, n, off))
				break;
		}
	}
	vmdk_reader_close(r);
	return 0;
}
