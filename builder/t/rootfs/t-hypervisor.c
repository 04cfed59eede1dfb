/* Unit tests for pvinit/hypervisor.c, with a scripted CPU. */
#include "test.h"
#include "hypervisor.h"
#include "core/array.h"

/* The fake CPU: leaf 1's ECX, and signatures at hypervisor bases. */
static uint32_t leaf1_ecx;
static const char *sig_at[256]; /* index: (leaf - 0x40000000) >> 8 */
static struct cpuid_regs highest_basic = { 0x0d, 0x756e6547, 0x6c65746e, 0x49656e69 };

static void fake_cpuid(uint32_t leaf, struct cpuid_regs *r)
{
	memset(r, 0, sizeof(*r));
	if (leaf == 1) {
		r->ecx = leaf1_ecx;
		return;
	}
	if (leaf >= 0x40000000 && leaf < 0x40010000 && !(leaf & 0xff)) {
		const char *s = sig_at[(leaf - 0x40000000) >> 8];
		if (s) {
			r->eax = leaf + 0x10;
			memcpy(&r->ebx, s, 4);
			memcpy(&r->ecx, s + 4, 4);
			memcpy(&r->edx, s + 8, 4);
			return;
		}
	}
	/* Real Intel CPUs answer an out-of-range leaf with the highest basic
	 * leaf's data, which is why the present bit is checked first. */
	*r = highest_basic;
}

static void cpu(uint32_t ecx)
{
	leaf1_ecx = ecx;
	memset(sig_at, 0, sizeof(sig_at));
}

static void test_native_hardware(void)
{
	struct hv_info hv;
	cpu(0x7ffafbff); /* bit 31 clear */
	sig_at[0] = "VMwareVMware"; /* even if leaf 0x40000000 seems to answer */
	hv_detect(fake_cpuid, 0x0d, &hv);
	CHECK(!hv.present);
	CHECK_STR(hv.name, "none");
	CHECK_STR(hv.vendor, "");
	hv_detect(fake_cpuid, 0, &hv); /* a CPU without leaf 1 */
	CHECK(!hv.present);
}

static void test_known_vendors(void)
{
	static const struct { const char *sig, *name; } cases[] = {
		{ "VMwareVMware", "VMware" }, { "KVMKVMKVM\0\0\0", "KVM" },
		{ "XenVMMXenVMM", "Xen" }, { "Microsoft Hv", "Hyper-V" },
		{ "TCGTCGTCGTCG", "QEMU TCG" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct hv_info hv;
		cpu(0x80000000u);
		sig_at[0] = cases[i].sig;
		hv_detect(fake_cpuid, 0x0d, &hv);
		CHECK(hv.present);
		CHECK_STR(hv.name, cases[i].name);
		CHECK_INT(hv.base, 0x40000000);
	}
	CHECK_STR(hv_name("KVMKVMKVM\0\0\0"), "KVM");
	CHECK(hv_name("KVMKVMKVMxxx") == NULL);
}

static void test_hyperv_enlightenments_then_real_vendor(void)
{
	struct hv_info hv;
	cpu(0x80000000u);
	sig_at[0] = "Microsoft Hv";
	sig_at[1] = "XenVMMXenVMM"; /* Xen with viridian: its own at +0x100 */
	hv_detect(fake_cpuid, 0x0d, &hv);
	CHECK_STR(hv.name, "Xen");
	CHECK_INT(hv.base, 0x40000100);
	sig_at[1] = NULL;
	hv_detect(fake_cpuid, 0x0d, &hv);
	CHECK_STR(hv.name, "Hyper-V");
	CHECK_INT(hv.base, 0x40000000);
}

static void test_unknown_vendor(void)
{
	struct hv_info hv;
	cpu(0x80000000u);
	sig_at[0] = "NewHV\x01\x02xxxxx";
	hv_detect(fake_cpuid, 0x0d, &hv);
	CHECK(hv.present);
	CHECK_STR(hv.name, "unknown");
	CHECK_STR(hv.vendor, "NewHV??xxxxx"); /* unprintable bytes shown as '?' */
}

int main(void)
{
	TEST(test_native_hardware);
	TEST(test_known_vendors);
	TEST(test_hyperv_enlightenments_then_real_vendor);
	TEST(test_unknown_vendor);
	return test_done();
}
