/* Unit tests for builder/lib/publish/digest.c, against known answers and a second opinion
 * from libcrypto's one-shot functions. */
#include "test.h"
#include "publish/digest.h"
#include "formats/merkle.h"
#include "core/hashalgo.h"

#include <openssl/evp.h>

static void hex(const unsigned char *p, size_t n, char *out)
{
	struct strbuf sb = STRBUF_INIT;
	hex_append(&sb, p, n);
	strcpy(out, sb.buf);
	strbuf_release(&sb);
}

static void test_known_answers(void)
{
	struct digest d;
	char h[65];
	CHECK_INT(digest_file(test_write("abc", "abc"), 16384, 0, &d), 0);
	hex(d.md5, 16, h);
	CHECK_STR(h, "900150983cd24fb0d6963f7d28e17f72");
	hex(d.sha256, 32, h);
	CHECK_STR(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	CHECK_INT(d.npieces, 1);
	hex(d.pieces, 20, h);
	CHECK_STR(h, "a9993e364706816aba3e25717850c26c9cd0d89d"); /* SHA-1("abc") */
	digest_release(&d);
	CHECK_INT(digest_file(test_write("empty", ""), 16384, 0, &d), 0);
	CHECK_INT(d.npieces, 0);
	hex(d.md5, 16, h);
	CHECK_STR(h, "d41d8cd98f00b204e9800998ecf8427e");
	digest_release(&d);
}

static void test_pieces_across_chunks(void)
{
	/* 40 MiB + 5 bytes: 21 chunks of 2 MiB, 161 pieces of 256 KiB. */
	size_t size = (40u << 20) + 5;
	unsigned char *buf = malloc(size), md[32];
	struct strbuf path = STRBUF_INIT;
	struct digest d;
	unsigned int n;
	FILE *f;
	for (size_t i = 0; i < size; i++)
		buf[i] = (unsigned char)(i * 7 + (i >> 13));
	strbuf_addf(&path, "%s/big", test_tmpdir());
	f = fopen(path.buf, "w");
	CHECK(f && fwrite(buf, 1, size, f) == size && fclose(f) == 0);
	CHECK_INT(digest_file(path.buf, 256 << 10, 0, &d), 0);
	CHECK_INT(d.size, size);
	CHECK_INT(d.npieces, 161);
	EVP_Digest(buf, size, md, &n, EVP_sha256(), NULL);
	CHECK(!memcmp(md, d.sha256, 32));
	EVP_Digest(buf, size, md, &n, EVP_md5(), NULL);
	CHECK(!memcmp(md, d.md5, 16));
	EVP_Digest(buf + 160ull * (256 << 10), 5, md, &n, EVP_sha1(), NULL);
	CHECK(!memcmp(md, d.pieces + 20 * 160, 20));
	EVP_Digest(buf + 64ull * (256 << 10), 256 << 10, md, &n, EVP_sha1(), NULL);
	CHECK(!memcmp(md, d.pieces + 20 * 64, 20));
	digest_release(&d);
	free(buf);
	strbuf_release(&path);
}

/* The v2 leaves and tree, against one SHA-256 per block done here. */
static void test_v2_merkle(void)
{
	size_t size = (17u << 20) + 20000; /* two chunks, a short last block */
	size_t nblocks = (size + 16383) / 16384;
	unsigned char *buf = malloc(size), *leaves = malloc(32 * nblocks), md[32];
	unsigned char layer[32 * 35], root[32];
	struct strbuf path = STRBUF_INIT;
	struct digest d;
	unsigned int n;
	FILE *f;
	for (size_t i = 0; i < size; i++)
		buf[i] = (unsigned char)(i * 13 + (i >> 11));
	for (size_t b = 0; b < nblocks; b++) {
		size_t len = size - b * 16384 < 16384 ? size - b * 16384 : 16384;
		EVP_Digest(buf + b * 16384, len, leaves + 32 * b, &n, EVP_sha256(), NULL);
	}
	strbuf_addf(&path, "%s/v2", test_tmpdir());
	f = fopen(path.buf, "w");
	CHECK(f && fwrite(buf, 1, size, f) == size && fclose(f) == 0);
	CHECK_INT(digest_file(path.buf, 512 << 10, DIGEST_V2, &d), 0);
	CHECK_INT(d.npieces, 35);
	merkle_file(leaves, nblocks, 512 << 10, layer, root);
	CHECK(d.v2_layer && !memcmp(layer, d.v2_layer, sizeof(layer)));
	CHECK(!memcmp(root, d.v2_root, 32));
	EVP_Digest(buf, size, md, &n, EVP_sha256(), NULL);
	CHECK(!memcmp(md, d.sha256, 32)); /* the whole-file hash is unchanged */
	digest_release(&d);
	/* One piece: no layer; an empty file: no root. */
	CHECK_INT(digest_file(test_write("one", "abc"), 16384, DIGEST_V2, &d), 0);
	CHECK(!d.v2_layer);
	EVP_Digest("abc", 3, md, &n, EVP_sha256(), NULL);
	CHECK(!memcmp(md, d.v2_root, 32)); /* one block: the root is its hash */
	digest_release(&d);
	CHECK_INT(digest_file(test_write("none", ""), 16384, DIGEST_V2, &d), 0);
	memset(md, 0, 32);
	CHECK(!memcmp(md, d.v2_root, 32));
	digest_release(&d);
	free(buf);
	free(leaves);
	strbuf_release(&path);
}

static void test_errors(void)
{
	struct digest d;
	struct strbuf err = STRBUF_INIT;
	test_stderr_begin();
	CHECK_INT(digest_file("/nonexistent/f", 16384, 0, &d), -1);
	CHECK_INT(digest_file(test_write("x", "x"), 1000, 0, &d), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "cannot open '/nonexistent/f'");
	CHECK_CONTAINS(err.buf, "piece length 1000: a power of two");
	strbuf_release(&err);
}

int main(void)
{
	TEST(test_known_answers);
	TEST(test_pieces_across_chunks);
	TEST(test_v2_merkle);
	TEST(test_errors);
	return test_done();
}
