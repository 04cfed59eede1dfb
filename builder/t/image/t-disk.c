/* Unit tests for builder/lib/image/disk.c (sfdisk, fsck.fat and e2fsck read whole disks
 * in tests/t4000). */
#include "test.h"
#include "image/disk.h"
#include "core/fsutil.h"
#include "core/ids.h"

static struct appconf conf(void)
{
	struct appconf c = APPCONF_INIT;
	c.name = "d";
	c.version = "1";
	c.rootfs = "ext3";
	c.disk_size = 64ull << 20;
	c.path = "d/appliance.conf";
	return c;
}

static void test_cmdline(void)
{
	struct appconf c = conf();
	struct strbuf sb = STRBUF_INIT, want = STRBUF_INIT;
	disk_kernel_cmdline(&c, &sb);
	strbuf_addf(&want, "root=PARTUUID=%08x-02 ", appliance_id32("d", "1", "disk-signature"));
	CHECK_CONTAINS(sb.buf, want.buf);
	CHECK_CONTAINS(sb.buf, "console=ttyS0,115200");
	CHECK_CONTAINS(sb.buf, "init=/sbin/pvinit");
	CHECK_CONTAINS(sb.buf, "apm=power-off");
	strbuf_release(&sb);
	strbuf_release(&want);
}

static void test_too_small_and_missing(void)
{
	struct appconf c = conf();
	struct strbuf err = STRBUF_INIT, tree = STRBUF_INIT, out = STRBUF_INIT;
	struct disk_opts o = { .conf = &c, .kernel = "/nonexistent", .epoch = 0 };
	char big[4096];

	strbuf_addf(&tree, "%s/tree", test_tmpdir());
	strbuf_addf(&out, "%s/d.raw", test_tmpdir());
	mkdir_p(tree.buf);
	memset(big, 'x', sizeof(big));
	/* 40 MiB of files in a 64 MiB disk: 31 MiB of root partition. */
	for (int i = 0; i < 10; i++) {
		char name[64];
		struct strbuf sb = STRBUF_INIT;
		snprintf(name, sizeof(name), "tree/f%d", i);
		for (int j = 0; j < 1024; j++)
			strbuf_add(&sb, big, sizeof(big));
		test_write(name, sb.buf);
		strbuf_release(&sb);
	}
	o.rootfs = tree.buf;
	o.out = out.buf;
	test_stderr_begin();
	CHECK_INT(disk_build(&o), -1);
	o.rootfs = "/nonexistent/tree";
	CHECK_INT(disk_build(&o), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "needs about");
	CHECK_CONTAINS(err.buf, "but disk_size = 64 MiB leaves 31 MiB for it; raise disk_size in "
		       "d/appliance.conf");
	CHECK_CONTAINS(err.buf, "the root filesystem tree '/nonexistent/tree' does not exist");
	CHECK(!path_exists(out.buf));
	strbuf_release(&err);
	strbuf_release(&tree);
	strbuf_release(&out);
}

int main(void)
{
	TEST(test_cmdline);
	TEST(test_too_small_and_missing);
	return test_done();
}
