/* Unit tests for builder/lib/formats/torrent.c (mktorrent, libtorrent, transmission and
 * aria2 read real ones in t6000). */
#include "test.h"
#include "formats/torrent.h"

#include <openssl/evp.h>

static void test_v1_bytes_and_hash(void)
{
	unsigned char pieces[20] = { 0 }, want[20];
	struct torrent_ids ih;
	struct digest d = { .size = 3, .pieces = pieces, .npieces = 1 };
	struct strvec tiers = STRVEC_INIT, seeds = STRVEC_INIT;
	struct torrent_opts o = { .name = "a b", .piece_length = 16384, .tiers = &tiers,
				  .web_seeds = &seeds, .private_ = true,
				  .creation_date = 5, .created_by = "t" };
	struct strbuf out = STRBUF_INIT, mag = STRBUF_INIT;
	unsigned int n;
	const char *info;

	strvec_push(&seeds, "http://h/r/a%20b");
	strvec_push(&tiers, "http://t1/a");
	strvec_push(&tiers, "http://t2/a http://t3/a");
	CHECK_INT(torrent_write(&d, &o, &out, &ih), 0);
	CHECK(!ih.has_v2);
	CHECK_CONTAINS(out.buf, "d8:announce11:http://t1/a13:announce-listll11:http://t1/ael"
		       "11:http://t2/a11:http://t3/aee10:created by1:t13:creation datei5e4:infod");
	info = strstr(out.buf, "4:infod") + 6;
	CHECK(!memcmp(info, "d6:lengthi3e4:name3:a b12:piece lengthi16384e6:pieces20:", 56));
	CHECK_CONTAINS(info + 56 + 20, "7:privatei1ee8:url-listl16:http://h/r/a%20bee");
	EVP_Digest(info, 56 + 20 + 13, want, &n, EVP_sha1(), NULL);
	CHECK(!memcmp(ih.v1, want, 20));
	magnet_link(&mag, &ih, &o, 3);
	CHECK_CONTAINS(mag.buf, "magnet:?xt=urn:btih:");
	CHECK_CONTAINS(mag.buf, "&dn=a%20b&xl=3&tr=http%3A%2F%2Ft1%2Fa&tr=http%3A%2F%2Ft2%2Fa");
	CHECK_CONTAINS(mag.buf, "&tr=http%3A%2F%2Ft3%2Fa&ws=http%3A%2F%2Fh%2Fr%2Fa%2520b");
	CHECK(!strstr(mag.buf, "&ws=http%3A%2F%2Fh%2Fr%2Fa%2520b&"));
	strvec_clear(&tiers);
	strvec_clear(&seeds);
	strbuf_release(&out);
	strbuf_release(&mag);
}

/* A hybrid of a two-piece file: v2 keys among v1's in byte order, the
 * piece layer keyed by the root, both hashes over the same info bytes. */
