/* appliance publish: the release tree for a set of artifacts. */
#include "cmd.h"
#include "publish.h"

#include <getopt.h>
#include <stdlib.h>

#ifndef APPLIANCE_VERSION
#define APPLIANCE_VERSION "unknown"
#endif

static const char publish_usage[] =
	"usage: appliance publish --config release.conf -o OUTDIR [--record DIR]\n"
	"                         [--epoch SECONDS] FILE...\n"
	"\n"
	"Publish FILEs (appliance archives, OVAs, anything) as OUTDIR/VERSION/:\n"
	"each file (hard-linked or copied, world-readable), MD5SUMS and SHA256SUMS\n"
	"in coreutils' format (md5sum -c and sha256sum -c read them), a .torrent\n"
	"per file (BitTorrent v1; trackers from release.conf as announce-list tiers;\n"
	"the HTTP tree as its web seed, so it downloads with no tracker and no peer;\n"
	"private when asked) and index.html with sizes, sums, HTTP, torrent and\n"
	"magnet links. Each file is read once for all its hashes. The directory\n"
	"appears complete or not at all. --record DIR also writes DIR/VERSION/\n"
	"MD5SUMS and SHA256SUMS (the committed record of the release). With\n"
	"--epoch or $SOURCE_DATE_EPOCH the torrents carry it as their creation date;\n"
	"the same inputs give the same bytes.\n"
	"\n"
	"release.conf: version, title, base_url (files are served at\n"
	"BASE_URL/VERSION/NAME), tracker (one line per tier: URLs), private (no),\n"
	"piece_length (auto: about 1500 pieces).\n";

int cmd_publish(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ "record", required_argument, NULL, 'r' },
		{ "epoch", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct relconf conf = RELCONF_INIT;
	struct publish_opts o = { .conf = &conf, .epoch = -1,
				  .created_by = "pvappliance " APPLIANCE_VERSION };
	const char *config = NULL, *epoch = NULL;
	int c, ret = 1;

	optind = 0;
	while ((c = getopt_long(argc, argv, "c:o:r:e:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c': config = optarg; break;
		case 'o': o.out = optarg; break;
		case 'r': o.record = optarg; break;
		case 'e': epoch = optarg; break;
		case 'h': return usage_exit(publish_usage, 1);
		default: return usage_exit(publish_usage, 0);
		}
	}
	if (!config || !o.out || optind >= argc) {
		error("publish: give --config, -o and at least one file");
		return usage_exit(publish_usage, 0);
	}
	if ((epoch || getenv("SOURCE_DATE_EPOCH")) && build_epoch("publish", epoch, &o.epoch))
		return EXIT_USAGE;
	o.files = argv + optind;
	if (relconf_load(&conf, config) == 0)
		ret = publish(&o) ? 1 : 0;
	relconf_release(&conf);
	return ret;
}
