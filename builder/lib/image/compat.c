/* The VMware compatibility tables (see compat.h for adding a row). */
#include "image/compat.h"
#include "conf/appconf.h"
#include "image/adapters.h"
#include "rootfs/backends/backends.h"
#include "core/array.h"

#include <string.h>

/*
 * Guest identifiers. .vmx names: open-vm-tools lib/include/guest_os_tables.h
 * (GOKM("debian12", debian12Guest)...). The first release that knows each,
 * as Apache CloudStack's guest_os_hypervisor upgrades record VMware's lists:
 * debian12Guest from VMware 8.0, debian11Guest from 7.0, other5xLinuxGuest
 * from 7.0.1, debian10Guest and other4xLinuxGuest with 6.5; the 2.6-era,
 * Fedora and SUSE names go back to ESX 3 / Workstation 5.5 (the 2006
 * preview's own appliances used them). Hardware version of each release:
 * KB 1003746 (govmomi hardware_version.go): ESXi 8.0 -> 20, 7.0U1 -> 18,
 * 7.0 -> 17, 6.5 -> 13, 4.0 -> 7, ESX 3 -> 4. CIM OsType (DSP0243 / CIM
 * schema; govmomi ovf/ maps osType to it): 36 LINUX, 82 SUSE, 95 Debian,
 * 99 Linux 2.6.x.
 */
const struct vmware_guest vmware_guests[] = {
	{ "debian12", "debian12Guest", 95, 20, "vSphere 8.0, Workstation 17, Fusion 13" },
	{ "debian11", "debian11Guest", 95, 17, "vSphere 7.0, Workstation 16, Fusion 12" },
	{ "debian10", "debian10Guest", 95, 13, "vSphere 6.5, Workstation 15, Fusion 11" },
	{ "other5xlinux", "other5xLinuxGuest", 36, 18, "vSphere 7.0 U1, Workstation 16" },
	{ "other4xlinux", "other4xLinuxGuest", 36, 13, "vSphere 6.5, Workstation 14" },
	{ "other26xlinux", "other26xLinuxGuest", 99, 4, "ESX 3, Workstation 5.5, Player 1" },
	{ "fedora", "fedoraGuest", 36, 4, "ESX 3, Workstation 5.5, Player 1" },
	/* openSUSE got its own name after 2006 (Workstation 6.5 / ESX 4 list it) */
	{ "opensuse", "opensuseGuest", 82, 7, "ESX 4.0, Workstation 6.5" },
	{ "suse", "suseGuest", 82, 4, "ESX 3, Workstation 5.5, Player 1" },
};
const size_t vmware_guests_nr = ARRAY_SIZE(vmware_guests);

/*
 * Targets. Products per hardware version: KB 1003746 (govmomi
 * hardware_version.go; formats.md 1). The NIC's OVF names are those of
 * open-vmdk's templates/template-hw*.ovf ("VmxNet3"; "E1000" and "PCNet32"
 * as ovftool writes them). OVF 1.0 import came with ESX 4.0 and
 * Workstation 7 (vmx-07, open-vmdk's oldest template, template-hw7.ovf):
 * no OVA can ask for less.
 */
const struct vmware_target vmware_targets[] = {
	{
		.name = "hosted-2006",
		.hw_version = 4,
		.products = "Workstation 5.5, Player 1.0, Server 1.0, ESX 3.0 and later "
			    "(the 2006 VMI preview's hardware)",
		.vmx_nic = "vlance",
		.ovf_nic = "PCNet32",
		.ova_hw = 7,
		.ova_products = "vSphere/ESX 4.0, Workstation 7, Fusion 3, ovftool 1.0 and later; "
				"VirtualBox",
		.vmi = true,
	},
	{
		.name = "workstation",
		.hw_version = 16,
		.products = "Workstation 15.5, Player 15.5, Fusion 11.5 and later",
		.vmx_nic = "e1000",
		.ovf_nic = "E1000",
		.ova_hw = 7,
		.ova_products = "vSphere/ESX 4.0, Workstation 7, Fusion 3, ovftool 1.0 and later; "
				"VirtualBox",
	},
	{
		.name = "esxi",
		.hw_version = 14,
		.products = "ESXi 6.7 (vSphere 6.7) and later",
		.vmx_nic = "vmxnet3",
		.ovf_nic = "VmxNet3",
		.ova_hw = 14,
		.ova_products = "vSphere/ESXi 6.7, Workstation 14, Fusion 10 and later",
		.esxi = true,
	},
};
const size_t vmware_targets_nr = ARRAY_SIZE(vmware_targets);

const struct vmware_target *vmware_target_find(const char *name)
{
	for (size_t i = 0; name && i < vmware_targets_nr; i++)
		if (!strcmp(vmware_targets[i].name, name))
			return &vmware_targets[i];
	return NULL;
}

const struct vmware_guest *vmware_guest_find(const char *vmx_name)
{
	for (size_t i = 0; vmx_name && i < vmware_guests_nr; i++)
		if (!strcmp(vmware_guests[i].vmx, vmx_name))
			return &vmware_guests[i];
	return NULL;
}

const struct vmware_guest *vmware_guest_for(const struct appconf *c, int hw)
{
	const struct vmware_guest *g = NULL;
	const char *const *list = c->bootstrap ? c->bootstrap->guest_os
					       : bootstrap_backends[0].guest_os;
	for (size_t i = 0; i < BACKEND_GUESTS_MAX && list[i]; i++) {
		g = vmware_guest_find(list[i]);
		if (g && g->since_hw <= hw)
			return g;
	}
	/* t-compat checks that every list ends with one hardware version 4 knows. */
	return g ? g : &vmware_guests[0];
}

int vmware_ova_hw(const struct vmware_target *t, const struct disk_adapter *a)
{
	int hw = t ? t->ova_hw : 7;
	return a && a->hw_version > hw ? a->hw_version : hw;
}

const char *vmware_manifest_for(int hw)
{
	/* open-vmdk ova/mkova.sh: sha_alg=1 for hw <= 12, 256 for 13-14, 512 above. */
	return hw <= 12 ? "sha1" : hw <= 14 ? "sha256" : "sha512";
}

void vmware_explain(struct strbuf *out, const struct appconf *c)
{
	const struct vmware_target *t = vmware_target_find(c->vmx_template);
	const struct disk_adapter *a = disk_adapter_find(c->disk_adapter);
	int ova = vmware_ova_hw(t, a);

	if (!t) {
		strbuf_addf(out, "vmx_template = %s is not in the compatibility table "
			    "(image/compat.c): its OVA declares vmx-%02d\n", c->vmx_template, ova);
		return;
	}
	strbuf_addf(out, "the .vmx and zip: hardware version %d, guestOS %s, for %s\n",
		    t->hw_version, vmware_guest_for(c, t->hw_version)->vmx, t->products);
	strbuf_addf(out, "the OVA: vmx-%02d, %s manifest, osType %s, for %s\n", ova,
		    c->ova_manifest ? c->ova_manifest : vmware_manifest_for(ova),
		    vmware_guest_for(c, ova)->os_type, t->ova_products);
	if (t->esxi)
		strbuf_addstr(out, "ESXi: import the OVA (ESXi cannot power on a hosted sparse "
			      "disk, \"Unsupported or invalid disk type 7\"); the zip carries a "
			      "VMFS-style monolithicFlat disk (NAME.vmdk + NAME-flat.vmdk) to "
			      "upload to a datastore\n");
}
