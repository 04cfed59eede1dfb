/* BitTorrent v1 metainfo and magnet links (see torrent.h). */
#include "torrent.h"
#include "escape.h"
#include "bencode.h"

#include <openssl/evp.h>
#include <string.h>

uint64_t torrent_piece_length(uint64_t size)
{
	uint64_t p = 16u << 10;
	while (p < (16u << 20) && size / p > 1500)
		p <<= 1;
	return p;
}

int torrent_v1(const struct digest *d, const struct torrent_opts *o, struct strbuf *out,
	       unsigned char infohash[20])
{
	struct benc b;
	struct strvec first = STRVEC_INIT;
	size_t info_start, info_end;
	unsigned int n;
	size_t urls = 0;
	int ret;

	benc_init(&b);
	for (size_t i = 0; o->tiers && i < o->tiers->nr; i++) {
		struct strvec t = STRVEC_INIT;
		strvec_split(&t, o->tiers->v[i]);
		if (!first.nr && t.nr)
			strvec_push(&first, t.v[0]);
		urls += t.nr;
		strvec_clear(&t);
	}
	benc_dict(&b);
	if (first.nr) {
		benc_key(&b, "announce");
		benc_cstr(&b, first.v[0]);
	}
	if (urls > 1) {
		benc_key(&b, "announce-list");
		benc_list(&b);
		for (size_t i = 0; i < o->tiers->nr; i++) {
			struct strvec t = STRVEC_INIT;
			strvec_split(&t, o->tiers->v[i]);
			if (t.nr) {
				benc_list(&b);
				for (size_t j = 0; j < t.nr; j++)
					benc_cstr(&b, t.v[j]);
				benc_end(&b);
			}
			strvec_clear(&t);
		}
		benc_end(&b);
	}
	benc_key(&b, "created by");
	benc_cstr(&b, o->created_by);
	if (o->creation_date >= 0) {
		benc_key(&b, "creation date");
		benc_int(&b, o->creation_date);
	}
	benc_key(&b, "info");
	info_start = b.out.len;
	benc_dict(&b);
	benc_key(&b, "length");
	benc_int(&b, (long long)d->size);
	benc_key(&b, "name");
	benc_cstr(&b, o->name);
	benc_key(&b, "piece length");
	benc_int(&b, (long long)o->piece_length);
	benc_key(&b, "pieces");
	benc_str(&b, d->pieces, 20 * d->npieces);
	if (o->private_) {
		benc_key(&b, "private");
		benc_int(&b, 1);
	}
	benc_end(&b);
	info_end = b.out.len;
	if (o->web_seed) {
		benc_key(&b, "url-list");
		benc_list(&b);
		benc_cstr(&b, o->web_seed);
		benc_end(&b);
	}
	benc_end(&b);
	ret = benc_finish(&b);
	if (!ret) {
		EVP_Digest(b.out.buf + info_start, info_end - info_start, infohash, &n, EVP_sha1(),
			   NULL);
		strbuf_add(out, b.out.buf, b.out.len);
	}
	benc_release(&b);
	strvec_clear(&first);
	return ret;
}

void magnet_v1(struct strbuf *out, const unsigned char infohash[20], const struct torrent_opts *o,
	       uint64_t size)
{
	strbuf_addstr(out, "magnet:?xt=urn:btih:");
	hex_append(out, infohash, 20);
	strbuf_addstr(out, "&dn=");
	url_escape(out, o->name);
	strbuf_addf(out, "&xl=%llu", (unsigned long long)size);
	for (size_t i = 0; o->tiers && i < o->tiers->nr; i++) {
		struct strvec t = STRVEC_INIT;
		strvec_split(&t, o->tiers->v[i]);
		for (size_t j = 0; j < t.nr; j++) {
			strbuf_addstr(out, "&tr=");
			url_escape(out, t.v[j]);
		}
		strvec_clear(&t);
	}
	if (o->web_seed) {
		strbuf_addstr(out, "&ws=");
		url_escape(out, o->web_seed);
	}
}
