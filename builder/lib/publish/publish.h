/*
 * Publishing a release: for every artifact one read feeds MD5, SHA-256 and
 * the BitTorrent piece hashes; then MD5SUMS and SHA256SUMS (coreutils
 * format), a .torrent and a .meta4 (metalink) per artifact with the HTTP
 * tree and its mirrors as web seeds, magnet links and index.html, in
 * OUT/VERSION, which appears complete or not at all; the sums are also
 * recorded in RECORD/VERSION.
 */
#ifndef PUBLISH_H
#define PUBLISH_H

#include "conf/appconf.h"
#include "conf/relconf.h"

struct publish_opts {
	const struct relconf *conf;
	char *const *files;       /* the artifacts, NULL-terminated */
	const char *out;          /* e.g. out/release */
	const char *record;       /* e.g. checksums, or NULL */
	long long epoch;          /* -1: no creation dates */
	const char *created_by;
	char *const *extras;      /* NULL or NULL-terminated: copied, summed, linked, no torrent
				     (screenshots) */
	const struct appconf *const *notes; /* NULL or NULL-terminated: release notes */
	const char *kernel_version; /* for the notes, or NULL */
	const char *distro_info;    /* debian.csv (publish/upkeep.h); NULL: distro-info-data's */
};

int publish(const struct publish_opts *o);

#endif
