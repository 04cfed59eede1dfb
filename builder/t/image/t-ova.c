/* Unit tests for builder/lib/image/ova.c (xmllint, tar, 7zz and openssl read whole OVAs
 * in t4020): the descriptor's parts, and our own OVAs checked against the
 * compatibility table. */
#include "test.h"
#include "core/array.h"
#include "core/hash.h"
#include "image/adapters.h"
#include "image/compat.h"
#include "image/ova.h"
#include "image/vmdk/vmdk.h"
#include "image/vmdk/vmdk-files.h"
#include "rootfs/backends/backends.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void descriptor(struct strbuf *x, const struct appconf *c, const char *disk,
		       unsigned long long size, unsigned long long capacity)
{
	struct ova_desc d = { .disk_name = disk, .file_size = size, .capacity = capacity,
			      .license = "GPL & <more>" };
	ova_descriptor(x, c, &d);
}

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
	c.vmx_template = "workstation";
	c.hostname = "deb-host";
	c.require_hypervisor = true;
	descriptor(&x, &c, "deb-disk1.vmdk", 1234, 1073741824ull);
	CHECK_CONTAINS(x.buf, "<File ovf:href=\"deb-disk1.vmdk\" ovf:id=\"file1\" ovf:size=\"1234\"/>");
	CHECK_CONTAINS(x.buf, "ovf:capacity=\"1073741824\"");
	CHECK_CONTAINS(x.buf, "vmdk.html#streamOptimized");
	CHECK_CONTAINS(x.buf, "<Name>Debian &lt;12&gt; &amp; &quot;more&quot;</Name>");
	/* vmx-07's products know no Debian 12: a 2.6-era Linux, CIM 99 */
	CHECK_CONTAINS(x.buf, "<OperatingSystemSection ovf:id=\"99\" vmw:osType=\"other26xLinuxGuest\">");
	CHECK_CONTAINS(x.buf, "<rasd:ResourceSubType>VirtualSCSI</rasd:ResourceSubType>");
	CHECK_CONTAINS(x.buf, "<rasd:VirtualQuantity>512</rasd:VirtualQuantity>");
	CHECK_CONTAINS(x.buf, "It refuses to run on native hardware.");
	CHECK_CONTAINS(x.buf, "<vssd:VirtualSystemType>vmx-07</vssd:VirtualSystemType>");
	CHECK_CONTAINS(x.buf, "<VirtualHardwareSection ovf:transport=\"com.vmware.guestInfo\">");
	CHECK_CONTAINS(x.buf, "<rasd:ResourceSubType>E1000</rasd:ResourceSubType>");
	/* ProductSection: product, vendor, versions, the three properties */
	CHECK_CONTAINS(x.buf, "<ProductSection>\n      <Info>");
	CHECK_CONTAINS(x.buf, "<Product>Debian &lt;12&gt; &amp; &quot;more&quot;</Product>\n"
		       "      <Vendor>pvappliance</Vendor>\n      <Version>1</Version>\n"
		       "      <FullVersion>1 (deb, i386, paravirt_ops)</FullVersion>\n");
	CHECK(!strstr(x.buf, "<ProductUrl>"));
	CHECK_CONTAINS(x.buf, "<Property ovf:key=\"passwd.hashed-password.root\" ovf:type=\"string\" "
		       "ovf:userConfigurable=\"true\" ovf:value=\"\">\n        <Label>Root password hash"
		       "</Label>\n        <Description>A crypt(5) hash");
	CHECK_CONTAINS(x.buf, "mkpasswd -m yescrypt");
	CHECK_CONTAINS(x.buf, "<Property ovf:key=\"ssh.authorized_keys.root\" ovf:type=\"string\" "
		       "ovf:userConfigurable=\"true\" ovf:value=\"\">\n        <Label>SSH authorized "
		       "keys for root</Label>");
	CHECK_CONTAINS(x.buf, "<Property ovf:key=\"system.hostname\" ovf:type=\"string\" "
		       "ovf:userConfigurable=\"true\" ovf:value=\"deb-host\">");
	CHECK_CONTAINS(x.buf, "<EulaSection>\n      <Info>The licences of the software the "
		       "appliance contains</Info>\n      <License>GPL &amp; &lt;more&gt;</License>");
	strbuf_release(&x);
	c.disk_adapter = "sata";
	c.vmx_template = "esxi";
	c.bootstrap = bootstrap_backend_find("dir");
	c.vendor = "V";
	c.product_url = "https://p/";
	c.app_url = "http://a/";
	descriptor(&x, &c, "d", 1, 2);
	CHECK_CONTAINS(x.buf, "<rasd:ElementName>SATA Controller 0</rasd:ElementName>");
	CHECK_CONTAINS(x.buf, "<vssd:VirtualSystemType>vmx-14</vssd:VirtualSystemType>");
	CHECK_CONTAINS(x.buf, "<OperatingSystemSection ovf:id=\"36\" vmw:osType=\"other4xLinuxGuest\">");
	CHECK_CONTAINS(x.buf, "<rasd:ResourceSubType>VmxNet3</rasd:ResourceSubType>");
	CHECK_CONTAINS(x.buf, "<Vendor>V</Vendor>");
	CHECK_CONTAINS(x.buf, "</FullVersion>\n      <ProductUrl>https://p/</ProductUrl>\n"
		       "      <AppUrl>http://a/</AppUrl>\n");
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
	CHECK_INT(disk_adapters_nr, ARRAY_SIZE(want));
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		struct appconf c = APPCONF_INIT;
		struct strbuf x = STRBUF_INIT;
		c.name = "d";
		c.title = "t";
		c.version = "1";
		c.memory = 256;
		c.bootstrap = bootstrap_backend_find("dir");
		c.disk_adapter = (char *)want[i][0];
		descriptor(&x, &c, "d", 1, 2);
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

