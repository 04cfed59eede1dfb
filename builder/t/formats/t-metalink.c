/* Unit tests for builder/lib/formats/metalink.c (xmllint and aria2c read real ones in t6000). */
#include "test.h"
#include "formats/metalink.h"

static void test_document(void)
{
	unsigned char pieces[40];
	struct digest d = { .size = 20000, .pieces = pieces, .npieces = 2 };
	struct strbuf out = STRBUF_INIT;
	struct strvec urls = STRVEC_INIT;
	memset(pieces, 0xab, sizeof(pieces));
	memset(d.md5, 0x11, 16);
	memset(d.sha256, 0x22, 32);
	strvec_push(&urls, "http://h/r/a%26b.ova");
	metalink_file(&out, "a&b.ova", &d, 16384, &urls, "http://h/r/a%26b.ova.torrent", 0,
		      "gen <1>");
	CHECK_CONTAINS(out.buf, "<metalink xmlns=\"urn:ietf:params:xml:ns:metalink\">");
	CHECK_CONTAINS(out.buf, "<generator>gen &lt;1&gt;</generator>");
	CHECK_CONTAINS(out.buf, "<published>1970-01-01T00:00:00Z</published>");
	CHECK_CONTAINS(out.buf, "<file name=\"a&amp;b.ova\">");
	CHECK_CONTAINS(out.buf, "<size>20000</size>");
	CHECK_CONTAINS(out.buf, "<hash type=\"md5\">11111111111111111111111111111111</hash>");
	CHECK_CONTAINS(out.buf, "<pieces length=\"16384\" type=\"sha-1\">\n      <hash>abab");
	CHECK_CONTAINS(out.buf, "</pieces>\n    <url priority=\"1\">http://h/r/a%26b.ova</url>\n"
		       "    <metaurl mediatype=\"torrent\" priority=\"2\">"
		       "http://h/r/a%26b.ova.torrent</metaurl>\n  </file>\n</metalink>\n");
	strbuf_release(&out);
	strvec_clear(&urls);
}

/* Mirrors: one url each after the primary, priorities 1, 2, 3 in order,
 * the torrent after them (RFC 5854: lower is tried first). */
static void test_mirrors(void)
{
	unsigned char pieces[20] = { 0 };
	struct digest d = { .size = 1, .pieces = pieces, .npieces = 1 };
	struct strbuf out = STRBUF_INIT;
	struct strvec urls = STRVEC_INIT;
	strvec_pushl(&urls, "http://p/1/f", "http://m1/1/f", "https://m2/x&y/1/f", NULL);
	metalink_file(&out, "f", &d, 16384, &urls, "http://p/1/f.torrent", -1, "g");
	CHECK(!strstr(out.buf, "<published>"));
	CHECK_CONTAINS(out.buf, "    </pieces>\n"
		       "    <url priority=\"1\">http://p/1/f</url>\n"
		       "    <url priority=\"2\">http://m1/1/f</url>\n"
		       "    <url priority=\"3\">https://m2/x&amp;y/1/f</url>\n"
		       "    <metaurl mediatype=\"torrent\" priority=\"4\">http://p/1/f.torrent"
		       "</metaurl>\n");
	strbuf_release(&out);
	strvec_clear(&urls);
}

int main(void)
{
	TEST(test_document);
	TEST(test_mirrors);
	return test_done();
}
