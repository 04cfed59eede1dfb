/* Running other programs from an argv vector (never through a shell). */
#ifndef RUN_H
#define RUN_H

#include "core/strbuf.h"

struct run_opts {
	const char *dir;          /* chdir here first; NULL: stay */
	char *const *setenv;      /* "NAME=VALUE" entries to set, NULL-terminated */
	char *const *unsetenv;    /* names to remove from the environment */
	int out_fd;               /* >= 0: stdout and stderr go here; -1: inherit */
	int in_fd;                /* >= 0: stdin comes from here; -1: /dev/null */
	struct strbuf *capture;   /* non-NULL: stdout is appended here */
	/* Called about once a second while the program runs, with tick_arg:
	 * a progress display (core/logwatch.h). Not with capture. */
	void (*tick)(void *tick_arg);
	void *tick_arg;
};
#define RUN_OPTS_INIT { .out_fd = -1, .in_fd = -1 }

/*
 * Run argv[0] (searched in PATH) and wait for it. Returns the exit status
 * (0-255); -1 with an error printed when it could not be started (a missing
 * program names its Debian package, see tools.h) or died of a signal.
 */
int run_command(const char *const *argv, const struct run_opts *opts);

/* Print the last lines of a log file to stderr, where a tool's error is. */
void run_show_log_tail(const char *log, int lines);

/* Quote argv for a message, shell style, so a user can paste it. */
void run_format_argv(struct strbuf *out, const char *const *argv);

#endif
