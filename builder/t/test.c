/* The unit test harness (see test.h). */
#include "test.h"
#include "core/fsutil.h"
#include "core/paths.h"
#include "core/tools.h"

#include <fcntl.h>
#include <stdarg.h>
#include <unistd.h>

int test_failed_now;
static int tests_run, tests_failed;
static int saved_stderr = -1;
static FILE *capture;
static char tmpdir[256];
static char skip_reason[256];

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

void test_skip(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(skip_reason, sizeof(skip_reason), fmt, ap);
	va_end(ap);
}

int test_have_tool(const char *name)
{
	struct strbuf path = STRBUF_INIT;
	int found = tool_find(name, &path) == 0;
	const char *pkg = tool_package(name);
	strbuf_release(&path);
	if (!found)
		test_skip("'%s' is not installed (Debian package %s)", name, pkg ? pkg : "unknown");
	return found;
}

void test_run(const char *name, void (*fn)(void))
{
	test_failed_now = 0;
	skip_reason[0] = '\0';
	fflush(stdout);
	fn();
	tests_run++;
	if (test_failed_now)
		tests_failed++;
	if (skip_reason[0] && !test_failed_now)
		printf("ok %d # SKIP %s: %s\n", tests_run, name, skip_reason);
	else
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
		struct strbuf p = STRBUF_INIT;
		if (make_temp_dir(&p, NULL, "unit") || p.len >= sizeof(tmpdir)) {
			perror(p.buf);
			exit(1);
		}
		memcpy(tmpdir, p.buf, p.len + 1);
		strbuf_release(&p);
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
