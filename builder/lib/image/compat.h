/*
 * What VMware's products accept, in two tables: vmware_targets[] (one row
 * per .vmx template in vmx-templates/, which is also the OVA's target for
 * an appliance with that vmx_template) and vmware_guests[] (the guest OS
 * identifiers we use, with the oldest hardware version whose products know
 * them). The .vmx, the OVF, appliance config and the unit tests read the
 * rows; none of them names a product or a hardware version.
 *
 * Sources (cited at the rows): VMware's KB 1003746 as govmomi
 * vim25/types/hardware_version.go carries it (hardware version per ESXi
 * release), vmware/open-vmdk ova/mkova.sh (manifest algorithm by hardware
 * version, member order) and templates/template-hw*.ovf (the OVF VMware's
 * tools write), govmomi ovf/ (guest identifier to CIM OsType), open-vm-tools
 * lib/include/guest_os_tables.h (the .vmx guestOS names), and the guest
 * identifiers' first VMware release as Apache CloudStack's
 * guest_os_hypervisor mappings record them.
 *
 * To add a target (a new .vmx template):
 *  1. Write vmx-templates/NAME.vmx.in (its virtualHW.version, its NIC).
 *  2. Add its row to vmware_targets[] in image/compat.c: the name, the
 *     hardware version the template sets, the products and oldest versions
 *     that run it, its NIC (.vmx virtualDev, OVF ResourceSubType), the
 *     vmx-NN its OVA declares at least, whether ESXi runs it (its zip then
 *     carries a VMFS-style disk) and whether it is VMI's (vmi.present).
 *  3. builder/t/image/t-compat.c checks every row against its template
 *     file and the guest table; tests/t4020-vmx-ova.sh renders every
 *     template and packs every target's OVA.
 * To add a guest identifier: its row in vmware_guests[] (the .vmx name,
 * the OVF osType, the CIM OsType, the oldest hardware version that knows
 * it, the products) with a source, then the backends' guest_os lists
 * (rootfs/backends/backends.c) may name it.
 */
#ifndef COMPAT_H
#define COMPAT_H

#include <stdbool.h>
#include <stddef.h>
#include "core/strbuf.h"

struct appconf;
struct disk_adapter;

struct vmware_guest {
	const char *vmx;        /* .vmx guestOS = "debian12" */
	const char *os_type;    /* OVF vmw:osType = "debian12Guest" */
	unsigned cim_id;        /* OVF OperatingSystemSection ovf:id (CIM_OperatingSystem.OsType) */
	int since_hw;           /* the oldest hardware version whose products know it */
	const char *since;      /* those products, for people */
};

struct vmware_target {
	const char *name;       /* vmx_template = NAME: vmx-templates/NAME.vmx.in */
	int hw_version;         /* the template's virtualHW.version */
	const char *products;   /* the products and oldest versions that run it */
	const char *vmx_nic;    /* the template's ethernet0.virtualDev */
	const char *ovf_nic;    /* the OVF's NIC rasd:ResourceSubType */
	int ova_hw;             /* the lowest vmx-NN its OVA declares (OVF 1.0 came with 7) */
	const char *ova_products; /* who imports that OVA */
	bool esxi;              /* ESXi runs it: its zip carries a VMFS-style disk */
	bool vmi;               /* vmi.present = "TRUE" (2006's VMI preview) */
};

extern const struct vmware_guest vmware_guests[];
extern const size_t vmware_guests_nr;
extern const struct vmware_target vmware_targets[];
extern const size_t vmware_targets_nr;

/* The row named name, or NULL. */
const struct vmware_target *vmware_target_find(const char *name);
const struct vmware_guest *vmware_guest_find(const char *vmx_name);

/* The first of the appliance's guest identifiers (its backend's list,
 * newest first) that products of hardware version hw know; never NULL
 * (the backends' lists end with one every version knows). */
const struct vmware_guest *vmware_guest_for(const struct appconf *c, int hw);

/* The hardware version an OVA of t with adapter a declares: t's ova_hw,
 * raised to what the adapter needs, so that vmx-NN covers every device. */
int vmware_ova_hw(const struct vmware_target *t, const struct disk_adapter *a);

/* The manifest algorithm VMware's mkova.sh uses for hardware version hw:
 * "sha1" up to 12, "sha256" for 13 and 14, "sha512" above. */
const char *vmware_manifest_for(int hw);

/* Append, for people, which products take the appliance's downloads and
 * why (appliance config prints it). */
void vmware_explain(struct strbuf *out, const struct appconf *c);

#endif
