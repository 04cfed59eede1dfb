/*
 * BitTorrent metainfo for one file: BEP 3 (v1) by default, or hybrid v1 +
 * v2 (BEP 52: a "file tree" with the file's merkle root and top-level
 * "piece layers" beside the v1 "pieces"; one file needs no BEP 47 pad
 * files). Also: announce and announce-list (BEP 12) from tracker tiers, a
 * url-list of web seeds (BEP 19: the primary and every mirror) so a download
 * works with no tracker and no peer and spreads over the mirrors, private (BEP 27) when asked, a creation date only when
 * SOURCE_DATE_EPOCH gives one; and the magnet link (BEP 9). The info hashes
 * are SHA-1 (v1) and SHA-256 (v2) of the exact bencoded info bytes.
 */
#ifndef TORRENT_H
#define TORRENT_H

#include <stdbool.h>
#include <stdint.h>
#include "formats/filedigest.h"
#include "core/strbuf.h"
#include "core/strvec.h"

struct torrent_opts {
	const char *name;             /* the file's name in the torrent */
	uint64_t piece_length;
	const struct strvec *tiers;   /* each entry a tier: URLs separated by blanks */
	const struct strvec *web_seeds; /* the file's HTTP URLs, primary first; NULL: none */
	bool private_;
	bool hybrid;                  /* v1 + v2; the digest must have DIGEST_V2 */
	long long creation_date;      /* -1: none */
	const char *created_by;
};

struct torrent_ids {
	unsigned char v1[20];
	unsigned char v2[32];         /* hybrid torrents only */
	bool has_v2;
};

int torrent_write(const struct digest *d, const struct torrent_opts *o, struct strbuf *out,
		  struct torrent_ids *ids);

/* magnet:?xt=urn:btih:... (and xt=urn:btmh:1220... for a hybrid), with a
 * tr= per tracker and a ws= per web seed (both repeatable, as libtorrent
 * reads them). */
void magnet_link(struct strbuf *out, const struct torrent_ids *ids, const struct torrent_opts *o,
		 uint64_t size);

/* About 1500 pieces, a power of two from 16 KiB to 16 MiB. */
uint64_t torrent_piece_length(uint64_t size);

#endif
