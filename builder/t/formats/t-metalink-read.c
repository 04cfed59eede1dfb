/* Unit tests for builder/lib/formats/metalink-read.c: RFC 5854 documents as publish writes
 * them and as others do, and XML that must not be read. */
#include "test.h"
#include "formats/metalink-read.h"

static const char good[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<!-- a comment -->\n"
	"<metalink xmlns=\"urn:ietf:params:xml:ns:metalink\">\n"
	"  <generator>x &amp; y</generator>\n"
	"  <file name=\"a &amp; b&#x2e;iso\">\n"
	"    <size> 20000 </size>\n"
	"    <hash type=\"MD5\">0123456789ABCDEF0123456789abcdef</hash>\n"
	"    <hash type=\"sha-3-256\">whatever</hash>\n"
	"    <pieces length=\"16384\" type=\"sha-1\">\n"
	"      <hash>0123456789012345678901234567890123456789</hash>\n"
	"      <hash><![CDATA[aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa]]></hash>\n"
	"    </pieces>\n"
	"    <url priority=\"1\">http://x/a?b=1&amp;c=2</url>\n"
	"  </file>\n"
	"  <m:file xmlns:m=\"urn:ietf:params:xml:ns:metalink\" name='dir/other'>\n"
	"    <m:hash type=\"sha-256\">" "0000000000000000000000000000000000000000000000000000000000000000" "</m:hash>\n"
	"  </m:file>\n"
	"</metalink>\n";

static void test_good(void)
{
	struct metalink m;
	CHECK_INT(metalink_parse(good, sizeof(good) - 1, "x.meta4", &m), 0);
	CHECK_INT(m.nfiles, 2);
	CHECK_STR(m.files[0].name, "a & b.iso");
	CHECK(m.files[0].has_size && m.files[0].size == 20000);
	CHECK_INT(m.files[0].nhashes, 1);
	CHECK_STR(m.files[0].hashes[0].algo->ietf, "md5");
	CHECK(m.files[0].hashes[0].digest[0] == 0x01 && m.files[0].hashes[0].digest[7] == 0xef);
	CHECK_INT(m.files[0].npieces, 2);
	CHECK_INT(m.files[0].piece_length, 16384);
	CHECK(m.files[0].pieces[20] == 0xaa);
	CHECK_STR(m.files[1].name, "dir/other");
	CHECK_STR(m.files[1].hashes[0].algo->ietf, "sha-256");
	metalink_release(&m);
}

static void refused(const char *doc, const char *want)
{
	struct metalink m;
	struct strbuf err = STRBUF_INIT;
	test_stderr_begin();
	CHECK_INT(metalink_parse(doc, strlen(doc), "x.meta4", &m), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, want);
	metalink_release(&m);
	strbuf_release(&err);
}

#define FILE_OF(name, body) "<metalink><file name=\"" name "\">" body "</file></metalink>"
#define MD5 "<hash type=\"md5\">0123456789abcdef0123456789abcdef</hash>"

static void test_refused(void)
{
	refused("<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n"
		"<metalink/>", "x.meta4:2: error: a DOCTYPE or declaration: not accepted");
	refused(FILE_OF("&e;", MD5), "unknown entity 'e'");
	refused(FILE_OF("../x", MD5), "refusing the file name '../x': it has a '..' component");
	refused(FILE_OF("/etc/passwd", MD5), "it is absolute");
	refused(FILE_OF("a&#0;b", MD5), "a character reference to no character");
	refused(FILE_OF("x", ""), "no hash this can check");
	refused(FILE_OF("x", "<hash type=\"md5\">0123</hash>"), "not 32 hex digits");
	refused(FILE_OF("x", "<size>-1</size>" MD5), "<size> is not a number");
	refused(FILE_OF("x", "<size>20000</size><pieces length=\"16384\" type=\"sha-1\">"
			     "<hash>0123456789012345678901234567890123456789</hash></pieces>"),
		"1 piece hashes; 20000 bytes in pieces of 16384 need 2");
	refused(FILE_OF("x", "<pieces length=\"0\" type=\"sha-1\"></pieces>"), "<pieces length>");
	refused("<metalink><file name=\"x\">" MD5 "</metalink>", "</metalink> closes <file>");
	refused("<metalink><file name=\"x\">" MD5, "<file> is not closed");
	refused("<metalink><file name=\"x>" MD5, "without its end");
	refused("<other/>", "the root element is <other>, not <metalink>");
	refused("<metalink/>", "no <file>");
	refused("<metalink/><metalink/>", "content after the root element");
	refused("", "no root element");
	refused("<metalink><file name=\"a\">" MD5 "</file><file name=\"a\">" MD5 "</file></metalink>",
		"'a' is listed twice");
}

static void test_deep(void)
{
	struct strbuf doc = STRBUF_INIT;
	for (int i = 0; i < 100000; i++)
		strbuf_addstr(&doc, "<a>");
	refused(doc.buf, "elements nested deeper than 32");
	strbuf_release(&doc);
}

int main(void)
{
	TEST(test_good);
	TEST(test_refused);
	TEST(test_deep);
	return test_done();
}
