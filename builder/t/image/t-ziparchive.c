/* Unit tests for builder/lib/image/ziparchive.c, read back with libarchive. */
#include "test.h"
#include "core/xalloc.h"
#include "image/ziparchive.h"

#include <archive.h>
#include <archive_entry.h>

static void test_sorted_folder_and_time(void)
{
	struct strbuf out = STRBUF_INIT, names = STRBUF_INIT;
	char *files[3];
	struct archive *a;
	struct archive_entry *e;

	files[0] = xstrdup(test_write("b.vmx", "vmx"));
	files[1] = xstrdup(test_write("a.vmdk", "vmdk"));
	files[2] = NULL;
	strbuf_addf(&out, "%s/x.zip", test_tmpdir());
	CHECK_INT(zip_folder(out.buf, "app-1", files, 1700000000), 0);
	a = archive_read_new();
	archive_read_support_format_zip(a);
	CHECK(archive_read_open_filename(a, out.buf, 10240) == ARCHIVE_OK);
	while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
		strbuf_addf(&names, "%s %lld;", archive_entry_pathname(e),
			    (long long)archive_entry_mtime(e));
	}
	archive_read_free(a);
	CHECK_STR(names.buf, "app-1/a.vmdk 1700000000;app-1/b.vmx 1700000000;");
	free(files[0]);
	free(files[1]);
	strbuf_release(&out);
	strbuf_release(&names);
}

int main(void)
{
	TEST(test_sorted_folder_and_time);
	return test_done();
}
