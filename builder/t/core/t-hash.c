/* Unit tests for builder/lib/core/hash.c (known answers from FIPS 180-2). */
#include "test.h"
#include "core/hash.h"

static void test_known_answers(void)
{
	struct strbuf hex = STRBUF_INIT;
	struct sha256_ctx *c = sha256_new();
	sha256_update(c, "abc", 3);
	sha256_final_hex(c, &hex);
	CHECK_STR(hex.buf, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	strbuf_reset(&hex);
	CHECK_INT(sha256_file_hex(test_write("empty", ""), &hex), 0);
	CHECK_STR(hex.buf, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	strbuf_release(&hex);
}

static void test_strings_are_length_prefixed(void)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct sha256_ctx *c = sha256_new();
	sha256_update_str(c, "ab");
	sha256_update_str(c, "c");
	sha256_final_hex(c, &a);
	c = sha256_new();
	sha256_update_str(c, "a");
	sha256_update_str(c, "bc");
	sha256_final_hex(c, &b);
	CHECK(strcmp(a.buf, b.buf) != 0);
	strbuf_release(&a);
	strbuf_release(&b);
}

static void test_missing_file(void)
{
	struct strbuf hex = STRBUF_INIT, err = STRBUF_INIT;
	test_stderr_begin();
	CHECK_INT(sha256_file_hex("/nonexistent/f", &hex), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "cannot open '/nonexistent/f'");
	CHECK_INT(hex.len, 0);
	strbuf_release(&hex);
	strbuf_release(&err);
}

int main(void)
{
	TEST(test_known_answers);
	TEST(test_strings_are_length_prefixed);
	TEST(test_missing_file);
	return test_done();
}
