/* appliance boot-test: boot a disk image in qemu and check what it prints. */
#include "check/boottest.h"
#include "cmd.h"
#include "image/adapters.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/* A format: the buses (image/adapters.c). */
#define BOOT_TEST_USAGE \
	"usage: appliance boot-test [--log FILE] [--screenshot PNG] [--timeout S]\n" \
	"                           [--bus %s|virtio] [--nic MODEL] [--memory MIB]\n" \
	"                           [--kvm] [--no-hypervisor [--expect-refusal]] DISK\n" \
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
	"Exit 0 when every check passed, 1 naming the first that did not.\n"

static int usage(int is_help)
{
	struct strbuf u = STRBUF_INIT, buses = STRBUF_INIT;
	int ret;
	disk_adapter_list(&buses, ADAPTER_QEMU_BUS, "|", "|");
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
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct boottest_opts o = { .timeout = 300, .memory = 256 };
	struct strbuf log = STRBUF_INIT;
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
		case 'h': return usage(1);
		default: return usage(0);
		}
	}
	if (optind + 1 != argc) {
		error("boot-test: name one disk image");
		return usage(0);
	}
	if (o.bus && strcmp(o.bus, "virtio") && !disk_adapter_by_qemu_bus(o.bus)) {
		struct strbuf buses = STRBUF_INIT;
		disk_adapter_list(&buses, ADAPTER_QEMU_BUS, ", ", ", ");
		error("boot-test: bus '%s': %s or virtio (qemu has no LSI 1030)", o.bus, buses.buf);
		strbuf_release(&buses);
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
