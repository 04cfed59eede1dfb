/* OVA packages (see ova.h), written with libarchive. */
#include "image/ova.h"
#include "core/escape.h"
#include "core/hash.h"
#include "core/tarwrite.h"
#include "image/adapters.h"
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

/* VMware's OVF osType for the .vmx guestOS ("debian12" -> "debian12Guest"). */
static void os_type(struct strbuf *out, const struct appconf *c)
{
	const char *g = vmx_guest_os(c, false);
	if (!strncmp(g, "other", 5) && strstr(g, "linux"))
		strbuf_addf(out, "%.*sLinuxGuest", (int)(strstr(g, "linux") - g), g);
	else
		strbuf_addf(out, "%sGuest", g);
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

void ova_descriptor(struct strbuf *x, const struct appconf *c, const char *disk_name,
		    unsigned long long file_size, unsigned long long capacity)
{
	struct strbuf t = STRBUF_INIT;
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
		    disk_name, file_size, capacity);
	strbuf_addstr(x, "  <NetworkSection>\n    <Info>The list of logical networks</Info>\n"
		      "    <Network ovf:name=\"nat\">\n      <Description>The nat network</Description>\n"
		      "    </Network>\n  </NetworkSection>\n");
	strbuf_addf(x, "  <VirtualSystem ovf:id=\"%s\">\n    <Info>A virtual machine</Info>\n"
		    "    <Name>", c->name);
	xml_escape(x, c->title);
	strbuf_addstr(x, "</Name>\n    <AnnotationSection>\n      <Info>A human-readable annotation"
		      "</Info>\n      <Annotation>");
	strbuf_addf(&t, "%s %s: a paravirtualized 32-bit Linux appliance, USB and ACPI off, built "
		    "by pvappliance.%s", c->title, c->version, c->require_hypervisor ?
		    " It refuses to run on native hardware." : "");
	xml_escape(x, t.buf);
	strbuf_reset(&t);
	os_type(&t, c);
	strbuf_addf(x, "</Annotation>\n    </AnnotationSection>\n"
		    "    <OperatingSystemSection ovf:id=\"36\" vmw:osType=\"%s\">\n"
		    "      <Info>The kind of installed guest operating system</Info>\n"
		    "    </OperatingSystemSection>\n", t.buf);
	strbuf_addf(x, "    <VirtualHardwareSection>\n      <Info>Virtual hardware requirements"
		    "</Info>\n      <System>\n        <vssd:ElementName>Virtual Hardware Family"
		    "</vssd:ElementName>\n        <vssd:InstanceID>0</vssd:InstanceID>\n"
		    "        <vssd:VirtualSystemIdentifier>%s</vssd:VirtualSystemIdentifier>\n"
		    "        <vssd:VirtualSystemType>vmx-07</vssd:VirtualSystemType>\n"
		    "      </System>\n", c->name);
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
	/* appconf_load() allows only the table's adapters; the default otherwise. */
	const struct disk_adapter *adapter = disk_adapter_find(c->disk_adapter);
	controller_item(x, adapter ? adapter : &disk_adapters[0]);
	strbuf_addstr(x, "      <Item>\n        <rasd:AddressOnParent>0</rasd:AddressOnParent>\n"
		      "        <rasd:ElementName>Hard Disk 1</rasd:ElementName>\n"
		      "        <rasd:HostResource>ovf:/disk/vmdisk1</rasd:HostResource>\n"
		      "        <rasd:InstanceID>4</rasd:InstanceID>\n"
		      "        <rasd:Parent>3</rasd:Parent>\n"
		      "        <rasd:ResourceType>17</rasd:ResourceType>\n      </Item>\n"
		      "      <Item>\n        <rasd:AutomaticAllocation>true</rasd:AutomaticAllocation>\n"
		      "        <rasd:Connection>nat</rasd:Connection>\n"
		      "        <rasd:ElementName>Ethernet 1</rasd:ElementName>\n"
		      "        <rasd:InstanceID>5</rasd:InstanceID>\n"
		      "        <rasd:ResourceSubType>E1000</rasd:ResourceSubType>\n"
		      "        <rasd:ResourceType>10</rasd:ResourceType>\n      </Item>\n"
		      "    </VirtualHardwareSection>\n  </VirtualSystem>\n</Envelope>\n");
	strbuf_release(&t);
}

static void sha256_hex(const struct strbuf *sb, struct strbuf *hex)
{
	struct sha256_ctx *c = sha256_new();
	sha256_update(c, sb->buf, sb->len);
	sha256_final_hex(c, hex);
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
	struct strbuf ovf = STRBUF_INIT, mf = STRBUF_INIT, hex = STRBUF_INIT;
	struct strbuf ovf_name = STRBUF_INIT, disk_name = STRBUF_INIT, mf_name = STRBUF_INIT;
	struct atomic_file out = ATOMIC_FILE_INIT;
	struct archive *a = NULL;
	unsigned long long capacity = 0;
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
	if (stream_capacity(in, o->vmdk, &capacity))
		goto out;
	ova_descriptor(&ovf, c, disk_name.buf, (unsigned long long)st.st_size, capacity);

	if (atomic_begin(&out, o->out, 0644) || !(a = tar_open_fd(out.fd, o->out)))
		goto out;
	/* The .ovf first (OVF 1.0, 5.3), then the disk, then the manifest. */
	if (tar_add_buffer(a, ovf_name.buf, ovf.buf, ovf.len, o->epoch))
		goto out;
	sha256_hex(&ovf, &hex);
	strbuf_addf(&mf, "SHA256(%s)= %s\n", ovf_name.buf, hex.buf);

	struct sha256_ctx *sha = sha256_new();
	if (tar_add_file(a, disk_name.buf, o->vmdk, o->epoch, sha)) {
		sha256_free(sha);
		goto out;
	}
	strbuf_reset(&hex);
	sha256_final_hex(sha, &hex);
	strbuf_addf(&mf, "SHA256(%s)= %s\n", disk_name.buf, hex.buf);
	if (tar_add_buffer(a, mf_name.buf, mf.buf, mf.len, o->epoch))
		goto out;
	ret = tar_commit(a, &out);
out:
	if (a)
		archive_write_free(a);
	atomic_abort(&out);
	if (in >= 0)
		close(in);
	strbuf_release(&ovf);
	strbuf_release(&mf);
	strbuf_release(&hex);
	strbuf_release(&ovf_name);
	strbuf_release(&disk_name);
	strbuf_release(&mf_name);
	return ret;
}
