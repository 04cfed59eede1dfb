/* Unit tests for builder/lib/kernel/kconfig.c: .config parsing, merging and the policy check. */
#include "test.h"
#include "kernel/kconfig.h"

/* A symbol's value, NULL when absent (so a failed check cannot crash). */
static const char *val(const struct kconfig *kc, const char *name)
{
	const struct ksym *s = kconfig_get(kc, name);
	return s ? s->value : NULL;
}

static struct kconfig parse(const char *name, const char *text)
{
	struct kconfig kc = KCONFIG_INIT;
	if (kconfig_parse(&kc, name, text, false))
		test_fail(__FILE__, __LINE__, "cannot parse %s", name);
	return kc;
}

/* Check final against a policy made of the fragment text; returns failures
 * and leaves the report in *report. */
static size_t check(const char *final_text, const char *want_text, struct strbuf *report)
{
	struct kconfig final = parse(".config", final_text);
	struct kpolicy p = KPOLICY_INIT;
	size_t n;
	if (kconfig_parse(&p.want, "policy", want_text, false))
		test_fail(__FILE__, __LINE__, "cannot parse the policy");
	n = kconfig_check(&final, ".config", &p, report);
	kconfig_release(&final);
	kpolicy_release(&p);
	return n;
}

static const char i386_ok[] =
	"#\n# Automatically generated file; DO NOT EDIT.\n#\n"
	"CONFIG_X86_32=y\n"
	"CONFIG_PARAVIRT=y\n"
	"# CONFIG_ACPI is not set\n"
	"CONFIG_USB_OHCI_LITTLE_ENDIAN=y\n"
	"# CONFIG_USB_SUPPORT is not set\n"
	"CONFIG_CMDLINE=\"console=ttyS0 # not a comment\"\n";

static void test_parse_values(void)
{
	struct kconfig kc = parse(".config", i386_ok);
	CHECK_INT(kc.nr, 6);
	CHECK_STR(val(&kc, "X86_32"), "y");
	CHECK_STR(val(&kc, "ACPI"), "n");
	CHECK(kconfig_get(&kc, "ACPI") && kconfig_get(&kc, "ACPI")->line == 6);
	CHECK_STR(val(&kc, "CMDLINE"), "\"console=ttyS0 # not a comment\"");
	CHECK(kconfig_get(&kc, "USB") == NULL);
	kconfig_release(&kc);
}

static void test_comments_and_odd_spacing(void)
{
	struct kconfig kc = parse("frag",
		"# a comment line\n"
		"   \n"
		"\tCONFIG_A=y   \n"
		"CONFIG_B = m\r\n"
		"#CONFIG_C is not set\n"
		"#   CONFIG_D   is not set  \n"
		"# CONFIG_E is not set because of reasons\n"
		"CONFIG_F=n\n"
		"CONFIG_G=0x10\n"
		"CONFIG_H=\"\"\n");
	CHECK_STR(val(&kc, "A"), "y");
	CHECK_STR(val(&kc, "B"), "m");
	CHECK_STR(val(&kc, "C"), "n");
	CHECK_STR(val(&kc, "D"), "n");
	CHECK(kconfig_get(&kc, "E") == NULL); /* a comment, not a setting */
	CHECK_STR(val(&kc, "F"), "n");
	CHECK_STR(val(&kc, "G"), "0x10");
	CHECK_STR(val(&kc, "H"), "\"\"");
	kconfig_release(&kc);
}

static void test_parse_errors_name_file_and_line(void)
{
	struct kconfig kc = KCONFIG_INIT;
	struct strbuf err = STRBUF_INIT;
	test_stderr_begin();
	CHECK_INT(kconfig_parse(&kc, "bad.config",
				"CONFIG_OK=y\nCONFIG_NOVALUE\nUSB=y\nCONFIG_X=\"open\nCONFIG_Y=y y\n",
				false), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "bad.config:2: error: 'CONFIG_NOVALUE' has no '=VALUE'");
	CHECK_CONTAINS(err.buf, "bad.config:3: error: cannot parse 'USB=y'");
	CHECK_CONTAINS(err.buf, "bad.config:4: error: CONFIG_X has a bad value");
	CHECK_CONTAINS(err.buf, "bad.config:5: error: CONFIG_Y has a bad value");
	CHECK_STR(val(&kc, "OK"), "y"); /* good lines still count */
	kconfig_release(&kc);
	strbuf_release(&err);
}

