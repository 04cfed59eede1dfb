/* What boottest.c is made of besides the qemu driver (vm.h): running a
 * chat (bootchat-run.c) and the login of a boot without one (boot-login.c). */
#ifndef BOOTTEST_INT_H
#define BOOTTEST_INT_H

#include "check/bootchat.h"
#include "check/vm.h"

/* Run the chat's steps in order; a failed step is named with its file and
 * line. t0: when the boot began, for the progress lines. */
int boot_run_chat(struct vm *vm, const struct chat *c, double t0);

/* The first prompt a person meets: 1 pvappliance-firstboot's (no root
 * password yet), 0 a login prompt, -1 neither in time. */
int boot_wait_for_prompt(struct vm *vm);
/* At the first-boot prompt of a snapshot boot: take a made-up password,
 * log in as root with it and power off. */
int boot_first_boot_login(struct vm *vm, double t0);

#endif
