/* Unit tests for builder/lib/image/e2times.c: an image made by mke2fs at an offset, its
 * times set, read back through libext2fs. */
#include "test.h"
#include "image/e2times.h"
#include "core/fsutil.h"
#include "core/run.h"

#include <ext2fs/ext2fs.h>

static void test_clamps_every_inode(void)
{
	struct strbuf img = STRBUF_INIT, tree = STRBUF_INIT;
	ext2_filsys fs;
	struct ext2_inode_large in;
	ext2_ino_t ino;

	strbuf_addf(&tree, "%s/tree", test_tmpdir());
	mkdir_p(tree.buf);
	test_write("tree/file", "hello\n");
	strbuf_addf(&img, "%s/img", test_tmpdir());
	const char *argv[] = { "mke2fs", "-q", "-F", "-t", "ext3", "-d", tree.buf, "-E",
			       "offset=1048576", img.buf, "8M", NULL };
	struct run_opts ro = RUN_OPTS_INIT;
	struct strbuf out = STRBUF_INIT;
	ro.capture = &out;
	if (run_command(argv, &ro) != 0) {
		test_fail(__FILE__, __LINE__, "mke2fs failed");
		return;
	}
	CHECK_INT(e2fs_clamp_times(img.buf, 1048576, 1000000000), 0);
	CHECK_INT(ext2fs_open2(img.buf, "offset=1048576", 0, 0, 0, unix_io_manager, &fs), 0);
	CHECK_INT(ext2fs_namei(fs, EXT2_ROOT_INO, EXT2_ROOT_INO, "file", &ino), 0);
	CHECK_INT(ext2fs_read_inode_full(fs, ino, (struct ext2_inode *)&in, sizeof(in)), 0);
	CHECK_INT(in.i_ctime, 1000000000);
	CHECK_INT(in.i_atime, 1000000000);
	CHECK_INT(in.i_mtime, 1000000000); /* the file is newer than the epoch */
	CHECK_INT(in.i_crtime, 1000000000);
	CHECK_INT(in.i_ctime_extra, 0);
	CHECK_INT(fs->super->s_mkfs_time, 1000000000);
	ext2fs_close_free(&fs);
	strbuf_release(&img);
	strbuf_release(&tree);
	strbuf_release(&out);
}

static void test_not_a_filesystem(void)
{
	struct strbuf err = STRBUF_INIT;
	test_stderr_begin();
	CHECK_INT(e2fs_clamp_times(test_write("junk", "not ext"), 0, 0), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "cannot open the filesystem in '");
	strbuf_release(&err);
}

int main(void)
{
	TEST(test_clamps_every_inode);
	TEST(test_not_a_filesystem);
	return test_done();
}
