/* appliance vmx: render a .vmx template for an appliance. */
#include "conf/appconf.h"
#include "cmd.h"
#include "core/installdir.h"
#include "image/vmx.h"
#include "kernel/kernel-info.h"

#include <getopt.h>

static const char vmx_usage[] =
	"usage: appliance vmx [--template T.vmx.in | --template-dir DIR] --vmdk NAME.vmdk\n"
	"                     [--kernel-dir DIR] [-o OUT.vmx] APPLIANCE_DIR\n"
	"\n"
	"Render a .vmx template from vmx-templates/ with the appliance's values:\n"
	"@TITLE@, @ANNOTATION@, @GUEST_OS@ (or @GUEST_OS_2006@ for the names 2006\n"
	"products knew), @MEMORY@, and @DISK@ (the disk_adapter's controller and\n"
	"the disk) or @DISK_SCSI@ (the disk on a SCSI controller). Values are quoted\n"
	"as VMware writes them. An unknown placeholder, a stray '@', a template with\n"
	"no disk, or an adapter the template's hardware version lacks is an error.\n"
	"With --template-dir the appliance's vmx_template names the template there;\n"
	"with neither option, in the installed ones (appliance --data-dir).\n"
	"--kernel-dir is the kernel's directory (make's build/kernel/PROFILE): the\n"
	"annotation names the version its kernel.info records (else 6.1).\n";

int cmd_vmx(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "template", required_argument, NULL, 't' },
		{ "template-dir", required_argument, NULL, 'T' },
		{ "vmdk", required_argument, NULL, 'd' },
		{ "kernel-dir", required_argument, NULL, 'k' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *tpl = NULL, *tpl_dir = NULL, *vmdk = NULL, *kernel_dir = NULL;
	const char *kver = "6.1", *output = NULL;
	struct kernel_info kinfo = KERNEL_INFO_INIT;
	struct strbuf tpl_path = STRBUF_INIT, installed = STRBUF_INIT;
	struct appconf conf = APPCONF_INIT;
	struct strbuf out = STRBUF_INIT;
	int c, ret = 1;

	optind = 0;
	while ((c = getopt_long(argc, argv, "t:T:d:k:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 't': tpl = optarg; break;
		case 'T': tpl_dir = optarg; break;
		case 'd': vmdk = optarg; break;
		case 'k': kernel_dir = optarg; break;
		case 'o': output = optarg; break;
		case 'h': return usage_exit(vmx_usage, 1);
		default: return usage_exit(vmx_usage, 0);
		}
	}
	if (!tpl && !tpl_dir && !install_path_quiet(INSTALL_DATA, "vmx-templates", &installed))
		tpl_dir = installed.buf;
	if (optind + 1 != argc || (tpl && tpl_dir) || (!tpl && !tpl_dir) || !vmdk) {
		error("vmx: give --template or --template-dir, --vmdk and one appliance directory");
		return usage_exit(vmx_usage, 0);
	}
	if (appconf_load(&conf, argv[optind], NULL))
		goto out;
	if (kernel_dir) {
		if (kernel_info_read(&kinfo, kernel_dir))
			goto out;
		kver = kinfo.version;
	}
	if (tpl_dir) {
		strbuf_addf(&tpl_path, "%s/%s.vmx.in", tpl_dir, conf.vmx_template);
		tpl = tpl_path.buf;
	}
	if (
	    vmx_render(tpl, &conf, vmdk, kver, &out) || write_output(output, &out))
		goto out;
	ret = 0;
out:
	appconf_release(&conf);
	kernel_info_release(&kinfo);
	strbuf_release(&out);
	strbuf_release(&tpl_path);
	strbuf_release(&installed);
	return ret;
}
