/* Unit tests for lib/ova.c (xmllint and tar read whole OVAs in t4020). */
#include "test.h"
#include "image/adapters.h"
#include "image/ova.h"
#include "rootfs/backends/backends.h"

static void test_descriptor(void)
{
	struct appconf c = APPCONF_INIT;
	struct strbuf x = STRBUF_INIT;
	c.name = "deb";
	c.title = "Debian <12> & \"more\"";
	c.version = "1";
	c.bootstrap = bootstrap_backend_find("debootstrap");
	c.memory = 512;
	c.disk_adapter = "pvscsi";
	c.require_hypervisor = true;
	ova_descriptor(&x, &c, "deb-disk1.vmdk", 1234, 1073741824ull);
	CHECK_CONTAINS(x.buf, "<File ovf:href=\"deb-disk1.vmdk\" ovf:id=\"file1\" ovf:size=\"1234\"/>");
	CHECK_CONTAINS(x.buf, "ovf:capacity=\"1073741824\"");
	CHECK_CONTAINS(x.buf, "vmdk.html#streamOptimized");
	CHECK_CONTAINS(x.buf, "<Name>Debian &lt;12&gt; &amp; &quot;more&quot;</Name>");
	CHECK_CONTAINS(x.buf, "vmw:osType=\"debian12Guest\"");
	CHECK_CONTAINS(x.buf, "<rasd:ResourceSubType>VirtualSCSI</rasd:ResourceSubType>");
	CHECK_CONTAINS(x.buf, "<rasd:VirtualQuantity>512</rasd:VirtualQuantity>");
	CHECK_CONTAINS(x.buf, "It refuses to run on native hardware.");
	CHECK_CONTAINS(x.buf, "<vssd:VirtualSystemType>vmx-07</vssd:VirtualSystemType>");
	strbuf_release(&x);
	c.disk_adapter = "ide";
	c.bootstrap = bootstrap_backend_find("dir");
	ova_descriptor(&x, &c, "d", 1, 2);
	CHECK_CONTAINS(x.buf, "<rasd:ElementName>IDE Controller 0</rasd:ElementName>");
	CHECK_CONTAINS(x.buf, "vmw:osType=\"other5xLinuxGuest\"");
	strbuf_release(&x);
}

/* Each adapter's controller Item, byte for byte. */
static void test_controller_items(void)
{
	static const char *const want[][2] = {
		{ "ide", "      <Item>\n        <rasd:Address>0</rasd:Address>\n"
			 "        <rasd:ElementName>IDE Controller 0</rasd:ElementName>\n"
			 "        <rasd:InstanceID>3</rasd:InstanceID>\n"
			 "        <rasd:ResourceType>5</rasd:ResourceType>\n      </Item>\n" },
		{ "lsilogic", "      <Item>\n        <rasd:Address>0</rasd:Address>\n"
			      "        <rasd:ElementName>SCSI Controller 0</rasd:ElementName>\n"
			      "        <rasd:InstanceID>3</rasd:InstanceID>\n"
			      "        <rasd:ResourceSubType>lsilogic</rasd:ResourceSubType>\n"
			      "        <rasd:ResourceType>6</rasd:ResourceType>\n      </Item>\n" },
		{ "buslogic", "      <Item>\n        <rasd:Address>0</rasd:Address>\n"
			      "        <rasd:ElementName>SCSI Controller 0</rasd:ElementName>\n"
			      "        <rasd:InstanceID>3</rasd:InstanceID>\n"
			      "        <rasd:ResourceSubType>buslogic</rasd:ResourceSubType>\n"
			      "        <rasd:ResourceType>6</rasd:ResourceType>\n      </Item>\n" },
		{ "pvscsi", "      <Item>\n        <rasd:Address>0</rasd:Address>\n"
			    "        <rasd:ElementName>SCSI Controller 0</rasd:ElementName>\n"
			    "        <rasd:InstanceID>3</rasd:InstanceID>\n"
			    "        <rasd:ResourceSubType>VirtualSCSI</rasd:ResourceSubType>\n"
			    "        <rasd:ResourceType>6</rasd:ResourceType>\n      </Item>\n" },
		{ "sata", "      <Item>\n        <rasd:Address>0</rasd:Address>\n"
			  "        <rasd:ElementName>SATA Controller 0</rasd:ElementName>\n"
			  "        <rasd:InstanceID>3</rasd:InstanceID>\n"
			  "        <rasd:ResourceSubType>vmware.sata.ahci</rasd:ResourceSubType>\n"
			  "        <rasd:ResourceType>20</rasd:ResourceType>\n      </Item>\n" },
	};
	CHECK_INT(disk_adapters_nr, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		struct appconf c = APPCONF_INIT;
		struct strbuf x = STRBUF_INIT;
		c.name = "d";
		c.title = "t";
		c.version = "1";
		c.memory = 256;
		c.bootstrap = bootstrap_backend_find("dir");
		c.disk_adapter = (char *)want[i][0];
		ova_descriptor(&x, &c, "d", 1, 2);
		CHECK_CONTAINS(x.buf, want[i][1]);
		strbuf_release(&x);
	}
}

static void test_refuses_non_stream(void)
{
	struct appconf c = APPCONF_INIT;
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	struct ova_opts o = { .conf = &c, .vmdk = test_write("not.vmdk", "KDMV but not really"),
			      .epoch = 1 };
	c.name = "x";
	strbuf_addf(&out, "%s/x.ova", test_tmpdir());
	o.out = out.buf;
	test_stderr_begin();
	CHECK_INT(ova_build(&o), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "is not a streamOptimized VMDK");
	strbuf_release(&err);
	strbuf_release(&out);
}

int main(void)
{
	TEST(test_descriptor);
	TEST(test_controller_items);
	TEST(test_refuses_non_stream);
	return test_done();
}
