/* Boot tests in qemu (see boottest.h): the checks, in the order a boot
 * passes them, over the qemu driver (vm.h), a chat (bootchat-run.c) or the
 * login of a boot without one (boot-login.c). */
#include "check/boottest.h"
#include "check/boottest-int.h"
#include "core/error.h"
#include "core/fsutil.h"

#include <string.h>
#include <unistd.h>

int boottest_run(const struct boottest_opts *o)
{
	struct vm vm = VM_INIT;
	struct chat chat = { 0 };
	double t0 = vm_now();
	int ret = -1;

	if (!path_exists(o->vm.disk))
		return error("no disk image '%s'", o->vm.disk);
	for (size_t i = 0; o->vm.forwards && o->vm.forwards[i]; i++) {
		const char *f = o->vm.forwards[i], *colon = strchr(f, ':');
		if (!colon || colon == f || !colon[1] || strspn(f, "0123456789") != (size_t)(colon - f) ||
		    strspn(colon + 1, "0123456789") != strlen(colon + 1))
			return error("forward '%s': write HOSTPORT:GUESTPORT, e.g. 2222:22", f);
	}
	if (o->chat && chat_load(&chat, o->chat)) {
		chat_clear(&chat);
		return -1;
	}
	if (vm_start(&vm, &o->vm))
		goto out;
	vm.deadline = time(NULL) + (o->vm.timeout ? o->vm.timeout : 300);

	if (vm_wait_for(&vm, "Booting paravirtualized kernel on ") != 1)
		goto fail;
	progress("BOOT", "%s: kernel up (%.1f s)", o->vm.disk, vm_now() - t0);
	if (vm_wait_for(&vm, "pvinit: ") != 1)
		goto fail;
	if (o->expect_refusal) {
		if (vm_wait_for(&vm, "refuses to run on native hardware") != 1 || vm_wait_exit(&vm, 60))
			goto fail;
		progress("BOOT", "%s: refused native hardware and powered off (%.1f s)", o->vm.disk,
			 vm_now() - t0);
	} else {
		const char *want = o->vm.no_hypervisor ? "pvinit: no hypervisor found" :
						      "pvinit: hypervisor: ";
		if (!vm_find(&vm, want)) {
			error("pvinit did not say '%s'; see '%s'", want, o->vm.log);
			goto fail;
		}
		if (chat.nr) {
			/* The chat logs in and powers off, as a person would. */
			if (boot_run_chat(&vm, &chat, t0) || vm_wait_exit(&vm, 120))
				goto fail;
			progress("BOOT", "%s: powered off (%.1f s)", o->vm.disk, vm_now() - t0);
		} else {
			int first_boot = boot_wait_for_prompt(&vm);
			if (first_boot < 0)
				goto fail;
			progress("BOOT", "%s: %s (%.1f s)", o->vm.disk,
				 first_boot ? "first-boot password prompt" : "login prompt", vm_now() - t0);
			if (o->screenshot) {
				sleep(1); /* let the VGA console finish drawing */
				if (vm_screenshot(&vm, o->screenshot))
					goto fail;
			}
			if (first_boot) {
				/* In the snapshot only: a made-up password, log in, poweroff. */
				if (boot_first_boot_login(&vm, t0) || vm_wait_exit(&vm, 120))
					goto fail;
			} else {
				/* SysRq-o: the kernel powers off through APM, which ends qemu. */
				if (vm_qmp(&vm, "{\"execute\":\"chardev-send-break\",\"arguments\":"
					"{\"id\":\"ser0\"}}") ||
				    write(vm.in, "o", 1) != 1 || vm_wait_exit(&vm, 60))
					goto fail;
			}
			progress("BOOT", "%s: powered off (%.1f s)", o->vm.disk, vm_now() - t0);
		}
	}
	if (vm.status != 0) {
		error("qemu ended with status %d; see '%s'", vm.status, o->vm.log);
		goto fail;
	}
	if (vm_check_absent(&vm, "ACPI is off", "ACPI:") || vm_check_absent(&vm, "USB is off", "usbcore"))
		goto fail;
	ret = 0;
	goto out;
fail:
	error("the boot test of '%s' failed", o->vm.disk);
out:
	vm_stop(&vm);
	chat_clear(&chat);
	return ret;
}
