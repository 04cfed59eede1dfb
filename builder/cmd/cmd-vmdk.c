/* appliance vmdk: convert a raw disk to a VMDK subformat, deterministically. */
#include "conf/appconf.h"
#include "cmd.h"
#include "image/adapters.h"
#include "image/compat.h"
#include "image/vmdk/vmdk-files.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A format: the subformats (vmdk_formats), the adapter types, the default
 * one and described_as(). */
#define VMDK_USAGE \
	"usage: appliance vmdk [--subformat %s]\n" \
	"                      [--adapter %s] [--hwversion N] [--appliance DIR]\n" \
	"                      [-j THREADS] [--level N]\n" \
	"                      -o OUT.vmdk DISK.RAW\n" \
	"\n" \
	"Write DISK.RAW as a VMDK. The same input gives the same bytes: the CID,\n" \
	"ddb.uuid and ddb.longContentID are derived from the disk's content, not\n" \
	"drawn at random as qemu-img does. The raw disk is read once; holes and\n" \
	"zero grains are skipped. Every file appears only when complete.\n" \
	"  --subformat   monolithicSparse (default): one growable file;\n" \
	"                streamOptimized: deflated grains, for OVA and uploads\n" \
	"                (compressed on -j threads, default one per CPU, at --level,\n" \
	"                default 6, with libdeflate); twoGbMaxExtentSparse:\n" \
	"                OUT.vmdk plus OUT-s001.vmdk... of at most 2047 MiB;\n" \
	"                monolithicFlat: OUT.vmdk plus the raw OUT-flat.vmdk;\n" \
	"                vmfs: the same pair as ESXi keeps it (a VMFS extent)\n" \
	"  --adapter     the descriptor's ddb.adapterType and geometry (default %s)\n" \
	"  --hwversion   ddb.virtualHWVersion (default 4)\n" \
	"  --appliance   take the adapter from APPLIANCE_DIR/appliance.conf's\n" \
	"                disk_adapter, described as VMware does:\n" \
	"                %s; and, without --subformat, vmfs for an\n" \
	"                appliance whose vmx_template targets ESXi\n"

/* "pvscsi as lsilogic, sata as ide": the adapters VMware describes as
 * another in a VMDK (image/adapters.c). */
static void described_as(struct strbuf *out)
{
	size_t n = 0;
	for (size_t i = 0; i < disk_adapters_nr; i++)
		if (strcmp(disk_adapters[i].name, disk_adapters[i].vmdk_type))
			strbuf_addf(out, "%s%s as %s", n++ ? ", " : "", disk_adapters[i].name,
				    disk_adapters[i].vmdk_type);
}

/* The subformats' names from their table, joined by sep, the last by last. */
static void subformat_list(struct strbuf *out, const char *sep, const char *last)
{
	for (size_t i = 0; vmdk_formats[i].name; i++)
		strbuf_addf(out, "%s%s", !i ? "" : vmdk_formats[i + 1].name ? sep : last,
			    vmdk_formats[i].name);
}

static int usage(int is_help)
{
	struct strbuf u = STRBUF_INIT, types = STRBUF_INIT, described = STRBUF_INIT;
	struct strbuf formats = STRBUF_INIT;
	int ret;
	subformat_list(&formats, "|", "|");
	disk_adapter_list(&types, ADAPTER_VMDK_TYPE, "|", "|");
	described_as(&described);
	strbuf_addf(&u, VMDK_USAGE, formats.buf, types.buf, disk_adapters[0].vmdk_type,
		    described.buf);
	ret = usage_exit(u.buf, is_help);
	strbuf_release(&u);
	strbuf_release(&formats);
	strbuf_release(&types);
	strbuf_release(&described);
	return ret;
}

