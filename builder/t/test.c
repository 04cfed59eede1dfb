/* The unit test harness (see test.h). */
#include "test.h"
#include "core/fsutil.h"

#include <fcntl.h>
#include <stdarg.h>
#include <unistd.h>

int test_failed_now;
static int tests_run, tests_failed;
static int saved_stderr = -1;
static FILE *capture;
static char tmpdir[256];

void test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	test_failed_now = 1;
	printf("# %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

void test_run(const char *name, void (*fn)(void))
{
	test_failed_now = 0;
	fflush(stdout);
	fn();
	tests_run++;
	if (test_failed_now)
		tests_failed++;
	printf("%sok %d - %s\n", test_failed_now ? "not " : "", tests_run, name);
	fflush(stdout);
}

static void cleanup(void)
{
	if (tmpdir[0])
		remove_tree(tmpdir);
}

int test_done(void)
{
	printf("1..%d\n", tests_run);
	return tests_failed ? 1 : 0;
}

void test_stderr_begin(void)
{
	fflush(stderr);
	capture = tmpfile();
	saved_stderr = dup(2);
	if (!capture || saved_stderr < 0 || dup2(fileno(capture), 2) < 0) {
		perror("test_stderr_begin");
		exit(1);
	}
}

void test_stderr_end(struct strbuf *out)
{
	fflush(stderr);
	dup2(saved_stderr, 2);
	close(saved_stderr);
	rewind(capture);
	strbuf_read_fd(out, fileno(capture));
	fclose(capture);
	capture = NULL;
}

const char *test_tmpdir(void)
{
	if (!tmpdir[0]) {
		const char *t = getenv("TMPDIR");
		snprintf(tmpdir, sizeof(tmpdir), "%s/unit.XXXXXX", t && *t ? t : "/tmp");
		if (!mkdtemp(tmpdir)) {
			perror("mkdtemp");
			exit(1);
		}
		atexit(cleanup);
	}
	return tmpdir;
}

const char *test_write(const char *name, const char *text)
{
	static char path[512];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", test_tmpdir(), name);
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f)) {
		perror(path);
		exit(1);
	}
	return path;
}
