/* Unit tests for lib/core/logwatch.c and run_command's tick. */
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

static void count_tick(void *arg)
{
	(*(int *)arg)++;
}

/* A program that runs 1.5 s gets about one tick a second; the status is
 * still the program's. */
static void test_run_command_ticks(void)
{
	const char *argv[] = { "sh", "-c", "sleep 1.5; exit 3", NULL };
	struct run_opts ro = RUN_OPTS_INIT;
	int ticks = 0;
	ro.tick = count_tick;
	ro.tick_arg = &ticks;
	CHECK_INT(run_command(argv, &ro), 3);
	CHECK(ticks >= 1 && ticks <= 2);
}

int main(void)
{
	TEST(test_phases_once_from_the_start_offset);
	TEST(test_missing_log_is_not_an_error);
	TEST(test_run_command_ticks);
	return test_done();
}
