/* Unit tests for builder/lib/kernel/profile.c, including the real profiles in kernel-configs/. */
#include "test.h"
#include "core/fsutil.h"
#include "kernel/profile.h"

static const char *write_in(const char *sub, const char *name, const char *text)
{
	static char path[512];
	snprintf(path, sizeof(path), "%s/%s", test_tmpdir(), sub);
	mkdir_p(path);
	snprintf(path, sizeof(path), "%s/%s", sub, name);
	return test_write(path, text);
}

static void test_load(void)
{
	struct kprofile p = KPROFILE_INIT;
	const struct ksym *s;
	write_in("ok", "a.config", "CONFIG_A=y\n# CONFIG_B is not set\n");
	write_in("ok", "b.config", "CONFIG_C=m\n");
	write_in("ok", "fix.patch", "--- a/x\n+++ b/x\n");
	const char *path = write_in("ok", "x.profile",
		"# test\ndescription = a test\nfragments = a\nfragments = b\npatches = fix\n"
		"versions = 2.6.21 - 2.6\noptional = CONFIG_C\n"
		"require = D=y CONFIG_E=\"s\"\nforbid = F\n");
	CHECK_INT(kprofile_load(&p, path), 0);
	CHECK_STR(p.name, "x");
	CHECK_STR(p.baseline, "tinyconfig");
	CHECK_STR(p.update, "olddefconfig");
	CHECK_STR(p.target, "bzImage");
	CHECK_INT(p.fragments.nr, 2);
	CHECK_CONTAINS(p.fragments.v[1], "/ok/b.config");
	CHECK_INT(p.patches.nr, 1);
	CHECK_CONTAINS(p.patches.v[0], "/ok/fix.patch");
	CHECK_INT(p.min_version, KVERSION(2, 6, 21));
	CHECK_INT(p.max_version, KVERSION(2, 6, 0) | 0xff);
	CHECK_INT(p.policy.want.nr, 6);
	CHECK((s = kconfig_get(&p.policy.want, "E")) && !strcmp(s->value, "\"s\""));
	CHECK((s = kconfig_get(&p.policy.want, "F")) && !strcmp(s->value, "n"));
	CHECK((s = kconfig_get(&p.policy.want, "B")) && !strcmp(s->value, "n") && s->line == 2);
	CHECK_INT(p.policy.nr_optional, 1);
	CHECK_STR(p.policy.optional[0], "C");
	kprofile_release(&p);
}

static void test_errors(void)
{
	struct kprofile p = KPROFILE_INIT;
	struct strbuf err = STRBUF_INIT;
	write_in("bad", "a.config", "CONFIG_A=y\n");
	const char *path = write_in("bad", "x.profile",
		"fragments = a\nversions = 6\narch = x86_64\nrequire = A=n\nrequire = NOVALUE\n"
		"forbid = G=y\ncolour = blue\nbaseline = tinyconfig\nbaseline = allnoconfig\n"
		"update = oldnoconfig\n");
	test_stderr_begin();
	CHECK_INT(kprofile_load(&p, path), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "x.profile:2: error: versions = '6'");
	CHECK_CONTAINS(err.buf, "x.profile:3: error: arch = 'x86_64': the appliances are 32-bit");
	CHECK_CONTAINS(err.buf, "x.profile:7: error: unknown key 'colour'");
	CHECK_CONTAINS(err.buf, "x.profile:9: error: 'baseline' is set twice");
	CHECK_CONTAINS(err.buf, "x.profile:10: error: update = 'oldnoconfig'");
	kprofile_release(&p);
	strbuf_release(&err);

	/* Policy conflicts are found once the file itself parses. */
	path = write_in("bad", "y.profile", "fragments = a\nrequire = A=n\nrequire = NOVALUE\n"
			"forbid = G=y\n");
	test_stderr_begin();
	CHECK_INT(kprofile_load(&p, path), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "y.profile:2: error: the policy wants CONFIG_A=n but fragment");
	CHECK_CONTAINS(err.buf, "a.config:1 sets y");
	CHECK_CONTAINS(err.buf, "y.profile:3: error: require 'NOVALUE': write NAME=VALUE");
	CHECK_CONTAINS(err.buf, "y.profile:4: error: forbid 'G=y': list symbol names only");
	kprofile_release(&p);
	strbuf_release(&err);

	/* A patch must exist, and sit beside the profile. */
	path = write_in("bad", "v.profile", "fragments = a\npatches = nowhere\npatches = ../x\n");
	test_stderr_begin();
	CHECK_INT(kprofile_load(&p, path), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "v.profile:3: error: patches '../x': name a file beside the profile");
	kprofile_release(&p);
	strbuf_release(&err);
	path = write_in("bad", "u.profile", "fragments = a\npatches = nowhere\n");
	test_stderr_begin();
	CHECK_INT(kprofile_load(&p, path), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "/bad/nowhere.patch' of profile");
	kprofile_release(&p);
	strbuf_release(&err);

	/* report-apart names one of the profile's own fragments. */
	path = write_in("bad", "w.profile", "fragments = a\nreport-apart = hardening\n");
	test_stderr_begin();
	CHECK_INT(kprofile_load(&p, path), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "w.profile:2: error: report-apart 'hardening': not one of this "
		       "profile's fragments");
	kprofile_release(&p);
	strbuf_release(&err);

	path = write_in("bad", "z.profile", "fragments = missing\n");
	test_stderr_begin();
	CHECK_INT(kprofile_load(&p, path), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "cannot open");
	CHECK_CONTAINS(err.buf, "/bad/missing.config'");
	kprofile_release(&p);
	strbuf_release(&err);
}

