/* Unit tests for builder/lib/core/fsutil.c. */
#include "test.h"
#include "core/fsutil.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *p(const char *name)
{
	static char buf[4][512];
	static int i;
	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", test_tmpdir(), name);
	return buf[i];
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)))
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

static void test_mkdir_and_remove(void)
{
	CHECK_INT(mkdir_p(p("a/b/c")), 0);
	CHECK_INT(mkdir_p(p("a/b/c")), 0);
	CHECK(is_dir(p("a/b/c")));
	test_write("a/b/c/f", "x");
	CHECK_INT(remove_tree(p("a")), 0);
	CHECK(!path_exists(p("a")));
	CHECK_INT(remove_tree(p("a")), 0);
}

static void test_atomic_write_and_copy(void)
{
	struct strbuf sb = STRBUF_INIT, err = STRBUF_INIT;
	struct stat st;
	mkdir_p(p("w"));
	CHECK_INT(write_file_atomic(p("w/f"), "one", 3, 0600), 0);
	CHECK_INT(write_file_atomic(p("w/f"), "two", 3, 0644), 0);
	CHECK_INT(count_entries(p("w")), 1); /* no temporary left */
	strbuf_read_file(&sb, p("w/f"));
	CHECK_STR(sb.buf, "two");
	CHECK(stat(p("w/f"), &st) == 0 && (st.st_mode & 0777) == 0644);
	CHECK_INT(copy_file(p("w/f"), p("w/g"), 0444), 0);
	strbuf_reset(&sb);
	strbuf_read_file(&sb, p("w/g"));
	CHECK_STR(sb.buf, "two");
	test_stderr_begin();
	CHECK_INT(write_file_atomic("/nonexistent/dir/f", "x", 1, 0644), -1);
	CHECK_INT(copy_file(p("w/nothing"), p("w/h"), 0644), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "cannot create '/nonexistent/dir/f.tmp.");
	CHECK_CONTAINS(err.buf, "cannot open '");
	CHECK(!path_exists(p("w/h")));
	strbuf_release(&sb);
	strbuf_release(&err);
}

static const char *read_back(const char *path)
{
	static struct strbuf sb = STRBUF_INIT;
	strbuf_reset(&sb);
	return strbuf_read_file(&sb, path) < 0 ? "(unreadable)" : sb.buf;
}

static void test_atomic_file_commit(void)
{
	struct atomic_file f = ATOMIC_FILE_INIT;
	struct stat st;
	mkdir_p(p("af"));
	CHECK_INT(atomic_begin(&f, p("af/new"), 0664), 0);
	CHECK(f.fd >= 0);
	CHECK_STR(f.tmp.buf, p("af/new.tmp"));
	CHECK(write(f.fd, "data", 4) == 4);
	CHECK(!path_exists(p("af/new"))); /* nothing looks finished yet */
	CHECK(path_exists(p("af/new.tmp")));
	CHECK_INT(atomic_commit(&f), 0);
	CHECK_INT(f.fd, -1);
	CHECK_STR(f.final.buf, p("af/new")); /* readable until atomic_abort */
	atomic_abort(&f);                    /* only frees after a commit */
	CHECK_STR(read_back(p("af/new")), "data");
	/* The mode asked for, not masked by the umask. */
	CHECK(stat(p("af/new"), &st) == 0 && (st.st_mode & 07777) == 0664);
	CHECK(!path_exists(p("af/new.tmp")));
	CHECK_INT(count_entries(p("af")), 1);
}

static void test_atomic_file_abort(void)
{
	struct atomic_file f = ATOMIC_FILE_INIT;
	atomic_abort(&f); /* on an ATOMIC_FILE_INIT: nothing to do */
	mkdir_p(p("ab"));
	CHECK_INT(atomic_begin(&f, p("ab/f"), 0644), 0);
	CHECK(write(f.fd, "x", 1) == 1);
	atomic_abort(&f);
	CHECK(!path_exists(p("ab/f")));
	CHECK(!path_exists(p("ab/f.tmp")));
	atomic_abort(&f); /* twice is harmless */
	CHECK_INT(count_entries(p("ab")), 0);
}

