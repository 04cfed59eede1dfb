/* Hypervisor detection from CPUID signatures (see hypervisor.h). */
#include "hypervisor.h"

#include <string.h>

static const struct {
	const char sig[13];
	const char *name;
} vendors[] = {
	{ "VMwareVMware", "VMware" },
	{ "KVMKVMKVM\0\0\0", "KVM" },
	{ "XenVMMXenVMM", "Xen" },
	{ "Microsoft Hv", "Hyper-V" },
	{ "TCGTCGTCGTCG", "QEMU TCG" },
	{ " lrpepyh  vr", "Parallels" },
	{ "bhyve bhyve ", "bhyve" },
	{ "ACRNACRNACRN", "ACRN" },
	{ "VBoxVBoxVBox", "VirtualBox" },
};

const char *hv_name(const char vendor[12])
{
	for (size_t i = 0; i < sizeof(vendors) / sizeof(vendors[0]); i++)
		if (!memcmp(vendors[i].sig, vendor, 12))
			return vendors[i].name;
	return NULL;
}

static void signature(const struct cpuid_regs *r, char out[13])
{
	memcpy(out, &r->ebx, 4);
	memcpy(out + 4, &r->ecx, 4);
	memcpy(out + 8, &r->edx, 4);
	out[12] = '\0';
}

void hv_detect(cpuid_fn cpuid, uint32_t max_basic, struct hv_info *out)
{
	struct cpuid_regs r;
	bool found_hyperv = false;

	memset(out, 0, sizeof(*out));
	out->name = "none";
	if (max_basic < 1)
		return;
	cpuid(1, &r);
	out->present = (r.ecx >> 31) & 1;
	if (!out->present)
		return;
	out->name = "unknown";
	for (uint32_t base = 0x40000000; base < 0x40010000; base += 0x100) {
		char sig[13];
		const char *name;
		cpuid(base, &r);
		signature(&r, sig);
		name = hv_name(sig);
		if (!name)
			continue;
		if (!strcmp(name, "Hyper-V")) {
			/* Maybe another hypervisor's enlightenments: keep looking. */
			if (!found_hyperv) {
				found_hyperv = true;
				memcpy(out->vendor, sig, sizeof(out->vendor));
				out->name = name;
				out->base = base;
			}
			continue;
		}
		memcpy(out->vendor, sig, sizeof(out->vendor));
		out->name = name;
		out->base = base;
		return;
	}
	if (!found_hyperv) {
		/* Present bit set, no signature we know: report the base one. */
		cpuid(0x40000000, &r);
		signature(&r, out->vendor);
		for (int i = 0; i < 12; i++)
			if (out->vendor[i] < 0x20 || out->vendor[i] > 0x7e)
				out->vendor[i] = out->vendor[i] ? '?' : '\0';
		out->base = 0x40000000;
	}
}
