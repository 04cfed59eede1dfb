/* Unit tests for firstboot/growfs.c's plan: an old MBR entry and a disk
 * size give the new entry; it never shrinks; only the last partition. */
#include "test.h"
#include "growfs.h"

#include "core/run.h"

#include <endian.h>
#include <unistd.h>

/* Our disks (image/disk.c): FAT boot partition at 2048, root after it. */
static void disk(struct mbr *m, uint32_t boot_sectors, uint32_t root_sectors)
{
	mbr_init(m, "", 0, 0x12345678);
	mbr_set_partition(m, 0, 2048, boot_sectors, 0x06, 1);
	mbr_set_partition(m, 1, 2048 + boot_sectors, root_sectors, 0x83, 0);
}

static void test_plan(void)
{
	struct mbr m, before;
	struct strbuf why = STRBUF_INIT;
	const uint32_t boot = 65536, root = 2000000, end = 2048 + boot + root;

	/* Enlarged to 4 GiB: the root entry reaches the last sector. */
	disk(&m, boot, root);
	before = m;
	CHECK_INT(growfs_plan(&m, 1, 8388608, &why), 1);
	CHECK_INT(le32toh(m.part[1].lba_first), 2048 + boot);
	CHECK_INT(le32toh(m.part[1].sectors), 8388608 - 2048 - boot);
	CHECK_INT(m.part[1].type, 0x83);
	CHECK_INT(m.part[1].status, 0);
	/* End CHS from the last LBA (255 heads, 63 sectors): cylinder 522,
	 * head 42, sector 32, as image/mbr.c writes every entry. */
	CHECK_INT(m.part[1].chs_last[0], 42);
	CHECK_INT(m.part[1].chs_last[1], 32 | (522 >> 2 & 0xc0));
	CHECK_INT(m.part[1].chs_last[2], 522 & 0xff);
	/* Past cylinder 1023 (8 GiB): the maximum, as fdisk writes it. */
	disk(&m, boot, root);
	CHECK_INT(growfs_plan(&m, 1, 33554432, &why), 1);
	CHECK_INT(m.part[1].chs_last[0], 254);
	CHECK_INT(m.part[1].chs_last[1], 0xff);
	CHECK_INT(m.part[1].chs_last[2], 0xff);
	/* The first CHS, the boot partition and the rest are untouched. */
	CHECK(!memcmp(m.part[1].chs_first, before.part[1].chs_first, 3));
	CHECK(!memcmp(&m.part[0], &before.part[0], sizeof(m.part[0])));
	CHECK(!memcmp(m.code, before.code, sizeof(m.code)) && m.disk_signature == before.disk_signature);

	/* Same size, or less than 1 MiB more: nothing to do. */
	disk(&m, boot, root);
	before = m;
	CHECK_INT(growfs_plan(&m, 1, end, &why), 0);
	CHECK_CONTAINS(why.buf, "already fills the disk");
	CHECK_INT(growfs_plan(&m, 1, end + 2047, &why), 0);
	CHECK(!memcmp(&m, &before, sizeof(m)));
	CHECK_INT(growfs_plan(&m, 1, end + 2048, &why), 1);

	/* Never shrinks: a disk smaller than the table says. */
	disk(&m, boot, root);
	strbuf_reset(&why);
	CHECK_INT(growfs_plan(&m, 1, end - 1, &why), -1);
	CHECK_CONTAINS(why.buf, "smaller than partition 2's end");
	CHECK_INT(le32toh(m.part[1].sectors), root);

	/* Not the last partition. */
	disk(&m, boot, root);
	strbuf_reset(&why);
	CHECK_INT(growfs_plan(&m, 0, 8388608, &why), -1);
	CHECK_CONTAINS(why.buf, "partition 1 is not the last one (partition 2 follows it)");

	/* Past 2 TiB: as far as 32 bits reach. */
	disk(&m, boot, root);
	CHECK_INT(growfs_plan(&m, 1, 1ull << 33, &why), 1);
	CHECK_INT((uint64_t)le32toh(m.part[1].lba_first) + le32toh(m.part[1].sectors), UINT32_MAX);

	/* Empty, extended, GPT, no signature. */
	disk(&m, boot, root);
	strbuf_reset(&why);
	CHECK_INT(growfs_plan(&m, 2, 8388608, &why), -1);
	CHECK_CONTAINS(why.buf, "partition 3 is empty");
	m.part[1].type = 0x05;
	CHECK_INT(growfs_plan(&m, 1, 8388608, &why), -1);
	m.part[1].type = 0xee;
	CHECK_INT(growfs_plan(&m, 1, 8388608, &why), -1);
	/* A hybrid GPT: the 0xee entry in a slot of its own (here before the
	 * boot partition, as gdisk puts it), the root entry a plain 0x83. */
	disk(&m, boot, root);
	mbr_set_partition(&m, 3, 1, 2047, 0xee, 0);
	strbuf_reset(&why);
	CHECK_INT(growfs_plan(&m, 1, 8388608, &why), -1);
	CHECK_CONTAINS(why.buf, "partition 4 is a GPT's protective entry (type 0xee)");
	CHECK_INT(le32toh(m.part[1].sectors), root);
	disk(&m, boot, root);
	m.boot_signature[0] = 0;
	strbuf_reset(&why);
	CHECK_INT(growfs_plan(&m, 1, 8388608, &why), -1);
	CHECK_CONTAINS(why.buf, "no MBR partition table");
	strbuf_release(&why);
}

/* sfdisk reads the grown table as we mean it. */
static void test_sfdisk(void)
{
	struct mbr m;
	struct strbuf why = STRBUF_INIT, out = STRBUF_INIT;
	const char *img = test_write("disk.img", "");
	FILE *f = fopen(img, "r+");
	const char *argv[] = { "sfdisk", "--dump", img, NULL };
	struct run_opts o = RUN_OPTS_INIT;

	disk(&m, 65536, 100000);
	CHECK_INT(growfs_plan(&m, 1, 409600, &why), 1);
	CHECK(f && fwrite(&m, sizeof(m), 1, f) == 1);
	CHECK(f && ftruncate(fileno(f), 409600 * 512ll) == 0);
	if (f)
		fclose(f);
	o.capture = &out;
	CHECK_INT(run_command(argv, &o), 0);
	CHECK_CONTAINS(out.buf, "start=       67584, size=      342016, type=83");
	strbuf_release(&why);
	strbuf_release(&out);
}

int main(void)
{
	TEST(test_plan);
	TEST(test_sfdisk);
	return test_done();
}
