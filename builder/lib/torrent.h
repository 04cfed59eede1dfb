/*
 * BitTorrent metainfo for one file (BEP 3, v1): announce and announce-list
 * (BEP 12) from tracker tiers, a url-list web seed (BEP 19) so a download
 * works with no tracker and no peer, private (BEP 27) when asked, a
 * creation date only when SOURCE_DATE_EPOCH gives one; and its magnet link
 * (BEP 9). The info hash is the SHA-1 of the exact bencoded info bytes.
 */
#ifndef TORRENT_H
#define TORRENT_H

#include <stdbool.h>
#include <stdint.h>
#include "digest.h"
#include "strbuf.h"
#include "strvec.h"

struct torrent_opts {
	const char *name;             /* the file's name in the torrent */
	uint64_t piece_length;
	const struct strvec *tiers;   /* each entry a tier: URLs separated by blanks */
	const char *web_seed;         /* the file's HTTP URL, or NULL */
	bool private_;
	long long creation_date;      /* -1: none */
	const char *created_by;
};

int torrent_v1(const struct digest *d, const struct torrent_opts *o, struct strbuf *out,
	       unsigned char infohash[20]);

void magnet_v1(struct strbuf *out, const unsigned char infohash[20], const struct torrent_opts *o,
	       uint64_t size);

/* About 1500 pieces, a power of two from 16 KiB to 16 MiB. */
uint64_t torrent_piece_length(uint64_t size);

#endif
