/* appliance rootfs: an appliance's root filesystem tree, cleaned. */
#include "cmd.h"
#include "rootfs/rootfs.h"

#include <getopt.h>

#ifndef APPLIANCE_VERSION
#define APPLIANCE_VERSION "unknown"
#endif

static const char rootfs_usage[] =
	"usage: appliance rootfs --pvinit PVINIT [--firstboot PROGRAM] -o OUTDIR\n"
	"                        [--repo URL] [--apt-etc DIR] [--cache DIR]\n"
	"                        [--kernel-configs DIR] [--epoch SECONDS] APPLIANCE_DIR\n"
	"\n"
	"Build APPLIANCE_DIR's root filesystem tree in OUTDIR (as root): run its\n"
	"bootstrap backend ('appliance config --help' lists them) from its repo\n"
	"('apt' meaning this machine's apt mirror), cached by a hash of the\n"
	"inputs, then the hygiene pass: SSH host keys removed and\n"
	"made on first boot, machine-id emptied, random seeds removed, root locked\n"
	"(or given its hash), no empty passwords, the host's resolv.conf, mirror\n"
	"lists, package caches, logs and temporary files dropped; hostname, hosts,\n"
	"fstab (root by UUID), /etc/appliance-release, a serial getty, DHCP on\n"
	"eth0, /sbin/pvinit with /etc/pvinit.conf, --firstboot's program as\n"
	"/usr/sbin/pvappliance-firstboot hooked into the init system (credentials,\n"
	"a console password prompt and the login banner on first boot; without it\n"
	"root stays locked with no way in) and the overlay/ installed; every\n"
	"time clamped to --epoch (default $SOURCE_DATE_EPOCH). OUTDIR appears only\n"
	"when complete.\n"
	"  --repo   override the appliance's repo = (e.g. a local mirror)\n"
	"  --apt-etc  where repo = apt reads the suites' sources (default /etc/apt)\n";

int cmd_rootfs(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "pvinit", required_argument, NULL, 'p' },
		{ "firstboot", required_argument, NULL, 'F' },
		{ "output", required_argument, NULL, 'o' },
		{ "repo", required_argument, NULL, 'r' },
		{ "apt-etc", required_argument, NULL, 'A' },
		{ "cache", required_argument, NULL, 'c' },
		{ "kernel-configs", required_argument, NULL, 'k' },
		{ "epoch", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct rootfs_opts o = { .builder_version = APPLIANCE_VERSION, .epoch = -1 };
	const char *epoch = NULL;
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "p:o:r:A:c:k:e:h", opts, NULL)) != -1) {
		switch (c) {
		case 'p': o.pvinit = optarg; break;
		case 'F': o.firstboot = optarg; break;
		case 'o': o.out = optarg; break;
		case 'r': o.repo = optarg; break;
		case 'A': o.apt_etc = optarg; break;
		case 'c': o.cache_root = optarg; break;
		case 'k': o.kernel_configs = optarg; break;
		case 'e': epoch = optarg; break;
		case 'h': return usage_exit(rootfs_usage, 1);
		default: return usage_exit(rootfs_usage, 0);
		}
	}
	if (optind + 1 != argc || !o.pvinit || !o.out) {
		error("rootfs: give --pvinit, -o and one appliance directory");
		return usage_exit(rootfs_usage, 0);
	}
	if (build_epoch("rootfs", epoch, &o.epoch))
		return EXIT_USAGE;
	o.appdir = argv[optind];
	return rootfs_build(&o) ? 1 : 0;
}
