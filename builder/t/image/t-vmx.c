/* Unit tests for builder/lib/image/vmx.c. */
#include "test.h"
#include "image/adapters.h"
#include "image/vmx.h"
#include "rootfs/backends/backends.h"
#include "core/array.h"

static struct appconf conf(const char *adapter, const char *bootstrap)
{
	struct appconf c = APPCONF_INIT;
	c.name = "t";
	c.title = "A | \"title\" #1";
	c.version = "1";
	c.bootstrap = bootstrap_backend_find(bootstrap);
	c.memory = 384;
	c.disk_adapter = (char *)adapter;
	c.path = "t/appliance.conf";
	return c;
}

static void test_quote(void)
{
	struct strbuf sb = STRBUF_INIT;
	vmx_quote(&sb, "a \"b\" | c # d\ne\x01");
	CHECK_STR(sb.buf, "\"a |22b|22 |7C c |23 d|0Ae|01\"");
	strbuf_release(&sb);
}

/* The newest identifier the hardware version's products know. */
static void test_guest_os(void)
{
	struct appconf d = conf("ide", "debootstrap"), s = conf("ide", "zypper");
	CHECK_STR(vmx_guest_os(&d, 21), "debian12");
	CHECK_STR(vmx_guest_os(&d, 20), "debian12");
	CHECK_STR(vmx_guest_os(&d, 19), "debian11");
	CHECK_STR(vmx_guest_os(&d, 16), "debian10");
	CHECK_STR(vmx_guest_os(&d, 12), "other26xlinux");
	CHECK_STR(vmx_guest_os(&d, 4), "other26xlinux");
	CHECK_STR(vmx_guest_os(&s, 4), "suse");
	CHECK_STR(vmx_guest_os(&s, 7), "opensuse");
}

/* The annotation says the three ways in on first boot. */
static void test_first_boot_notes(void)
{
	struct strbuf n = STRBUF_INIT;
	vmx_first_boot_notes(&n);
	CHECK_CONTAINS(n.buf, "the console asks for a new root password");
	CHECK_CONTAINS(n.buf, "-smbios type=11,value=io.systemd.credential:"
		       "passwd.hashed-password.root=HASH");
	CHECK_CONTAINS(n.buf, "ssh.authorized_keys.root, system.hostname");
	CHECK_CONTAINS(n.buf, "OVF properties in vSphere's deploy wizard");
	CHECK_CONTAINS(n.buf, "guestinfo.passwd.hashed-password.root = \"HASH\"");
	strbuf_release(&n);
}

static void test_render(void)
{
	struct appconf c = conf("buslogic", "dnf");
	struct strbuf out = STRBUF_INIT;
	const char *t = test_write("t.vmx.in", "# notes\nvirtualHW.version = \"7\"\n"
				   "displayName = @TITLE@\nmemsize = @MEMORY@\n@DISK@\n"
				   "x = @GUEST_OS@ @GUEST_OS_2006@\nannotation = @ANNOTATION@\n");
	CHECK_INT(vmx_render(t, &c, "t.vmdk", "6.1.1", &out), 0);
	CHECK_CONTAINS(out.buf, "virtualHW.version = \"7\"\ndisplayName = \"A |7C |22title|22 |231\"\n"
		  "memsize = \"384\"\nscsi0.present = \"TRUE\"\nscsi0.virtualDev = \"buslogic\"\n"
		  "scsi0:0.present = \"TRUE\"\nscsi0:0.fileName = \"t.vmdk\"\n"
		  "x = \"fedora\" \"fedora\"\n");
	CHECK_CONTAINS(out.buf, "annotation = \"A |7C |22title|22 |231 1, a paravirtualized");
	CHECK_CONTAINS(out.buf, "guestinfo.passwd.hashed-password.root = |22HASH|22");
	strbuf_release(&out);
}

static void test_unused_values(void)
{
	struct appconf c = conf("ide", "dir");
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	const char *t = test_write("bare.vmx.in", "virtualHW.version = \"4\"\n@DISK@\n"
				   "displayName = @TITLE@\nannotation = @ANNOTATION@\nmemsize = @MEMORY@\n");
	test_stderr_begin();
	CHECK_INT(vmx_render(t, &c, "t.vmdk", "6.1", &out), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "never uses @GUEST_OS@ or @GUEST_OS_2006@: every VM needs it");
	strbuf_release(&out);
	strbuf_release(&err);
}

static void test_render_errors(void)
{
	struct appconf c = conf("sata", "dir");
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	const char *t = test_write("old.vmx.in", "virtualHW.version = \"4\"\n@DISK@\nx = @NOPE@\n"
				   "y = a@b\n");
	test_stderr_begin();
	CHECK_INT(vmx_render(t, &c, "t.vmdk", "6.1", &out), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "old.vmx.in:2: error: disk_adapter = sata needs virtualHW.version 10");
	CHECK_CONTAINS(err.buf, "old.vmx.in:3: error: unknown placeholder @NOPE@");
	CHECK_CONTAINS(err.buf, "old.vmx.in:4: error: a stray '@'");
	strbuf_release(&out);
	strbuf_release(&err);
}

