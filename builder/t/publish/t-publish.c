/* Unit tests for builder/lib/publish/publish.c (t6000 checks whole releases with real
 * clients). */
#include "test.h"
#include "core/fsutil.h"
#include "publish/publish.h"

static void test_tree_and_refusals(void)
{
	struct relconf c = RELCONF_INIT;
	struct strbuf out = STRBUF_INIT, p = STRBUF_INIT, err = STRBUF_INIT;
	char *files[3];
	struct publish_opts o = { .conf = &c, .epoch = -1, .created_by = "t" };

	c.version = "9";
	c.title = "T <&>";
	c.base_url = "http://h/r";
	strbuf_addf(&out, "%s/rel", test_tmpdir());
	files[0] = (char *)test_write("one", "1");
	files[1] = NULL;
	o.files = files;
	o.out = out.buf;
	progress_quiet = 1;
	CHECK_INT(publish(&o), 0);
	strbuf_addf(&p, "%s/9/index.html", out.buf);
	CHECK(path_exists(p.buf));
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/9/one.torrent", out.buf);
	CHECK(path_exists(p.buf));
	/* Names the release itself uses, and duplicates, are refused. */
	files[0] = (char *)test_write("MD5SUMS", "x");
	test_stderr_begin();
	CHECK_INT(publish(&o), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "'MD5SUMS' is a name the release itself uses");
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/9/one", out.buf);
	CHECK(path_exists(p.buf)); /* the old release stays whole */
	progress_quiet = 0;
	c.version = c.title = c.base_url = NULL;
	relconf_release(&c);
	strbuf_release(&out);
	strbuf_release(&p);
	strbuf_release(&err);
}

static bool has(const struct strbuf *sb, const char *s)
{
	return memmem(sb->buf, sb->len, s, strlen(s)) != NULL;
}

static void read_in(struct strbuf *sb, const char *dir, const char *name)
{
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s/%s", dir, name);
	strbuf_reset(sb);
	CHECK_INT(strbuf_read_file(sb, p.buf), 0);
	strbuf_release(&p);
}

/* Mirrors reach the torrent's url-list, the metalink's URLs, the magnet's
 * ws= and the page, in release.conf's order, with the file name escaped
 * for each; without mirrors the page says nothing of them. */
static void test_mirrors(void)
{
	struct relconf c = RELCONF_INIT;
	struct strbuf out = STRBUF_INIT, dir = STRBUF_INIT, sb = STRBUF_INIT;
	char *files[2] = { NULL, NULL };
	struct publish_opts o = { .conf = &c, .epoch = -1, .created_by = "t" };

	c.version = "2";
	c.title = "T";
	c.base_url = "http://h/r";
	strbuf_addf(&out, "%s/mir", test_tmpdir());
	strbuf_addf(&dir, "%s/2", out.buf);
	files[0] = (char *)test_write("a b", "1");
	o.files = files;
	o.out = out.buf;
	progress_quiet = 1;
	CHECK_INT(publish(&o), 0);
	read_in(&sb, dir.buf, "index.html");
	CHECK(!strstr(sb.buf, "Mirrors"));
	read_in(&sb, dir.buf, "a b.torrent");
	CHECK(has(&sb, "8:url-listl18:http://h/r/2/a%20bee"));

	strvec_push(&c.mirrors, "https://m1/x");
	strvec_push(&c.mirrors, "http://m2:8080/y&z");
	CHECK_INT(publish(&o), 0);
	read_in(&sb, dir.buf, "a b.torrent");
	CHECK(has(&sb, "8:url-listl18:http://h/r/2/a%20b20:https://m1/x/2/a%20b"
		    "26:http://m2:8080/y&z/2/a%20bee"));
	read_in(&sb, dir.buf, "a b.meta4");
	CHECK_CONTAINS(sb.buf, "<url priority=\"1\">http://h/r/2/a%20b</url>\n"
		       "    <url priority=\"2\">https://m1/x/2/a%20b</url>\n"
		       "    <url priority=\"3\">http://m2:8080/y&amp;z/2/a%20b</url>\n"
		       "    <metaurl mediatype=\"torrent\" priority=\"4\">"
		       "http://h/r/2/a%20b.torrent</metaurl>");
	read_in(&sb, dir.buf, "index.html");
	CHECK_CONTAINS(sb.buf, "<p>Mirrors: <a href=\"http://h/r/2/\">http://h/r/2/</a> (primary), "
		       "<a href=\"https://m1/x/2/\">https://m1/x/2/</a>, "
		       "<a href=\"http://m2:8080/y&amp;z/2/\">http://m2:8080/y&amp;z/2/</a>.</p>");
	CHECK_CONTAINS(sb.buf, "&amp;ws=http%3A%2F%2Fh%2Fr%2F2%2Fa%2520b"
		       "&amp;ws=https%3A%2F%2Fm1%2Fx%2F2%2Fa%2520b"
		       "&amp;ws=http%3A%2F%2Fm2%3A8080%2Fy%26z%2F2%2Fa%2520b\">Magnet link</a>");
	progress_quiet = 0;
	c.version = c.title = c.base_url = NULL;
	relconf_release(&c);
	strbuf_release(&out);
	strbuf_release(&dir);
	strbuf_release(&sb);
}

int main(void)
{
	TEST(test_tree_and_refusals);
	TEST(test_mirrors);
	return test_done();
}
