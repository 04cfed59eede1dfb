/* Unit tests for firstboot/ovfenv.c: OVF environment samples (as vSphere
 * writes guestinfo.ovfEnv, other prefixes, entities in values), each
 * compared with what Python's XML parser reads from it, and hostile XML. */
#include "test.h"
#include "ovfenv.h"
#include "core/run.h"
#include "core/array.h"

#define SAMPLES SRCDIR "/tests/fuzz/corpus/ovfenv/"

static void collect(const char *key, const char *value, size_t len, void *arg)
{
	struct strbuf *sb = arg;
	strbuf_addf(sb, "%s=", key);
	strbuf_add(sb, value, len);
	strbuf_addstr(sb, "\n--\n");
}

/* The same list made by Python's xml.etree from the file. */
static void python_properties(const char *file, struct strbuf *out)
{
	static const char script[] =
		"import sys, xml.etree.ElementTree as ET\n"
		"for p in ET.parse(sys.argv[1]).getroot().iter():\n"
		"    if p.tag.split('}')[-1] != 'Property': continue\n"
		"    a = {k.split('}')[-1]: v for k, v in p.attrib.items()}\n"
		"    sys.stdout.write(a['key'] + '=' + a.get('value', '') + '\\n--\\n')\n";
	const char *argv[] = { "python3", "-c", script, file, NULL };
	struct run_opts o = RUN_OPTS_INIT;
	o.capture = out;
	CHECK_INT(run_command(argv, &o), 0);
}

static void parse_file(const char *file, struct strbuf *props, struct strbuf *err, int want)
{
	struct strbuf text = STRBUF_INIT;
	CHECK_INT(strbuf_read_file(&text, file), 0);
	CHECK_INT(ovfenv_parse(text.buf, text.len, collect, props, err), want);
	strbuf_release(&text);
}

static void test_samples(void)
{
	static const char *const files[] = { SAMPLES "vsphere.xml", SAMPLES "prefixes.xml",
					     SAMPLES "minimal.xml" };
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		struct strbuf ours = STRBUF_INIT, py = STRBUF_INIT, err = STRBUF_INIT;
		parse_file(files[i], &ours, &err, 0);
		CHECK_STR(err.buf, "");
		python_properties(files[i], &py);
		CHECK_STR(ours.buf, py.buf);
		strbuf_release(&ours);
		strbuf_release(&py);
		strbuf_release(&err);
	}
}

static void test_credentials(void)
{
	struct strbuf text = STRBUF_INIT, err = STRBUF_INIT;
	struct creds c = CREDS_INIT;

	CHECK_INT(strbuf_read_file(&text, SAMPLES "vsphere.xml"), 0);
	CHECK_INT(ovfenv_credentials(text.buf, text.len, &c), 0);
	CHECK_INT(c.invalid, 0);
	CHECK_INT(creds_count(&c), 3);
	CHECK_STR(c.value[CRED_HOSTNAME], "web1");
	CHECK_STR(c.source[CRED_HOSTNAME], "OVF environment property system.hostname");
	CHECK(!strncmp(c.value[CRED_HASHED_PASSWORD_ROOT], "$6$abcdefgh$", 12));
	creds_release(&c);

	/* Two keys (one line break as &#x0A;), an empty hash is no hash. */
	strbuf_reset(&text);
	CHECK_INT(strbuf_read_file(&text, SAMPLES "prefixes.xml"), 0);
	CHECK_INT(ovfenv_credentials(text.buf, text.len, &c), 0);
	CHECK_INT(creds_count(&c), 2);
	CHECK_STR(c.value[CRED_HOSTNAME], "db-2");
	CHECK(c.value[CRED_HASHED_PASSWORD_ROOT] == NULL);
	CHECK_CONTAINS(c.value[CRED_AUTHORIZED_KEYS_ROOT], "\"quoted & <odd>\" it's\nssh-ed25519 ");
	creds_release(&c);

	/* A plain password is no OVF property; a bad hostname is refused. */
	strbuf_reset(&text);
	strbuf_addstr(&text, "<Environment><PropertySection>"
		      "<Property oe:key=\"passwd.plaintext-password.root\" oe:value=\"12345678\"/>"
		      "<Property oe:key=\"system.hostname\" oe:value=\"bad_name\"/>"
		      "</PropertySection></Environment>");
	test_stderr_begin();
	CHECK_INT(ovfenv_credentials(text.buf, text.len, &c), 0);
	test_stderr_end(&err);
	CHECK_INT(c.invalid, 1);
	CHECK_INT(creds_count(&c), 0);
	CHECK_CONTAINS(err.buf, "OVF environment property system.hostname: system.hostname is not "
		       "an RFC 1123 host name");
	creds_release(&c);
	strbuf_release(&text);
	strbuf_release(&err);
}

