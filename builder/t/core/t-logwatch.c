/* Unit tests for builder/lib/core/logwatch.c and run_command's tick. */
#include "test.h"
#include "core/logwatch.h"
#include "core/run.h"

#include <stdio.h>

static const struct logwatch_rule rules[] = {
	{ "I: Retrieving Packages", "reading the package lists", false },
	{ "I: Retrieving ", "downloading", true },
	{ "I: Unpacking ", "unpacking", true },
	{ "Setting up ", "configuring", true },
	{ NULL, NULL, false },
};

static void append(const char *path, const char *text)
{
	FILE *f = fopen(path, "a");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* Not a terminal (stderr is captured): one line per phase, each phase
 * once even when phases alternate; lines written before init are not
 * this run's; a line split over two reads counts once. */
static void test_phases_once_from_the_start_offset(void)
{
	const char *log = test_write("tool.log", "I: Retrieving old 1.0\n");
	struct logwatch w;
	struct strbuf err = STRBUF_INIT;
	test_stderr_begin();
	logwatch_init(&w, "ROOTFS", "app: tool", log, rules, "packages", 0);
	logwatch_tick(&w); /* nothing new yet */
	append(log, "I: Retrieving Packages\nI: Retrieving a 1\nI: Retrieving b 2\nI: Unpa");
	logwatch_tick(&w);
	append(log, "cking a\nSetting up a\nI: Unpacking b\nSetting up b\nnoise\n");
	CHECK_INT(logwatch_end(&w), 6);
	test_stderr_end(&err);
	CHECK_STR(err.buf, "  ROOTFS  app: tool: reading the package lists\n"
		  "  ROOTFS  app: tool: downloading\n"
		  "  ROOTFS  app: tool: unpacking\n"
		  "  ROOTFS  app: tool: configuring\n");
	strbuf_release(&err);
}

static void test_missing_log_is_not_an_error(void)
{
	struct logwatch w;
	struct strbuf err = STRBUF_INIT;
	test_stderr_begin();
	logwatch_init(&w, "KERNEL", "bzImage", "/nonexistent/kernel.log", rules, "objects", 9);
	logwatch_tick(&w);
	CHECK_INT(logwatch_end(&w), 0);
	test_stderr_end(&err);
	CHECK_STR(err.buf, "");
	strbuf_release(&err);
}

struct ticks {
	int n;
	const char *flag;
};

static void count_tick(void *arg)
{
	struct ticks *t = arg;
	FILE *f = fopen(t->flag, "w");
	if (f)
		fclose(f);
	t->n++;
}

/* The program ends only once it has been ticked (it waits for the file the
 * tick makes), so the test holds however busy the machine is; the status
 * is still the program's. */
static void test_run_command_ticks(void)
{
	struct ticks t = { 0, NULL };
	struct strbuf script = STRBUF_INIT;
	const char *argv[] = { "sh", "-c", NULL, NULL };
	struct run_opts ro = RUN_OPTS_INIT;
	t.flag = test_write("ticked", "");
	remove(t.flag);
	strbuf_addf(&script, "until test -e '%s'; do sleep 0.05; done; exit 3", t.flag);
	argv[2] = script.buf;
	ro.tick = count_tick;
	ro.tick_arg = &t;
	CHECK_INT(run_command(argv, &ro), 3);
	CHECK(t.n >= 1);
	strbuf_release(&script);
}

int main(void)
{
	TEST(test_phases_once_from_the_start_offset);
	TEST(test_missing_log_is_not_an_error);
	TEST(test_run_command_ticks);
	return test_done();
}
