/* Unit tests for builder/lib/core/run.c. */
#include "test.h"
#include "core/run.h"

#include <fcntl.h>
#include <unistd.h>

static void test_exit_status_and_capture(void)
{
	const char *t[] = { "true", NULL }, *f[] = { "false", NULL };
	const char *echo[] = { "printf", "%s|", "a b", "'q'", NULL };
	struct strbuf out = STRBUF_INIT;
	struct run_opts o = RUN_OPTS_INIT;
	CHECK_INT(run_command(t, NULL), 0);
	CHECK_INT(run_command(f, NULL), 1);
	o.capture = &out;
	CHECK_INT(run_command(echo, &o), 0);
	/* Arguments arrive as they are: no shell splits or expands them. */
	CHECK_STR(out.buf, "a b|'q'|");
	strbuf_release(&out);
}

static void test_dir_env_and_output(void)
{
	const char *argv[] = { "sh", "-c", "pwd; echo \"$PVTEST_SET-${PVTEST_UNSET:-gone}\"; "
			       "echo err >&2; cat", NULL };
	char *set[] = { "PVTEST_SET=yes", NULL }, *unset[] = { "PVTEST_UNSET", NULL };
	struct run_opts o = RUN_OPTS_INIT;
	struct strbuf out = STRBUF_INIT;
	const char *path = test_write("out", "");
	int fd = open(path, O_WRONLY | O_TRUNC);

	setenv("PVTEST_UNSET", "still here", 1);
	o.dir = "/";
	o.setenv = set;
	o.unsetenv = unset;
	o.out_fd = fd;
	CHECK_INT(run_command(argv, &o), 0); /* stdin is /dev/null: cat ends */
	close(fd);
	strbuf_read_file(&out, path);
	CHECK_STR(out.buf, "/\nyes-gone\nerr\n");
	CHECK_STR(getenv("PVTEST_UNSET"), "still here"); /* only the child's changed */
	strbuf_release(&out);
}

static void test_missing_program_names_package(void)
{
	const char *argv[] = { "/nonexistent/bin/xz", NULL };
	const char *nopkg[] = { "pvappliance-no-such-tool", NULL };
	struct strbuf err = STRBUF_INIT;
	test_stderr_begin();
	CHECK_INT(run_command(argv, NULL), -1);
	CHECK_INT(run_command(nopkg, NULL), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "'/nonexistent/bin/xz' not found in PATH; install it with: "
		       "apt-get install xz-utils");
	CHECK_CONTAINS(err.buf, "'pvappliance-no-such-tool' not found in PATH\n");
	strbuf_release(&err);
}

static void test_killed_by_signal(void)
{
	const char *argv[] = { "sh", "-c", "kill -TERM $$", NULL };
	struct strbuf err = STRBUF_INIT;
	test_stderr_begin();
	CHECK_INT(run_command(argv, NULL), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "'sh' was killed by signal 15");
	strbuf_release(&err);
}

static void test_format_argv(void)
{
	const char *argv[] = { "make", "O=/a b", "it's", "CC=ccache gcc", "-j2", "", NULL };
	struct strbuf sb = STRBUF_INIT;
	run_format_argv(&sb, argv);
	CHECK_STR(sb.buf, "make 'O=/a b' 'it'\\''s' 'CC=ccache gcc' -j2 ''");
	strbuf_release(&sb);
}

int main(void)
{
	TEST(test_exit_status_and_capture);
	TEST(test_dir_env_and_output);
	TEST(test_missing_program_names_package);
	TEST(test_killed_by_signal);
	TEST(test_format_argv);
	return test_done();
}
