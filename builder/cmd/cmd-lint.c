/* appliance lint: check a built image for what must not ship. */
#include "cmd.h"
#include "check/lint.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static const char lint_usage[] =
	"usage: appliance lint [--quiet] [--host-etc DIR] [--host-name NAME] IMAGE\n"
	"\n"
	"Check a built appliance image for what must not ship, without mounting it\n"
	"(no root, no loop device). IMAGE is a raw disk (disk.raw), a VMDK of any\n"
	"form (monolithicSparse, streamOptimized, twoGbMaxExtentSparse, monolithicFlat,\n"
	"twoGbMaxExtentFlat; a VMDK is decoded to a sparse raw file in $TMPDIR that is\n"
	"removed at once), or a bare ext2/3/4 image. The root filesystem is the first\n"
	"Linux (type 0x83) partition of the MBR, read with libext2fs.\n"
	"\n"
	"Findings (one line each on standard output, as IMAGE: PATH: WHAT):\n"
	"  - SSH host keys: /etc/ssh/ssh_host_*key*\n"
	"  - a machine-id: a non-empty /etc/machine-id (empty, absent or\n"
	"    \"uninitialized\" is right), a non-empty regular /var/lib/dbus/machine-id\n"
	"  - passwords: an empty password field in /etc/shadow; a uid-0 account whose\n"
	"    hash is that of a well-known password (root, toor, password, changeme,\n"
	"    admin, vmware, appliance, debian, fedora, suse, linux, 123456, tried with\n"
	"    crypt(3)); a uid-0 account in /etc/passwd with a password field other\n"
	"    than x, * or !; /etc/shadow, /etc/gshadow or their - backups readable by\n"
	"    all\n"
	"  - owners: anything under /bin /boot /etc /lib /lib32 /sbin /usr not owned\n"
	"    by uid 0\n"
	"  - world-writable files, directories, FIFOs and sockets (symlinks do not\n"
	"    count). Allowed: anything under /tmp and /var/tmp except a directory\n"
	"    without the sticky bit; the sticky tmpfs mount points /run/lock,\n"
	"    /run/shm, /dev/shm and /var/lock; device nodes under /dev (null, zero,\n"
	"    tty... are rw for all by design, and devtmpfs covers /dev at boot)\n"
	"  - the build machine's details: its name servers (from its resolv.conf,\n"
	"    loopback ones left out) in the image's /etc/resolv.conf; its host name\n"
	"    in /etc/hostname or /etc/hosts; proxy settings (apt's Acquire::*::Proxy\n"
	"    in /etc/apt/apt.conf and apt.conf.d, proxy= in /etc/dnf/dnf.conf,\n"
	"    /etc/yum.conf and /etc/yum.repos.d, an enabled /etc/sysconfig/proxy,\n"
	"    *_proxy= in /etc/environment); the host names of its apt mirrors (from\n"
	"    its sources.list and sources.list.d/*.list and *.sources) in the image's\n"
	"    /etc/apt/sources.list*, /etc/yum.repos.d and /etc/zypp/repos.d\n"
	"\n"
	"  -q, --quiet       print the findings only, no summary\n"
	"  --host-etc DIR    read the build machine's resolv.conf, hostname and\n"
	"                    apt/sources.list* from DIR instead of /etc\n"
	"  --host-name NAME  the build machine's host name (default: gethostname(),\n"
	"                    or DIR/hostname with --host-etc)\n"
	"\n"
	"Exit status: 0 clean (\"lint: IMAGE: clean (N files checked)\" on standard\n"
	"error), 1 findings or an image that cannot be read, 2 usage.\n"
	"\n"
	"Examples:\n"
	"  appliance lint build/debian/disk.raw\n"
	"  appliance lint --quiet out/debian/debian.vmdk\n"
	"  TMPDIR=/var/tmp appliance lint build/debian/debian-stream.vmdk\n";

int cmd_lint(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "host-etc", required_argument, NULL, 'E' },
		{ "host-name", required_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct lint_opts o = { 0 };
	struct lint_report rep = LINT_REPORT_INIT;
	int c, quiet = 0, ret;

	optind = 0;
	while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (c) {
		case 'q': quiet = 1; break;
		case 'E': o.host_etc = optarg; break;
		case 'N': o.host_name = optarg; break;
		case 'h': return usage_exit(lint_usage, 1);
		default: return usage_exit(lint_usage, 0);
		}
	}
	if (optind + 1 != argc) {
		error("lint: give one image");
		return usage_exit(lint_usage, 0);
	}
	o.image = argv[optind];
	progress_quiet = quiet;
	if (lint_image(&o, &rep)) {
		lint_report_release(&rep);
		return 1;
	}
	for (size_t i = 0; i < rep.nr; i++)
		printf("%s: %s: %s\n", o.image, rep.v[i].path, rep.v[i].what);
	if (fflush(stdout) || ferror(stdout)) {
		lint_report_release(&rep);
		error("lint: cannot write to standard output");
		return 1;
	}
	if (!quiet && rep.nr)
		fprintf(stderr, "lint: %s: %zu finding%s (%lu files checked)\n", o.image, rep.nr,
			rep.nr == 1 ? "" : "s", rep.files);
	else if (!quiet)
		fprintf(stderr, "lint: %s: clean (%lu files checked)\n", o.image, rep.files);
	ret = rep.nr ? 1 : 0;
	lint_report_release(&rep);
	return ret;
}
