/* The libvirt domain XML of an appliance (see libvirt.h).
 * Tested by tests/t4030-kvm.sh (virt-xml-validate and a boot). */
#include "image/libvirt.h"
#include "core/escape.h"
#include "image/vmx.h"

void libvirt_domain(struct strbuf *x, const struct appconf *c, const char *disk_name)
{
	struct strbuf t = STRBUF_INIT;

	strbuf_addstr(x, "<domain type=\"kvm\">\n  <name>");
	xml_escape(x, c->name);
	strbuf_addstr(x, "</name>\n  <title>");
	xml_escape(x, c->title);
	strbuf_addstr(x, "</title>\n  <description>");
	strbuf_addf(&t, "%s %s, a paravirtualized 32-bit Linux appliance (USB and ACPI off). "
		    "Copy %s to " LIBVIRT_IMAGES "/, then: virsh define this file; virsh start "
		    "%s; virsh console %s. ", c->title, c->version, disk_name, c->name, c->name);
	vmx_first_boot_notes(&t);
	strbuf_addf(&t, " cloud-init NoCloud seeds are read too: virt-install --import --disk %s "
		    "--osinfo linux2022 --cloud-init root-password-generate=on,ssh-key=KEY.pub, or "
		    "Proxmox's Cloud-Init tab (user root, a password, SSH keys).", disk_name);
	xml_escape(x, t.buf);
	strbuf_addf(x, "</description>\n  <memory unit=\"MiB\">%u</memory>\n"
		    "  <vcpu>1</vcpu>\n  <os>\n    <type arch=\"i686\" machine=\"pc\">hvm</type>\n"
		    "    <boot dev=\"hd\"/>\n  </os>\n"
		    /* The host's CPU model: qemu-system-i386's default (qemu32) has
		     * no NX bit, and the kernel's NX (PAE) would be lost. */
		    "  <cpu mode=\"host-model\"/>\n  <clock offset=\"utc\"/>\n"
		    "  <on_poweroff>destroy</on_poweroff>\n  <on_reboot>restart</on_reboot>\n"
		    "  <on_crash>destroy</on_crash>\n  <devices>\n"
		    "    <disk type=\"file\" device=\"disk\">\n"
		    "      <driver name=\"qemu\" type=\"qcow2\"/>\n"
		    "      <source file=\"" LIBVIRT_IMAGES "/", c->memory);
	xml_escape(x, disk_name);
	strbuf_addstr(x, "\"/>\n      <target dev=\"vda\" bus=\"virtio\"/>\n    </disk>\n"
		      "    <interface type=\"network\">\n      <source network=\"default\"/>\n"
		      "      <model type=\"virtio\"/>\n    </interface>\n"
		      "    <serial type=\"pty\">\n      <target port=\"0\"/>\n    </serial>\n"
		      "    <console type=\"pty\">\n      <target type=\"serial\" port=\"0\"/>\n"
		      "    </console>\n  </devices>\n</domain>\n");
	strbuf_release(&t);
}