static void test_atomic_file_failed_commit(void)
{
	struct atomic_file f = ATOMIC_FILE_INIT;
	struct strbuf err = STRBUF_INIT;
	int pipefd[2];
	mkdir_p(p("fc"));

	/* The sync fails (its fd is swapped for a pipe's, which fsync refuses):
	 * no file. */
	CHECK_INT(atomic_begin(&f, p("fc/f"), 0644), 0);
	CHECK(pipe(pipefd) == 0 && dup2(pipefd[1], f.fd) == f.fd);
	close(pipefd[0]);
	close(pipefd[1]);
	test_stderr_begin();
	CHECK_INT(atomic_commit(&f), -1);
	test_stderr_end(&err);
	atomic_abort(&f);
	CHECK_CONTAINS(err.buf, "cannot write '");
	CHECK_CONTAINS(err.buf, "fc/f.tmp': Invalid argument");
	CHECK(!path_exists(p("fc/f")));
	CHECK(!path_exists(p("fc/f.tmp")));

	/* The rename fails (a directory is in the way, even for root): the
	 * directory is untouched, the temporary gone. */
	mkdir_p(p("fc/d/sub"));
	strbuf_reset(&err);
	CHECK_INT(atomic_begin(&f, p("fc/d"), 0644), 0);
	test_stderr_begin();
	CHECK_INT(atomic_commit(&f), -1);
	test_stderr_end(&err);
	atomic_abort(&f);
	CHECK_CONTAINS(err.buf, "cannot rename '");
	CHECK(is_dir(p("fc/d/sub")));
	CHECK(!path_exists(p("fc/d.tmp")));

	/* A failed begin says what it could not create; abort only frees. */
	strbuf_reset(&err);
	test_stderr_begin();
	CHECK_INT(atomic_begin(&f, "/nonexistent/dir/f", 0644), -1);
	test_stderr_end(&err);
	CHECK_INT(f.fd, -1);
	atomic_abort(&f);
	CHECK_CONTAINS(err.buf, "cannot create '/nonexistent/dir/f.tmp': No such file or directory");
	CHECK_INT(count_entries(p("fc")), 1); /* d */
	strbuf_release(&err);
}

static void test_atomic_file_replaces_at_commit(void)
{
	struct atomic_file f = ATOMIC_FILE_INIT;
	mkdir_p(p("rp"));
	test_write("rp/f", "old");
	test_write("rp/target", "keep");

	/* Aborted: the old file stays as it was. */
	CHECK_INT(atomic_begin(&f, p("rp/f"), 0644), 0);
	CHECK(write(f.fd, "new", 3) == 3);
	atomic_abort(&f);
	CHECK_STR(read_back(p("rp/f")), "old");

	/* A stale temporary, here a link to another file, is replaced, never
	 * written through. */
	CHECK(symlink(p("rp/target"), p("rp/f.tmp")) == 0);
	CHECK_INT(atomic_begin(&f, p("rp/f"), 0644), 0);
	CHECK(write(f.fd, "new", 3) == 3);
	CHECK_STR(read_back(p("rp/f")), "old"); /* until the commit */
	CHECK_INT(atomic_commit(&f), 0);
	atomic_abort(&f);
	CHECK_STR(read_back(p("rp/f")), "new");
	CHECK_STR(read_back(p("rp/target")), "keep");
	CHECK_INT(count_entries(p("rp")), 2);
}

static void test_symlink_atomic(void)
{
	char target[512];
	mkdir_p(p("l"));
	CHECK_INT(symlink_atomic("/one", p("l/link")), 0);
	CHECK_INT(symlink_atomic("/two", p("l/link")), 0);
	ssize_t n = readlink(p("l/link"), target, sizeof(target) - 1);
	CHECK_INT(n, 4);
	target[n > 0 ? n : 0] = '\0';
	CHECK_STR(target, "/two");
	CHECK_INT(count_entries(p("l")), 1);
}

static void test_lock(void)
{
	int fd = lock_file(p("lock"), "test");
	CHECK(fd >= 0);
	close(fd);
	fd = lock_file(p("lock"), "test"); /* released by close: no wait */
	CHECK(fd >= 0);
	close(fd);
}

int main(void)
{
	TEST(test_mkdir_and_remove);
	TEST(test_atomic_write_and_copy);
	TEST(test_atomic_file_commit);
	TEST(test_atomic_file_abort);
	TEST(test_atomic_file_failed_commit);
	TEST(test_atomic_file_replaces_at_commit);
	TEST(test_symlink_atomic);
	TEST(test_lock);
	return test_done();
}
