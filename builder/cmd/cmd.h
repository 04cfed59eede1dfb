/*
 * The subcommands of the appliance front end. Each returns the exit code:
 * 0 success, 1 failure, 2 usage.
 *
 * To add a subcommand NAME (git's builtin.h is the model):
 *  1. Write builder/cmd/cmd-NAME.c: int cmd_NAME(int argc, char **argv),
 *     its usage text (--help prints it, a usage error exits 2), options
 *     through getopt_long and parse_int_option; the work itself belongs in
 *     its stage's folder of builder/lib/, which reports and returns -1.
 *  2. Declare it below and add its row (name, function, one-line summary)
 *     to commands[] in builder/cmd/main.c; `appliance help` lists it.
 *  3. Test it: tests/t0000-appliance.sh checks every command answers
 *     --help; its behaviour goes in its stage's tests/tNNNN-*.sh.
 */
#ifndef CMD_H
#define CMD_H

#include "core/error.h"
#include "core/strbuf.h"

#define EXIT_USAGE 2

int cmd_boot_test(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_diff_release(int argc, char **argv);
int cmd_disk(int argc, char **argv);
int cmd_kconfig(int argc, char **argv);
int cmd_libvirt(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_outdated(int argc, char **argv);
int cmd_ova(int argc, char **argv);
int cmd_publish(int argc, char **argv);
int cmd_qcow2(int argc, char **argv);
int cmd_release_config(int argc, char **argv);
int cmd_rootfs(int argc, char **argv);
int cmd_sbom(int argc, char **argv);
int cmd_sources(int argc, char **argv);
int cmd_vmdk(int argc, char **argv);
int cmd_vmx(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_zip(int argc, char **argv);
int cmd_kernel(int argc, char **argv);

/* Write sb to path atomically, or to standard output when path is NULL;
 * 0, or -1 with an error. */
int write_output(const char *path, const struct strbuf *sb);

/* The last second of the year 9999: a later build date is a typo, and
 * no "%Y" timestamp (the kernel's, the index's) could print it. */
#define EPOCH_MAX 253402300799LL

/* The build date: the --epoch value when given (not NULL), else
 * $SOURCE_DATE_EPOCH. -1 with an error naming cmd when neither is set, or
 * the value is not seconds since 1970 (0 to EPOCH_MAX). */
int build_epoch(const char *cmd, const char *option, long long *out);

/* Parse arg, the value cmd was given for option, as a whole number from
 * min to max: decimal digits, after a '-' only when min < 0; no blanks,
 * '+', junk after the digits nor overflow (strtol's silent cases). 0, or
 * -1 with "CMD: OPTION 'ARG': expected a whole number from MIN to MAX"; the
 * caller exits EXIT_USAGE. */
int parse_int_option(const char *cmd, const char *option, const char *arg,
		     long long min, long long max, long long *out);

/* Print usage to stdout (exit 0) for --help, else to stderr (exit 2). */
int usage_exit(const char *usage, int is_help);
/* The same with what more appends after it (a key table's help). */
int usage_exit_with(const char *usage, void (*more)(struct strbuf *out), int is_help);

#endif