static void test_versions(void)
{
	unsigned v;
	struct strbuf sb = STRBUF_INIT;
	CHECK_INT(kversion_parse("6.1.192", &v), 0);
	CHECK_INT(v, KVERSION(6, 1, 192));
	CHECK_INT(kversion_parse("4.9.337", &v), 0); /* sublevels clamp, as in the kernel */
	CHECK_INT(v, KVERSION(4, 9, 254));
	CHECK_INT(kversion_parse("6", &v), -1);
	CHECK_INT(kversion_parse("6.x", &v), -1);
	CHECK_INT(kversion_parse("6.1.", &v), -1);
	kversion_format(&sb, KVERSION(2, 6, 21));
	strbuf_addch(&sb, ' ');
	kversion_format(&sb, KVERSION(2, 6, 0) | 0xff);
	CHECK_STR(sb.buf, "2.6.21 2.6.x");
	strbuf_release(&sb);
}

/* The shipped profiles load, and their policy says what the product promises. */
static void test_shipped_profiles(void)
{
	struct kprofile p = KPROFILE_INIT;
	const struct ksym *s;
	CHECK_INT(kprofile_load(&p, SRCDIR "/kernel-configs/paravirt-6.1.profile"), 0);
	CHECK((s = kconfig_get(&p.policy.want, "ACPI")) && !strcmp(s->value, "n"));
	CHECK((s = kconfig_get(&p.policy.want, "USB_SUPPORT")) && !strcmp(s->value, "n"));
	CHECK((s = kconfig_get(&p.policy.want, "PARAVIRT")) && !strcmp(s->value, "y"));
	CHECK((s = kconfig_get(&p.policy.want, "COMPAT_32BIT_TIME")) && !strcmp(s->value, "y"));
	CHECK((s = kconfig_get(&p.policy.want, "APM")) && !strcmp(s->value, "y"));
	/* The hardening: NX needs PAE; AppArmor is the default LSM; the report
	 * shows the hardening fragment's requirements apart. */
	CHECK((s = kconfig_get(&p.policy.want, "X86_PAE")) && !strcmp(s->value, "y"));
	CHECK((s = kconfig_get(&p.policy.want, "STACKPROTECTOR_STRONG")) && !strcmp(s->value, "y"));
	CHECK((s = kconfig_get(&p.policy.want, "SECURITY_APPARMOR")) && !strcmp(s->value, "y"));
	CHECK((s = kconfig_get(&p.policy.want, "LEGACY_PTYS")) && !strcmp(s->value, "n"));
	CHECK_INT(p.policy.nr_parts, 1);
	CHECK_INT(p.patches.nr, 1);
	CHECK(p.patches.nr && strstr(p.patches.v[0], "kernel-configs/apm-bios-nx.patch"));
	if (p.policy.nr_parts) {
		CHECK_STR(p.policy.parts[0].name, "hardening");
		CHECK(kconfig_get(&p.policy.parts[0].syms, "RANDOMIZE_BASE") != NULL);
		CHECK(kconfig_get(&p.policy.parts[0].syms, "CGROUPS") == NULL);
	}
	kprofile_release(&p);
	CHECK_INT(kprofile_load(&p, SRCDIR "/kernel-configs/vmi-2.6.profile"), 0);
	CHECK((s = kconfig_get(&p.policy.want, "VMI")) && !strcmp(s->value, "y"));
	CHECK(p.source == NULL);
	CHECK_STR(p.update, "oldconfig");
	kprofile_release(&p);
}

int main(void)
{
	TEST(test_load);
	TEST(test_errors);
	TEST(test_versions);
	TEST(test_shipped_profiles);
	return test_done();
}
