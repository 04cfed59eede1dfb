/* Unit tests for builder/lib/formats/bencode.c. */
#include "test.h"
#include "formats/bencode.h"

static void test_canonical(void)
{
	struct benc b;
	benc_init(&b);
	benc_dict(&b);
	benc_key(&b, "announce");
	benc_cstr(&b, "http://t/a");
	benc_key(&b, "announce-list");
	benc_list(&b);
	benc_list(&b);
	benc_cstr(&b, "x");
	benc_end(&b);
	benc_end(&b);
	benc_key(&b, "info");
	benc_dict(&b);
	benc_key(&b, "length");
	benc_int(&b, 0);
	benc_key(&b, "name");
	benc_str(&b, "a\0b", 3);
	benc_end(&b);
	benc_end(&b);
	CHECK_INT(benc_finish(&b), 0);
	CHECK_INT(b.out.len, 78);
	CHECK(!memcmp(b.out.buf, "d8:announce10:http://t/a13:announce-listll1:xee4:infod6:lengthi0e"
			  "4:name3:a\0bee", 78));
	benc_release(&b);
}

static void test_misuse_is_caught(void)
{
	struct benc b;
	struct strbuf err = STRBUF_INIT;
	benc_init(&b);
	benc_dict(&b);
	benc_key(&b, "name");
	benc_int(&b, -3);
	benc_key(&b, "length"); /* out of order */
	benc_int(&b, 1);
	benc_end(&b);
	test_stderr_begin();
	CHECK_INT(benc_finish(&b), -1);
	benc_release(&b);
	benc_init(&b);
	benc_dict(&b);
	benc_key(&b, "a");
	benc_int(&b, 1);
	benc_key(&b, "a"); /* duplicate */
	benc_int(&b, 2);
	benc_end(&b);
	CHECK_INT(benc_finish(&b), -1);
	benc_release(&b);
	benc_init(&b);
	benc_list(&b); /* unclosed */
	CHECK_INT(benc_finish(&b), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "bencode keys out of order");
	benc_release(&b);
	strbuf_release(&err);
}

int main(void)
{
	TEST(test_canonical);
	TEST(test_misuse_is_caught);
	return test_done();
}
