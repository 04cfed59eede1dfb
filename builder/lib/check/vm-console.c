/* Reading a virtual machine's serial console (see vm.h). Tested by the
 * boots of tests/t3100-pvinit-boot.sh and tests/t5010-appliance-boot.sh. */
#include "check/vm.h"
#include "core/error.h"

#include <poll.h>
#include <string.h>
#include <unistd.h>

const char *vm_find(const struct vm *vm, const char *needle)
{
	return memmem(vm->console.buf, vm->console.len, needle, strlen(needle));
}

/* Whether the console has a whole line containing needle. */
static bool has_line(const struct vm *vm, const char *needle)
{
	const char *hit = vm_find(vm, needle);
	return hit && memchr(hit, '\n', vm->console.len - (size_t)(hit - vm->console.buf));
}

int vm_read_console(struct vm *vm, const char *awaited, int ms)
{
	char buf[4096];
	if (vm_find(vm, "Kernel panic"))
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

int vm_wait_for(struct vm *vm, const char *needle)
{
	for (;;) {
		/* A login prompt ends without a newline; other lines must be whole. */
		if (needle && (!strcmp(needle, "login: ") ? vm_find(vm, needle) != NULL
							  : has_line(vm, needle)))
			return 1;
		int r = vm_read_console(vm, needle ? needle : "qemu to end", -1);
		if (r <= 0)
			return r;
	}
}

int vm_check_absent(struct vm *vm, const char *what, const char *word)
{
	const char *end = vm->console.buf + vm->console.len;
	for (const char *p = vm->console.buf;
	     (p = memmem(p, (size_t)(end - p), word, strlen(word))); p++)
		if (p == vm->console.buf || p[-1] == '\n')
			return error("%s: the console shows '%s' lines; see '%s'", what, word,
				     vm->o->log);
	return 0;
}
