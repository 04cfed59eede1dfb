/* The subcommands of the appliance front end. Each returns the exit code:
 * 0 success, 1 failure, 2 usage. */
#ifndef CMD_H
#define CMD_H

#include "error.h"

#define EXIT_USAGE 2

int cmd_config(int argc, char **argv);
int cmd_kconfig(int argc, char **argv);
int cmd_rootfs(int argc, char **argv);
int cmd_kernel(int argc, char **argv);

/* Print usage to stdout (exit 0) for --help, else to stderr (exit 2). */
int usage_exit(const char *usage, int is_help);

#endif
