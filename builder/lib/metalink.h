/* Metalink 4 (RFC 5854) for one published file: size, MD5 and SHA-256,
 * the piece SHA-1s, the HTTP URL and the torrent as a metaurl, so a client
 * such as aria2 can use mirrors and the swarm together and check pieces. */
#ifndef METALINK_H
#define METALINK_H

#include "digest.h"
#include "strbuf.h"

void metalink_file(struct strbuf *out, const char *name, const struct digest *d,
		   uint64_t piece_length, const char *url, const char *torrent_url,
		   long long published, const char *generator);

#endif
