/* appliance sources: the source packages of everything an appliance runs. */
#include "cmd.h"
#include "conf/appconf.h"
#include "conf/relconf.h"
#include "publish/sources.h"

#include <getopt.h>
#include <string.h>

static const char sources_usage[] =
	"usage: appliance sources --rootfs TREE -o NAME-VERSION-sources.tar\n"
	"                         [--config release.conf | --best-effort] [--repo URL]\n"
	"                         [--apt-etc DIR] [--epoch SECONDS] APPLIANCE_DIR\n"
	"\n"
	"Fetch the exact source package of every package installed in TREE (its\n"
	"dpkg or rpm database says which, at which version) into one tar: Debian's\n"
	"with apt-get source --download-only from the appliance's repo = (or --repo;\n"
	"'apt' is this machine's apt mirror), with private package lists; RPM's\n"
	"NAME-VERSION.src.rpm from a local repository. Inside, in the folder\n"
	"NAME-VERSION-sources/: the source files and SOURCES, one source package a\n"
	"line, 'name version ok FILE...' or 'name version missing'.\n"
	"A source that cannot be fetched is an error naming it and its version,\n"
	"unless --best-effort (or sources = best-effort in --config's release.conf).\n";

int cmd_sources(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "rootfs", required_argument, NULL, 'r' },
		{ "output", required_argument, NULL, 'o' },
		{ "config", required_argument, NULL, 'c' },
		{ "best-effort", no_argument, NULL, 'b' },
		{ "repo", required_argument, NULL, 'R' },
		{ "apt-etc", required_argument, NULL, 'A' },
		{ "epoch", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct sources_opts o = { 0 };
	struct appconf app = APPCONF_INIT;
	struct relconf rel = RELCONF_INIT;
	struct strbuf folder = STRBUF_INIT;
	const char *config = NULL, *epoch = NULL;
	int c, ret = 1;

	optind = 0;
	while ((c = getopt_long(argc, argv, "r:o:c:bR:A:e:h", opts, NULL)) != -1) {
		switch (c) {
		case 'r': o.tree = optarg; break;
		case 'o': o.out = optarg; break;
		case 'c': config = optarg; break;
		case 'b': o.best_effort = true; break;
		case 'R': o.repo = optarg; break;
		case 'A': o.apt_etc = optarg; break;
		case 'e': epoch = optarg; break;
		case 'h': return usage_exit(sources_usage, 1);
		default: return usage_exit(sources_usage, 0);
		}
	}
	if (!o.tree || !o.out || optind + 1 != argc) {
		error("sources: give --rootfs, -o and one appliance directory");
		return usage_exit(sources_usage, 0);
	}
	if (build_epoch("sources", epoch, &o.epoch))
		return EXIT_USAGE;
	if (appconf_load(&app, argv[optind], NULL))
		goto out;
	if (config) {
		if (relconf_load(&rel, config, NULL))
			goto out;
		o.best_effort = o.best_effort || rel.sources == RELCONF_SOURCES_BEST_EFFORT;
	}
	strbuf_addf(&folder, "%s-%s-sources", app.name, app.version);
	o.app = &app;
	o.folder = folder.buf;
	ret = sources_tar(&o) ? 1 : 0;
out:
	appconf_release(&app);
	relconf_release(&rel);
	strbuf_release(&folder);
	return ret;
}
