/* appliance disk: assemble an appliance's raw disk image. */
#include "conf/appconf.h"
#include "cmd.h"
#include "image/disk.h"

#include <getopt.h>

static const char disk_usage[] =
	"usage: appliance disk --rootfs TREE --kernel BZIMAGE -o DISK.RAW [--epoch SECONDS]\n"
	"                      [--append ARGS] APPLIANCE_DIR\n"
	"\n"
	"Assemble the appliance's raw disk (sparse, disk_size from appliance.conf)\n"
	"without root, loop devices or mounts: an MBR with syslinux's boot code and a\n"
	"disk signature derived from the appliance; partition 1, 32 MiB of FAT16\n"
	"(mkfs.fat, mtools) holding the kernel, syslinux.cfg and syslinux; partition\n"
	"2 the root filesystem (mke2fs -d, UUID from the appliance, every time\n"
	"clamped to --epoch, default $SOURCE_DATE_EPOCH). The same inputs give the\n"
	"same bytes. DISK.RAW appears only when complete; the tools' output is in\n"
	"DISK.RAW.log.\n"
	"  --append   more kernel command line (e.g. pvinit.test=1)\n";

int cmd_disk(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "rootfs", required_argument, NULL, 'r' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "output", required_argument, NULL, 'o' },
		{ "epoch", required_argument, NULL, 'e' },
		{ "append", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct disk_opts o = { .epoch = -1 };
	struct appconf conf = APPCONF_INIT;
	const char *epoch = NULL;
	int c, ret;

	optind = 0;
	while ((c = getopt_long(argc, argv, "r:k:o:e:a:h", opts, NULL)) != -1) {
		switch (c) {
		case 'r': o.rootfs = optarg; break;
		case 'k': o.kernel = optarg; break;
		case 'o': o.out = optarg; break;
		case 'e': epoch = optarg; break;
		case 'a': o.extra_append = optarg; break;
		case 'h': return usage_exit(disk_usage, 1);
		default: return usage_exit(disk_usage, 0);
		}
	}
	if (optind + 1 != argc || !o.rootfs || !o.kernel || !o.out) {
		error("disk: give --rootfs, --kernel, -o and one appliance directory");
		return usage_exit(disk_usage, 0);
	}
	if (build_epoch("disk", epoch, &o.epoch))
		return EXIT_USAGE;
	if (appconf_load(&conf, argv[optind], NULL)) {
		appconf_release(&conf);
		return 1;
	}
	o.conf = &conf;
	ret = disk_build(&o) ? 1 : 0;
	appconf_release(&conf);
	return ret;
}
