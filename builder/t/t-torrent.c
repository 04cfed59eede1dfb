/* Unit tests for lib/torrent.c (mktorrent, libtorrent, transmission and
 * aria2 read real ones in t4000). */
#include "test.h"
#include "torrent.h"

#include <openssl/evp.h>

static void test_v1_bytes_and_hash(void)
{
	unsigned char pieces[20] = { 0 }, ih[20], want[20];
	struct digest d = { .size = 3, .pieces = pieces, .npieces = 1 };
	struct strvec tiers = STRVEC_INIT;
	struct torrent_opts o = { .name = "a b", .piece_length = 16384, .tiers = &tiers,
				  .web_seed = "http://h/r/a%20b", .private_ = true,
				  .creation_date = 5, .created_by = "t" };
	struct strbuf out = STRBUF_INIT, mag = STRBUF_INIT;
	unsigned int n;
	const char *info;

	strvec_push(&tiers, "http://t1/a");
	strvec_push(&tiers, "http://t2/a http://t3/a");
	CHECK_INT(torrent_v1(&d, &o, &out, ih), 0);
	CHECK_CONTAINS(out.buf, "d8:announce11:http://t1/a13:announce-listll11:http://t1/ael"
		       "11:http://t2/a11:http://t3/aee10:created by1:t13:creation datei5e4:infod");
	info = strstr(out.buf, "4:infod") + 6;
	CHECK(!memcmp(info, "d6:lengthi3e4:name3:a b12:piece lengthi16384e6:pieces20:", 56));
	CHECK_CONTAINS(info + 56 + 20, "7:privatei1ee8:url-listl16:http://h/r/a%20bee");
	EVP_Digest(info, 56 + 20 + 13, want, &n, EVP_sha1(), NULL);
	CHECK(!memcmp(ih, want, 20));
	magnet_v1(&mag, ih, &o, 3);
	CHECK_CONTAINS(mag.buf, "magnet:?xt=urn:btih:");
	CHECK_CONTAINS(mag.buf, "&dn=a%20b&xl=3&tr=http%3A%2F%2Ft1%2Fa&tr=http%3A%2F%2Ft2%2Fa");
	strvec_clear(&tiers);
	strbuf_release(&out);
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
	TEST(test_piece_length);
	return test_done();
}
