/* appliance ova: package an appliance's streamOptimized disk as an OVA. */
#include "conf/appconf.h"
#include "cmd.h"
#include "image/ova.h"

#include <getopt.h>

static const char ova_usage[] =
	"usage: appliance ova --vmdk STREAM.vmdk -o NAME.ova [--epoch SECONDS] APPLIANCE_DIR\n"
	"\n"
	"Package the appliance for import (VMware, VirtualBox, anything OVF 1.0):\n"
	"NAME.ovf (one VM: a CPU, memory, the disk_adapter's controller, the disk\n"
	"and its capacity, an E1000 NIC on \"nat\"), NAME-disk1.vmdk (STREAM.vmdk,\n"
	"which must be streamOptimized) and NAME.mf (SHA-256 of both), in a ustar\n"
	"archive with the .ovf first. Members are owned by root with the time\n"
	"--epoch (default $SOURCE_DATE_EPOCH): the same inputs give the same bytes.\n";

int cmd_ova(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "vmdk", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "epoch", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ova_opts o = { .epoch = -1 };
	struct appconf conf = APPCONF_INIT;
	const char *epoch = NULL;
	int c, ret = 1;

	optind = 0;
	while ((c = getopt_long(argc, argv, "d:o:e:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o.vmdk = optarg; break;
		case 'o': o.out = optarg; break;
		case 'e': epoch = optarg; break;
		case 'h': return usage_exit(ova_usage, 1);
		default: return usage_exit(ova_usage, 0);
		}
	}
	if (optind + 1 != argc || !o.vmdk || !o.out) {
		error("ova: give --vmdk, -o and one appliance directory");
		return usage_exit(ova_usage, 0);
	}
	if (build_epoch("ova", epoch, &o.epoch))
		return EXIT_USAGE;
	if (appconf_load(&conf, argv[optind], NULL))
		goto out;
	o.conf = &conf;
	ret = ova_build(&o) ? 1 : 0;
out:
	appconf_release(&conf);
	return ret;
}
