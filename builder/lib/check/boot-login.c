/* The login of a boot test without a chat: at the first prompt a person
 * meets, as a person would (see boottest-int.h). Tested by the boots of
 * tests/t3100-pvinit-boot.sh and tests/t5010-appliance-boot.sh. */
#include "check/boottest-int.h"
#include "console.h" /* pvappliance-firstboot's words, builder/firstboot/ */
#include "core/error.h"

#include <string.h>
#include <unistd.h>

int boot_wait_for_prompt(struct vm *vm)
{
	for (;;) {
		if (vm_find(vm, CONSOLE_ASK))
			return 1;
		if (vm_find(vm, "login: "))
			return 0;
		int r = vm_read_console(vm, "a login or first-boot prompt", -1);
		if (r <= 0)
			return r < 0 ? -1 : error("qemu ended before a prompt; see '%s'", vm->o->log);
	}
}

/*
 * Ask for a made-up password ("g"), read it off the console, log in as root
 * with it and power off. The password lives only in the snapshot, which
 * qemu drops.
 */
int boot_first_boot_login(struct vm *vm, double t0)
{
	static const char shown[] = CONSOLE_SHOWN;
	struct chat c = { 0 };
	struct strbuf text = STRBUF_INIT;
	const char *hit, *eol;
	int ret;

	vm->seen = (size_t)(vm_find(vm, CONSOLE_ASK) - vm->console.buf);
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
		int r = vm_read_console(vm, shown, -1);
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
	ret = chat_parse(&c, "(first-boot login)", text.buf) || boot_run_chat(vm, &c, t0) ? -1 : 0;
	strbuf_release(&text);
	chat_clear(&c);
	return ret;
}
