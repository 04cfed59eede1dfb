/* appliance qcow2: the raw disk as qcow2 for KVM/QEMU, or xz-compressed for dd. */
#include "cmd.h"
#include "image/qcow2.h"

#include <getopt.h>

static const char qcow2_usage[] =
	"usage: appliance qcow2 [--xz [--level N]] -o OUT DISK.RAW\n"
	"\n"
	"Write DISK.RAW for KVM/QEMU as a qcow2 image (qemu-img convert -c: zlib\n"
	"clusters, written in order; qcow2 holds no time and no random id, so the\n"
	"same disk gives the same bytes). With --xz, the raw disk compressed by xz\n"
	"on one thread at --level (default 6), for native hardware:\n"
	"xz -dc OUT | dd of=/dev/sdX bs=1M. OUT appears only when complete.\n";

int cmd_qcow2(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "xz", no_argument, NULL, 'x' },
		{ "level", required_argument, NULL, 'l' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = NULL;
	long long level = 6;
	int c, xz = 0;

	optind = 0;
	while ((c = getopt_long(argc, argv, "xl:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'x': xz = 1; break;
		case 'l':
			if (parse_int_option("qcow2", "--level", optarg, 0, 9, &level))
				return EXIT_USAGE;
			break;
		case 'o': out = optarg; break;
		case 'h': return usage_exit(qcow2_usage, 1);
		default: return usage_exit(qcow2_usage, 0);
		}
	}
	if (optind + 1 != argc || !out) {
		error("qcow2: give -o OUT and one raw disk");
		return usage_exit(qcow2_usage, 0);
	}
	if (xz)
		return rawxz_write(argv[optind], out, (int)level) ? 1 : 0;
	return qcow2_write(argv[optind], out) ? 1 : 0;
}
