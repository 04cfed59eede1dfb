/* Unit tests for builder/lib/image/licenses.c: the EulaSection's summary. */
#include "test.h"
#include "core/fsutil.h"
#include "image/licenses.h"

#include <stdio.h>
#include <string.h>

static void copyright(const char *package, const char *text)
{
	char path[256];
	snprintf(path, sizeof(path), "tree/usr/share/doc/%s/copyright", package);
	test_write(path, text);
}

static void test_without_tree(void)
{
	struct strbuf s = STRBUF_INIT;
	CHECK_INT(licenses_summary(&s, NULL), 0);
	CHECK_CONTAINS(s.buf, "the Linux kernel (GPL-2.0)");
	CHECK_CONTAINS(s.buf, "/usr/share/doc/*/copyright inside the appliance");
	strbuf_release(&s);
}

static void test_counts_main_licences(void)
{
	struct strbuf s = STRBUF_INIT, tree = STRBUF_INIT, dir = STRBUF_INIT;
	strbuf_addf(&dir, "%s/tree/usr/share/doc", test_tmpdir());
	for (const char *p = "abcde"; *p; p++) {
		struct strbuf d = STRBUF_INIT;
		strbuf_addf(&d, "%s/%c", dir.buf, *p);
		mkdir_p(d.buf);
		strbuf_release(&d);
	}
	/* "Files: *" names the package's own licence; other paragraphs do not */
	copyright("a", "Files: debian/*\nLicense: GPL-2+\n\nFiles: *\nLicense: MIT\n");
	copyright("b", "License: GPL-2+\n");
	copyright("c", "Files: *\nLicense: GPL-2+ \n");
	copyright("d", "Free text, no machine-readable licence.\n");
	/* e has no copyright file: not a package's directory */
	strbuf_addf(&tree, "%s/tree", test_tmpdir());
	CHECK_INT(licenses_summary(&s, tree.buf), 0);
	CHECK_CONTAINS(s.buf, "the Linux kernel (GPL-2.0) and 4 packages of free software");
	CHECK_CONTAINS(s.buf, "the 3 that state their main licence in machine-readable form "
		       "(DEP-5) are under GPL-2+ (2), MIT (1). The full licence texts");
	strbuf_release(&s);
	strbuf_release(&tree);
	strbuf_release(&dir);
}

int main(void)
{
	TEST(test_without_tree);
	TEST(test_counts_main_licences);
	return test_done();
}
