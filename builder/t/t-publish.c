/* Unit tests for lib/publish.c (t4000 checks whole releases with real
 * clients). */
#include "test.h"
#include "fsutil.h"
#include "publish.h"

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

int main(void)
{
	TEST(test_tree_and_refusals);
	return test_done();
}
