/* Unit tests for builder/lib/kernel/kernel-source.c, on a fake kernel result. */
#include "test.h"
#include "core/fsutil.h"
#include "kernel/kernel-source.h"
#include "core/xalloc.h"

#include <archive.h>
#include <archive_entry.h>

static void test_archive(void)
{
	struct strbuf info = STRBUF_INIT, out = STRBUF_INIT, list = STRBUF_INIT, d = STRBUF_INIT;
	struct kernel_source_opts o = { .epoch = 1 };
	struct archive *a;
	struct archive_entry *e;

	strbuf_addf(&d, "%s/k", test_tmpdir());
	mkdir_p(d.buf);
	strbuf_reset(&d);
	strbuf_addf(&d, "%s/pv", test_tmpdir());
	mkdir_p(d.buf);
	test_write("pv/pvinit.c", "int main(void){}\n");
	test_write("pv/notes.txt", "not source\n");
	test_write("frag.config", "CONFIG_A=y\n");
	char *prof = xstrdup(test_write("p.profile", "fragments = frag\n"));
	strbuf_addf(&info, "version = 6.1.9\nprofile = p\nsource = %s\nbuild-timestamp = Thu Jan  1 00:00:01 UTC 1970\n",
		    test_write("linux-source-6.1.tar.xz", "xz"));
	test_write("k/kernel.info", info.buf);
	test_write("k/config", "CONFIG_A=y\n");
	test_write("k/policy-report.txt", "ok\n");
	strbuf_reset(&d);
	strbuf_addf(&d, "%s/k", test_tmpdir());
	o.kernel_dir = d.buf;
	o.profile = prof;
	struct strbuf pv = STRBUF_INIT;
	strbuf_addf(&pv, "%s/pv", test_tmpdir());
	o.pvinit_dir = pv.buf;
	strbuf_addf(&out, "%s/src.tar", test_tmpdir());
	o.out = out.buf;
	CHECK_INT(kernel_source_archive(&o), 0);

	a = archive_read_new();
	archive_read_support_format_tar(a);
	CHECK(archive_read_open_filename(a, out.buf, 10240) == ARCHIVE_OK);
	while (archive_read_next_header(a, &e) == ARCHIVE_OK)
		strbuf_addf(&list, "%s;", archive_entry_pathname(e));
	archive_read_free(a);
	CHECK_STR(list.buf, "source/README;source/config;source/policy-report.txt;"
		  "source/kernel-configs/p.profile;source/kernel-configs/frag.config;"
		  "source/pvinit/pvinit.c;source/linux-source-6.1.tar.xz;");
	strbuf_release(&info);
	strbuf_release(&out);
	strbuf_release(&list);
	strbuf_release(&d);
	strbuf_release(&pv);
	free(prof);
}

int main(void)
{
	TEST(test_archive);
	return test_done();
}
