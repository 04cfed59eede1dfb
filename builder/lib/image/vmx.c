/* .vmx templates (see vmx.h). */
#include "image/vmx.h"
#include "core/array.h"
#include "core/xalloc.h"
#include "image/adapters.h"
#include "image/compat.h"
#include "rootfs/backends/backends.h"

#include <stdlib.h>
#include <string.h>

void vmx_quote(struct strbuf *out, const char *text)
{
	strbuf_addch(out, '"');
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p == '"' || *p == '|' || *p == '#' || *p < 0x20 || *p == 0x7f)
			strbuf_addf(out, "|%02X", *p);
		else
			strbuf_addch(out, (char)*p);
	}
	strbuf_addch(out, '"');
}

const char *vmx_guest_os(const struct appconf *c, int hw)
{
	/* The newest of the backend's identifiers that hardware version hw's
	 * products know (image/compat.c). */
	return vmware_guest_for(c, hw)->vmx;
}

/* The template's virtualHW.version, 0 when it sets none: the guest
 * identifier depends on it, wherever the line stands. */
static int template_hw(const char *tpl)
{
	static const char key[] = "virtualHW.version = \"";
	for (const char *p = tpl; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, key, strlen(key)))
			return atoi(p + strlen(key));
	return 0;
}

void vmx_first_boot_notes(struct strbuf *out)
{
	strbuf_addstr(out, "First boot: the console asks for a new root password, unless one "
		      "is handed in. qemu/KVM: -smbios type=11,value=io.systemd.credential:"
		      "passwd.hashed-password.root=HASH (also ssh.authorized_keys.root, "
		      "system.hostname). VMware: the OVF properties in vSphere's deploy wizard, "
		      "or lines guestinfo.passwd.hashed-password.root = \"HASH\" (also "
		      "guestinfo.ssh.authorized_keys.root, guestinfo.system.hostname) in the "
		      ".vmx. HASH: mkpasswd -m yescrypt, or openssl passwd -6. SSH host keys "
		      "are made on first boot.");
}

/* The controller's and the disk's lines for adapter a (its row). */
static void disk_block(struct strbuf *out, const struct disk_adapter *a, const char *vmdk)
{
	const char *p = a->vmx_prefix;
	if (a->vmx_present)
		strbuf_addf(out, "%s.present = \"TRUE\"\n", p);
	if (a->vmx_virtual_dev)
		strbuf_addf(out, "%s.virtualDev = \"%s\"\n", p, a->vmx_virtual_dev);
	strbuf_addf(out, "%s:0.present = \"TRUE\"\n", p);
	if (a->vmx_device_type)
		strbuf_addf(out, "%s:0.deviceType = \"%s\"\n", p, a->vmx_device_type);
	strbuf_addf(out, "%s:0.fileName = ", p);
	vmx_quote(out, vmdk);
}

static const char *const known[] = { "TITLE", "ANNOTATION", "GUEST_OS", "GUEST_OS_2006",
				     "MEMORY", "DISK", "DISK_SCSI", NULL };

