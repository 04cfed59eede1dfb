/* Unit tests for builder/lib/formats/torrent-read.c: v1, v2 and hybrid metainfo read, and
 * hostile or inconsistent metainfo refused with a reason. (The real
 * torrents of mktorrent and libtorrent are checked in t7000.) */
#include "test.h"
#include "formats/bencode.h"
#include "formats/btmerkle.h"
#include "formats/torrent-read.h"

#include <openssl/evp.h>

/* Parse b's output; 0/-1, the error text in err. */
static int parse(struct benc *b, struct torrent_info *t, struct strbuf *err)
{
	int r;
	CHECK_INT(benc_finish(b), 0);
	test_stderr_begin();
	r = torrent_info_parse(b->out.buf, b->out.len, "x.torrent", t);
	test_stderr_end(err);
	return r;
}

static void refused(struct benc *b, const char *want)
{
	struct torrent_info t;
	struct strbuf err = STRBUF_INIT;
	CHECK_INT(parse(b, &t, &err), -1);
	CHECK_CONTAINS(err.buf, want);
	torrent_info_release(&t);
	strbuf_release(&err);
	benc_release(b);
}

/* A v1 info dict; files NULL: one file of length bytes. */
static void v1(struct benc *b, const char *name, const char *const *paths, long long length,
	       size_t npieces)
{
	static const char twenty[] = "01234567890123456789";
	benc_init(b);
	benc_dict(b);
	benc_key(b, "info");
	benc_dict(b);
	if (paths) {
		benc_key(b, "files");
		benc_list(b);
		for (; *paths; paths++) {
			benc_dict(b);
			benc_key(b, "length");
			benc_int(b, length);
			benc_key(b, "path");
			benc_list(b);
			/* "a|b" is the path [a, b] */
			for (const char *p = *paths;;) {
				const char *bar = strchr(p, '|');
				benc_str(b, p, bar ? (size_t)(bar - p) : strlen(p));
				if (!bar)
					break;
				p = bar + 1;
			}
			benc_end(b);
			benc_end(b);
		}
		benc_end(b);
	} else {
		benc_key(b, "length");
		benc_int(b, length);
	}
	benc_key(b, "name");
	benc_cstr(b, name);
	benc_key(b, "piece length");
	benc_int(b, 16384);
	benc_key(b, "pieces");
	benc_list(b); /* replaced below: benc_str needs the bytes at once */
	benc_end(b);
	benc_end(b);
	benc_end(b);
	/* Swap the empty list "le" for the piece string. */
	{
		struct strbuf s = STRBUF_INIT;
		char *at = strstr(b->out.buf, "6:piecesle");
		size_t head = (size_t)(at - b->out.buf) + 8;
		strbuf_add(&s, b->out.buf, head);
		strbuf_addf(&s, "%zu:", 20 * npieces);
		for (size_t i = 0; i < npieces; i++)
			strbuf_add(&s, twenty, 20);
		strbuf_addstr(&s, at + 10);
		strbuf_reset(&b->out);
		strbuf_add(&b->out, s.buf, s.len);
		strbuf_release(&s);
	}
}

static void test_v1(void)
{
	static const char *const files[] = { "a", "dir|b", NULL };
	struct benc b;
	struct torrent_info t;
	struct strbuf err = STRBUF_INIT;
	unsigned char ih[20];
	unsigned int n;

	v1(&b, "one.iso", NULL, 40000, 3);
	CHECK_INT(parse(&b, &t, &err), 0);
	CHECK_STR(err.buf, "");
	CHECK(t.v1 && !t.v2 && !t.multi);
	CHECK_STR(t.name, "one.iso");
	CHECK_INT(t.npieces, 3);
	CHECK_INT(t.nfiles, 1);
	CHECK_STR(t.files[0].path, "one.iso");
	/* The info hash is of the exact bytes between "4:info" and the end. */
	EVP_Digest(b.out.buf + 7, b.out.len - 8, ih, &n, EVP_sha1(), NULL);
	CHECK(!memcmp(ih, t.ih1, 20));
	torrent_info_release(&t);
	benc_release(&b);

	v1(&b, "d", files, 10000, 2);
	CHECK_INT(parse(&b, &t, &err), 0);
	CHECK(t.multi);
	CHECK_INT(t.nfiles, 2);
	CHECK_STR(t.files[1].path, "dir/b");
	CHECK_INT(t.files[1].offset, 10000);
	CHECK_INT(t.total, 20000);
	torrent_info_release(&t);
	benc_release(&b);
	strbuf_release(&err);
}