/* Found by fuzzing: a CR inside a line (here among the blanks after '=')
 * was read as the value "\r", which the writer wrote as a "\r\n" line end
 * that reads back as no value. Kconfig's conf strips only a CR right
 * before the newline; anywhere else a control character is a bad value. */
static void test_control_characters_are_bad_values(void)
{
	struct kconfig kc = KCONFIG_INIT;
	struct strbuf err = STRBUF_INIT;
	test_stderr_begin();
	CHECK_INT(kconfig_parse(&kc, "cr.config",
				"# vj-y\nCONFIG__DOIG__DOO=\t\t\t\t\t\r\t\t\t\n"
				"CONFIG_A=y\r\t\nCONFIG_B=\001\nCONFIG_C=y\t\r\n",
				false), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "cr.config:2: error: CONFIG__DOIG__DOO has a bad value");
	CHECK_CONTAINS(err.buf, "cr.config:3: error: CONFIG_A has a bad value");
	CHECK_CONTAINS(err.buf, "cr.config:4: error: CONFIG_B has a bad value");
	CHECK(kconfig_get(&kc, "DOIG__DOO") == NULL);
	CHECK_STR(val(&kc, "C"), "y"); /* blanks, then the CR of a CRLF end */
	kconfig_release(&kc);
	strbuf_release(&err);
}

static void test_merge_later_wins_and_reports(void)
{
	struct kconfig a = KCONFIG_INIT;
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	test_stderr_begin();
	kconfig_parse(&a, "one.config", "CONFIG_A=y\nCONFIG_B=y\n", true);
	kconfig_parse(&a, "two.config", "# CONFIG_A is not set\nCONFIG_C=y\nCONFIG_B=y\n", true);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "two.config:1: warning: CONFIG_A=n overrides CONFIG_A=y from one.config:1");
	CHECK(!strstr(err.buf, "CONFIG_B")); /* same value again: no conflict */
	kconfig_write(&out, &a);
	CHECK_STR(out.buf, "# CONFIG_A is not set\nCONFIG_B=y\nCONFIG_C=y\n");
	CHECK(kconfig_get(&a, "A") && !strcmp(kconfig_get(&a, "A")->file, "two.config"));
	kconfig_release(&a);
	strbuf_release(&err);
	strbuf_release(&out);
}

static void test_merge_onto_base_keeps_order(void)
{
	struct kconfig base = parse("base", "CONFIG_A=y\n# CONFIG_B is not set\nCONFIG_C=m\n");
	struct kconfig frag = parse("frag", "CONFIG_B=y\nCONFIG_D=\"x y\"\n");
	struct strbuf out = STRBUF_INIT;
	kconfig_merge(&base, &frag, false);
	kconfig_write(&out, &base);
	CHECK_STR(out.buf, "CONFIG_A=y\nCONFIG_B=y\nCONFIG_C=m\nCONFIG_D=\"x y\"\n");
	kconfig_release(&base);
	kconfig_release(&frag);
	strbuf_release(&out);
}

static void test_check_passes(void)
{
	struct strbuf r = STRBUF_INIT;
	CHECK_INT(check(i386_ok, "CONFIG_PARAVIRT=y\n# CONFIG_ACPI is not set\n"
			"# CONFIG_USB_SUPPORT is not set\n# CONFIG_USB is not set\n", &r), 0);
	CHECK_CONTAINS(r.buf, "ok   CONFIG_PARAVIRT=y (policy:1)");
	CHECK_CONTAINS(r.buf, ".config: 7 requirements checked, 7 met, 0 failed");
	strbuf_release(&r);
}

static void test_check_acpi_back_from_missing_line(void)
{
	/* olddefconfig turned ACPI (default y) back on when the fragment's
	 * "is not set" line was missing. */
	struct strbuf r = STRBUF_INIT;
	CHECK_INT(check("CONFIG_X86_32=y\nCONFIG_ACPI=y\nCONFIG_X86_PM_TIMER=y\n",
			"# CONFIG_ACPI is not set\n", &r), 1);
	CHECK_CONTAINS(r.buf, "FAIL CONFIG_ACPI: requested off (policy:1), but .config:2 has CONFIG_ACPI=y");
	strbuf_release(&r);
}

