/* Unit tests for lib/metalink.c (xmllint and aria2c read real ones in t4000). */
#include "test.h"
#include "metalink.h"

static void test_document(void)
{
	unsigned char pieces[40];
	struct digest d = { .size = 20000, .pieces = pieces, .npieces = 2 };
	struct strbuf out = STRBUF_INIT;
	memset(pieces, 0xab, sizeof(pieces));
	memset(d.md5, 0x11, 16);
	memset(d.sha256, 0x22, 32);
	metalink_file(&out, "a&b.ova", &d, 16384, "http://h/r/a%26b.ova",
		      "http://h/r/a%26b.ova.torrent", 0, "gen <1>");
	CHECK_CONTAINS(out.buf, "<metalink xmlns=\"urn:ietf:params:xml:ns:metalink\">");
	CHECK_CONTAINS(out.buf, "<generator>gen &lt;1&gt;</generator>");
	CHECK_CONTAINS(out.buf, "<published>1970-01-01T00:00:00Z</published>");
	CHECK_CONTAINS(out.buf, "<file name=\"a&amp;b.ova\">");
	CHECK_CONTAINS(out.buf, "<size>20000</size>");
	CHECK_CONTAINS(out.buf, "<hash type=\"md5\">11111111111111111111111111111111</hash>");
	CHECK_CONTAINS(out.buf, "<pieces length=\"16384\" type=\"sha-1\">\n      <hash>abab");
	CHECK_CONTAINS(out.buf, "<metaurl mediatype=\"torrent\" priority=\"2\">http://h/r/a%26b.ova.torrent</metaurl>");
	strbuf_release(&out);
}

int main(void)
{
	TEST(test_document);
	return test_done();
}
