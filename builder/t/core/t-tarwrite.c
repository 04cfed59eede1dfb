/* Unit tests for lib/tarwrite.c, read back with libarchive. */
#include "test.h"
#include "core/tarwrite.h"

#include <archive_entry.h>
#include <fcntl.h>
#include <unistd.h>

static void test_members(void)
{
	struct strbuf path = STRBUF_INIT, list = STRBUF_INIT, hex = STRBUF_INIT;
	struct sha256_ctx *sha = sha256_new();
	struct archive *a;
	struct archive_entry *e;
	int fd;

	strbuf_addf(&path, "%s/t.tar", test_tmpdir());
	fd = open(path.buf, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	a = tar_open_fd(fd, path.buf);
	CHECK(a != NULL);
	CHECK_INT(tar_add_buffer(a, "dir/one", "1", 1, 1700000000), 0);
	CHECK_INT(tar_add_file(a, "two", test_write("two", "abc"), 1700000000, sha), 0);
	CHECK_INT(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	close(fd);
	sha256_final_hex(sha, &hex);
	CHECK_STR(hex.buf, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

	a = archive_read_new();
	archive_read_support_format_tar(a);
	CHECK(archive_read_open_filename(a, path.buf, 10240) == ARCHIVE_OK);
	while (archive_read_next_header(a, &e) == ARCHIVE_OK)
		strbuf_addf(&list, "%s %o %s %lld;", archive_entry_pathname(e),
			    archive_entry_perm(e), archive_entry_uname(e),
			    (long long)archive_entry_mtime(e));
	archive_read_free(a);
	CHECK_STR(list.buf, "dir/one 644 root 1700000000;two 644 root 1700000000;");
	strbuf_release(&path);
	strbuf_release(&list);
	strbuf_release(&hex);
}

int main(void)
{
	TEST(test_members);
	return test_done();
}