static void test_check_dropped_dependency(void)
{
	struct strbuf r = STRBUF_INIT;
	CHECK_INT(check("CONFIG_X86_32=y\n# CONFIG_ACPI is not set\n",
			"CONFIG_HYPERV=y\nCONFIG_KVM_GUEST=y\n", &r), 2);
	CHECK_CONTAINS(r.buf, "FAIL CONFIG_HYPERV: requested y (policy:1), but it is missing from .config");
	CHECK_CONTAINS(r.buf, "dependencies are not met");
	CHECK_CONTAINS(r.buf, "FAIL CONFIG_KVM_GUEST");
	strbuf_release(&r);
}

static void test_check_module_where_builtin_required(void)
{
	struct strbuf r = STRBUF_INIT;
	CHECK_INT(check("CONFIG_X86_32=y\nCONFIG_E1000=m\n# CONFIG_VMXNET3 is not set\n",
			"CONFIG_E1000=y\nCONFIG_VMXNET3=y\n", &r), 2);
	CHECK_CONTAINS(r.buf, "FAIL CONFIG_E1000: requested y (policy:1), but .config:2 has m");
	CHECK_CONTAINS(r.buf, "FAIL CONFIG_VMXNET3: requested y (policy:2), but .config:3 has it not set");
	strbuf_release(&r);
}

static void test_check_rejects_64bit(void)
{
	struct strbuf r = STRBUF_INIT;
	CHECK_INT(check("CONFIG_64BIT=y\nCONFIG_X86_64=y\nCONFIG_PARAVIRT=y\n",
			"CONFIG_PARAVIRT=y\n", &r), 3);
	CHECK_CONTAINS(r.buf, "FAIL CONFIG_64BIT=y (.config:1): a 64-bit configuration");
	CHECK_CONTAINS(r.buf, "FAIL CONFIG_X86_64=y");
	CHECK_CONTAINS(r.buf, "FAIL CONFIG_X86_32: missing");
	strbuf_release(&r);
}

static void test_usb_ohci_little_endian_is_not_usb(void)
{
	struct strbuf r = STRBUF_INIT;
	CHECK_INT(check(i386_ok, "# CONFIG_USB is not set\n# CONFIG_USB_SUPPORT is not set\n", &r), 0);
	strbuf_release(&r);
	CHECK_INT(check("CONFIG_X86_32=y\nCONFIG_USB_SUPPORT=y\nCONFIG_USB=y\n",
			"# CONFIG_USB is not set\n# CONFIG_USB_SUPPORT is not set\n", &r), 2);
	strbuf_release(&r);
}

static void test_legacy_vmi_config(void)
{
	/* A 2.6.2x i386 .config, as `make oldconfig` wrote them. */
	static const char legacy[] =
		"#\n# Automatically generated make config: don't edit\n"
		"# Linux kernel version: 2.6.30\n# Tue Jun  9 12:00:00 2009\n#\n"
		"# CONFIG_64BIT is not set\n"
		"CONFIG_X86_32=y\n"
		"CONFIG_X86=y\n"
		"CONFIG_PARAVIRT_GUEST=y\n"
		"CONFIG_VMI=y\n"
		"CONFIG_PARAVIRT=y\n"
		"# CONFIG_ACPI is not set\n"
		"CONFIG_APM=y\n"
		"# CONFIG_USB_SUPPORT is not set\n";
	struct strbuf r = STRBUF_INIT;
	CHECK_INT(check(legacy, "CONFIG_VMI=y\nCONFIG_PARAVIRT=y\n# CONFIG_ACPI is not set\n"
			"# CONFIG_USB_SUPPORT is not set\nCONFIG_APM=y\n", &r), 0);
	strbuf_release(&r);
	CHECK_INT(check("CONFIG_X86_32=y\n# CONFIG_VMI is not set\n", "CONFIG_VMI=y\n", &r), 1);
	strbuf_release(&r);
}

static void test_check_optional(void)
{
	struct kconfig final = parse(".config", "CONFIG_X86_32=y\nCONFIG_B=m\n");
	struct kpolicy p = KPOLICY_INIT;
	struct strbuf r = STRBUF_INIT;
	kconfig_parse(&p.want, "policy", "CONFIG_A=y\nCONFIG_B=y\n", false);
	kpolicy_add_optional(&p, "A");
	kpolicy_add_optional(&p, "B");
	/* Optional: absent is fine, present with another value is not. */
	CHECK_INT(kconfig_check(&final, ".config", &p, &r), 1);
	CHECK_CONTAINS(r.buf, "skip CONFIG_A=y");
	CHECK_CONTAINS(r.buf, "FAIL CONFIG_B");
	CHECK_CONTAINS(r.buf, ", 1 optional skipped");
	kconfig_release(&final);
	kpolicy_release(&p);
	strbuf_release(&r);
}

