/* appliance boot-test: boot a disk image in qemu and check what it prints. */
#include "check/boottest.h"
#include "cmd.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char boot_test_usage[] =
	"usage: appliance boot-test [--log FILE] [--screenshot PNG] [--timeout S]\n"
	"                           [--bus ide|pvscsi|ahci] [--nic MODEL] [--memory MIB]\n"
	"                           [--kvm] [--no-hypervisor [--expect-refusal]] DISK\n"
	"\n"
	"Boot DISK (.vmdk or raw) in qemu-system-i386 (TCG; --kvm when /dev/kvm\n"
	"runs 32-bit guests), snapshot=on so the image is not changed, the serial\n"
	"console logged to FILE (default DISK.boot.log), and check: the kernel's\n"
	"'Booting paravirtualized kernel on' line, pvinit's hypervisor line, a\n"
	"'login:' prompt on the serial console, no 'ACPI:' and no USB lines; then\n"
	"SysRq-o over a serial BREAK and the appliance powers itself off through\n"
	"APM, which ends qemu. --screenshot saves the VGA console at the login\n"
	"as a PNG. --no-hypervisor hides the CPU's hypervisor bit (native hardware\n"
	"as pvinit sees it); with --expect-refusal pvinit must refuse and power off.\n"
	"Exit 0 when every check passed, 1 naming the first that did not.\n";

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
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct boottest_opts o = { .timeout = 300, .memory = 256 };
	struct strbuf log = STRBUF_INIT;
	char *end;
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
			unsigned long v;
			errno = 0;
			v = strtoul(optarg, &end, 10);
			if (errno || *end || !v || v > 65536) {
				error("-%c '%s': a positive number", c, optarg);
				return EXIT_USAGE;
			}
			*(c == 't' ? &o.timeout : &o.memory) = (unsigned)v;
			break;
		}
		case 'k': o.kvm = true; break;
		case 'N': o.no_hypervisor = true; break;
		case 'R': o.expect_refusal = true; break;
		case 'h': return usage_exit(boot_test_usage, 1);
		default: return usage_exit(boot_test_usage, 0);
		}
	}
	if (optind + 1 != argc) {
		error("boot-test: name one disk image");
		return usage_exit(boot_test_usage, 0);
	}
	if (o.bus && strcmp(o.bus, "ide") && strcmp(o.bus, "pvscsi") && strcmp(o.bus, "ahci")) {
		error("boot-test: bus '%s': ide, pvscsi or ahci (qemu has no LSI 1030)", o.bus);
		return EXIT_USAGE;
	}
	o.disk = argv[optind];
	if (!o.log) {
		strbuf_addf(&log, "%s.boot.log", o.disk);
		o.log = log.buf;
	}
	ret = boottest_run(&o) ? 1 : 0;
	strbuf_release(&log);
	return ret;
}
