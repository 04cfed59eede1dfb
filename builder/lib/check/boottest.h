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

#include <stdbool.h>

struct boottest_opts {
	const char *disk;        /* .vmdk or raw */
	const char *log;         /* the serial console's transcript */
	const char *screenshot;  /* NULL, or a PNG of the VGA console at the login */
	const char *bus;         /* a qemu_bus in image/adapters.c; NULL: the default's */
	const char *nic;         /* e1000 (default), vmxnet3, pcnet */
	unsigned memory;         /* MiB */
	unsigned timeout;        /* seconds for the whole boot */
	bool kvm;                /* -accel kvm instead of TCG */
	bool no_hypervisor;      /* -cpu qemu32,-hypervisor: "native hardware" */
	bool expect_refusal;     /* pvinit must refuse and power off */
	const char *chat;        /* a chat file (bootchat.h) replacing the SysRq power-off */
	const char *const *oem_strings; /* SMBIOS type 11 strings (credentials), NULL-ended */
	const char *const *forwards;    /* "HOSTPORT:GUESTPORT" TCP on 127.0.0.1, NULL-ended */
	bool writable;           /* no snapshot: the boot changes the disk (a second boot) */
	const char *seed;        /* NULL, or a NoCloud seed: FILE.iso a CD-ROM, else a disk */
};

int boottest_run(const struct boottest_opts *o);

#endif
