/* OVA packages (see ova.h), written with libarchive. */
#include "image/ova.h"
#include "core/escape.h"
#include "core/hash.h"
#include "core/tarwrite.h"
#include "image/adapters.h"
#include "image/compat.h"
#include "image/licenses.h"
#include "image/vmdk/vmdk.h"
#include "image/vmx.h"
#include "core/xalloc.h"

#include <archive.h>
#include <archive_entry.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *const ova_property_keys[] = { "passwd.hashed-password.root",
					  "ssh.authorized_keys.root", "system.hostname", NULL };

int ova_hw_version(const struct appconf *c)
{
	return vmware_ova_hw(vmware_target_find(c->vmx_template), disk_adapter_find(c->disk_adapter));
}

const char *ova_manifest_algorithm(const struct appconf *c)
{
	return c->ova_manifest ? c->ova_manifest : vmware_manifest_for(ova_hw_version(c));
}

/* The disk's controller, from the adapter's row. */
static void controller_item(struct strbuf *x, const struct disk_adapter *a)
{
	strbuf_addf(x, "      <Item>\n        <rasd:Address>0</rasd:Address>\n"
		    "        <rasd:ElementName>%s Controller 0</rasd:ElementName>\n"
		    "        <rasd:InstanceID>3</rasd:InstanceID>\n", a->ovf_name);
	if (a->ovf_subtype)
		strbuf_addf(x, "        <rasd:ResourceSubType>%s</rasd:ResourceSubType>\n",
			    a->ovf_subtype);
	strbuf_addf(x, "        <rasd:ResourceType>%u</rasd:ResourceType>\n      </Item>\n",
		    a->ovf_resource_type);
}

static void element(struct strbuf *x, const char *indent, const char *tag, const char *text)
{
	strbuf_addf(x, "%s<%s>", indent, tag);
	xml_escape(x, text);
	strbuf_addf(x, "</%s>\n", tag);
}

/* One first-boot property: a string people may set in the deploy wizard. */
static void property(struct strbuf *x, const char *key, const char *value, const char *label,
		     const char *description)
{
	strbuf_addf(x, "      <Property ovf:key=\"%s\" ovf:type=\"string\" "
		    "ovf:userConfigurable=\"true\" ovf:value=\"", key);
	xml_escape(x, value);
	strbuf_addstr(x, "\">\n");
	element(x, "        ", "Label", label);
	element(x, "        ", "Description", description);
	strbuf_addstr(x, "      </Property>\n");
}

/* Product, vendor, version, URLs, and the first-boot properties (OVF 1.0,
 * 9.5: Info, Product, Vendor, Version, FullVersion, ProductUrl, VendorUrl,
 * AppUrl, then Category and Property elements, in that order). */
static void product_section(struct strbuf *x, const struct appconf *c)
{
	strbuf_addstr(x, "    <ProductSection>\n      <Info>Information about the installed "
		      "software</Info>\n");
	element(x, "      ", "Product", c->title);
	element(x, "      ", "Vendor", c->vendor ? c->vendor : "pvappliance");
	element(x, "      ", "Version", c->version);
	strbuf_addstr(x, "      <FullVersion>");
	xml_escape(x, c->version);
	strbuf_addstr(x, " (");
	xml_escape(x, c->name);
	strbuf_addstr(x, ", i386, paravirt_ops)</FullVersion>\n");
	if (c->product_url)
		element(x, "      ", "ProductUrl", c->product_url);
	if (c->app_url)
		element(x, "      ", "AppUrl", c->app_url);
	element(x, "      ", "Category", "First boot (read once, through VMware Tools' "
		"guestinfo; empty: the console asks for a root password)");
	property(x, ova_property_keys[0], "", "Root password hash",
		 "A crypt(5) hash of root's password, e.g. from `mkpasswd -m yescrypt` or "
		 "`openssl passwd -6`; never the password itself.");
	property(x, ova_property_keys[1], "", "SSH authorized keys for root",
		 "Public keys, one per line as in ~/.ssh/authorized_keys, for root.");
	property(x, ova_property_keys[2], c->hostname ? c->hostname : c->name, "Host name",
		 "The appliance's host name.");
	strbuf_addstr(x, "    </ProductSection>\n");
}

