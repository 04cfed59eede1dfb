/* appliance kconfig merge|check: config fragments and the policy check. */
#include "cmd.h"
#include "core/fsutil.h"
#include "kernel/kconfig.h"
#include "kernel/profile.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char kconfig_usage[] =
	"usage: appliance kconfig merge [--base CONFIG] [-o OUTPUT] FRAGMENT...\n"
	"       appliance kconfig check [--profile PROFILE] [--report FILE] [-q]\n"
	"                               CONFIG [FRAGMENT...]\n"
	"\n"
	"merge  Merge kernel config fragments in order, the later setting winning;\n"
	"       a symbol that a later fragment sets to another value is reported\n"
	"       as a warning naming both lines. With --base, the fragments are\n"
	"       applied on top of an existing .config (a baseline such as the one\n"
	"       'make tinyconfig' writes; overriding it is not reported). The\n"
	"       result goes to OUTPUT (written atomically) or standard output.\n"
	"\n"
	"check  Check a final .config (after 'make olddefconfig') against what was\n"
	"       requested: every value the FRAGMENTs and the PROFILE's fragments set,\n"
	"       and the profile's 'require' and 'forbid' lists. A requested '=y'\n"
	"       that became '=m', vanished (unmet dependencies: olddefconfig drops\n"
	"       those silently) or came back when it was turned off (ACPI and USB\n"
	"       default to on) fails, and so does any 64-bit configuration. Each\n"
	"       failure is printed; --report writes the whole report (one line per\n"
	"       requirement; the fragments the profile names in 'report-apart',\n"
	"       such as the hardening, each under its own heading with its own\n"
	"       summary). Exit 1 when a requirement fails.\n"
	"\n"
	"Fragments use kconfig's syntax: CONFIG_NAME=VALUE and\n"
	"'# CONFIG_NAME is not set'; other '#' lines are comments.\n";

static int kconfig_merge_cmd(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "base", required_argument, NULL, 'b' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *base = NULL, *output = NULL;
	struct kconfig merged = KCONFIG_INIT, frags = KCONFIG_INIT;
	struct strbuf out = STRBUF_INIT;
	int c, ret = 1;

	optind = 0;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'b': base = optarg; break;
		case 'o': output = optarg; break;
		case 'h': return usage_exit(kconfig_usage, 1);
		default: return usage_exit(kconfig_usage, 0);
		}
	}
	if (optind >= argc) {
		error("kconfig merge: name at least one fragment");
		return usage_exit(kconfig_usage, 0);
	}
	if (base && kconfig_read(&merged, base, false))
		goto out;
	for (int i = optind; i < argc; i++)
		if (kconfig_read(&frags, argv[i], true))
			goto out;
	kconfig_merge(&merged, &frags, false);
	kconfig_write(&out, &merged);
	if (write_output(output, &out))
		goto out;
	ret = 0;
out:
	kconfig_release(&merged);
	kconfig_release(&frags);
	strbuf_release(&out);
	return ret;
}

static int kconfig_check_cmd(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "report", required_argument, NULL, 'r' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *profile = NULL, *report_path = NULL;
	struct kprofile prof = KPROFILE_INIT;
	struct kpolicy policy = KPOLICY_INIT;
	struct kconfig final = KCONFIG_INIT, frags = KCONFIG_INIT;
	struct strbuf report = STRBUF_INIT;
	int c, quiet = 0, ret = 1;
	size_t failed;

	optind = 0;
	while ((c = getopt_long(argc, argv, "p:r:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'p': profile = optarg; break;
		case 'r': report_path = optarg; break;
		case 'q': quiet = 1; break;
		case 'h': return usage_exit(kconfig_usage, 1);
		default: return usage_exit(kconfig_usage, 0);
		}
	}
	if (optind >= argc) {
		error("kconfig check: name the .config to check");
		return usage_exit(kconfig_usage, 0);
	}
	if (!profile && optind + 1 >= argc) {
		error("kconfig check: nothing to check against; give --profile or fragments");
		return usage_exit(kconfig_usage, 0);
	}
	if (profile) {
		if (kprofile_load(&prof, profile))
			goto out;
		kconfig_merge(&policy.want, &prof.policy.want, false);
		for (size_t i = 0; i < prof.policy.nr_optional; i++)
			kpolicy_add_optional(&policy, prof.policy.optional[i]);
		for (size_t i = 0; i < prof.policy.nr_parts; i++)
			kpolicy_add_part(&policy, prof.policy.parts[i].name,
					 prof.policy.parts[i].file, &prof.policy.parts[i].syms);
	}
	for (int i = optind + 1; i < argc; i++)
		if (kconfig_read(&frags, argv[i], true))
			goto out;
	kconfig_merge(&policy.want, &frags, false);
	if (kconfig_read(&final, argv[optind], false))
		goto out;
	failed = kconfig_check(&final, argv[optind], &policy, &report);
	if (report_path && write_file_atomic(report_path, report.buf, report.len, 0644))
		goto out;
	for (const char *p = report.buf; *p;) {
		const char *nl = strchrnul(p, '\n');
		int is_summary = !*nl || !nl[1];
		if (!strncmp(p, "FAIL", 4) || (is_summary && !quiet))
			printf("%.*s\n", (int)(nl - p), p);
		p = *nl ? nl + 1 : nl;
	}
	if (fflush(stdout)) {
		error("cannot write to standard output");
		goto out;
	}
	ret = failed ? 1 : 0;
out:
	kprofile_release(&prof);
	kpolicy_release(&policy);
	kconfig_release(&final);
	kconfig_release(&frags);
	strbuf_release(&report);
	return ret;
}

int cmd_kconfig(int argc, char **argv)
{
	if (argc < 2)
		return usage_exit(kconfig_usage, 0);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return usage_exit(kconfig_usage, 1);
	if (!strcmp(argv[1], "merge"))
		return kconfig_merge_cmd(argc - 1, argv + 1);
	if (!strcmp(argv[1], "check"))
		return kconfig_check_cmd(argc - 1, argv + 1);
	error("'kconfig %s' is not a command; use merge or check", argv[1]);
	return usage_exit(kconfig_usage, 0);
}
