/* Unit tests for builder/lib/publish/page.c and builder/lib/publish/index-json.c. */
#include "test.h"
#include "publish/release.h"
#include "core/array.h"

static void test_classify(void)
{
	struct appconf deb = { .name = "debian" }, debx = { .name = "debian-extra" };
	const struct appconf *notes[] = { &deb, &debx, NULL };
	struct publish_opts o = { .notes = notes };
	static const struct { const char *name, *app; enum file_role role; } cases[] = {
		{ "debian.ova", "debian", ROLE_DOWNLOAD },
		{ "debian-1.0.zip", "debian", ROLE_DOWNLOAD },
		{ "debian-1.0.packages", "debian", ROLE_PACKAGES },
		{ "debian-1.0.spdx.json", "debian", ROLE_SBOM },
		{ "debian-1.0-sources.tar", "debian", ROLE_SOURCES },
		{ "debian-screen.png", "debian", ROLE_SCREENSHOT },
		/* the longest appliance name wins */
		{ "debian-extra-2.ova", "debian-extra", ROLE_DOWNLOAD },
		/* a name that only starts like one is no appliance's */
		{ "debianish.ova", NULL, ROLE_DOWNLOAD },
		{ "pvappliance-kernel-paravirt-6.1-source.tar", NULL, ROLE_SOURCES },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct artifact a = { .name = cases[i].name };
		artifact_classify(&a, &o);
		CHECK_INT(a.role, cases[i].role);
		if (cases[i].app)
			CHECK_STR(a.app ? a.app->name : NULL, cases[i].app);
		else
			CHECK(!a.app);
	}
}

static void test_index_json(void)
{
	struct relconf c = RELCONF_INIT;
	struct appconf deb = { .name = "debian", .title = "D \"12\"", .version = "1.0",
			       .arch = "i386" };
	const struct appconf *notes[] = { &deb, NULL };
	struct publish_opts o = { .conf = &c, .notes = notes };
	struct artifact a[2] = { { .name = "debian.ova", .magnet = STRBUF_INIT,
				   .md5 = STRBUF_INIT, .sha256 = STRBUF_INIT },
				 { .name = "debian-screen.png", .magnet = STRBUF_INIT,
				   .md5 = STRBUF_INIT, .sha256 = STRBUF_INIT } };
	struct strbuf j = STRBUF_INIT;
	c.version = "2";
	c.title = "T";
	c.base_url = "http://h/r";
	for (int i = 0; i < 2; i++) {
		artifact_classify(&a[i], &o);
		strbuf_addstr(&a[i].md5, "00");
		strbuf_addstr(&a[i].sha256, "11");
		a[i].d.size = 5;
	}
	strbuf_addstr(&a[0].magnet, "magnet:?xt=urn:btih:ab");
	index_json(&j, &o, a, 2, "AAAA BBBB");
	CHECK_CONTAINS(j.buf, "\"title\": \"D \\\"12\\\"\"");
	CHECK_CONTAINS(j.buf, "\"files\": [\"debian.ova\", \"debian-screen.png\"]");
	CHECK_CONTAINS(j.buf, "\"urls\": [\"http://h/r/2/debian.ova\"],\n      \"torrent\": "
		       "\"debian.ova.torrent\"");
	CHECK_CONTAINS(j.buf, "\"role\": \"screenshot\"");
	CHECK_CONTAINS(j.buf, "\"fingerprint\": \"AAAA BBBB\"");
	/* no torrent for an extra */
	CHECK(!strstr(strstr(j.buf, "\"name\": \"debian-screen.png\""), "torrent"));
	for (int i = 0; i < 2; i++) {
		strbuf_release(&a[i].magnet);
		strbuf_release(&a[i].md5);
		strbuf_release(&a[i].sha256);
	}
	strbuf_release(&j);
}

/* The page says what BitTorrent and Metalink are, linking to their specs. */
static void test_explains_downloads(void)
{
	struct relconf c = RELCONF_INIT;
	struct publish_opts o = { .conf = &c };
	struct strbuf h = STRBUF_INIT;
	c.version = "2";
	c.title = "T";
	c.base_url = "http://h/r";
	page_html(&h, &o, NULL, 0, "");
	CHECK_CONTAINS(h.buf, "<a href=\"https://www.bittorrent.org/beps/bep_0003.html\">BitTorrent"
		       "</a> downloads a file in pieces");
	CHECK_CONTAINS(h.buf, "<a href=\"https://www.rfc-editor.org/rfc/rfc5854\">Metalink</a>");
	strbuf_release(&h);
}

int main(void)
{
	TEST(test_classify);
	TEST(test_explains_downloads);
	TEST(test_index_json);
	return test_done();
}
