/*
 * Naming the hypervisor from CPUID, for pvinit. Pure logic over an
 * injectable cpuid function, so the unit tests can play any CPU.
 */
#ifndef HYPERVISOR_H
#define HYPERVISOR_H

#include <stdbool.h>
#include <stdint.h>

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

/* Execute CPUID for leaf (subleaf 0). */
typedef void (*cpuid_fn)(uint32_t leaf, struct cpuid_regs *out);

struct hv_info {
	bool present;        /* CPUID.1:ECX[31], the "hypervisor present" bit */
	char vendor[13];     /* the 12-byte signature, NUL-terminated; "" if none */
	const char *name;    /* "VMware", "KVM", ..., "unknown", or "none" */
	uint32_t base;       /* the leaf the signature came from */
};

/* The human name for a 12-byte vendor signature, or NULL when unknown. */
const char *hv_name(const char vendor[12]);

/*
 * Detect the hypervisor: the present bit first (on real hardware an
 * out-of-range leaf returns the highest basic leaf, so 0x40000000 alone
 * proves nothing), then leaves 0x40000000..0x4000FF00 in steps of 0x100, as
 * the kernel's hypervisor_cpuid_base() does. A known signature wins over
 * "Microsoft Hv" at a lower base (KVM and Xen put Hyper-V's there when they
 * offer its enlightenments). max_basic is CPUID.0:EAX (0: no CPUID leaf 1).
 */
void hv_detect(cpuid_fn cpuid, uint32_t max_basic, struct hv_info *out);

#endif
