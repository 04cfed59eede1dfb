/* The DOS partition table (MBR) as packed structs, written by our own code
 * so that the disk signature and every byte are ours to fix. */
#ifndef MBR_H
#define MBR_H

#include <stddef.h>
#include <stdint.h>

struct mbr_partition {
	uint8_t status;        /* 0x80: bootable */
	uint8_t chs_first[3];
	uint8_t type;          /* 0x06 FAT16, 0x83 Linux */
	uint8_t chs_last[3];
	uint32_t lba_first;    /* little-endian on disk */
	uint32_t sectors;
} __attribute__((packed));
_Static_assert(sizeof(struct mbr_partition) == 16, "an MBR partition entry is 16 bytes");

struct mbr {
	uint8_t code[440];
	uint32_t disk_signature;
	uint16_t reserved;
	struct mbr_partition part[4];
	uint8_t boot_signature[2]; /* 0x55 0xaa */
} __attribute__((packed));
_Static_assert(sizeof(struct mbr) == 512, "an MBR is one 512-byte sector");

/* Fill entry i of m: LBA range, type, bootable flag; CHS from the LBA with
 * the 255-head, 63-sector geometry every BIOS assumes (clamped past 1023
 * cylinders, as fdisk does). */
void mbr_set_partition(struct mbr *m, int i, uint32_t lba_first, uint32_t sectors,
		       uint8_t type, int bootable);

/* Zero m, copy the boot code (at most 440 bytes), set the signature. */
void mbr_init(struct mbr *m, const void *code, size_t code_len, uint32_t disk_signature);

#endif
