/* BitTorrent v1 and hybrid metainfo, magnet links (see torrent.h). */
#include "formats/torrent.h"
#include "core/escape.h"
#include "core/hashalgo.h"
#include "formats/bencode.h"

#include <openssl/evp.h>
#include <string.h>

uint64_t torrent_piece_length(uint64_t size)
{
	uint64_t p = 16u << 10;
	while (p < (16u << 20) && size / p > 1500)
		p <<= 1;
	return p;
}

static void announce(struct benc *b, const struct strvec *tiers)
{
	struct strvec first = STRVEC_INIT;
	size_t urls = 0;
	for (size_t i = 0; tiers && i < tiers->nr; i++) {
		struct strvec t = STRVEC_INIT;
		strvec_split(&t, tiers->v[i]);
		if (!first.nr && t.nr)
			strvec_push(&first, t.v[0]);
		urls += t.nr;
		strvec_clear(&t);
	}
	if (first.nr) {
		benc_key(b, "announce");
		benc_cstr(b, first.v[0]);
	}
	/* A list only when there is more than the one announce URL. */
	if (urls > 1) {
		benc_key(b, "announce-list");
		benc_list(b);
		for (size_t i = 0; i < tiers->nr; i++) {
			struct strvec t = STRVEC_INIT;
			strvec_split(&t, tiers->v[i]);
			if (t.nr) {
				benc_list(b);
				for (size_t j = 0; j < t.nr; j++)
					benc_cstr(b, t.v[j]);
				benc_end(b);
			}
			strvec_clear(&t);
		}
		benc_end(b);
	}
	strvec_clear(&first);
}

/* The info dict; its keys in byte order, v2's among v1's. */
static void info(struct benc *b, const struct digest *d, const struct torrent_opts *o)
{
	benc_dict(b);
	if (o->hybrid) {
		benc_key(b, "file tree");
		benc_dict(b);
		benc_key(b, o->name);
		benc_dict(b);
		benc_key(b, "");
		benc_dict(b);
		benc_key(b, "length");
		benc_int(b, (long long)d->size);
		if (d->size) {
			benc_key(b, "pieces root");
			benc_str(b, d->v2_root, 32);
		}
		benc_end(b);
		benc_end(b);
		benc_end(b);
	}
	benc_key(b, "length");
	benc_int(b, (long long)d->size);
	if (o->hybrid) {
		benc_key(b, "meta version");
		benc_int(b, 2);
	}
	benc_key(b, "name");
	benc_cstr(b, o->name);
	benc_key(b, "piece length");
	benc_int(b, (long long)o->piece_length);
	benc_key(b, "pieces");
	benc_str(b, d->pieces, 20 * d->npieces);
	if (o->private_) {
		benc_key(b, "private");
		benc_int(b, 1);
	}
	benc_end(b);
}

int torrent_write(const struct digest *d, const struct torrent_opts *o, struct strbuf *out,
		  struct torrent_ids *ids)
{
	struct benc b;
	size_t info_start, info_end;
	unsigned int n;
	int ret;

	if (o->hybrid && d->size && !d->v2_layer && d->npieces > 1)
		return error("internal error: a hybrid torrent of '%s' without its v2 hashes",
			     o->name);
	benc_init(&b);
	benc_dict(&b);
	announce(&b, o->tiers);
	benc_key(&b, "created by");
	benc_cstr(&b, o->created_by);
	if (o->creation_date >= 0) {
		benc_key(&b, "creation date");
		benc_int(&b, o->creation_date);
	}
	benc_key(&b, "info");
	info_start = b.out.len;
	info(&b, d, o);
	info_end = b.out.len;
	/* Only files larger than one piece have a layer to send. */
	if (o->hybrid && d->npieces > 1) {
		benc_key(&b, "piece layers");
		benc_dict(&b);
		benc_key_bytes(&b, d->v2_root, 32);
		benc_str(&b, d->v2_layer, 32 * d->npieces);
		benc_end(&b);
	}
	/* Always a list, even of one: BEP 19 allows both, and one form keeps
	 * the bytes of a mirrorless release what they were. */
	if (o->web_seeds && o->web_seeds->nr) {
		benc_key(&b, "url-list");
		benc_list(&b);
		for (size_t i = 0; i < o->web_seeds->nr; i++)
			benc_cstr(&b, o->web_seeds->v[i]);
		benc_end(&b);
	}
	benc_end(&b);
	ret = benc_finish(&b);
	if (!ret) {
		const unsigned char *p = (const unsigned char *)b.out.buf + info_start;
		EVP_Digest(p, info_end - info_start, ids->v1, &n, EVP_sha1(), NULL);
		ids->has_v2 = o->hybrid;
		if (o->hybrid)
			EVP_Digest(p, info_end - info_start, ids->v2, &n, EVP_sha256(), NULL);
		strbuf_add(out, b.out.buf, b.out.len);
	}
	benc_release(&b);
	return ret;
}

void magnet_link(struct strbuf *out, const struct torrent_ids *ids, const struct torrent_opts *o,
		 uint64_t size)
{
	strbuf_addstr(out, "magnet:?xt=urn:btih:");
	hex_append(out, ids->v1, 20);
	if (ids->has_v2) {
		/* A multihash: 0x12 is SHA2-256, 0x20 its length. */
		strbuf_addstr(out, "&xt=urn:btmh:1220");
		hex_append(out, ids->v2, 32);
	}
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
	for (size_t i = 0; o->web_seeds && i < o->web_seeds->nr; i++) {
		strbuf_addstr(out, "&ws=");
		url_escape(out, o->web_seeds->v[i]);
	}
}
