/*
 * Booting a disk image in qemu-system-i386 and reading its serial console:
 * the checks every appliance must pass (the kernel's paravirt line, pvinit's
 * hypervisor line, no ACPI, no USB, a login prompt or pvinit's refusal),
 * a VGA screenshot, and the guest powering itself off through APM: asked
 * with SysRq-o over a serial BREAK, or, with a chat (bootchat.h), by logging
 * in and running poweroff as a person would.
 */
#ifndef BOOTTEST_H
#define BOOTTEST_H

#include "check/vm.h"

#include <stdbool.h>

struct boottest_opts {
	struct vm_opts vm;       /* the machine: disk, log, bus, NIC, memory, timeout, ... */
	const char *screenshot;  /* NULL, or a PNG of the VGA console at the login */
	bool expect_refusal;     /* pvinit must refuse and power off */
	const char *chat;        /* a chat file (bootchat.h) replacing the SysRq power-off */
};

int boottest_run(const struct boottest_opts *o);

#endif
