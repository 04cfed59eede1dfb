/*
 * Rendering a .vmx template (vmx-templates/NAME.vmx.in) for an appliance.
 * Placeholders are @NAME@ tokens, each replaced by a quoted .vmx value
 * (TITLE, ANNOTATION, GUEST_OS, GUEST_OS_2006, MEMORY; the guest OS the
 * newest the template's hardware version knows, from image/compat.c) or by a block of
 * lines (DISK: the controller and disk for disk_adapter; DISK_SCSI: the same
 * on a SCSI controller). An unknown placeholder or a stray '@' is an error
 * at template:line, and so is a template that leaves one of them unused (a
 * disk, the title, the annotation, the memory, a guest OS). '#' lines are
 * the template's own notes and are not copied.
 */
#ifndef VMX_H
#define VMX_H

#include "conf/appconf.h"
#include "core/strbuf.h"

/* Append text quoted as a .vmx value: "..." with '"', '|', '#' and control
 * characters written as |XX, the way VMware writes them. */
void vmx_quote(struct strbuf *out, const char *text);

/* The guestOS for the appliance that products of hardware version hw know
 * (image/compat.c). @GUEST_OS@ is the one for the template's
 * virtualHW.version, @GUEST_OS_2006@ the one for version 4. */
const char *vmx_guest_os(const struct appconf *c, int hw);

/* Append the three ways a root password, SSH keys and a host name get in
 * on first boot (the console, qemu's SMBIOS credentials, VMware's OVF
 * properties or guestinfo lines): for the .vmx annotation and the OVF. */
void vmx_first_boot_notes(struct strbuf *out);

int vmx_render(const char *template_path, const struct appconf *c, const char *vmdk_name,
	       const char *kernel_version, struct strbuf *out);

#endif
