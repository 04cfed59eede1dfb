/* Unit tests for lib/fsutil.c. */
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
	TEST(test_symlink_atomic);
	TEST(test_lock);
	return test_done();
}