/* A streamOptimized VMDK of a small disk, made by our writer. */
static const char *stream_vmdk(void)
{
	static char path[512];
	struct vmdk_opts o = { .adapter = "ide", .hwversion = 4, .threads = 1, .level = 1 };
	struct vmdk_src src = { .size = 4u << 20 };
	struct vmdk_files files;
	struct strbuf data = STRBUF_INIT;
	if (path[0])
		return path;
	for (int i = 0; i < 20000; i++)
		strbuf_addf(&data, "%d,", i);
	src.path = test_write("ova-disk.raw", data.buf);
	CHECK_INT(truncate(src.path, (off_t)src.size), 0);
	src.fd = open(src.path, O_RDONLY);
	snprintf(path, sizeof(path), "%s/ova-stream.vmdk", test_tmpdir());
	vmdk_files_init(&files, path);
	CHECK_INT(vmdk_files_finish(&files, vmdk_format_find("streamOptimized")->write(&src, &o,
						&files) == 0), 0);
	vmdk_files_release(&files);
	close(src.fd);
	strbuf_release(&data);
	return path;
}

/* The number after "<TAG>vmx-" or a value between marks, or NULL. */
static char *between(const char *text, const char *from, const char *to)
{
	const char *p = strstr(text, from), *e;
	if (!p)
		return NULL;
	p += strlen(from);
	return (e = strstr(p, to)) ? strndup(p, (size_t)(e - p)) : NULL;
}

/* Every device the descriptor declares needs no more than its vmx-NN. */
static void check_devices(const char *ovf, int hw)
{
	for (const char *p = ovf; (p = strstr(p, "<rasd:ResourceSubType>"));) {
		char *sub = between(p, "<rasd:ResourceSubType>", "</rasd:ResourceSubType>");
		int need = 4; /* E1000, PCNet32, IDE, LSI Logic, BusLogic: hardware version 4 */
		for (size_t k = 0; k < disk_adapters_nr; k++)
			if (disk_adapters[k].ovf_subtype && !strcmp(disk_adapters[k].ovf_subtype, sub))
				need = disk_adapters[k].hw_version;
		if (!strcmp(sub, "VmxNet3"))
			need = 7;
		CHECK(need <= hw);
		free(sub);
		p++;
	}
}

/* Build the OVA of every target with every adapter and read it back with
 * libarchive: member order, vmx-NN covering every device, the osType the
 * table allows at that version, the manifest's algorithm and digests. */