static void test_check_report_parts(void)
{
	struct kconfig final = parse(".config",
		"CONFIG_X86_32=y\nCONFIG_X86_PAE=y\n# CONFIG_SECURITY is not set\nCONFIG_CGROUPS=y\n");
	struct kconfig hardening = parse("hardening.config",
		"CONFIG_X86_PAE=y\nCONFIG_SECURITY=y\nCONFIG_LIST_HARDENED=y\n");
	struct kpolicy p = KPOLICY_INIT;
	struct strbuf r = STRBUF_INIT;
	const char *part, *summary;

	kconfig_parse(&p.want, "policy",
		      "CONFIG_CGROUPS=y\nCONFIG_X86_PAE=y\nCONFIG_SECURITY=y\nCONFIG_LIST_HARDENED=y\n",
		      false);
	kpolicy_add_optional(&p, "LIST_HARDENED");
	kpolicy_add_part(&p, "hardening", "kernel-configs/hardening.config", &hardening);
	CHECK_INT(kconfig_check(&final, ".config", &p, &r), 1);
	/* The part's lines come under its heading, with its own summary; the
	 * last line still sums up everything. */
	part = strstr(r.buf, "hardening (kernel-configs/hardening.config):\n");
	CHECK(part != NULL);
	summary = part ? strstr(part, "hardening: 2 requirements checked, 1 met, 1 failed, "
				"1 optional skipped\n") : NULL;
	CHECK(summary != NULL);
	if (part && summary) {
		const char *pae = strstr(r.buf, "CONFIG_X86_PAE=y (policy");
		const char *cgroups = strstr(r.buf, "ok   CONFIG_CGROUPS=y");
		CHECK(strstr(part, "FAIL CONFIG_SECURITY") < summary);
		CHECK(pae > part && pae < summary);
		CHECK(cgroups && cgroups < part);
	}
	CHECK_CONTAINS(r.buf, "hardening: ");
	CHECK_CONTAINS(r.buf, ".config: 6 requirements checked, 5 met, 1 failed, 1 optional skipped\n");
	kconfig_release(&final);
	kconfig_release(&hardening);
	kpolicy_release(&p);
	strbuf_release(&r);
}

static void test_string_values_compare_exactly(void)
{
	struct strbuf r = STRBUF_INIT;
	CHECK_INT(check("CONFIG_X86_32=y\nCONFIG_LOCALVERSION=\"-pv\"\n",
			"CONFIG_LOCALVERSION=\"-pv\"\n", &r), 0);
	strbuf_release(&r);
	CHECK_INT(check("CONFIG_X86_32=y\nCONFIG_LOCALVERSION=\"-pv2\"\n",
			"CONFIG_LOCALVERSION=\"-pv\"\n", &r), 1);
	strbuf_release(&r);
}

static void test_read_errors(void)
{
	struct kconfig kc = KCONFIG_INIT;
	struct strbuf err = STRBUF_INIT;
	const char *path = test_write("not-a-config", "x");
	test_stderr_begin();
	CHECK_INT(kconfig_read(&kc, "/nonexistent/.config", false), -1);
	CHECK_INT(kconfig_read(&kc, path, false), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "cannot open '/nonexistent/.config'");
	CHECK_CONTAINS(err.buf, "cannot parse 'x'");
	kconfig_release(&kc);
	strbuf_release(&err);
}

int main(void)
{
	TEST(test_parse_values);
	TEST(test_comments_and_odd_spacing);
	TEST(test_parse_errors_name_file_and_line);
	TEST(test_control_characters_are_bad_values);
	TEST(test_merge_later_wins_and_reports);
	TEST(test_merge_onto_base_keeps_order);
	TEST(test_check_passes);
	TEST(test_check_acpi_back_from_missing_line);
	TEST(test_check_dropped_dependency);
	TEST(test_check_module_where_builtin_required);
	TEST(test_check_rejects_64bit);
	TEST(test_usb_ohci_little_endian_is_not_usb);
	TEST(test_legacy_vmi_config);
	TEST(test_check_optional);
	TEST(test_check_report_parts);
	TEST(test_string_values_compare_exactly);
	TEST(test_read_errors);
	return test_done();
}
