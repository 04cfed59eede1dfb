/* appliance boot-test: boot a disk image in qemu and check what it prints. */
#include "check/boottest.h"
#include "cmd.h"
#include "core/strvec.h"
#include "image/adapters.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/* A format: the buses (image/adapters.c). */
#define BOOT_TEST_USAGE \
	"usage: appliance boot-test [--log FILE] [--screenshot PNG] [--timeout S]\n" \
	"                           [--bus %s] [--nic MODEL] [--memory MIB]\n" \
	"                           [--kvm] [--no-hypervisor [--expect-refusal]]\n" \
	"                           [--chat FILE] [--credential NAME=VALUE]...\n" \
	"                           [--oem-string STRING]... [--forward HOST:GUEST]...\n" \
	"                           [--writable] DISK\n" \
	"\n" \
	"Boot DISK (.vmdk, .qcow2 or raw) in qemu-system-i386 (TCG; --kvm when /dev/kvm\n" \
	"runs 32-bit guests), snapshot=on so the image is not changed, the serial\n" \
	"console logged to FILE (default DISK.boot.log), and check: the kernel's\n" \
	"'Booting paravirtualized kernel on' line, pvinit's hypervisor line, a\n" \
	"'login:' prompt on the serial console, no 'ACPI:' and no USB lines; then\n" \
	"SysRq-o over a serial BREAK and the appliance powers itself off through\n" \
	"APM, which ends qemu. --screenshot saves the VGA console at the login\n" \
	"as a PNG. --no-hypervisor hides the CPU's hypervisor bit (native hardware\n" \
	"as pvinit sees it); with --expect-refusal pvinit must refuse and power off.\n" \
	"\n" \
	"--chat FILE replaces the SysRq power-off with what a person at the\n" \
	"consoles would do, one step a line: 'expect TEXT' (wait for TEXT on the\n" \
	"serial console), 'send TEXT' (type it there; \\n ends a line), 'keys TEXT'\n" \
	"(type it on the VGA console, tty1), 'run COMMAND' (on the host, e.g. ssh\n" \
	"through a forwarded port), 'screenshot FILE'; after the last step the\n" \
	"appliance must power itself off (log in, then 'send poweroff\\n').\n" \
	"--credential NAME=VALUE hands a credential in as qemu's SMBIOS type 11\n" \
	"string io.systemd.credential:NAME=VALUE (systemd.system-credentials(7)),\n" \
	"--oem-string any type 11 string. --forward HOST:GUEST forwards TCP port\n" \
	"HOST on 127.0.0.1 to the appliance's GUEST. --writable boots without a\n" \
	"snapshot, so that the boot's changes stay on DISK (for a second boot).\n" \
	"\n" \
	"Exit 0 when every check passed, 1 naming the first that did not.\n"

static int usage(int is_help)
{
	struct strbuf u = STRBUF_INIT, buses = STRBUF_INIT;
	int ret;
	qemu_bus_list(&buses, "|", "|");
	strbuf_addf(&u, BOOT_TEST_USAGE, buses.buf);
	ret = usage_exit(u.buf, is_help);
	strbuf_release(&u);
	strbuf_release(&buses);
	return ret;
}

int cmd_boot_test(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "log", required_argument, NULL, 'l' },
		{ "screenshot", required_argument, NULL, 's' },
		{ "timeout", required_argument, NULL, 't' },
		{ "bus", required_argument, NULL, 'b' },
		{ "nic", required_argument, NULL, 'n' },
		{ "memory", required_argument, NULL, 'm' },
		{ "kvm", no_argument, NULL, 'k' },
		{ "no-hypervisor", no_argument, NULL, 'N' },
		{ "expect-refusal", no_argument, NULL, 'R' },
		{ "chat", required_argument, NULL, 'c' },
		{ "credential", required_argument, NULL, 'C' },
		{ "oem-string", required_argument, NULL, 'O' },
		{ "forward", required_argument, NULL, 'f' },
		{ "writable", no_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct boottest_opts o = { .timeout = 300, .memory = 256 };
	struct strbuf log = STRBUF_INIT;
	struct strvec oem = STRVEC_INIT, forwards = STRVEC_INIT;
	int c, ret;

	optind = 0;
	while ((c = getopt_long(argc, argv, "l:s:t:b:n:m:kNRh", opts, NULL)) != -1) {
		switch (c) {
		case 'l': o.log = optarg; break;
		case 's': o.screenshot = optarg; break;
		case 'b': o.bus = optarg; break;
		case 'n': o.nic = optarg; break;
		case 't':
		case 'm': {
			/* Up to a day; from what Linux 6.1 boots in to what a 32-bit
			 * guest addresses. */
			long long v;
			if (parse_int_option("boot-test", c == 't' ? "--timeout" : "--memory", optarg,
					     c == 't' ? 1 : 16, c == 't' ? 86400 : 4096, &v))
				return EXIT_USAGE;
			*(c == 't' ? &o.timeout : &o.memory) = (unsigned)v;
			break;
		}
		case 'k': o.kvm = true; break;
		case 'N': o.no_hypervisor = true; break;
		case 'R': o.expect_refusal = true; break;
		case 'c': o.chat = optarg; break;
		case 'C':
			if (!strchr(optarg, '=') || *optarg == '=') {
				error("boot-test: --credential '%s': write NAME=VALUE, e.g. "
				      "system.hostname=demo", optarg);
				goto usage_error;
			}
			strvec_pushf(&oem, "io.systemd.credential:%s", optarg);
			break;
		case 'O': strvec_push(&oem, optarg); break;
		case 'f': strvec_push(&forwards, optarg); break;
		case 'w': o.writable = true; break;
		case 'h':
			strvec_clear(&oem);
			strvec_clear(&forwards);
			return usage(1);
		default:
			goto usage_error;
		}
	}
	if (optind + 1 != argc) {
		error("boot-test: name one disk image");
		goto usage_error;
	}
	if (o.bus && !qemu_bus_find(o.bus)) {
		struct strbuf buses = STRBUF_INIT;
		qemu_bus_list(&buses, ", ", " or ");
		error("boot-test: bus '%s': %s (qemu has no LSI 1030)", o.bus, buses.buf);
		strbuf_release(&buses);
		strvec_clear(&oem);
		strvec_clear(&forwards);
		return EXIT_USAGE;
	}
	o.disk = argv[optind];
	if (!o.log) {
		strbuf_addf(&log, "%s.boot.log", o.disk);
		o.log = log.buf;
	}
	o.oem_strings = (const char *const *)oem.v;
	o.forwards = (const char *const *)forwards.v;
	ret = boottest_run(&o) ? 1 : 0;
	strbuf_release(&log);
	strvec_clear(&oem);
	strvec_clear(&forwards);
	return ret;
usage_error:
	strvec_clear(&oem);
	strvec_clear(&forwards);
	return usage(0);
}
