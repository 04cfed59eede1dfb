/* Running a chat (bootchat.h) against a virtual machine: one function per
 * step, in one table. Tested by builder/t/check/t-bootchat.c (the format)
 * and the chats of tests/t5010-appliance-boot.sh. */
#include "check/boottest-int.h"
#include "core/error.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int chat_expect(struct vm *vm, const struct chat_step *st)
{
	for (;;) {
		const char *from = vm->console.buf + vm->seen;
		const char *hit = memmem(from, vm->console.len - vm->seen, st->arg, st->arg_len);
		if (hit) {
			vm->seen = (size_t)(hit - vm->console.buf) + st->arg_len;
			return 0;
		}
		int r = vm_read_console(vm, st->arg, -1);
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
		r = vm_qmp(vm, cmd.buf);
		strbuf_release(&cmd);
		if (r)
			return -1;
		/* Keep the console read while typing, so qemu never blocks on it. */
		if (vm_read_console(vm, "the keys to be typed", 20) < 0)
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
		if (vm_read_console(vm, st->arg, 100) < 0) {
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
	return vm_screenshot(vm, st->arg);
}

int boot_run_chat(struct vm *vm, const struct chat *c, double t0)
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
				 st->op == CHAT_EXPECT ? "saw" : "ran", st->arg, vm_now() - t0);
	}
	return 0;
}
