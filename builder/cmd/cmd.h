/* The subcommands of the appliance front end. Each returns the exit code:
 * 0 success, 1 failure, 2 usage. */
#ifndef CMD_H
#define CMD_H

#include "core/error.h"
#include "core/strbuf.h"

#define EXIT_USAGE 2

int cmd_boot_test(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_disk(int argc, char **argv);
int cmd_kconfig(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_ova(int argc, char **argv);
int cmd_publish(int argc, char **argv);
int cmd_rootfs(int argc, char **argv);
int cmd_vmdk(int argc, char **argv);
int cmd_vmx(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_zip(int argc, char **argv);
int cmd_kernel(int argc, char **argv);

/* Write sb to path atomically, or to standard output when path is NULL;
 * 0, or -1 with an error. */
int write_output(const char *path, const struct strbuf *sb);

/* The build date: the --epoch value when given (not NULL), else
 * $SOURCE_DATE_EPOCH. -1 with an error naming cmd when neither holds
 * seconds since 1970. */
int build_epoch(const char *cmd, const char *option, long long *out);

/* Print usage to stdout (exit 0) for --help, else to stderr (exit 2). */
int usage_exit(const char *usage, int is_help);

#endif
