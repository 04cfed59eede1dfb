/* Boot tests in qemu (see boottest.h). */
#include "check/boottest.h"
#include "check/bootchat.h"
#include "console.h" /* pvappliance-firstboot's words, builder/firstboot/ */
#include "core/escape.h"
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
	size_t seen;             /* where a chat's next expect starts looking */
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

/* qemu's format for a disk image, from its name. */
static const char *disk_format(const char *disk)
{
	static const struct { const char *suffix, *format; } formats[] = {
		{ ".vmdk", "vmdk" }, { ".qcow2", "qcow2" },
	};
	size_t n = strlen(disk);
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		size_t k = strlen(formats[i].suffix);
		if (n > k && !strcmp(disk + n - k, formats[i].suffix))
			return formats[i].format;
	}
	return "raw";
}

static int start(struct vm *vm)
{
	const struct boottest_opts *o = vm->o;
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
	if (o->no_hypervisor)
		strvec_pushl(&a, "-cpu", "qemu32,-hypervisor", NULL);
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
		for (size_t i = 0; i < sizeof(bus->devices) / sizeof(bus->devices[0]) &&
				   bus->devices[i]; i++)
			strvec_pushl(&a, "-device", bus->devices[i], NULL);
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

/* Read what the console prints next, for up to ms milliseconds (never past
 * the deadline). 1 read or waited, 0 qemu closed the console, -1 the
 * deadline passed or the kernel panicked (said, naming what was awaited). */
static int read_console(struct vm *vm, const char *awaited, int ms)
{
	char buf[4096];
	if (find(vm, "Kernel panic"))
		return error("the kernel panicked; see '%s'", vm->o->log);
	if (vm->out < 0)
		return 0;
	int left = (int)(vm->deadline - time(NULL));
	if (left <= 0)
		return error("timed out after %u s waiting for '%s'; see '%s'", vm->o->timeout,
			     awaited, vm->o->log);
	struct pollfd p = { .fd = vm->out, .events = POLLIN };
	int r = poll(&p, 1, ms >= 0 && ms < left * 1000 ? ms : left * 1000);
	if (r <= 0)
		return 1; /* a signal or a quiet console: the caller looks again */
	ssize_t n = read(vm->out, buf, sizeof(buf));
	if (n <= 0) {
		close(vm->out);
		vm->out = -1;
		return 0;
	}
	strbuf_add(&vm->console, buf, (size_t)n);
	if (write(vm->logfd, buf, (size_t)n) != n)
		return error_errno("cannot write '%s'", vm->o->log);
	return 1;
}

static int wait_for(struct vm *vm, const char *needle)
{
	for (;;) {
		/* A login prompt ends without a newline; other lines must be whole. */
		if (needle && (!strcmp(needle, "login: ") ? find(vm, needle) != NULL
							  : has_line(vm, needle)))
			return 1;
		int r = read_console(vm, needle ? needle : "qemu to end", -1);
		if (r <= 0)
			return r;
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

static int screenshot(struct vm *vm, const char *file)
{
	struct strbuf cmd = STRBUF_INIT;
	int r;
	strbuf_addstr(&cmd, "{\"execute\":\"screendump\",\"arguments\":{\"filename\":\"");
	json_escape(&cmd, file);
	strbuf_addstr(&cmd, "\",\"format\":\"png\"}}");
	r = qmp(vm, cmd.buf);
	strbuf_release(&cmd);
	return r;
}

/* Chat steps (bootchat.h), one function each. */
static int chat_expect(struct vm *vm, const struct chat_step *st)
{
	for (;;) {
		const char *from = vm->console.buf + vm->seen;
		const char *hit = memmem(from, vm->console.len - vm->seen, st->arg, st->arg_len);
		if (hit) {
			vm->seen = (size_t)(hit - vm->console.buf) + st->arg_len;
			return 0;
		}
		int r = read_console(vm, st->arg, -1);
		if (r < 0)
			return -1;
		if (!r)
			return error("the appliance stopped before printing '%s'; see '%s'", st->arg,
				     vm->o->log);
	}
}

static int chat_send(struct vm *vm, const struct chat_step *st)
{
	if (write(vm->in, st->arg, st->arg_len) != (ssize_t)st->arg_len)
		return error_errno("cannot type on the serial console");
	return 0;
}

/* Each character a key press on the VGA console (what tty1 reads). */
static int chat_keys(struct vm *vm, const struct chat_step *st)
{
	for (size_t i = 0; i < st->arg_len; i++) {
		struct strbuf cmd = STRBUF_INIT;
		bool shift;
		const char *code = chat_qcode((unsigned char)st->arg[i], &shift);
		int r;
		if (!code)
			return error("no key types the character 0x%02x", (unsigned char)st->arg[i]);
		strbuf_addstr(&cmd, "{\"execute\":\"send-key\",\"arguments\":{\"keys\":[");
		if (shift)
			strbuf_addstr(&cmd, "{\"type\":\"qcode\",\"data\":\"shift\"},");
		strbuf_addf(&cmd, "{\"type\":\"qcode\",\"data\":\"%s\"}]}}", code);
		r = qmp(vm, cmd.buf);
		strbuf_release(&cmd);
		if (r)
			return -1;
		/* Keep the console read while typing, so qemu never blocks on it. */
		if (read_console(vm, "the keys to be typed", 20) < 0)
			return -1;
	}
	return 0;
}

/* A host command, run while the console keeps being read (an ssh session
 * may take a while, and a full pipe would stall the guest's serial port). */
static int chat_run(struct vm *vm, const struct chat_step *st)
{
	int status;
	pid_t pid = fork();
	if (pid < 0)
		return error_errno("cannot run '%s'", st->arg);
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", st->arg, (char *)NULL);
		_exit(127);
	}
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR)
			return error_errno("cannot wait for '%s'", st->arg);
		if (read_console(vm, st->arg, 100) < 0) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			return -1;
		}
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return error("'%s' failed (%s %d)", st->arg,
			     WIFEXITED(status) ? "exit" : "signal",
			     WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	return 0;
}

static int chat_screenshot(struct vm *vm, const struct chat_step *st)
{
	return screenshot(vm, st->arg);
}

static int run_chat(struct vm *vm, const struct chat *c, double t0)
{
	static int (*const runners[])(struct vm *, const struct chat_step *) = {
		[CHAT_EXPECT] = chat_expect, [CHAT_SEND] = chat_send, [CHAT_KEYS] = chat_keys,
		[CHAT_RUN] = chat_run, [CHAT_SCREENSHOT] = chat_screenshot,
	};
	for (size_t i = 0; i < c->nr; i++) {
		const struct chat_step *st = &c->steps[i];
		if (runners[st->op](vm, st))
			return error_at(c->file, st->line, "the chat's '%s' step failed",
					chat_op_name(st->op));
		if (st->op == CHAT_EXPECT || st->op == CHAT_RUN)
			progress("BOOT", "%s: %s '%.60s' (%.1f s)", vm->o->disk,
				 st->op == CHAT_EXPECT ? "saw" : "ran", st->arg, now() - t0);
	}
	return 0;
}

/* The first prompt a person meets: 1 pvappliance-firstboot's (no root
 * password yet), 0 a login prompt, -1 neither in time. */
static int wait_for_prompt(struct vm *vm)
{
	for (;;) {
		if (find(vm, CONSOLE_ASK))
			return 1;
		if (find(vm, "login: "))
			return 0;
		int r = read_console(vm, "a login or first-boot prompt", -1);
		if (r <= 0)
			return r < 0 ? -1 : error("qemu ended before a prompt; see '%s'", vm->o->log);
	}
}

/*
 * At the first-boot prompt of a snapshot boot: ask for a made-up password
 * ("g"), read it off the console, log in as root with it and power off, as a
 * person would. The password lives only in the snapshot, which qemu drops.
 */
static int first_boot_login(struct vm *vm, double t0)
{
	static const char shown[] = CONSOLE_SHOWN;
	struct chat c = { 0 };
	struct strbuf text = STRBUF_INIT;
	const char *hit, *eol;
	int ret;

	vm->seen = (size_t)(find(vm, CONSOLE_ASK) - vm->console.buf);
	if (vm->o->writable)
		return error("a writable boot would keep the made-up password: give a --chat");
	if (write(vm->in, "g\n", 2) != 2)
		return error_errno("cannot type on the serial console");
	for (;;) {
		hit = memmem(vm->console.buf + vm->seen, vm->console.len - vm->seen, shown,
			     sizeof(shown) - 1);
		eol = hit ? memchr(hit, '\n', vm->console.len - (size_t)(hit - vm->console.buf)) : NULL;
		if (eol)
			break;
		int r = read_console(vm, shown, -1);
		if (r <= 0)
			return r < 0 ? -1 : error("qemu ended at the first-boot prompt");
	}
	vm->seen = (size_t)(eol - vm->console.buf);
	/* It is shown until Enter says it was written down. */
	strbuf_addstr(&text, "expect " CONSOLE_WRITTEN_DOWN "\nsend \\n\nexpect login: \nsend root\\n\n"
		      "expect Password: \nsend ");
	for (const char *p = hit + sizeof(shown) - 1; p < eol && *p != '\r'; p++) {
		if (*p == '\\')
			strbuf_addch(&text, '\\');
		strbuf_addch(&text, *p);
	}
	strbuf_addstr(&text, "\\n\nexpect # \nsend poweroff\\n\n");
	ret = chat_parse(&c, "(first-boot login)", text.buf) || run_chat(vm, &c, t0) ? -1 : 0;
	strbuf_release(&text);
	chat_clear(&c);
	return ret;
}

int boottest_run(const struct boottest_opts *o)
{
	struct vm vm = { .o = o, .in = -1, .out = -1, .qmp = -1, .logfd = -1, .pid = -1,
			 .console = STRBUF_INIT, .sock = STRBUF_INIT, .status = -1 };
	struct chat chat = { 0 };
	double t0 = now();
	int ret = -1;

	if (!path_exists(o->disk))
		return error("no disk image '%s'", o->disk);
	for (size_t i = 0; o->forwards && o->forwards[i]; i++) {
		const char *f = o->forwards[i], *colon = strchr(f, ':');
		if (!colon || colon == f || !colon[1] || strspn(f, "0123456789") != (size_t)(colon - f) ||
		    strspn(colon + 1, "0123456789") != strlen(colon + 1))
			return error("forward '%s': write HOSTPORT:GUESTPORT, e.g. 2222:22", f);
	}
	if (o->chat && chat_load(&chat, o->chat)) {
		chat_clear(&chat);
		return -1;
	}
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
		if (chat.nr) {
			/* The chat logs in and powers off, as a person would. */
			if (run_chat(&vm, &chat, t0) || wait_exit(&vm, 120))
				goto fail;
			progress("BOOT", "%s: powered off (%.1f s)", o->disk, now() - t0);
		} else {
			int first_boot = wait_for_prompt(&vm);
			if (first_boot < 0)
				goto fail;
			progress("BOOT", "%s: %s (%.1f s)", o->disk,
				 first_boot ? "first-boot password prompt" : "login prompt", now() - t0);
			if (o->screenshot) {
				sleep(1); /* let the VGA console finish drawing */
				if (screenshot(&vm, o->screenshot))
					goto fail;
			}
			if (first_boot) {
				/* In the snapshot only: a made-up password, log in, poweroff. */
				if (first_boot_login(&vm, t0) || wait_exit(&vm, 120))
					goto fail;
			} else {
				/* SysRq-o: the kernel powers off through APM, which ends qemu. */
				if (qmp(&vm, "{\"execute\":\"chardev-send-break\",\"arguments\":"
					"{\"id\":\"ser0\"}}") ||
				    write(vm.in, "o", 1) != 1 || wait_exit(&vm, 60))
					goto fail;
			}
			progress("BOOT", "%s: powered off (%.1f s)", o->disk, now() - t0);
		}
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
	chat_clear(&chat);
	return ret;
}
