/* Unit tests for firstboot/banner.c: appliance-release values and the
 * issue text (agetty's \4 escape, or the addresses; fingerprints; no
 * stray backslash escapes from the title). */
#include "test.h"
#include "banner.h"

static void test_release_value(void)
{
	const char *rel = "# How this appliance was built\nNAME=debian\n"
			  "TITLE=\"Debian \\\"bookworm\\\" \\$appliance\"\nVERSION=1.0\nVERSIONX=2\n";
	struct strbuf v = STRBUF_INIT;

	CHECK_INT(release_value(rel, "NAME", &v), 0);
	CHECK_STR(v.buf, "debian");
	strbuf_reset(&v);
	CHECK_INT(release_value(rel, "TITLE", &v), 0);
	CHECK_STR(v.buf, "Debian \"bookworm\" $appliance");
	strbuf_reset(&v);
	CHECK_INT(release_value(rel, "VERSION", &v), 0);
	CHECK_STR(v.buf, "1.0");
	strbuf_reset(&v);
	CHECK_INT(release_value(rel, "SUITE", &v), -1);
	CHECK_INT(release_value("", "NAME", &v), -1);
	strbuf_release(&v);
}

static void test_text(void)
{
	struct strvec addrs = STRVEC_INIT;
	struct strbuf t = STRBUF_INIT;
	struct banner b = { .title = "Odd \\e[2J title", .version = "1.0", .agetty = true,
			    .addrs = &addrs,
			    .fingerprints = "256 SHA256:abc+/def root@vm (ED25519)\n" };

	banner_text(&b, &t);
	CHECK_CONTAINS(t.buf, "\nOdd e[2J title 1.0\n  IPv4 address: \\4\n");
	CHECK_CONTAINS(t.buf, "  SSH host key fingerprints:\n    256 SHA256:abc+/def root@vm (ED25519)\n");
	CHECK_CONTAINS(t.buf, "OpenSSH refuses root passwords");
	strbuf_reset(&t);
	b.agetty = false;
	b.fingerprints = "";
	CHECK_CONTAINS((banner_text(&b, &t), t.buf), "IPv4 address: none yet");
	CHECK(!strstr(t.buf, "fingerprints"));
	strvec_push(&addrs, "10.0.2.15");
	strvec_push(&addrs, "192.168.1.9");
	strbuf_reset(&t);
	banner_text(&b, &t);
	CHECK_CONTAINS(t.buf, "IPv4 address: 10.0.2.15 192.168.1.9\n");
	strvec_clear(&addrs);
	strbuf_release(&t);
}

int main(void)
{
	TEST(test_release_value);
	TEST(test_text);
	return test_done();
}
