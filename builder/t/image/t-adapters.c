/* Unit tests for lib/image/adapters.c: every row of the disk adapter table
 * is whole and consistent, and what reads it lists and takes every row. */
#include "test.h"
#include "conf/appconf.h"
#include "core/fsutil.h"
#include "image/adapters.h"
#include "image/ova.h"
#include "image/vmx.h"
#include "rootfs/backends/backends.h"

static void test_rows_are_whole(void)
{
	size_t scsi_defaults = 0;
	for (size_t i = 0; i < disk_adapters_nr; i++) {
		const struct disk_adapter *a = &disk_adapters[i];
		const struct disk_adapter *type = disk_adapter_find(a->vmdk_type);
		CHECK(a->name && *a->name);
		CHECK(disk_adapter_find(a->name) == a);
		for (size_t j = 0; j < i; j++)
			CHECK(strcmp(disk_adapters[j].name, a->name) != 0);
		/* A VMDK type is an adapter described as itself, with its heads. */
		CHECK(type != NULL);
		if (type) {
			CHECK_STR(type->vmdk_type, type->name);
			CHECK_INT(a->vmdk_heads, type->vmdk_heads);
		}
		CHECK(a->vmdk_heads == 16 || a->vmdk_heads == 255);
		CHECK(a->vmx_prefix && *a->vmx_prefix);
		CHECK(a->hw_version >= 4);
		CHECK(a->ovf_name && *a->ovf_name);
		CHECK(a->ovf_resource_type != 0);
		/* Every adapter boots on a bus of the bus table. */
		CHECK(qemu_bus_find(a->qemu_bus) != NULL);
		if (a->scsi_default) {
			scsi_defaults++;
			CHECK(a->vmx_virtual_dev != NULL);
		}
		CHECK(disk_adapter_scsi(a)->vmx_virtual_dev != NULL);
	}
	CHECK_INT(scsi_defaults, 1);
	CHECK(disk_adapter_find("nvme") == NULL);
	CHECK(disk_adapter_find(NULL) == NULL);
}

/* Each bus attaches the disk one way: qemu's own controller, or devices
 * (a controller and the disk on drive d0); names are unique. */
static void test_buses_are_whole(void)
{
	for (const struct qemu_bus *b = qemu_buses; b->name; b++) {
		size_t nr = sizeof(b->devices) / sizeof(b->devices[0]);
		CHECK(qemu_bus_find(b->name) == b);
		CHECK(!b->drive_if != !b->devices[0]);
		CHECK(b->devices[nr - 1] == NULL);
		if (b->devices[0])
			CHECK(b->devices[1] && strstr(b->devices[1], "drive=d0"));
	}
	CHECK(qemu_bus_find("lsilogic") == NULL);
	CHECK(qemu_bus_find(NULL) == NULL);
}

static void test_lists(void)
{
	struct strbuf sb = STRBUF_INIT;
	disk_adapter_list(&sb, ADAPTER_NAME, ", ", " or ");
	CHECK_STR(sb.buf, "ide, lsilogic, buslogic, pvscsi or sata");
	strbuf_reset(&sb);
	disk_adapter_list(&sb, ADAPTER_VMDK_TYPE, ", ", " or ");
	CHECK_STR(sb.buf, "ide, lsilogic or buslogic");
	strbuf_reset(&sb);
	qemu_bus_list(&sb, "|", "|");
	CHECK_STR(sb.buf, "ide|pvscsi|ahci|virtio");
	strbuf_release(&sb);
}

static void load_with_adapter(const char *adapter, struct appconf *c, struct strbuf *err)
{
	struct strbuf dir = STRBUF_INIT, conf = STRBUF_INIT;
	strbuf_addf(&dir, "%s/a", test_tmpdir());
	mkdir_p(dir.buf);
	strbuf_addf(&conf, "name = a\ntitle = t\nversion = 1\nbootstrap = dir\nrepo = /srv/a\n"
		    "kernel = k\ndisk_size = 64M\ndisk_adapter = %s\n", adapter);
	test_write("a/appliance.conf", conf.buf);
	test_stderr_begin();
	appconf_load(c, dir.buf, NULL);
	test_stderr_end(err);
	strbuf_release(&dir);
	strbuf_release(&conf);
}

/* appliance config's usage and its error list every row; each row loads
 * and gives make its boot bus. */
