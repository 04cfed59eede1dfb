/* Unit tests for builder/lib/core/safepath.c: names from downloads stay beneath. */
#include "test.h"
#include "core/safepath.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static void ok(const char *path)
{
	const char *why = "";
	if (path_check(path, strlen(path), &why))
		test_fail(__FILE__, __LINE__, "'%s' refused: %s", path, why);
}

static void refused(const char *path, size_t len, const char *want)
{
	const char *why = "";
	if (!path_check(path, len, &why))
		test_fail(__FILE__, __LINE__, "'%s' accepted", path);
	else
		CHECK_CONTAINS(why, want);
}
#define REFUSED(lit, want) refused(lit, sizeof(lit) - 1, want)

static void test_path_check(void)
{
	char long_name[SAFEPATH_MAX + 1];
	ok("a");
	ok("dir/file.iso");
	ok("./a");                 /* find . | xargs md5sum */
	ok("a//b");
	ok("..a/b..");
	ok("...");
	ok("with space/new\nline");
	REFUSED("", "empty");
	REFUSED("/etc/passwd", "absolute");
	REFUSED("..", "'..' component");
	REFUSED("../x", "'..' component");
	REFUSED("a/../../x", "'..' component");
	REFUSED("a/..", "'..' component");
	REFUSED(".", "the directory itself");
	REFUSED("./", "the directory itself");
	REFUSED("a\0b", "NUL byte");
	memset(long_name, 'a', sizeof(long_name));
	for (size_t i = 100; i < sizeof(long_name); i += 100)
		long_name[i] = '/';
	refused(long_name, sizeof(long_name), "longer than 4095");
	memset(long_name, 'a', 300);
	refused(long_name, 300, "longer than 255");
}

static void test_component_check(void)
{
	const char *why = "";
	CHECK_INT(path_component_check("a b", 3, &why), 0);
	CHECK_INT(path_component_check("", 0, &why), -1);
	CHECK_CONTAINS(why, "empty");
	CHECK_INT(path_component_check(".", 1, &why), -1);
	CHECK_INT(path_component_check("..", 2, &why), -1);
	CHECK_INT(path_component_check("a/b", 3, &why), -1);
	CHECK_CONTAINS(why, "'/'");
	CHECK_INT(path_component_check("a\0", 2, &why), -1);
	CHECK_CONTAINS(why, "NUL");
}

static void test_open_beneath(void)
{
	const char *dir = test_tmpdir();
	char path[512];
	int dfd, fd;

	snprintf(path, sizeof(path), "%s/beneath", dir);
	CHECK_INT(mkdir(path, 0755), 0);
	test_write("beneath/file", "data\n");
	test_write("outside", "secret\n");
	snprintf(path, sizeof(path), "%s/beneath/sub", dir);
	CHECK_INT(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/beneath/up", dir);
	CHECK_INT(symlink("../outside", path), 0);
	snprintf(path, sizeof(path), "%s/beneath/abs", dir);
	CHECK_INT(symlink("/etc/passwd", path), 0);
	snprintf(path, sizeof(path), "%s/beneath/in", dir);
	CHECK_INT(symlink("sub/../file", path), 0);
	snprintf(path, sizeof(path), "%s/beneath/fifo", dir);
	CHECK_INT(mkfifo(path, 0644), 0);
	snprintf(path, sizeof(path), "%s/beneath", dir);
	dfd = open(path, O_PATH | O_DIRECTORY);
	CHECK(dfd >= 0);

	fd = open_beneath(dfd, "file");
	CHECK(fd >= 0);
	close(fd);
	fd = open_beneath(dfd, "in"); /* a symlink that stays inside is fine */
	CHECK(fd >= 0);
	close(fd);
	errno = 0;
	CHECK_INT(open_beneath(dfd, "up"), -1);
	CHECK_INT(errno, EXDEV);
	CHECK_INT(open_beneath(dfd, "abs"), -1);
	CHECK_INT(errno, EXDEV);
	CHECK_INT(open_beneath(dfd, "../outside"), -1);
	CHECK_INT(errno, EXDEV);
	CHECK_INT(open_beneath(dfd, "nothere"), -1);
	CHECK_INT(errno, ENOENT);
	fd = open_beneath(dfd, "fifo"); /* opens at once: no writer to wait for */
	CHECK(fd >= 0);
	close(fd);
	close(dfd);
}

int main(void)
{
	TEST(test_path_check);
	TEST(test_component_check);
	TEST(test_open_beneath);
	return test_done();
}
