/* appliance publish: the release tree for a set of artifacts. */
#include "cmd.h"
#include "kernel/kernel-info.h"
#include "publish/publish.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdlib.h>

#ifndef APPLIANCE_VERSION
#define APPLIANCE_VERSION "unknown"
#endif

static const char publish_usage[] =
	"usage: appliance publish --config release.conf -o OUTDIR [--record DIR]\n"
	"                         [--epoch SECONDS] [--notes APPLIANCE_DIR]...\n"
	"                         [--kernel-dir DIR] [--optional-formats 'F...']\n"
	"                         [--extra FILE]... FILE...\n"
	"\n"
	"Publish FILEs (appliance archives, OVAs, anything) as OUTDIR/VERSION/:\n"
	"each file (hard-linked or copied, world-readable), MD5SUMS and SHA256SUMS\n"
	"in coreutils' format (md5sum -c and sha256sum -c read them), a .torrent\n"
	"per file (BitTorrent v1, or hybrid v1 + v2; trackers from release.conf as\n"
	"announce-list tiers; the HTTP tree and its mirrors as web seeds, so it\n"
	"downloads with no tracker and no peer; private when asked), a .meta4\n"
	"metalink per file (every mirror and BitTorrent together), optionally\n"
	"SHA256SUMS.asc (a GPG signature), and index.html with sizes, sums, HTTP,\n"
	"torrent and magnet links and the mirrors. Each file is read once for all\n"
	"its hashes. The directory appears complete or not at all. --record DIR\n"
	"also writes DIR/VERSION/MD5SUMS and SHA256SUMS (the committed record of\n"
	"the release). With --epoch or $SOURCE_DATE_EPOCH the torrents carry it as\n"
	"their creation date; the same inputs give the same bytes.\n"
	"--notes adds release notes for an appliance to the page (32-bit, the\n"
	"kernel, USB and ACPI off, APM power-off, refusing native hardware when so\n"
	"built); --extra files (e.g. NAME-screen.png, linked as its screen shot)\n"
	"are published and summed, without a torrent.\n"
	"\n"
	"--kernel-dir is the kernel's directory (make's build/kernel/PROFILE): the\n"
	"notes name the version its kernel.info records. --optional-formats: as\n"
	"for appliance release-config, the names release.conf's formats = may use.\n"
	"\n"
	"release.conf (gpg runs with the caller's GNUPGHOME):\n";

int cmd_publish(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ "record", required_argument, NULL, 'r' },
		{ "epoch", required_argument, NULL, 'e' },
		{ "notes", required_argument, NULL, 'n' },
		{ "kernel-dir", required_argument, NULL, 'k' },
		{ "optional-formats", required_argument, NULL, 'f' },
		{ "extra", required_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct relconf conf = RELCONF_INIT;
	struct publish_opts o = { .conf = &conf, .epoch = -1,
				  .created_by = "pvappliance " APPLIANCE_VERSION };
	const char *config = NULL, *epoch = NULL, *kernel_dir = NULL;
	struct strvec extras = STRVEC_INIT, notes_dirs = STRVEC_INIT, optional = STRVEC_INIT;
	struct kernel_info kinfo = KERNEL_INFO_INIT;
	bool have_optional = false;
	struct appconf *confs = NULL;
	const struct appconf **notes = NULL;
	int c, ret = 1;

	optind = 0;
	while ((c = getopt_long(argc, argv, "c:o:r:e:n:k:f:x:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c': config = optarg; break;
		case 'o': o.out = optarg; break;
		case 'r': o.record = optarg; break;
		case 'e': epoch = optarg; break;
		case 'n': strvec_push(&notes_dirs, optarg); break;
		case 'k': kernel_dir = optarg; break;
		case 'f': strvec_split(&optional, optarg); have_optional = true; break;
		case 'x': strvec_push(&extras, optarg); break;
		case 'h': return usage_exit_with(publish_usage, relconf_keys_help, 1);
		default: return usage_exit_with(publish_usage, relconf_keys_help, 0);
		}
	}
	if (!config || !o.out || optind >= argc) {
		error("publish: give --config, -o and at least one file");
		return usage_exit_with(publish_usage, relconf_keys_help, 0);
	}
	if ((epoch || getenv("SOURCE_DATE_EPOCH")) && build_epoch("publish", epoch, &o.epoch))
		return EXIT_USAGE;
	o.files = argv + optind;
	o.extras = extras.v;
	confs = calloc(notes_dirs.nr + 1, sizeof(*confs));
	notes = calloc(notes_dirs.nr + 1, sizeof(*notes));
	if (!confs || !notes)
		die_oom();
	for (size_t i = 0; i < notes_dirs.nr; i++) {
		strvec_init(&confs[i].packages);
		if (appconf_load(&confs[i], notes_dirs.v[i], NULL))
			goto out;
		notes[i] = &confs[i];
	}
	o.notes = notes;
	if (kernel_dir) {
		if (kernel_info_read(&kinfo, kernel_dir))
			goto out;
		o.kernel_version = kinfo.version;
	}
	if (relconf_load(&conf, config, have_optional ? &optional : NULL) == 0)
		ret = publish(&o) ? 1 : 0;
out:
	for (size_t i = 0; i < notes_dirs.nr; i++)
		appconf_release(&confs[i]);
	free(confs);
	free(notes);
	strvec_clear(&extras);
	strvec_clear(&notes_dirs);
	strvec_clear(&optional);
	kernel_info_release(&kinfo);
	relconf_release(&conf);
	return ret;
}
