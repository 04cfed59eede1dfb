/* Boot tests in qemu (see boottest.h). */
#include "check/boottest.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/strbuf.h"
#include "core/strvec.h"
#include "core/tools.h"
#include "image/adapters.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct vm {
	const struct boottest_opts *o;
	pid_t pid;
	int in, out, qmp, logfd;
	struct strbuf console;   /* everything the serial console printed */
	struct strbuf sock;
	time_t deadline;
	int status;              /* qemu's exit status once it ended, else -1 */
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int start(struct vm *vm)
{
	const struct boottest_opts *o = vm->o;
	struct strvec a = STRVEC_INIT;
	int in[2], out[2];
	size_t n = strlen(o->disk);
	bool vmdk = n > 5 && !strcmp(o->disk + n - 5, ".vmdk");
	bool qcow2 = n > 6 && !strcmp(o->disk + n - 6, ".qcow2");
	const char *format = vmdk ? "vmdk" : qcow2 ? "qcow2" : "raw";
	/* virtio: KVM's own disk (the .qcow2 and .libvirt.xml), no VMware adapter. */
	bool virtio = o->bus && !strcmp(o->bus, "virtio");
	/* The devices for the bus: the first adapter's row that boots on it. */
	const struct disk_adapter *bus = virtio ? &disk_adapters[0] :
		disk_adapter_by_qemu_bus(o->bus ? o->bus : disk_adapters[0].qemu_bus);

	if (!bus) {
		struct strbuf list = STRBUF_INIT;
		disk_adapter_list(&list, ADAPTER_QEMU_BUS, ", ", " or ");
		error("bus '%s': expected %s", o->bus, list.buf);
		strbuf_release(&list);
		return -1;
	}
	if (tool_require("qemu-system-i386"))
		return -1;
	strvec_pushl(&a, "qemu-system-i386", "-accel", o->kvm ? "kvm" : "tcg", NULL);
	strvec_pushf(&a, "-m");
	strvec_pushf(&a, "%u", o->memory ? o->memory : 256);
	if (o->no_hypervisor)
		strvec_pushl(&a, "-cpu", "qemu32,-hypervisor", NULL);
	strvec_pushl(&a, "-display", "none", "-no-reboot", "-chardev", "stdio,id=ser0,signal=off",
		     "-serial", "chardev:ser0", "-monitor", "none", NULL);
	strvec_push(&a, "-qmp");
	strvec_pushf(&a, "unix:%s,server=on,wait=off", vm->sock.buf);
	/* snapshot=on: the boot must not change the artifact. */
	strvec_push(&a, "-drive");
	if (virtio || !bus->qemu_devices[0]) { /* qemu's own IDE, or virtio-blk */
		strvec_pushf(&a, "file=%s,format=%s,if=%s,snapshot=on", o->disk, format,
			     virtio ? "virtio" : "ide");
	} else {
		strvec_pushf(&a, "file=%s,format=%s,if=none,id=d0,snapshot=on", o->disk, format);
		for (size_t i = 0; i < sizeof(bus->qemu_devices) / sizeof(bus->qemu_devices[0]) &&
				   bus->qemu_devices[i]; i++)
			strvec_pushl(&a, "-device", bus->qemu_devices[i], NULL);
	}
	/* A NIC on user networking that reaches nothing outside. */
	strvec_push(&a, "-nic");
	strvec_pushf(&a, "user,restrict=on,model=%s", o->nic ? o->nic : "e1000");

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

/* Read the console until it contains needle (or any of the fail words),
 * qemu ends, or the deadline passes. 1 found, 0 not found, -1 failure. */
/* The console may hold NUL bytes (firmware, getty): search by length. */
static const char *find(const struct vm *vm, const char *needle)
{
	return memmem(vm->console.buf, vm->console.len, needle, strlen(needle));
}

/* Whether the console has a whole line containing needle. */
static bool has_line(const struct vm *vm, const char *needle)
{
	const char *hit = find(vm, needle);
	return hit && memchr(hit, '\n', vm->console.len - (size_t)(hit - vm->console.buf));
}

static int wait_for(struct vm *vm, const char *needle)
{
	char buf[4096];
	for (;;) {
		/* A login prompt ends without a newline; other lines must be whole. */
		if (needle && (!strcmp(needle, "login: ") ? find(vm, needle) != NULL
							  : has_line(vm, needle)))
			return 1;
		if (find(vm, "Kernel panic"))
			return error("the kernel panicked; see '%s'", vm->o->log);
		if (vm->out < 0)
			return 0;
		int left = (int)(vm->deadline - time(NULL));
		if (left <= 0)
			return error("timed out after %u s waiting for '%s'; see '%s'",
				     vm->o->timeout, needle ? needle : "qemu to end", vm->o->log);
		struct pollfd p = { .fd = vm->out, .events = POLLIN };
		int r = poll(&p, 1, left * 1000);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			continue;
		ssize_t n = read(vm->out, buf, sizeof(buf));
		if (n <= 0) {
			close(vm->out);
			vm->out = -1;
			continue;
		}
		strbuf_add(&vm->console, buf, (size_t)n);
		if (write(vm->logfd, buf, (size_t)n) != n)
			return error_errno("cannot write '%s'", vm->o->log);
	}
}

/* One QMP command; its reply (skipping events) must say "return". */
static int qmp(struct vm *vm, const char *cmd)
{
	char buf[8192];
	size_t len = 0;
	double end = now() + 10;

	if (vm->qmp < 0) {
		struct sockaddr_un addr = { .sun_family = AF_UNIX };
		snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", vm->sock.buf);
		while ((vm->qmp = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) >= 0 &&
		       connect(vm->qmp, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
			close(vm->qmp);
			vm->qmp = -1;
			if (now() > end)
				return error("cannot reach qemu's QMP socket '%s'", vm->sock.buf);
			usleep(100000);
		}
		if (vm->qmp < 0)
			return error_errno("cannot create a socket");
		if (qmp(vm, "{\"execute\":\"qmp_capabilities\"}"))
			return -1;
	}
	if (cmd && (write(vm->qmp, cmd, strlen(cmd)) < 0 || write(vm->qmp, "\n", 1) < 0))
		return error_errno("cannot talk to qemu");
	for (;;) {
		struct pollfd p = { .fd = vm->qmp, .events = POLLIN };
		if (poll(&p, 1, 10000) <= 0)
			return error("qemu did not answer '%s'", cmd);
		ssize_t n = read(vm->qmp, buf + len, sizeof(buf) - 1 - len);
		if (n <= 0)
			return error("qemu closed its QMP socket");
		len += (size_t)n;
		buf[len] = '\0';
		char *line;
		while ((line = strchr(buf, '\n'))) {
			*line = '\0';
			if (strstr(buf, "\"return\""))
				return 0;
			if (strstr(buf, "\"error\""))
				return error("qemu refused '%s': %s", cmd, buf);
			/* greeting or an event: keep reading */
			len -= (size_t)(line + 1 - buf);
			memmove(buf, line + 1, len + 1);
		}
		if (len == sizeof(buf) - 1)
			len = 0;
	}
}

static int wait_exit(struct vm *vm, unsigned seconds)
{
	vm->deadline = time(NULL) + seconds;
	wait_for(vm, NULL); /* drain the console until qemu closes it */
	for (double end = now() + 2; now() < end;) {
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

static int check_absent(struct vm *vm, const char *what, const char *word)
{
	const char *end = vm->console.buf + vm->console.len;
	for (const char *p = vm->console.buf;
	     (p = memmem(p, (size_t)(end - p), word, strlen(word))); p++)
		if (p == vm->console.buf || p[-1] == '\n')
			return error("%s: the console shows '%s' lines; see '%s'", what, word,
				     vm->o->log);
	return 0;
}

int boottest_run(const struct boottest_opts *o)
{
	struct vm vm = { .o = o, .in = -1, .out = -1, .qmp = -1, .logfd = -1, .pid = -1,
			 .console = STRBUF_INIT, .sock = STRBUF_INIT, .status = -1 };
	double t0 = now();
	int ret = -1;

	if (!path_exists(o->disk))
		return error("no disk image '%s'", o->disk);
	vm.logfd = open(o->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (vm.logfd < 0)
		return error_errno("cannot create '%s'", o->log);
	strbuf_addf(&vm.sock, "%s.qmp", o->log);
	unlink(vm.sock.buf);
	signal(SIGPIPE, SIG_IGN);
	if (start(&vm))
		goto out;
	vm.deadline = time(NULL) + (o->timeout ? o->timeout : 300);

	if (wait_for(&vm, "Booting paravirtualized kernel on ") != 1)
		goto fail;
	progress("BOOT", "%s: kernel up (%.1f s)", o->disk, now() - t0);
	if (wait_for(&vm, "pvinit: ") != 1)
		goto fail;
	if (o->expect_refusal) {
		if (wait_for(&vm, "refuses to run on native hardware") != 1 || wait_exit(&vm, 60))
			goto fail;
		progress("BOOT", "%s: refused native hardware and powered off (%.1f s)", o->disk,
			 now() - t0);
	} else {
		const char *want = o->no_hypervisor ? "pvinit: no hypervisor found" :
						      "pvinit: hypervisor: ";
		if (!find(&vm, want)) {
			error("pvinit did not say '%s'; see '%s'", want, o->log);
			goto fail;
		}
		if (wait_for(&vm, "login: ") != 1)
			goto fail;
		progress("BOOT", "%s: login prompt (%.1f s)", o->disk, now() - t0);
		if (o->screenshot) {
			struct strbuf cmd = STRBUF_INIT;
			sleep(1); /* let the VGA console finish drawing */
			strbuf_addf(&cmd, "{\"execute\":\"screendump\",\"arguments\":{\"filename\":"
				    "\"%s\",\"format\":\"png\"}}", o->screenshot);
			int r = qmp(&vm, cmd.buf);
			strbuf_release(&cmd);
			if (r)
				goto fail;
		}
		/* SysRq-o: the kernel powers off through APM, which ends qemu. */
		if (qmp(&vm, "{\"execute\":\"chardev-send-break\",\"arguments\":{\"id\":\"ser0\"}}") ||
		    write(vm.in, "o", 1) != 1 || wait_exit(&vm, 60))
			goto fail;
		progress("BOOT", "%s: powered off (%.1f s)", o->disk, now() - t0);
	}
	if (vm.status != 0) {
		error("qemu ended with status %d; see '%s'", vm.status, o->log);
		goto fail;
	}
	if (check_absent(&vm, "ACPI is off", "ACPI:") || check_absent(&vm, "USB is off", "usbcore"))
		goto fail;
	ret = 0;
	goto out;
fail:
	error("the boot test of '%s' failed", o->disk);
out:
	if (vm.pid > 0) {
		kill(vm.pid, SIGKILL);
		waitpid(vm.pid, NULL, 0);
	}
	if (vm.in >= 0)
		close(vm.in);
	if (vm.out >= 0)
		close(vm.out);
	if (vm.qmp >= 0)
		close(vm.qmp);
	close(vm.logfd);
	unlink(vm.sock.buf);
	strbuf_release(&vm.console);
	strbuf_release(&vm.sock);
	return ret;
}