static void test_hybrid(void)
{
	unsigned char pieces[40] = { 1 }, layer[64] = { 2 };
	struct digest d = { .size = 20000, .pieces = pieces, .npieces = 2, .v2_layer = layer };
	struct torrent_opts o = { .name = "f", .piece_length = 16384, .hybrid = true,
				  .creation_date = -1, .created_by = "t" };
	struct strbuf out = STRBUF_INIT, mag = STRBUF_INIT, want_info = STRBUF_INIT;
	struct torrent_ids ih;
	unsigned char sha1[20], sha256[32];
	unsigned int n;

	memset(d.v2_root, 'R', 32);
	CHECK_INT(torrent_write(&d, &o, &out, &ih), 0);
	CHECK(ih.has_v2);
	strbuf_addstr(&want_info, "d9:file treed1:fd0:d6:lengthi20000e11:pieces root32:");
	strbuf_add(&want_info, d.v2_root, 32);
	strbuf_addstr(&want_info, "eee6:lengthi20000e12:meta versioni2e4:name1:f"
		      "12:piece lengthi16384e6:pieces40:");
	strbuf_add(&want_info, pieces, 40);
	strbuf_addch(&want_info, 'e');
	CHECK(!memcmp(out.buf, "d10:created by1:t4:info", 23));
	CHECK(!memcmp(out.buf + 23, want_info.buf, want_info.len));
	CHECK(!memcmp(out.buf + 23 + want_info.len, "12:piece layersd32:", 19));
	CHECK(!memcmp(out.buf + 23 + want_info.len + 19, d.v2_root, 32));
	CHECK(!memcmp(out.buf + 23 + want_info.len + 19 + 32, "64:", 3));
	CHECK_INT(out.len, 23 + want_info.len + 19 + 32 + 3 + 64 + 2);
	EVP_Digest(want_info.buf, want_info.len, sha1, &n, EVP_sha1(), NULL);
	EVP_Digest(want_info.buf, want_info.len, sha256, &n, EVP_sha256(), NULL);
	CHECK(!memcmp(ih.v1, sha1, 20) && !memcmp(ih.v2, sha256, 32));
	magnet_link(&mag, &ih, &o, d.size);
	CHECK_CONTAINS(mag.buf, "&xt=urn:btmh:1220");
	strbuf_release(&out);
	strbuf_release(&mag);
	strbuf_release(&want_info);
}

static bool has(const struct strbuf *sb, const char *s)
{
	return memmem(sb->buf, sb->len, s, strlen(s)) != NULL;
}

/* Mirrors: url-list names the primary, then each mirror, in order; they
 * are outside info, so the info hash is the mirrorless one. The magnet
 * repeats ws= per seed, as libtorrent reads it. */
static void test_web_seeds(void)
{
	unsigned char pieces[20] = { 0 };
	struct digest d = { .size = 3, .pieces = pieces, .npieces = 1 };
	struct strvec seeds = STRVEC_INIT;
	struct torrent_opts o = { .name = "f", .piece_length = 16384, .creation_date = -1,
				  .created_by = "t" };
	struct strbuf none = STRBUF_INIT, three = STRBUF_INIT, mag = STRBUF_INIT;
	struct torrent_ids a, b;

	CHECK_INT(torrent_write(&d, &o, &none, &a), 0);
	CHECK(!has(&none, "url-list"));
	o.web_seeds = &seeds;
	strbuf_reset(&none);
	CHECK_INT(torrent_write(&d, &o, &none, &a), 0); /* an empty list: none either */
	CHECK(!has(&none, "url-list"));
	strvec_pushl(&seeds, "http://p/1/f", "https://m1/1/f", "http://m2:81/x/1/f", NULL);
	CHECK_INT(torrent_write(&d, &o, &three, &b), 0);
	/* The pieces are binary: search all the bytes. */
	CHECK(has(&three, "e8:url-listl12:http://p/1/f14:https://m1/1/f18:http://m2:81/x/1/fee"));
	CHECK(!memcmp(a.v1, b.v1, 20));
	magnet_link(&mag, &b, &o, d.size);
	CHECK_CONTAINS(mag.buf, "&xl=3&ws=http%3A%2F%2Fp%2F1%2Ff&ws=https%3A%2F%2Fm1%2F1%2Ff"
		       "&ws=http%3A%2F%2Fm2%3A81%2Fx%2F1%2Ff");
	strvec_clear(&seeds);
	strbuf_release(&none);
	strbuf_release(&three);
	strbuf_release(&mag);
}

static void test_piece_length(void)
{
	CHECK_INT(torrent_piece_length(0), 16384);
	CHECK_INT(torrent_piece_length(5000000), 16384);
	CHECK_INT(torrent_piece_length(1ull << 30), 1u << 20);
	CHECK_INT(torrent_piece_length(1ull << 40), 16u << 20);
}

int main(void)
{
	TEST(test_v1_bytes_and_hash);
	TEST(test_hybrid);
	TEST(test_web_seeds);
	TEST(test_piece_length);
	return test_done();
}
