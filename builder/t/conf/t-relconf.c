/* Unit tests for builder/lib/conf/relconf.c. */
#include "test.h"
#include "conf/relconf.h"

/* The optional formats make passes from builder/outputs/. */
static struct strvec optional = STRVEC_INIT;

static void test_good_and_bad(void)
{
	struct relconf r = RELCONF_INIT;
	struct strbuf err = STRBUF_INIT;
	strvec_split(&optional, "img libvirt qcow2");
	CHECK_INT(relconf_load(&r, test_write("good.conf", "version = 1.0\ntitle = T\n"
					      "base_url = https://x/y\ntracker = udp://t:1/a\n"
					      "tracker = http://a/b http://c/d\nprivate = yes\n"
					      "piece_length = 256K\nhybrid = yes\n"
					      "gpg_key = 0xDEADBEEF\nmirror = http://m1/p\n"
					      "mirror = https://m2:8080/q\n"
					      "formats = qcow2 libvirt img\n"), &optional), 0);
	CHECK_INT(r.formats.nr, 3);
	CHECK_STR(r.formats.v[0], "qcow2");
	CHECK_STR(r.version, "1.0");
	CHECK_INT(r.tiers.nr, 2);
	CHECK(r.private_);
	CHECK_INT(r.piece_length, 262144);
	CHECK(r.hybrid);
	CHECK_STR(r.gpg_key, "0xDEADBEEF");
	CHECK_INT(r.mirrors.nr, 2);
	CHECK_STR(r.mirrors.v[0], "http://m1/p");
	CHECK_STR(r.mirrors.v[1], "https://m2:8080/q");
	relconf_release(&r);
	CHECK_INT(r.mirrors.nr, 0);
	test_stderr_begin();
	CHECK_INT(relconf_load(&r, test_write("bad.conf", "version = a/b\npiece_length = 3K\n"
					      "tracker = gopher://x\nprivate = maybe\n"
					      "hybrid = v2\ngpg_key = --yes\nformats = qcow2 vhd\n"),
				  &optional), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "bad.conf:1: error: version = 'a/b'");
	CHECK_CONTAINS(err.buf, "bad.conf:2: error: piece_length = '3K'");
	CHECK_CONTAINS(err.buf, "bad.conf:3: error: tracker 'gopher://x'");
	CHECK_CONTAINS(err.buf, "bad.conf:4: error: private = 'maybe'");
	CHECK_CONTAINS(err.buf, "bad.conf:5: error: hybrid = 'v2'");
	CHECK_CONTAINS(err.buf, "bad.conf:6: error: gpg_key = '--yes'");
	CHECK_CONTAINS(err.buf, "bad.conf:7: error: formats: 'vhd' is not an optional output; "
		       "known: img, libvirt, qcow2");
	CHECK_CONTAINS(err.buf, "'base_url' is required");
	relconf_release(&r);
	strbuf_release(&err);
}

/* Mirrors: http(s) only, each location once, errors at file:line. */
static void test_mirrors(void)
{
	struct relconf r = RELCONF_INIT;
	struct strbuf err = STRBUF_INIT;
	CHECK_INT(relconf_load(&r, test_write("none.conf", "version = 1\ntitle = T\n"
					      "base_url = http://b/r\n"), NULL), 0);
	CHECK_INT(r.mirrors.nr, 0);
	relconf_release(&r);
	test_stderr_begin();
	CHECK_INT(relconf_load(&r, test_write("m.conf", "version = 1\ntitle = T\n"
					      "base_url = http://b/r\n"
					      "mirror = ftp://m/x\nmirror = http://m/x\n"
					      "mirror = http://m/x\nmirror = http://b/r\n"
					      "mirror = http://m/a b\nmirror =\n"), NULL), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "m.conf:4: error: mirror = 'ftp://m/x': an http:// or https:// URL");
	CHECK_CONTAINS(err.buf, "m.conf:6: error: mirror 'http://m/x' is listed twice");
	CHECK_CONTAINS(err.buf, "m.conf:7: error: mirror 'http://b/r' is base_url itself");
	CHECK_CONTAINS(err.buf, "m.conf:8: error: mirror = 'http://m/a b'");
	CHECK_CONTAINS(err.buf, "m.conf:9: error: 'mirror' has no value");
	relconf_release(&r);
	/* The other order: the base_url line is the one in error. */
	strbuf_reset(&err);
	test_stderr_begin();
	CHECK_INT(relconf_load(&r, test_write("m2.conf", "version = 1\ntitle = T\n"
					      "mirror = http://b/r\nbase_url = http://b/r\n"), NULL), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "m2.conf:4: error: base_url 'http://b/r' is also a mirror");
	relconf_release(&r);
	strbuf_release(&err);
}

/* Without the list (appliance publish run by hand) the names are taken;
 * the make variables, the defaults, blanks and tabs around values. */
static void test_make_vars(void)
{
	struct relconf r = RELCONF_INIT;
	struct strbuf vars = STRBUF_INIT;
	CHECK_INT(relconf_load(&r, test_write("v.conf", "\tversion\t=\t2.0 \n  title = A $5 #1\n"
					      "# a comment\nbase_url = http://b/r\t\n"
					      "formats = vhd\nformats = img\n"), NULL), 0);
	relconf_make_vars(&vars, &r);
	CHECK_CONTAINS(vars.buf, "\nREL_VERSION := 2.0\nREL_TITLE := A $$5 \\#1\n"
		       "REL_BASE_URL := http://b/r\nREL_MIRRORS := \nREL_PRIVATE := no\n"
		       "REL_HYBRID := no\nREL_GPG_KEY := \nREL_FORMATS := vhd img\n"
		       "REL_SOURCES := no\n");
	relconf_release(&r);
	strbuf_release(&vars);
}

int main(void)
{
	TEST(test_good_and_bad);
	TEST(test_mirrors);
	TEST(test_make_vars);
	strvec_clear(&optional);
	return test_done();
}
