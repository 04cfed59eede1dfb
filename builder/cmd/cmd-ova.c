/* appliance ova: package an appliance's streamOptimized disk as an OVA. */
#include "conf/appconf.h"
#include "cmd.h"
#include "image/ova.h"

#include <getopt.h>

static const char ova_usage[] =
	"usage: appliance ova --vmdk STREAM.vmdk -o NAME.ova [--rootfs DIR]\n"
	"                     [--epoch SECONDS] APPLIANCE_DIR\n"
	"\n"
	"Package the appliance for import (VMware, VirtualBox, anything OVF 1.0)\n"
	"as VMware's tools pack it: NAME.ovf, NAME.mf, NAME-disk1.vmdk (STREAM.vmdk,\n"
	"which must be streamOptimized), in that order, in a ustar archive (GNU\n"
	"form beyond 8 GiB). The OVF declares one VM of the vmx-NN of the\n"
	"appliance's vmx_template in the compatibility table, raised for its\n"
	"disk_adapter: a CPU, memory, the controller, the disk, the template's NIC\n"
	"on \"nat\", the guest OS that version knows; a ProductSection with the\n"
	"first-boot properties (passwd.hashed-password.root,\n"
	"ssh.authorized_keys.root, system.hostname; com.vmware.guestInfo) and an\n"
	"EulaSection (the licences of the built tree --rootfs, else a summary).\n"
	"The manifest is SHA-1 up to vmx-12, SHA-256 for 13-14, SHA-512 above (as\n"
	"VMware's mkova.sh), or ova_manifest in appliance.conf. Members are owned\n"
	"by root with the time --epoch (default $SOURCE_DATE_EPOCH): the same\n"
	"inputs give the same bytes.\n";

int cmd_ova(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "vmdk", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "epoch", required_argument, NULL, 'e' },
		{ "rootfs", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ova_opts o = { .epoch = -1 };
	struct appconf conf = APPCONF_INIT;
	const char *epoch = NULL;
	int c, ret = 1;

	optind = 0;
	while ((c = getopt_long(argc, argv, "d:o:e:r:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o.vmdk = optarg; break;
		case 'o': o.out = optarg; break;
		case 'e': epoch = optarg; break;
		case 'r': o.rootfs = optarg; break;
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