static void test_ovas_follow_the_table(void)
{
	const char *vmdk = stream_vmdk();
	for (size_t t = 0; t < vmware_targets_nr; t++) {
		for (size_t k = 0; k < disk_adapters_nr; k++) {
			struct appconf c = APPCONF_INIT;
			struct strbuf out = STRBUF_INIT, members = STRBUF_INIT, ovf = STRBUF_INIT;
			struct strbuf mf = STRBUF_INIT, disk_hex = STRBUF_INIT, ovf_hex = STRBUF_INIT;
			struct strbuf want = STRBUF_INIT;
			struct ova_opts o = { .conf = &c, .vmdk = vmdk, .epoch = 1 };
			struct archive *a;
			struct archive_entry *e;
			c.name = "x";
			c.title = "X";
			c.version = "1";
			c.memory = 64;
			c.bootstrap = bootstrap_backend_find("debootstrap");
			c.vmx_template = (char *)vmware_targets[t].name;
			c.disk_adapter = (char *)disk_adapters[k].name;
			strbuf_addf(&out, "%s/x.ova", test_tmpdir());
			o.out = out.buf;
			CHECK_INT(ova_build(&o), 0);
			int hw = ova_hw_version(&c);
			const char *alg = ova_manifest_algorithm(&c);
			CHECK_STR(alg, vmware_manifest_for(hw));

			a = archive_read_new();
			archive_read_support_format_tar(a);
			CHECK_INT(archive_read_open_filename(a, out.buf, 10240), ARCHIVE_OK);
			while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
				const char *name = archive_entry_pathname(e);
				struct sha256_ctx *h = hash_new_named(alg);
				struct strbuf *keep = !strcmp(name, "x.ovf") ? &ovf
						    : !strcmp(name, "x.mf") ? &mf : NULL;
				char buf[65536];
				la_ssize_t n;
				strbuf_addf(&members, "%s\n", name);
				/* ustar, never PAX (vSphere rejects it) */
				CHECK_INT(archive_format(a), ARCHIVE_FORMAT_TAR_USTAR);
				while ((n = archive_read_data(a, buf, sizeof(buf))) > 0) {
					sha256_update(h, buf, (size_t)n);
					if (keep)
						strbuf_add(keep, buf, (size_t)n);
				}
				if (!strcmp(name, "x.mf"))
					sha256_free(h);
				else
					sha256_final_hex(h, keep ? &ovf_hex : &disk_hex);
			}
			archive_read_free(a);
			CHECK_STR(members.buf, "x.ovf\nx.mf\nx-disk1.vmdk\n");

			char *vt = between(ovf.buf, "<vssd:VirtualSystemType>vmx-", "<");
			CHECK(vt && atoi(vt) == hw);
			free(vt);
			CHECK(hw >= disk_adapters[k].hw_version && hw >= vmware_targets[t].ova_hw);
			check_devices(ovf.buf, hw);
			char *os = between(ovf.buf, "vmw:osType=\"", "\"");
			const struct vmware_guest *g = NULL;
			for (size_t i = 0; os && i < vmware_guests_nr; i++)
				if (!strcmp(vmware_guests[i].os_type, os))
					g = &vmware_guests[i];
			CHECK(g && g->since_hw <= hw);
			free(os);
			strbuf_addf(&want, "SHA%s(x.ovf)= %s\nSHA%s(x-disk1.vmdk)= %s\n", alg + 3,
				    ovf_hex.buf, alg + 3, disk_hex.buf);
			CHECK_STR(mf.buf, want.buf);

			strbuf_release(&out);
			strbuf_release(&members);
			strbuf_release(&ovf);
			strbuf_release(&mf);
			strbuf_release(&disk_hex);
			strbuf_release(&ovf_hex);
			strbuf_release(&want);
		}
	}
}

/* ova_manifest overrides the table's algorithm. */
static void test_manifest_override(void)
{
	struct appconf c = APPCONF_INIT;
	c.vmx_template = "esxi";
	c.disk_adapter = "pvscsi";
	CHECK_STR(ova_manifest_algorithm(&c), "sha256");
	c.ova_manifest = "sha1";
	CHECK_STR(ova_manifest_algorithm(&c), "sha1");
}

int main(void)
{
	TEST(test_ovas_follow_the_table);
	TEST(test_manifest_override);
	TEST(test_descriptor);
	TEST(test_controller_items);
	TEST(test_refuses_non_stream);
	return test_done();
}