/* Each adapter's lines, byte for byte; @DISK_SCSI@ puts IDE and SATA disks
 * on pvscsi. */
static void test_disk_lines(void)
{
	static const struct { const char *adapter, *disk, *scsi; } want[] = {
		{ "ide", "ide0:0.present = \"TRUE\"\nide0:0.deviceType = \"disk\"\n"
			 "ide0:0.fileName = \"t.vmdk\"\n",
		  "scsi0.present = \"TRUE\"\nscsi0.virtualDev = \"pvscsi\"\n"
		  "scsi0:0.present = \"TRUE\"\nscsi0:0.fileName = \"t.vmdk\"\n" },
		{ "lsilogic", "scsi0.present = \"TRUE\"\nscsi0.virtualDev = \"lsilogic\"\n"
			      "scsi0:0.present = \"TRUE\"\nscsi0:0.fileName = \"t.vmdk\"\n", NULL },
		{ "buslogic", "scsi0.present = \"TRUE\"\nscsi0.virtualDev = \"buslogic\"\n"
			      "scsi0:0.present = \"TRUE\"\nscsi0:0.fileName = \"t.vmdk\"\n", NULL },
		{ "pvscsi", "scsi0.present = \"TRUE\"\nscsi0.virtualDev = \"pvscsi\"\n"
			    "scsi0:0.present = \"TRUE\"\nscsi0:0.fileName = \"t.vmdk\"\n", NULL },
		{ "sata", "sata0.present = \"TRUE\"\nsata0:0.present = \"TRUE\"\n"
			  "sata0:0.fileName = \"t.vmdk\"\n",
		  "scsi0.present = \"TRUE\"\nscsi0.virtualDev = \"pvscsi\"\n"
		  "scsi0:0.present = \"TRUE\"\nscsi0:0.fileName = \"t.vmdk\"\n" },
	};
	const char *head = "virtualHW.version = \"10\"\ndisplayName = @TITLE@\n"
			   "annotation = @ANNOTATION@\nmemsize = @MEMORY@\nguestOS = @GUEST_OS@\n";
	struct strbuf tpl = STRBUF_INIT, disk = STRBUF_INIT, scsi = STRBUF_INIT;
	CHECK_INT(disk_adapters_nr, ARRAY_SIZE(want));
	strbuf_addf(&tpl, "%s@DISK@\n", head);
	strbuf_addstr(&disk, test_write("disk.vmx.in", tpl.buf));
	strbuf_reset(&tpl);
	strbuf_addf(&tpl, "%s@DISK_SCSI@\n", head);
	strbuf_addstr(&scsi, test_write("scsi.vmx.in", tpl.buf));
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		struct appconf c = conf(want[i].adapter, "dir");
		struct strbuf out = STRBUF_INIT;
		CHECK_INT(vmx_render(disk.buf, &c, "t.vmdk", "6.1", &out), 0);
		CHECK_CONTAINS(out.buf, want[i].disk);
		strbuf_reset(&out);
		CHECK_INT(vmx_render(scsi.buf, &c, "t.vmdk", "6.1", &out), 0);
		CHECK_CONTAINS(out.buf, want[i].scsi ? want[i].scsi : want[i].disk);
		strbuf_release(&out);
	}
	strbuf_release(&tpl);
	strbuf_release(&disk);
	strbuf_release(&scsi);
}

/* Every backend's guest OS ids at each template's hardware version (4,
 * 14, 16) and at vSphere 8's (20), as VMware knows them. */
static void test_guest_os_every_backend(void)
{
	static const char *const want[][5] = {
		{ "debootstrap", "debian12", "other26xlinux", "debian10", "debian10" },
		{ "mmdebstrap", "debian12", "other26xlinux", "debian10", "debian10" },
		{ "dnf", "fedora", "fedora", "fedora", "fedora" },
		{ "zypper", "opensuse", "suse", "opensuse", "opensuse" },
		{ "tarball", "other5xlinux", "other26xlinux", "other4xlinux", "other4xlinux" },
		{ "dir", "other5xlinux", "other26xlinux", "other4xlinux", "other4xlinux" },
	};
	CHECK_INT(bootstrap_backends_nr, ARRAY_SIZE(want));
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		struct appconf c = conf("ide", want[i][0]);
		CHECK(c.bootstrap != NULL);
		if (!c.bootstrap)
			continue;
		CHECK_STR(vmx_guest_os(&c, 20), want[i][1]);
		CHECK_STR(vmx_guest_os(&c, 4), want[i][2]);
		CHECK_STR(vmx_guest_os(&c, 14), want[i][3]);
		CHECK_STR(vmx_guest_os(&c, 16), want[i][4]);
	}
}

int main(void)
{
	TEST(test_quote);
	TEST(test_guest_os);
	TEST(test_first_boot_notes);
	TEST(test_render);
	TEST(test_unused_values);
	TEST(test_render_errors);
	TEST(test_disk_lines);
	TEST(test_guest_os_every_backend);
	return test_done();
}
