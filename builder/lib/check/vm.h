/*
 * A qemu-system-i386 virtual machine driven as a person at its consoles
 * would: started on a disk image (a snapshot unless writable), its serial
 * console read into memory and a transcript, QMP for keys and screenshots,
 * and its end awaited. The boot tests (boottest.c) are built on it, and so
 * will `appliance run` be.
 *
 * vm-start.c starts and stops qemu, vm-console.c reads the serial console,
 * vm-qmp.c speaks QMP. Tested by builder/t/check/t-boottest.c and the boots
 * of tests/t3100-pvinit-boot.sh and tests/t5010-appliance-boot.sh.
 */
#ifndef VM_H
#define VM_H

#include "core/strbuf.h"

#include <stdbool.h>
#include <sys/types.h>
#include <time.h>

struct vm_opts {
	const char *disk;        /* .vmdk, .qcow2 or raw */
	const char *log;         /* the serial console's transcript; QMP's socket is LOG.qmp */
	const char *bus;         /* a qemu_bus in image/adapters.c or virtio; NULL: the default's */
	const char *nic;         /* e1000 (default), vmxnet3, pcnet */
	unsigned memory;         /* MiB; 0: 256 */
	unsigned timeout;        /* seconds for the whole run (the deadline's length) */
	bool kvm;                /* -accel kvm instead of TCG */
	bool no_hypervisor;      /* -cpu qemu32,-hypervisor: "native hardware" */
	const char *const *oem_strings; /* SMBIOS type 11 strings (credentials), NULL-ended */
	const char *const *forwards;    /* "HOSTPORT:GUESTPORT" TCP on 127.0.0.1, NULL-ended */
	bool writable;           /* no snapshot: the run changes the disk */
	const char *seed;        /* NULL, or a NoCloud seed: FILE.iso a CD-ROM, else a disk */
};

struct vm {
	const struct vm_opts *o;
	pid_t pid;
	int in, out, qmp, logfd;
	struct strbuf console;   /* everything the serial console printed */
	size_t seen;             /* where a chat's next expect starts looking */
	struct strbuf sock;
	time_t deadline;
	int status;              /* qemu's exit status once it ended, else -1 */
};

#define VM_INIT { .in = -1, .out = -1, .qmp = -1, .logfd = -1, .pid = -1, \
		  .console = STRBUF_INIT, .sock = STRBUF_INIT, .status = -1 }

/* Seconds on the monotonic clock, for the times progress lines show. */
double vm_now(void);

/* vm-start.c. Create o->log and start qemu with o's machine; the deadline
 * is not set (the caller sets vm->deadline). vm_stop ends qemu if it still
 * runs and frees everything, after a failed vm_start too. */
int vm_start(struct vm *vm, const struct vm_opts *o);
/* Read the console until qemu closes it, then reap qemu (its status in
 * vm->status); -1 when it has not ended within seconds. */
int vm_wait_exit(struct vm *vm, unsigned seconds);
void vm_stop(struct vm *vm);

/* vm-console.c. The console may hold NUL bytes (firmware, getty): these
 * search by length. */
const char *vm_find(const struct vm *vm, const char *needle);
/* Read what the console prints next, for up to ms milliseconds (never past
 * the deadline; -1: until something comes). 1 read or waited, 0 qemu
 * closed the console, -1 the deadline passed or the kernel panicked (said,
 * naming what was awaited). */
int vm_read_console(struct vm *vm, const char *awaited, int ms);
/* Read until the console has a whole line containing needle ("login: "
 * needs no line end), qemu ends (needle NULL: the way to drain it) or the
 * deadline passes: 1 found, 0 qemu ended, -1 failure. */
int vm_wait_for(struct vm *vm, const char *needle);
/* -1, saying what, when a console line begins with word. */
int vm_check_absent(struct vm *vm, const char *what, const char *word);

/* vm-qmp.c. One QMP command (connecting first if need be); 0 when its
 * reply, events skipped, says "return". */
int vm_qmp(struct vm *vm, const char *cmd);
/* A PNG of the VGA console. */
int vm_screenshot(struct vm *vm, const char *file);

#endif
