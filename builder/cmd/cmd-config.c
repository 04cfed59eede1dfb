/* appliance config DIR: validate appliance.conf, print make variables. */
#include "conf/appconf.h"
#include "cmd.h"

#include <getopt.h>
#include <stdio.h>

static const char config_usage[] =
	"usage: appliance config [--kernel-configs DIR] [-o OUTPUT] APPLIANCE_DIR\n"
	"\n"
	"Read and validate APPLIANCE_DIR/appliance.conf (and its optional\n"
	"'packages' file), then print the definition as make variables\n"
	"(APP_<name>_<KEY> := value) for the Makefile's per-appliance template,\n"
	"to OUTPUT (written atomically) or standard output. Every problem is\n"
	"reported as 'appliance.conf:LINE: error: ...' with the fix; exit 1 when\n"
	"there is any.\n"
	"\n"
	"Keys (required: name, title, version, bootstrap, kernel, disk_size):\n"
	"  name                the directory's name; lower case, digits, '-'\n"
	"  title, version      shown in the release notes and the .vmx\n"
	"  arch                i386 (default), i686 or i586\n"
	"  bootstrap           debootstrap, mmdebstrap, dnf, zypper, tarball or dir\n"
	"  suite, variant      for the Debian backends: bookworm; minbase (default)\n"
	"  release             for dnf/zypper: the releasever, e.g. 30\n"
	"  repo                repository URL, or 'apt' for the mirror this machine's\n"
	"                      apt uses (Debian backends; the default there), or the\n"
	"                      archive/directory for tarball/dir\n"
	"  gpgkey              dnf: the signing key of a remote repository\n"
	"  packages            extra packages (several lines add up; also the file\n"
	"                      APPLIANCE_DIR/packages)\n"
	"  kernel              a profile in kernel-configs/, e.g. paravirt-6.1\n"
	"  require_hypervisor  yes: pvinit refuses to run on native hardware\n"
	"  disk_size           e.g. 1G; memory: MiB (default 256)\n"
	"  rootfs              ext3 (default), ext4 or ext2\n"
	"  vmx_template        a template in vmx-templates/ (default workstation)\n"
	"  disk_adapter        ide (default), lsilogic, buslogic, pvscsi or sata\n"
	"  root_password       locked (default) or a crypt(3) hash; never plain text\n"
	"  hostname            default: the name\n";

int cmd_config(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kernel-configs", required_argument, NULL, 'k' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *kernel_configs = NULL, *output = NULL;
	struct appconf c = APPCONF_INIT;
	struct strbuf out = STRBUF_INIT;
	int opt, ret = 1;

	optind = 0;
	while ((opt = getopt_long(argc, argv, "k:o:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'k': kernel_configs = optarg; break;
		case 'o': output = optarg; break;
		case 'h': return usage_exit(config_usage, 1);
		default: return usage_exit(config_usage, 0);
		}
	}
	if (optind + 1 != argc) {
		error("config: name one appliance directory");
		return usage_exit(config_usage, 0);
	}
	if (appconf_load(&c, argv[optind], kernel_configs))
		goto out;
	appconf_make_vars(&out, &c);
	if (write_output(output, &out))
		goto out;
	ret = 0;
out:
	appconf_release(&c);
	strbuf_release(&out);
	return ret;
}