void ova_descriptor(struct strbuf *x, const struct appconf *c, const struct ova_desc *d)
{
	struct strbuf t = STRBUF_INIT;
	/* appconf_load() allows only the table's adapters; the default otherwise. */
	const struct disk_adapter *adapter = disk_adapter_find(c->disk_adapter);
	const struct vmware_target *target = vmware_target_find(c->vmx_template);
	int hw = ova_hw_version(c);
	const struct vmware_guest *guest = vmware_guest_for(c, hw);

	if (!adapter)
		adapter = &disk_adapters[0];
	strbuf_addstr(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<Envelope xmlns=\"http://schemas.dmtf.org/ovf/envelope/1\"\n"
		"    xmlns:ovf=\"http://schemas.dmtf.org/ovf/envelope/1\"\n"
		"    xmlns:rasd=\"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData\"\n"
		"    xmlns:vssd=\"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData\"\n"
		"    xmlns:vmw=\"http://www.vmware.com/schema/ovf\"\n"
		"    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
		"  <References>\n");
	strbuf_addf(x, "    <File ovf:href=\"%s\" ovf:id=\"file1\" ovf:size=\"%llu\"/>\n"
		    "  </References>\n  <DiskSection>\n    <Info>Virtual disk information</Info>\n"
		    "    <Disk ovf:capacity=\"%llu\" ovf:capacityAllocationUnits=\"byte\" "
		    "ovf:diskId=\"vmdisk1\" ovf:fileRef=\"file1\" ovf:format=\"http://www.vmware.com/"
		    "interfaces/specifications/vmdk.html#streamOptimized\"/>\n  </DiskSection>\n",
		    d->disk_name, d->file_size, d->capacity);
	strbuf_addstr(x, "  <NetworkSection>\n    <Info>The list of logical networks</Info>\n"
		      "    <Network ovf:name=\"nat\">\n      <Description>The nat network</Description>\n"
		      "    </Network>\n  </NetworkSection>\n");
	strbuf_addf(x, "  <VirtualSystem ovf:id=\"%s\">\n    <Info>A virtual machine</Info>\n"
		    "    <Name>", c->name);
	xml_escape(x, c->title);
	strbuf_addf(x, "</Name>\n"
		    "    <OperatingSystemSection ovf:id=\"%u\" vmw:osType=\"%s\">\n"
		    "      <Info>The kind of installed guest operating system</Info>\n"
		    "    </OperatingSystemSection>\n", guest->cim_id, guest->os_type);
	/* com.vmware.guestInfo: vSphere hands the OVF environment (the
	 * properties' values) to the guest as guestinfo.ovfEnv. */
	strbuf_addf(x, "    <VirtualHardwareSection ovf:transport=\"com.vmware.guestInfo\">\n"
		    "      <Info>Virtual hardware requirements</Info>\n      <System>\n"
		    "        <vssd:ElementName>Virtual Hardware Family</vssd:ElementName>\n"
		    "        <vssd:InstanceID>0</vssd:InstanceID>\n"
		    "        <vssd:VirtualSystemIdentifier>%s</vssd:VirtualSystemIdentifier>\n"
		    "        <vssd:VirtualSystemType>vmx-%02d</vssd:VirtualSystemType>\n"
		    "      </System>\n", c->name, hw);
	strbuf_addf(x, "      <Item>\n        <rasd:AllocationUnits>hertz * 10^6</rasd:AllocationUnits>\n"
		    "        <rasd:Description>Number of Virtual CPUs</rasd:Description>\n"
		    "        <rasd:ElementName>1 virtual CPU(s)</rasd:ElementName>\n"
		    "        <rasd:InstanceID>1</rasd:InstanceID>\n"
		    "        <rasd:ResourceType>3</rasd:ResourceType>\n"
		    "        <rasd:VirtualQuantity>1</rasd:VirtualQuantity>\n      </Item>\n"
		    "      <Item>\n        <rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits>\n"
		    "        <rasd:Description>Memory Size</rasd:Description>\n"
		    "        <rasd:ElementName>%uMB of memory</rasd:ElementName>\n"
		    "        <rasd:InstanceID>2</rasd:InstanceID>\n"
		    "        <rasd:ResourceType>4</rasd:ResourceType>\n"
		    "        <rasd:VirtualQuantity>%u</rasd:VirtualQuantity>\n      </Item>\n",
		    c->memory, c->memory);
	controller_item(x, adapter);
	strbuf_addf(x, "      <Item>\n        <rasd:AddressOnParent>0</rasd:AddressOnParent>\n"
		    "        <rasd:ElementName>Hard Disk 1</rasd:ElementName>\n"
		    "        <rasd:HostResource>ovf:/disk/vmdisk1</rasd:HostResource>\n"
		    "        <rasd:InstanceID>4</rasd:InstanceID>\n"
		    "        <rasd:Parent>3</rasd:Parent>\n"
		    "        <rasd:ResourceType>17</rasd:ResourceType>\n      </Item>\n"
		    "      <Item>\n        <rasd:AutomaticAllocation>true</rasd:AutomaticAllocation>\n"
		    "        <rasd:Connection>nat</rasd:Connection>\n"
		    "        <rasd:ElementName>Ethernet 1</rasd:ElementName>\n"
		    "        <rasd:InstanceID>5</rasd:InstanceID>\n"
		    "        <rasd:ResourceSubType>%s</rasd:ResourceSubType>\n"
		    "        <rasd:ResourceType>10</rasd:ResourceType>\n      </Item>\n"
		    "    </VirtualHardwareSection>\n", target ? target->ovf_nic : "E1000");
	strbuf_addstr(x, "    <AnnotationSection>\n      <Info>A human-readable annotation"
		      "</Info>\n      <Annotation>");
	strbuf_addf(&t, "%s %s: a paravirtualized 32-bit Linux appliance, USB and ACPI off, built "
		    "by pvappliance.%s ", c->title, c->version, c->require_hypervisor ?
		    " It refuses to run on native hardware." : "");
	vmx_first_boot_notes(&t);
	xml_escape(x, t.buf);
	strbuf_addstr(x, "</Annotation>\n    </AnnotationSection>\n");
	product_section(x, c);
	strbuf_addstr(x, "    <EulaSection>\n      <Info>The licences of the software the "
		      "appliance contains</Info>\n      <License>");
	xml_escape(x, d->license ? d->license : "");
	strbuf_addstr(x, "</License>\n    </EulaSection>\n  </VirtualSystem>\n</Envelope>\n");
	strbuf_release(&t);
}

