/* Starting and stopping qemu for a virtual machine (see vm.h). Tested by
 * builder/t/check/t-boottest.c and the boots of t3100 and t5010. */
#include "check/vm.h"
#include "core/array.h"
#include "core/error.h"
#include "core/strvec.h"
#include "core/tools.h"
#include "image/adapters.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

double vm_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* qemu's format for a disk image, from its name. */
static const char *disk_format(const char *disk)
{
	static const struct { const char *suffix, *format; } formats[] = {
		{ ".vmdk", "vmdk" }, { ".qcow2", "qcow2" },
	};
	size_t n = strlen(disk);
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++) {
		size_t k = strlen(formats[i].suffix);
		if (n > k && !strcmp(disk + n - k, formats[i].suffix))
			return formats[i].format;
	}
	return "raw";
}

static int start(struct vm *vm)
{
	const struct vm_opts *o = vm->o;
	struct strvec a = STRVEC_INIT;
	int in[2], out[2];
	const char *format = disk_format(o->disk);
	const char *snapshot = o->writable ? "off" : "on";
	/* The bus's row says how qemu attaches the disk. */
	const struct qemu_bus *bus = qemu_bus_find(o->bus ? o->bus : disk_adapters[0].qemu_bus);

	if (!bus) {
		struct strbuf list = STRBUF_INIT;
		qemu_bus_list(&list, ", ", " or ");
		error("bus '%s': expected %s", o->bus, list.buf);
		strbuf_release(&list);
		return -1;
	}
	if (tool_require("qemu-system-i386"))
		return -1;
	strvec_pushl(&a, "qemu-system-i386", "-accel", o->kvm ? "kvm" : "tcg", NULL);
	strvec_pushf(&a, "-m");
	strvec_pushf(&a, "%u", o->memory ? o->memory : 256);
	/* qemu32 with the NX bit, which every hypervisor we target shows its
	 * guests (qemu32 alone has none), so that the PAE kernel's NX is in
	 * effect in the test as where the appliance runs. */
	strvec_pushl(&a, "-cpu", o->no_hypervisor ? "qemu32,+nx,-hypervisor" : "qemu32,+nx",
		     NULL);
	strvec_pushl(&a, "-display", "none", "-no-reboot", "-chardev", "stdio,id=ser0,signal=off",
		     "-serial", "chardev:ser0", "-monitor", "none", NULL);
	strvec_push(&a, "-qmp");
	strvec_pushf(&a, "unix:%s,server=on,wait=off", vm->sock.buf);
	/* snapshot=on: the boot must not change the artifact. */
	strvec_push(&a, "-drive");
	if (bus->drive_if) { /* qemu's own controller: IDE, virtio-blk */
		strvec_pushf(&a, "file=%s,format=%s,if=%s,snapshot=%s", o->disk, format,
			     bus->drive_if, snapshot);
	} else {
		strvec_pushf(&a, "file=%s,format=%s,if=none,id=d0,snapshot=%s", o->disk, format,
			     snapshot);
		for (size_t i = 0; i < ARRAY_SIZE(bus->devices) && bus->devices[i]; i++)
			strvec_pushl(&a, "-device", bus->devices[i], NULL);
	}
	/* A NoCloud seed as Proxmox and virt-install attach one: read-only,
	 * an ISO as a CD-ROM, a FAT image as a second disk. */
	if (o->seed) {
		size_t n = strlen(o->seed);
		strvec_push(&a, "-drive");
		if (n > 4 && !strcmp(o->seed + n - 4, ".iso"))
			strvec_pushf(&a, "file=%s,format=raw,media=cdrom,readonly=on", o->seed);
		else
			strvec_pushf(&a, "file=%s,format=raw,if=virtio,readonly=on", o->seed);
	}
	/* SMBIOS type 11 strings: how qemu hands credentials in. qemu splits
	 * its options at commas; a comma in a value is written twice. */
	for (size_t i = 0; o->oem_strings && o->oem_strings[i]; i++) {
		struct strbuf v = STRBUF_INIT;
		strbuf_addstr(&v, "type=11,value=");
		for (const char *p = o->oem_strings[i]; *p; p++)
		{
			if (*p == ',')
				strbuf_addch(&v, ',');
			strbuf_addch(&v, *p);
		}
		strvec_pushl(&a, "-smbios", v.buf, NULL);
		strbuf_release(&v);
	}
	/* A NIC on user networking that reaches nothing outside; forwarded
	 * ports listen on the host's loopback only. */
	strvec_push(&a, "-nic");
	{
		struct strbuf nic = STRBUF_INIT;
		strbuf_addf(&nic, "user,restrict=on,model=%s", o->nic ? o->nic : "e1000");
		for (size_t i = 0; o->forwards && o->forwards[i]; i++) {
			const char *colon = strchr(o->forwards[i], ':');
			strbuf_addf(&nic, ",hostfwd=tcp:127.0.0.1:%.*s-:%s",
				    (int)(colon - o->forwards[i]), o->forwards[i], colon + 1);
		}
		strvec_push(&a, nic.buf);
		strbuf_release(&nic);
	}

	if (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0) {
		strvec_clear(&a);
		return error_errno("cannot create pipes");
	}
	vm->pid = fork();
	if (vm->pid < 0) {
		strvec_clear(&a);
		return error_errno("cannot start qemu");
	}
	if (vm->pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(out[1], 2);
		execvp(a.v[0], a.v);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	vm->in = in[1];
	vm->out = out[0];
	strvec_clear(&a);
	return 0;
}

int vm_start(struct vm *vm, const struct vm_opts *o)
{
	vm->o = o;
	vm->logfd = open(o->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (vm->logfd < 0)
		return error_errno("cannot create '%s'", o->log);
	strbuf_addf(&vm->sock, "%s.qmp", o->log);
	unlink(vm->sock.buf);
	signal(SIGPIPE, SIG_IGN);
	return start(vm);
}

int vm_wait_exit(struct vm *vm, unsigned seconds)
{
	vm->deadline = time(NULL) + seconds;
	vm_wait_for(vm, NULL); /* drain the console until qemu closes it */
	for (double end = vm_now() + 2; vm_now() < end;) {
		int st;
		pid_t r = waitpid(vm->pid, &st, WNOHANG);
		if (r == vm->pid) {
			vm->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
			vm->pid = -1;
			return 0;
		}
		usleep(50000);
	}
	return error("the appliance did not power itself off within %u s; see '%s'", seconds,
		     vm->o->log);
}

void vm_stop(struct vm *vm)
{
	if (vm->pid > 0) {
		kill(vm->pid, SIGKILL);
		waitpid(vm->pid, NULL, 0);
	}
	if (vm->in >= 0)
		close(vm->in);
	if (vm->out >= 0)
		close(vm->out);
	if (vm->qmp >= 0)
		close(vm->qmp);
	if (vm->logfd >= 0)
		close(vm->logfd);
	if (vm->sock.len)
		unlink(vm->sock.buf);
	strbuf_release(&vm->console);
	strbuf_release(&vm->sock);
}
