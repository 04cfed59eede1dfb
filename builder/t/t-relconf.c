/* Unit tests for lib/relconf.c. */
#include "test.h"
#include "relconf.h"

static void test_good_and_bad(void)
{
	struct relconf r = RELCONF_INIT;
	struct strbuf err = STRBUF_INIT;
	CHECK_INT(relconf_load(&r, test_write("good.conf", "version = 1.0\ntitle = T\n"
					      "base_url = https://x/y\ntracker = udp://t:1/a\n"
					      "tracker = http://a/b http://c/d\nprivate = yes\n"
					      "piece_length = 256K\nhybrid = yes\n"
					      "gpg_key = 0xDEADBEEF\n")), 0);
	CHECK_STR(r.version, "1.0");
	CHECK_INT(r.tiers.nr, 2);
	CHECK(r.private_);
	CHECK_INT(r.piece_length, 262144);
	CHECK(r.hybrid);
	CHECK_STR(r.gpg_key, "0xDEADBEEF");
	relconf_release(&r);
	test_stderr_begin();
	CHECK_INT(relconf_load(&r, test_write("bad.conf", "version = a/b\npiece_length = 3K\n"
					      "tracker = gopher://x\nprivate = maybe\n"
					      "hybrid = v2\ngpg_key = --yes\n")), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "bad.conf:1: error: version = 'a/b'");
	CHECK_CONTAINS(err.buf, "bad.conf:2: error: piece_length = '3K'");
	CHECK_CONTAINS(err.buf, "bad.conf:3: error: tracker 'gopher://x'");
	CHECK_CONTAINS(err.buf, "bad.conf:4: error: private = 'maybe'");
	CHECK_CONTAINS(err.buf, "bad.conf:5: error: hybrid = 'v2'");
	CHECK_CONTAINS(err.buf, "bad.conf:6: error: gpg_key = '--yes'");
	CHECK_CONTAINS(err.buf, "'base_url' is required");
	relconf_release(&r);
	strbuf_release(&err);
}

int main(void)
{
	TEST(test_good_and_bad);
	return test_done();
}
