/* Unit tests for lib/ova.c (xmllint and tar read whole OVAs in t4020). */
#include "test.h"
#include "image/ova.h"

static void test_descriptor(void)
{
	struct appconf c = APPCONF_INIT;
	struct strbuf x = STRBUF_INIT;
	c.name = "deb";
	c.title = "Debian <12> & \"more\"";
	c.version = "1";
	c.bootstrap = BOOTSTRAP_DEBOOTSTRAP;
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
	c.bootstrap = BOOTSTRAP_DIR;
	ova_descriptor(&x, &c, "d", 1, 2);
	CHECK_CONTAINS(x.buf, "<rasd:ElementName>IDE Controller 0</rasd:ElementName>");
	CHECK_CONTAINS(x.buf, "vmw:osType=\"other5xLinuxGuest\"");
	strbuf_release(&x);
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
	TEST(test_refuses_non_stream);
	return test_done();
}
