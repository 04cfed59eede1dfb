/* appliance: the front end; git-style subcommands over builder/lib. */
#include "cmd.h"
#include "core/array.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/installdir.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef APPLIANCE_VERSION
#define APPLIANCE_VERSION "unknown"
#endif

static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "boot-test", cmd_boot_test, "boot a disk image in qemu and check its console, then power it off" },
	{ "config", cmd_config, "validate an appliance.conf; print its make variables" },
	{ "diff-release", cmd_diff_release, "what changed between two releases' package manifests" },
	{ "outdated", cmd_outdated, "has a published release fallen behind its repositories and kernel source?" },
	{ "disk", cmd_disk, "assemble an appliance's raw disk: MBR, FAT boot partition, ext3 root" },
	{ "kconfig", cmd_kconfig, "merge kernel config fragments; check a .config against a policy" },
	{ "kernel", cmd_kernel, "build (or find in the cache) a kernel for a profile" },
	{ "lint", cmd_lint, "check a built image for host keys, passwords, owners and host details, without mounting" },
	{ "vmdk", cmd_vmdk, "write a raw disk as a VMDK (sparse, streamOptimized, split, flat)" },
	{ "vmx", cmd_vmx, "render a .vmx template for an appliance" },
	{ "ova", cmd_ova, "package an appliance as an OVA (OVF, streamOptimized disk, manifest)" },
	{ "release-config", cmd_release_config, "validate a release.conf; print its make variables" },
	{ "publish", cmd_publish, "publish a release: sums, torrents with web seeds, magnets, index.html" },
	{ "verify", cmd_verify, "check downloaded files against MD5SUMS/SHA256SUMS, a .torrent or a .meta4" },
	{ "qcow2", cmd_qcow2, "the disk as qcow2 for KVM/QEMU, or xz-compressed raw for dd" },
	{ "libvirt", cmd_libvirt, "a libvirt domain XML for the appliance's qcow2 (KVM)" },
	{ "zip", cmd_zip, "the download archive: files in a folder, deterministic" },
	{ "sbom", cmd_sbom, "what is inside an appliance: its package manifest or SPDX SBOM, from the tree" },
	{ "sources", cmd_sources, "the source packages of everything an appliance runs, in one tar" },
	{ "rootfs", cmd_rootfs, "bootstrap and clean an appliance's root filesystem tree" },
};

static const char main_usage[] =
	"usage: appliance [--version] [--help] COMMAND [ARGS]\n"
	"       appliance --data-dir | --lib-dir | help --commands\n"
	"\n"
	"Builds paravirtualized 32-bit Linux appliances. Commands:\n";

static void print_usage(FILE *f)
{
	fputs(main_usage, f);
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].summary);
	fputs("\n'appliance help COMMAND' or 'appliance COMMAND --help' describes one;\n"
	      "'appliance help --commands' lists them one a line, NAME<tab>SUMMARY.\n"
	      "--data-dir and --lib-dir print where an installed appliance keeps its\n"
	      "files (PREFIX/share/pvappliance, PREFIX/lib/pvappliance).\n"
	      "Exit status: 0 success, 1 failure, 2 usage error.\n", f);
}

/* For man pages and completion: the table, one command a line. */
static int print_commands(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		printf("%s\t%s\n", commands[i].name, commands[i].summary);
	return fflush(stdout) || ferror(stdout) ? 1 : 0;
}

static int print_install_dir(enum install_dir which)
{
	struct strbuf dir = STRBUF_INIT;
	int ret = 1;
	if (!install_path(which, NULL, &dir)) {
		printf("%s\n", dir.buf);
		ret = fflush(stdout) ? 1 : 0;
	}
	strbuf_release(&dir);
	return ret;
}

int usage_exit(const char *usage, int is_help)
{
	fputs(usage, is_help ? stdout : stderr);
	if (is_help && (fflush(stdout) || ferror(stdout)))
		return 1;
	return is_help ? 0 : EXIT_USAGE;
}

int usage_exit_with(const char *usage, void (*more)(struct strbuf *out), int is_help)
{
	struct strbuf u = STRBUF_INIT;
	int ret;
	strbuf_addstr(&u, usage);
	more(&u);
	ret = usage_exit(u.buf, is_help);
	strbuf_release(&u);
	return ret;
}

int write_output(const char *path, const struct strbuf *sb)
{
	if (path)
		return write_file_atomic(path, sb->buf, sb->len, 0644);
	if (fwrite(sb->buf, 1, sb->len, stdout) != sb->len || fflush(stdout))
		return error("cannot write to standard output");
	return 0;
}

int parse_int_option(const char *cmd, const char *option, const char *arg,
		     long long min, long long max, long long *out)
{
	const char *digits = arg[0] == '-' && min < 0 ? arg + 1 : arg;
	long long v = 0;
	char *end = NULL;

	/* strtoll skips blanks and takes a sign; only digits are asked for. */
	if (isdigit((unsigned char)*digits)) {
		errno = 0;
		v = strtoll(arg, &end, 10);
	}
	if (!end || *end || errno == ERANGE || v < min || v > max)
		return error("%s: %s '%s': expected a whole number from %lld to %lld", cmd,
			     option, arg, min, max);
	*out = v;
	return 0;
}

int build_epoch(const char *cmd, const char *option, long long *out)
{
	const char *v = option ? option : getenv("SOURCE_DATE_EPOCH");
	/* An empty SOURCE_DATE_EPOCH says no more than an unset one. */
	if (!v || (!option && !*v))
		return error("%s: no build date: set SOURCE_DATE_EPOCH or pass --epoch, in "
			     "seconds since 1970", cmd);
	return parse_int_option(cmd, option ? "--epoch" : "SOURCE_DATE_EPOCH", v, 0, EPOCH_MAX,
				out);
}

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	const struct command *cmd;

	if (argc < 2) {
		print_usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("appliance %s\n", APPLIANCE_VERSION);
		return fflush(stdout) ? 1 : 0;
	}
	if (!strcmp(argv[1], "--data-dir"))
		return print_install_dir(INSTALL_DATA);
	if (!strcmp(argv[1], "--lib-dir"))
		return print_install_dir(INSTALL_LIB);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		if (argc > 2 && !strcmp(argv[2], "--commands"))
			return print_commands();
		if (argc > 2) {
			char *help_argv[] = { argv[2], "--help", NULL };
			if (!(cmd = find_command(argv[2]))) {
				error("'%s' is not a command; see 'appliance help'", argv[2]);
				return EXIT_USAGE;
			}
			return cmd->fn(2, help_argv);
		}
		print_usage(stdout);
		return fflush(stdout) ? 1 : 0;
	}
	if (!(cmd = find_command(argv[1]))) {
		error("'%s' is not a command; see 'appliance help'", argv[1]);
		return EXIT_USAGE;
	}
	return cmd->fn(argc - 1, argv + 1);
}
