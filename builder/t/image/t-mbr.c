/* Unit tests for builder/lib/image/mbr.c (sfdisk reads the real thing in tests/t4000). */
#include "test.h"
#include "image/mbr.h"

static void test_layout_and_chs(void)
{
	struct mbr m;
	const unsigned char *b = (const unsigned char *)&m;
	mbr_init(&m, "\xeb\x63", 2, 0x12345678);
	mbr_set_partition(&m, 0, 2048, 65536, 0x06, 1);
	mbr_set_partition(&m, 1, 67584, 2029568, 0x83, 0);
	CHECK(b[0] == 0xeb && b[1] == 0x63 && b[2] == 0);
	CHECK(b[440] == 0x78 && b[443] == 0x12);            /* signature, little-endian */
	CHECK(b[446] == 0x80 && b[446 + 4] == 0x06);        /* bootable FAT16 */
	CHECK(b[446 + 8] == 0x00 && b[446 + 9] == 0x08);    /* LBA 2048 */
	CHECK(b[462] == 0x00 && b[462 + 4] == 0x83);
	CHECK(b[510] == 0x55 && b[511] == 0xaa);
	/* LBA 2048 = C0 H32 S33; past 1023 cylinders CHS saturates. */
	CHECK(m.part[0].chs_first[0] == 32 && m.part[0].chs_first[1] == 33 &&
	      m.part[0].chs_first[2] == 0);
	mbr_set_partition(&m, 2, 20000000, 100, 0x83, 0);
	CHECK(m.part[2].chs_first[0] == 254 && m.part[2].chs_first[1] == 0xff &&
	      m.part[2].chs_first[2] == 0xff);
}

int main(void)
{
	TEST(test_layout_and_chs);
	return test_done();
}