/* name's line in the manifest, as mkova.sh writes it: "SHA256(name)= hex"
 * (vSphere refuses other spacing). */
static void manifest_line(struct strbuf *mf, const char *alg, const char *name,
			  struct sha256_ctx *h)
{
	struct strbuf hex = STRBUF_INIT;
	sha256_final_hex(h, &hex);
	strbuf_addstr(mf, "SHA");
	strbuf_addstr(mf, alg + 3);
	strbuf_addf(mf, "(%s)= %s\n", name, hex.buf);
	strbuf_release(&hex);
}

/* A streamOptimized VMDK's capacity in bytes, or -1. */
static int stream_capacity(int fd, const char *path, unsigned long long *bytes)
{
	struct vmdk_header h;
	if (pread(fd, &h, sizeof(h), 0) != (ssize_t)sizeof(h) || le32toh(h.magic) != VMDK_MAGIC ||
	    le32toh(h.version) != 3 || !(le32toh(h.flags) & VMDK_FLAG_COMPRESSED))
		return error("'%s' is not a streamOptimized VMDK (make one with appliance vmdk "
			     "--subformat streamOptimized)", path);
	*bytes = le64toh(h.capacity) * VMDK_SECTOR;
	return 0;
}

int ova_build(const struct ova_opts *o)
{
	const struct appconf *c = o->conf;
	struct strbuf ovf = STRBUF_INIT, mf = STRBUF_INIT, license = STRBUF_INIT;
	struct strbuf ovf_name = STRBUF_INIT, disk_name = STRBUF_INIT, mf_name = STRBUF_INIT;
	struct atomic_file out = ATOMIC_FILE_INIT;
	struct archive *a = NULL;
	struct sha256_ctx *h = NULL;
	const char *alg = ova_manifest_algorithm(c);
	struct ova_desc d = { 0 };
	struct stat st;
	int in = -1, ret = -1;

	strbuf_addf(&ovf_name, "%s.ovf", c->name);
	strbuf_addf(&disk_name, "%s-disk1.vmdk", c->name);
	strbuf_addf(&mf_name, "%s.mf", c->name);
	in = open(o->vmdk, O_RDONLY | O_CLOEXEC);
	if (in < 0 || fstat(in, &st) < 0) {
		error_errno("cannot open '%s'", o->vmdk);
		goto out;
	}
	if (stream_capacity(in, o->vmdk, &d.capacity) || licenses_summary(&license, o->rootfs))
		goto out;
	d.disk_name = disk_name.buf;
	d.file_size = (unsigned long long)st.st_size;
	d.license = license.buf;
	ova_descriptor(&ovf, c, &d);

	/* The manifest is written before the disk is read into the archive:
	 * the disk is hashed once, first. */
	if (!(h = hash_new_named(alg))) {
		error("libcrypto has no %s digest (ova_manifest in %s)", alg, c->path);
		goto out;
	}
	sha256_update(h, ovf.buf, ovf.len);
	manifest_line(&mf, alg, ovf_name.buf, h);
	if (!(h = hash_new_named(alg)))
		goto out;
	{
		static unsigned char buf[1 << 20];
		ssize_t n;
		while ((n = read(in, buf, sizeof(buf))) > 0)
			sha256_update(h, buf, (size_t)n);
		if (n < 0) {
			error_errno("cannot read '%s'", o->vmdk);
			goto out;
		}
	}
	manifest_line(&mf, alg, disk_name.buf, h);
	h = NULL;

	if (atomic_begin(&out, o->out, 0644) ||
	    !(a = tar_open_fd_format(out.fd, o->out, d.file_size > TAR_USTAR_MAX)))
		goto out;
	/* VMware's order (mkova.sh: tar cf NAME.ova *.ovf *.mf *.vmdk): the
	 * .ovf first (OVF 1.0, 5.3; ovftool insists), the manifest, the disk. */
	if (tar_add_buffer(a, ovf_name.buf, ovf.buf, ovf.len, o->epoch) ||
	    tar_add_buffer(a, mf_name.buf, mf.buf, mf.len, o->epoch) ||
	    tar_add_file(a, disk_name.buf, o->vmdk, o->epoch, NULL))
		goto out;
	ret = tar_commit(a, &out);
out:
	if (h)
		sha256_free(h);
	if (a)
		archive_write_free(a);
	atomic_abort(&out);
	if (in >= 0)
		close(in);
	strbuf_release(&ovf);
	strbuf_release(&mf);
	strbuf_release(&license);
	strbuf_release(&ovf_name);
	strbuf_release(&disk_name);
	strbuf_release(&mf_name);
	return ret;
}
