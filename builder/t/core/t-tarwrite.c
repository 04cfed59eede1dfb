/* Unit tests for builder/lib/core/tarwrite.c, read back with libarchive. */
#include "test.h"
#include "core/tarwrite.h"

#include <archive_entry.h>
#include <fcntl.h>
#include <string.h>
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

/* ustar by default; GNU form (for members beyond ustar's 8 GiB) when asked,
 * never PAX: the magic at offset 257 says which. */
static void test_formats(void)
{
	for (int gnu = 0; gnu < 2; gnu++) {
		struct strbuf path = STRBUF_INIT, data = STRBUF_INIT;
		struct archive *a;
		int fd;
		strbuf_addf(&path, "%s/f%d.tar", test_tmpdir(), gnu);
		fd = open(path.buf, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		a = tar_open_fd_format(fd, path.buf, gnu);
		CHECK(a != NULL);
		CHECK_INT(tar_add_buffer(a, "m", "x", 1, 1), 0);
		CHECK_INT(archive_write_close(a), ARCHIVE_OK);
		archive_write_free(a);
		close(fd);
		CHECK_INT(strbuf_read_file(&data, path.buf), 0);
		CHECK(data.len > 265);
		CHECK(!memcmp(data.buf + 257, gnu ? "ustar  \0" : "ustar\00000", 8));
		CHECK(!memchr(data.buf + 156, 'x', 1)); /* typeflag '0', not PAX's 'x' */
		strbuf_release(&path);
		strbuf_release(&data);
	}
	CHECK(TAR_USTAR_MAX == 8589934591ull);
}

int main(void)
{
	TEST(test_members);
	TEST(test_formats);
	return test_done();
}