int cmd_vmdk(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "subformat", required_argument, NULL, 's' },
		{ "adapter", required_argument, NULL, 'a' },
		{ "hwversion", required_argument, NULL, 'w' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "level", required_argument, NULL, 'l' },
		{ "output", required_argument, NULL, 'o' },
		{ "appliance", required_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *subformat = NULL, *output = NULL, *appdir = NULL;
	struct appconf conf = APPCONF_INIT;
	struct vmdk_opts o = { .adapter = disk_adapters[0].vmdk_type, .hwversion = 4, .level = 6 };
	const struct vmdk_format *fmt;
	struct vmdk_files files;
	struct vmdk_src src = { .fd = -1 };
	struct stat st;
	int c, ret = 1;

	optind = 0;
	while ((c = getopt_long(argc, argv, "s:a:w:j:l:o:A:h", opts, NULL)) != -1) {
		switch (c) {
		case 's': subformat = optarg; break;
		case 'a': o.adapter = optarg; break;
		case 'w':
		case 'j':
		case 'l': {
			/* VMware's hardware versions; threads; libdeflate's levels. */
			long long v;
			if (parse_int_option("vmdk", c == 'w' ? "--hwversion" : c == 'j' ? "-j" : "--level",
					     optarg, c == 'w' ? 3 : 1, c == 'w' ? 99 : c == 'j' ? 64 : 12, &v))
				return EXIT_USAGE;
			*(c == 'w' ? &o.hwversion : c == 'j' ? &o.threads : &o.level) = (int)v;
			break;
		}
		case 'o': output = optarg; break;
		case 'A': appdir = optarg; break;
		case 'h': return usage(1);
		default: return usage(0);
		}
	}
	if (optind + 1 != argc || !output) {
		error("vmdk: give -o OUT.vmdk and one raw disk");
		return usage(0);
	}
	if (appdir) {
		if (appconf_load(&conf, appdir, NULL)) {
			appconf_release(&conf);
			return 1;
		}
		/* As VMware describes the appliance's adapter (its row says). */
		const struct disk_adapter *a = disk_adapter_find(conf.disk_adapter);
		const struct vmware_target *t = vmware_target_find(conf.vmx_template);
		/* ESXi's template puts the disk on a SCSI controller (@DISK_SCSI@),
		 * and ESXi cannot run a hosted sparse disk: its own vmfs pair. */
		if (a && t && t->esxi)
			a = disk_adapter_scsi(a);
		if (a)
			o.adapter = a->vmdk_type;
		if (!subformat && t && t->esxi)
			subformat = "vmfs";
	}
	if (!subformat)
		subformat = "monolithicSparse";
	if (!(fmt = vmdk_format_find(subformat))) {
		struct strbuf names = STRBUF_INIT;
		subformat_list(&names, ", ", " or ");
		error("vmdk: subformat '%s': expected %s", subformat, names.buf);
		strbuf_release(&names);
		return EXIT_USAGE;
	}
	if (!disk_adapter_by_vmdk_type(o.adapter)) {
		struct strbuf types = STRBUF_INIT, described = STRBUF_INIT;
		disk_adapter_list(&types, ADAPTER_VMDK_TYPE, ", ", " or ");
		described_as(&described);
		error("vmdk: adapter '%s': expected %s (VMware describes %s)", o.adapter,
		      types.buf, described.buf);
		strbuf_release(&types);
		strbuf_release(&described);
		appconf_release(&conf);
		return EXIT_USAGE;
	}
	src.path = argv[optind];
	src.fd = open(src.path, O_RDONLY | O_CLOEXEC);
	if (src.fd < 0 || fstat(src.fd, &st) < 0) {
		error_errno("cannot open '%s'", src.path);
		goto out;
	}
	src.size = (uint64_t)st.st_size;
	if (!src.size || src.size % VMDK_SECTOR) {
		error("'%s' is %llu bytes: a raw disk is a non-zero multiple of 512", src.path,
		      (unsigned long long)src.size);
		goto out;
	}
	progress("VMDK", "%s: %s", output, subformat);
	vmdk_files_init(&files, output);
	ret = vmdk_files_finish(&files, fmt->write(&src, &o, &files) == 0) ? 1 : 0;
	vmdk_files_release(&files);
out:
	if (src.fd >= 0)
		close(src.fd);
	appconf_release(&conf);
	return ret;
}