static void test_v1_refused(void)
{
	struct benc b;
	static const char *const dotdot[] = { "..|etc|passwd", NULL };
	static const char *const slash[] = { "/etc/passwd", NULL };
	static const char *const empty[] = { "a||b", NULL };
	static const char *const dot[] = { ".|a", NULL };
	static const char *const twice[] = { "a", "a", NULL };
	static const char *const filedir[] = { "a", "a-b", "a|b", NULL };

	v1(&b, "d", dotdot, 1, 1);
	refused(&b, "refusing the file name '..': it has a '..' component");
	v1(&b, "d", slash, 1, 1);
	refused(&b, "a component contains '/'");
	v1(&b, "d", empty, 1, 1);
	refused(&b, "refusing the file name 'a/': it has an empty component");
	v1(&b, "d", dot, 1, 1);
	refused(&b, "'.' component");
	v1(&b, "..", NULL, 1, 1);
	refused(&b, "refusing the name '..'");
	v1(&b, "a/b", NULL, 1, 1);
	refused(&b, "refusing the name 'a/b'");
	v1(&b, "d", twice, 1, 1);
	refused(&b, "'a' is listed twice");
	v1(&b, "d", filedir, 1, 1);
	refused(&b, "'a' is both a file and a directory");
	v1(&b, "x", NULL, 40000, 2);
	refused(&b, "'pieces' has 2 hashes; 40000 bytes in pieces of 16384 need 3");
	v1(&b, "x", NULL, -1, 1);
	refused(&b, "no valid 'length'");

	benc_init(&b);
	benc_dict(&b);
	benc_key(&b, "announce");
	benc_cstr(&b, "http://x/");
	benc_end(&b);
	refused(&b, "no 'info' dictionary");
}

static void test_truncated(void)
{
	struct benc b;
	struct torrent_info t;
	struct strbuf err = STRBUF_INIT;
	v1(&b, "x", NULL, 5, 1);
	test_stderr_begin();
	CHECK_INT(torrent_info_parse(b.out.buf, b.out.len - 1, "x.torrent", &t), -1);
	CHECK_INT(torrent_info_parse("d4:infoi03ee", 12, "y.torrent", &t), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "x.torrent: not a valid torrent: offset 0: truncated dictionary");
	CHECK_CONTAINS(err.buf, "y.torrent: not a valid torrent: offset 7: leading zero in integer");
	torrent_info_release(&t);
	benc_release(&b);
	strbuf_release(&err);
}

/* A v2 single-file torrent of length bytes, with a layer when given. */
static void v2(struct benc *b, long long length, long long piece_length, const unsigned char *root,
	       const unsigned char *layer, size_t layer_len)
{
	benc_init(b);
	benc_dict(b);
	benc_key(b, "info");
	benc_dict(b);
	benc_key(b, "file tree");
	benc_dict(b);
	benc_key(b, "f");
	benc_dict(b);
	benc_key(b, "");
	benc_dict(b);
	benc_key(b, "length");
	benc_int(b, length);
	benc_key(b, "pieces root");
	benc_str(b, root, 32);
	benc_end(b);
	benc_end(b);
	benc_end(b);
	benc_key(b, "meta version");
	benc_int(b, 2);
	benc_key(b, "name");
	benc_cstr(b, "f");
	benc_key(b, "piece length");
	benc_int(b, piece_length);
	benc_end(b);
	if (layer) {
		benc_key(b, "piece layers");
		benc_dict(b);
		benc_key_bytes(b, root, 32);
		benc_str(b, layer, layer_len);
		benc_end(b);
	}
	benc_end(b);
}

static void test_v2(void)
{
	unsigned char layer[64], root[32], h[64];
	struct benc b;
	struct torrent_info t;
	struct strbuf err = STRBUF_INIT;

	memset(root, 7, 32);
	v2(&b, 5, 16384, root, NULL, 0);
	CHECK_INT(parse(&b, &t, &err), 0);
	CHECK_STR(err.buf, "");
	CHECK(t.v2 && !t.v1 && !t.multi);
	CHECK_INT(t.npieces, 1);
	CHECK(t.files[0].has_root && !memcmp(t.files[0].root, root, 32));
	torrent_info_release(&t);
	benc_release(&b);

	/* Two pieces: the layer must hash to the root. */
	memset(layer, 1, 32);
	memset(layer + 32, 2, 32);
	memcpy(h, layer, 64);
	bt_merkle_root(h, 2, 2, NULL, root);
	v2(&b, 20000, 16384, root, layer, 64);
	CHECK_INT(parse(&b, &t, &err), 0);
	CHECK(t.files[0].layer && !memcmp(t.files[0].layer, layer, 64));
	torrent_info_release(&t);
	benc_release(&b);

	root[0] ^= 1;
	v2(&b, 20000, 16384, root, layer, 64);
	refused(&b, "its piece layer does not hash to its pieces root");
	v2(&b, 20000, 16384, root, NULL, 0);
	refused(&b, "no entry in 'piece layers'");
	v2(&b, 20000, 16384, root, layer, 32);
	refused(&b, "its piece layer has 32 bytes, want 64");
	v2(&b, 5, 16385, root, NULL, 0);
	refused(&b, "v2 needs a power of two of at least 16 KiB");
	v2(&b, 5, 8192, root, NULL, 0);
	refused(&b, "v2 needs a power of two");
	strbuf_release(&err);
}

int main(void)
{
	TEST(test_v1);
	TEST(test_v1_refused);
	TEST(test_truncated);
	TEST(test_v2);
	return test_done();
}