static void test_every_row_is_listed_and_loads(void)
{
	struct strbuf help = STRBUF_INIT, expected = STRBUF_INIT, err = STRBUF_INIT;
	struct appconf c = APPCONF_INIT;
	appconf_keys_help(&help);
	load_with_adapter("nvme", &c, &expected);
	appconf_release(&c);
	CHECK_CONTAINS(expected.buf, "disk_adapter = 'nvme': expected one of ide, lsilogic, buslogic, "
		       "pvscsi, sata");
	for (size_t i = 0; i < disk_adapters_nr; i++) {
		const struct disk_adapter *a = &disk_adapters[i];
		struct strbuf vars = STRBUF_INIT, want = STRBUF_INIT;
		char word[64];
		snprintf(word, sizeof(word), " %s", a->name);
		CHECK_CONTAINS(help.buf, word);
		CHECK_CONTAINS(expected.buf, word);
		strbuf_reset(&err);
		load_with_adapter(a->name, &c, &err);
		CHECK_STR(err.buf, "");
		appconf_make_vars(&vars, &c);
		strbuf_addf(&want, "APP_a_DISK_ADAPTER := %s\nAPP_a_BOOT_BUS := %s\n", a->name,
			    a->qemu_bus);
		CHECK_CONTAINS(vars.buf, want.buf);
		appconf_release(&c);
		strbuf_release(&vars);
		strbuf_release(&want);
	}
	strbuf_release(&help);
	strbuf_release(&expected);
	strbuf_release(&err);
}

/* Each row's .vmx disk renders on a template of its hardware version and is
 * refused on an older one; its OVF Item has its ResourceType. */
static void test_every_row_renders(void)
{
	for (size_t i = 0; i < disk_adapters_nr; i++) {
		const struct disk_adapter *a = &disk_adapters[i];
		struct appconf c = APPCONF_INIT;
		struct strbuf tpl = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
		struct strbuf want = STRBUF_INIT;
		const char *t;
		c.name = "t";
		c.title = "t";
		c.version = "1";
		c.path = "t/appliance.conf";
		c.memory = 256;
		c.bootstrap = bootstrap_backend_find("dir");
		c.disk_adapter = (char *)a->name;

		strbuf_addf(&tpl, "virtualHW.version = \"%d\"\ndisplayName = @TITLE@\n"
			    "annotation = @ANNOTATION@\nmemsize = @MEMORY@\nguestOS = @GUEST_OS@\n"
			    "@DISK@\n", a->hw_version);
		t = test_write("row.vmx.in", tpl.buf);
		CHECK_INT(vmx_render(t, &c, "t.vmdk", "6.1", &out), 0);
		strbuf_addf(&want, "%s:0.fileName = \"t.vmdk\"\n", a->vmx_prefix);
		CHECK_CONTAINS(out.buf, want.buf);

		strbuf_reset(&tpl);
		strbuf_addf(&tpl, "virtualHW.version = \"%d\"\n@DISK@\n", a->hw_version - 1);
		t = test_write("old.vmx.in", tpl.buf);
		test_stderr_begin();
		CHECK_INT(vmx_render(t, &c, "t.vmdk", "6.1", &out), -1);
		test_stderr_end(&err);
		strbuf_reset(&want);
		strbuf_addf(&want, "disk_adapter = %s needs virtualHW.version %d or later", a->name,
			    a->hw_version);
		CHECK_CONTAINS(err.buf, want.buf);

		strbuf_reset(&out);
		ova_descriptor(&out, &c, &(struct ova_desc){ .disk_name = "d.vmdk", .file_size = 1,
							     .capacity = 2 });
		strbuf_reset(&want);
		strbuf_addf(&want, "<rasd:ElementName>%s Controller 0</rasd:ElementName>\n"
			    "        <rasd:InstanceID>3</rasd:InstanceID>\n", a->ovf_name);
		CHECK_CONTAINS(out.buf, want.buf);
		strbuf_reset(&want);
		strbuf_addf(&want, "<rasd:ResourceType>%u</rasd:ResourceType>",
			    a->ovf_resource_type);
		CHECK_CONTAINS(out.buf, want.buf);
		strbuf_release(&tpl);
		strbuf_release(&out);
		strbuf_release(&err);
		strbuf_release(&want);
	}
}

int main(void)
{
	TEST(test_rows_are_whole);
	TEST(test_buses_are_whole);
	TEST(test_lists);
	TEST(test_every_row_is_listed_and_loads);
	TEST(test_every_row_renders);
	return test_done();
}