int vmx_render(const char *template_path, const struct appconf *c, const char *vmdk_name,
	       const char *kernel_version, struct strbuf *out)
{
	struct strbuf tpl = STRBUF_INIT, value = STRBUF_INIT, notes = STRBUF_INIT;
	unsigned lineno = 0;
	int ret = 0, hw = 0, disks = 0, guest_hw;
	const struct disk_adapter *adapter = disk_adapter_find(c->disk_adapter);

	if (!adapter)
		return error("disk_adapter = '%s' in %s: not an adapter", c->disk_adapter, c->path);
	if (strbuf_read_file(&tpl, template_path))
		return -1;
	strbuf_addf(&notes, "%s %s, a paravirtualized 32-bit Linux appliance (kernel %s, "
		    "USB and ACPI off; it powers itself off through APM).\n%s"
		    "Built by pvappliance.\n", c->title, c->version, kernel_version,
		    c->require_hypervisor ? "It refuses to run on native hardware.\n" : "");
	vmx_first_boot_notes(&notes);
	/* Without a virtualHW.version (an error below) the 2006 names stand. */
	guest_hw = template_hw(tpl.buf);
	if (!guest_hw)
		guest_hw = 4;

	for (const char *p = tpl.buf; *p;) {
		const char *nl = strchrnul(p, '\n');
		lineno++;
		if (*p == '#') { /* the template's own notes */
			p = *nl ? nl + 1 : nl;
			continue;
		}
		const char *hw_key = "virtualHW.version = \"";
		if (!strncmp(p, hw_key, strlen(hw_key)))
			hw = atoi(p + strlen(hw_key));
		for (const char *q = p; q < nl;) {
			const char *at = memchr(q, '@', (size_t)(nl - q)), *end;
			if (!at) {
				strbuf_add(out, q, (size_t)(nl - q));
				break;
			}
			strbuf_add(out, q, (size_t)(at - q));
			end = memchr(at + 1, '@', (size_t)(nl - at - 1));
			size_t n = end ? (size_t)(end - at - 1) : 0;
			char *name = xstrndup(at + 1, n);
			if (!end || !n || name[strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")]) {
				ret = error_at(template_path, lineno, "a stray '@': placeholders are "
					       "@NAME@ in capitals, e.g. @TITLE@");
				free(name);
				break;
			}
			strbuf_reset(&value);
			if (!strcmp(name, "TITLE"))
				vmx_quote(&value, c->title);
			else if (!strcmp(name, "ANNOTATION"))
				vmx_quote(&value, notes.buf);
			else if (!strcmp(name, "GUEST_OS"))
				vmx_quote(&value, vmx_guest_os(c, guest_hw));
			else if (!strcmp(name, "GUEST_OS_2006")) /* the 2006 products' names */
				vmx_quote(&value, vmx_guest_os(c, 4));
			else if (!strcmp(name, "MEMORY"))
				strbuf_addf(&value, "\"%u\"", c->memory);
			else if (!strcmp(name, "DISK") || !strcmp(name, "DISK_SCSI")) {
				const struct disk_adapter *a = name[4] ? disk_adapter_scsi(adapter)
									: adapter;
				disk_block(&value, a, vmdk_name);
				disks++;
				if (hw && hw < a->hw_version)
					ret = error_at(template_path, lineno, "disk_adapter = %s needs "
						       "virtualHW.version %d or later; this template "
						       "has %d: pick another vmx_template in %s",
						       a->name, a->hw_version, hw, c->path);
			} else {
				struct strbuf list = STRBUF_INIT;
				for (size_t i = 0; known[i]; i++)
					strbuf_addf(&list, "%s@%s@", i ? ", " : "", known[i]);
				ret = error_at(template_path, lineno, "unknown placeholder @%s@; known: %s",
					       name, list.buf);
				strbuf_release(&list);
			}
			strbuf_add(out, value.buf, value.len);
			free(name);
			q = end + 1;
		}
		strbuf_addch(out, '\n');
		p = *nl ? nl + 1 : nl;
	}
	if (!ret && !disks)
		ret = error("%s never uses @DISK@ or @DISK_SCSI@: the VM would have no disk",
			    template_path);
	/* The values every VM needs: a template without them is incomplete. */
	static const char *const needed[][2] = { { "TITLE", NULL }, { "ANNOTATION", NULL },
						 { "MEMORY", NULL }, { "GUEST_OS", "GUEST_OS_2006" } };
	for (size_t i = 0; !ret && i < ARRAY_SIZE(needed); i++) {
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
		strbuf_addf(&a, "@%s@", needed[i][0]);
		if (needed[i][1])
			strbuf_addf(&b, "@%s@", needed[i][1]);
		if (!strstr(tpl.buf, a.buf) && (!b.len || !strstr(tpl.buf, b.buf)))
			ret = error("%s never uses %s%s%s: every VM needs it", template_path, a.buf,
				    b.len ? " or " : "", b.buf);
		strbuf_release(&a);
		strbuf_release(&b);
	}
	if (!ret && !hw)
		ret = error("%s sets no virtualHW.version", template_path);
	strbuf_release(&tpl);
	strbuf_release(&value);
	strbuf_release(&notes);
	return ret;
}
