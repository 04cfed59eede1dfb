/* appliance sbom: what is inside an appliance, from its built tree. */
#include "cmd.h"
#include "conf/appconf.h"
#include "publish/sbom.h"
#include "rootfs/pkgdb.h"

#include <getopt.h>
#include <string.h>

static const char sbom_usage[] =
	"usage: appliance sbom --format packages|spdx --rootfs TREE [--kernel-dir DIR]\n"
	"                      [--epoch SECONDS] [-o OUT] APPLIANCE_DIR\n"
	"\n"
	"Read the package database of the built tree TREE (dpkg's var/lib/dpkg/status,\n"
	"or rpm's database) and write, to OUT or standard output:\n"
	"  packages  the manifest NAME-VERSION.packages: one installed package a line,\n"
	"            'name version architecture source source-version', sorted; with\n"
	"            --kernel-dir, a line '# kernel VERSION PROFILE' first (appliance\n"
	"            outdated compares it with the kernel source available now)\n"
	"  spdx      an SPDX 2.3 JSON SBOM: the appliance, the kernel of --kernel-dir\n"
	"            (its version, bzImage and .config hashes) and every package with\n"
	"            its version, supplier, package URL and declared licence (from a\n"
	"            machine-readable debian/copyright or rpm's License, mapped to SPDX\n"
	"            only where exact, else NOASSERTION)\n"
	"Dated --epoch (default $SOURCE_DATE_EPOCH): the same tree gives the same bytes.\n";

int cmd_sbom(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "rootfs", required_argument, NULL, 'r' },
		{ "kernel-dir", required_argument, NULL, 'k' },
		{ "epoch", required_argument, NULL, 'e' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = NULL, *tree = NULL, *kdir = NULL, *epoch = NULL, *out = NULL;
	struct appconf app = APPCONF_INIT;
	struct pkglist pkgs = PKGLIST_INIT;
	struct sbom_kernel k = { 0 };
	struct strbuf text = STRBUF_INIT;
	long long when = 0;
	int c, ret = 1;

	optind = 0;
	while ((c = getopt_long(argc, argv, "f:r:k:e:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'r': tree = optarg; break;
		case 'k': kdir = optarg; break;
		case 'e': epoch = optarg; break;
		case 'o': out = optarg; break;
		case 'h': return usage_exit(sbom_usage, 1);
		default: return usage_exit(sbom_usage, 0);
		}
	}
	if (!format || !tree || optind + 1 != argc) {
		error("sbom: give --format, --rootfs and one appliance directory");
		return usage_exit(sbom_usage, 0);
	}
	if (strcmp(format, "packages") && strcmp(format, "spdx")) {
		error("sbom: --format '%s': expected packages or spdx", format);
		return usage_exit(sbom_usage, 0);
	}
	if (!strcmp(format, "spdx") && build_epoch("sbom", epoch, &when))
		return EXIT_USAGE;
	if (appconf_load(&app, argv[optind], NULL) || pkgdb_read(&pkgs, tree))
		goto out;
	if (kdir && sbom_kernel_read(&k, kdir))
		goto out;
	if (!strcmp(format, "packages")) {
		sbom_manifest(&text, &pkgs, kdir ? &k : NULL);
	} else {
		struct sbom_opts o = { .name = app.name, .version = app.version,
				       .title = app.title, .pkgs = &pkgs, .epoch = when,
				       .tool = "pvappliance-" APPLIANCE_VERSION,
				       .kernel = kdir ? &k : NULL };
		sbom_spdx(&text, &o);
	}
	ret = write_output(out, &text) ? 1 : 0;
out:
	appconf_release(&app);
	pkglist_release(&pkgs);
	sbom_kernel_release(&k);
	strbuf_release(&text);
	return ret;
}
