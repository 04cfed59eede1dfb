/* The MBR partition table. */
#include "image/mbr.h"

#include <endian.h>
#include <string.h>

static void chs(uint32_t lba, uint8_t out[3])
{
	uint32_t c = lba / (255 * 63), h = (lba / 63) % 255, s = lba % 63 + 1;
	if (c > 1023) {
		c = 1023;
		h = 254;
		s = 63;
	}
	out[0] = (uint8_t)h;
	out[1] = (uint8_t)((s & 0x3f) | ((c >> 2) & 0xc0));
	out[2] = (uint8_t)(c & 0xff);
}

void mbr_init(struct mbr *m, const void *code, size_t code_len, uint32_t disk_signature)
{
	memset(m, 0, sizeof(*m));
	memcpy(m->code, code, code_len < sizeof(m->code) ? code_len : sizeof(m->code));
	m->disk_signature = htole32(disk_signature);
	m->boot_signature[0] = 0x55;
	m->boot_signature[1] = 0xaa;
}

void mbr_set_partition(struct mbr *m, int i, uint32_t lba_first, uint32_t sectors,
		       uint8_t type, int bootable)
{
	struct mbr_partition *p = &m->part[i];
	p->status = bootable ? 0x80 : 0;
	chs(lba_first, p->chs_first);
	p->type = type;
	chs(lba_first + sectors - 1, p->chs_last);
	p->lba_first = htole32(lba_first);
	p->sectors = htole32(sectors);
}
