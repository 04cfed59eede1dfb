/* Unit tests for lib/boottest.c: its refusals (t3100 and t5010 boot real
 * appliances in qemu). */
#include "test.h"
#include "check/boottest.h"

static void test_missing_disk(void)
{
	struct strbuf err = STRBUF_INIT, log = STRBUF_INIT;
	struct boottest_opts o = { .disk = "/nonexistent/disk.vmdk", .timeout = 5 };
	strbuf_addf(&log, "%s/boot.log", test_tmpdir());
	o.log = log.buf;
	test_stderr_begin();
	CHECK_INT(boottest_run(&o), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "no disk image '/nonexistent/disk.vmdk'");
	strbuf_release(&err);
	strbuf_release(&log);
}

/* A bus no adapter boots on is refused, naming those that are. */
static void test_unknown_bus(void)
{
	struct strbuf err = STRBUF_INIT, log = STRBUF_INIT;
	struct boottest_opts o = { .disk = test_write("bus.raw", ""), .bus = "lsilogic",
				   .timeout = 5 };
	strbuf_addf(&log, "%s/bus.log", test_tmpdir());
	o.log = log.buf;
	test_stderr_begin();
	CHECK_INT(boottest_run(&o), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "bus 'lsilogic': expected ide, pvscsi, ahci or virtio");
	strbuf_release(&err);
	strbuf_release(&log);
}

static void test_not_a_bootable_disk(void)
{
	struct strbuf err = STRBUF_INIT, log = STRBUF_INIT;
	struct boottest_opts o = { .timeout = 3 }; /* SeaBIOS finds nothing to boot */
	if (system("command -v qemu-system-i386 >/dev/null 2>&1") != 0) {
		printf("# qemu-system-i386 missing (qemu-system-x86): part of this test skipped\n");
		return;
	}
	o.disk = test_write("empty.raw", "");
	strbuf_addf(&log, "%s/boot.log", test_tmpdir());
	o.log = log.buf;
	test_stderr_begin();
	CHECK_INT(boottest_run(&o), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "the boot test of '");
	strbuf_release(&err);
	strbuf_release(&log);
}

int main(void)
{
	TEST(test_missing_disk);
	TEST(test_unknown_bus);
	TEST(test_not_a_bootable_disk);
	return test_done();
}