static void refused(const char *xml, const char *why)
{
	struct strbuf props = STRBUF_INIT, err = STRBUF_INIT;
	if (ovfenv_parse(xml, strlen(xml), collect, &props, &err) != -1)
		test_fail(__FILE__, __LINE__, "accepted: %s", xml);
	else if (!strstr(err.buf, why))
		test_fail(__FILE__, __LINE__, "'%s' refused with \"%s\", not \"%s\"", xml, err.buf,
			  why);
	strbuf_release(&props);
	strbuf_release(&err);
}

static void test_hostile(void)
{
	struct strbuf props = STRBUF_INIT, err = STRBUF_INIT, big = STRBUF_INIT;

	parse_file(SAMPLES "doctype.xml", &props, &err, -1);
	CHECK_CONTAINS(err.buf, "line 2: a DOCTYPE, ENTITY or other declaration");
	refused("<Environment><!ENTITY x \"y\"></Environment>", "declaration");
	refused("<Environment><PropertySection><Property oe:key=\"a\" oe:value=\"&x;\"/>"
		"</PropertySection></Environment>", "entity reference other than");
	refused("<Environment>", "no end tag");
	refused("<Environment><PropertySection></Environment>", "does not match");
	refused("<Environment><a><b></a></b></Environment>", "does not match");
	refused("<Environment a=\"1>", "no closing quote");
	refused("<Environment a=1></Environment>", "not quoted");
	refused("<Environment a></Environment>", "without '='");
	refused("<Environment a=\"<\"></Environment>", "'<' inside an attribute");
	refused("<Environment></Environment><Environment></Environment>", "content after");
	refused("<Other></Other>", "not an OVF <Environment>");
	refused("", "no document element");
	refused("just text", "no document element");
	refused("<Environment><![CDATA[x]]></Environment>", "declaration");
	refused("<Environment><?pi x?></Environment>", "processing instruction");
	refused("<Environment>&#0;</Environment>", "forbids");
	refused("<Environment>&#x110000;</Environment>", "beyond Unicode");
	refused("<Environment>&#xZZ;</Environment>", "malformed character reference");
	refused("<Environment>& </Environment>", "starts no entity");
	refused("<Environment><!-- never ends </Environment>", "comment with no end");
	refused("<Environment>< a/></Environment>", "starts no element");
	refused("<Environment/ >", "'/' not followed by '>'");
	refused("<Environment x=\"1\"y=\"2\"/>", "malformed markup");
	CHECK_INT(ovfenv_parse("<E\0>", 4, collect, &props, &err), -1);
	/* The input is not NUL-terminated: nothing may read past it (a fuzzer's
	 * find, tests/fuzz/corpus/ovfenv/crash-unterminated-prolog). */
	{
		char *tab = malloc(1);
		tab[0] = '\t';
		CHECK_INT(ovfenv_parse(tab, 1, collect, &props, &err), -1);
		free(tab);
	}

	/* Nested garbage, deeper than allowed. */
	strbuf_addstr(&big, "<Environment>");
	for (int i = 0; i < 100; i++)
		strbuf_addstr(&big, "<a>");
	refused(big.buf, "nested too deep");

	/* Over the size limit. */
	strbuf_reset(&big);
	strbuf_addstr(&big, "<Environment>");
	while (big.len <= OVFENV_MAX)
		strbuf_addstr(&big, "<!-- padding padding padding padding padding padding -->");
	strbuf_addstr(&big, "</Environment>");
	strbuf_reset(&err);
	CHECK_INT(ovfenv_parse(big.buf, big.len, collect, &props, &err), -1);
	CHECK_CONTAINS(err.buf, "at most 262144 are read");

	/* Accepted: comments, a BOM, whitespace in end tags. */
	strbuf_reset(&props);
	strbuf_reset(&err);
	{
		const char *ok = "\xef\xbb\xbf<!-- c --><Environment ><PropertySection >"
				 "<Property key=\"k\" value=\"a&#9;b\nc\"/></PropertySection >"
				 "<!-- d --></Environment >\n";
		CHECK_INT(ovfenv_parse(ok, strlen(ok), collect, &props, &err), 0);
	}
	CHECK_STR(err.buf, "");
	CHECK_STR(props.buf, "k=a\tb c\n--\n");
	strbuf_release(&props);
	strbuf_release(&err);
	strbuf_release(&big);
}

int main(void)
{
	TEST(test_samples);
	TEST(test_credentials);
	TEST(test_hostile);
	return test_done();
}
