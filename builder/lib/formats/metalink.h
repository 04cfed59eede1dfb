/* Metalink 4 (RFC 5854) for one published file: size, MD5 and SHA-256,
 * the piece SHA-1s, the HTTP URLs (the primary first, priority 1, then each
 * mirror) and the torrent as a metaurl after them, so a client such as aria2
 * can use the mirrors and the swarm together, fail over and check pieces. */
#ifndef METALINK_H
#define METALINK_H

#include "formats/filedigest.h"
#include "core/strbuf.h"
#include "core/strvec.h"

/* urls: at least one; published: -1 for none. */
void metalink_file(struct strbuf *out, const char *name, const struct digest *d,
		   uint64_t piece_length, const struct strvec *urls, const char *torrent_url,
		   long long published, const char *generator);

#endif
