/*
 * Rendering a .vmx template (vmx-templates/NAME.vmx.in) for an appliance.
 * Placeholders are @NAME@ tokens, each replaced by a quoted .vmx value
 * (TITLE, ANNOTATION, GUEST_OS, GUEST_OS_2006, MEMORY) or by a block of
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

/* The guestOS VMware knows for the appliance: era "2006" or "modern". */
const char *vmx_guest_os(const struct appconf *c, bool era_2006);

int vmx_render(const char *template_path, const struct appconf *c, const char *vmdk_name,
	       const char *kernel_version, struct strbuf *out);

#endif
