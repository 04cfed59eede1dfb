/*
 * Progress of a long step, read from the log its tool writes: a kernel
 * compile (kbuild's "  CC  file" lines), a bootstrap (debootstrap's
 * "I: Retrieving ...", dnf's "Installing : ..."). The tools say nothing on
 * our terminal for minutes; this says what phase they are in and how many
 * items of it are done.
 *
 * On a terminal one line is rewritten in place every second ("  KERNEL
 * compiling: 312 of about 772 objects, 1:04"); to a file or a pipe (make's
 * log, CI) one line per phase, so logs stay short. Nothing when progress is
 * quiet (progress_quiet).
 *
 * Use: logwatch_init() before the tool starts (the log may not exist yet:
 * it is opened once it does, and read from its size at init on), pass
 * logwatch_tick as run_opts.tick with the watch as tick_arg, then
 * logwatch_end().
 */
#ifndef LOGWATCH_H
#define LOGWATCH_H

#include <stdbool.h>
#include <sys/types.h>
#include <time.h>
#include "core/strbuf.h"

/* A log line that starts with prefix belongs to phase; when count is set
 * it is also one more item (an object compiled, a package unpacked). The
 * first matching rule wins; a table ends with { NULL }. */
struct logwatch_rule {
	const char *prefix;
	const char *phase;
	bool count;
};

struct logwatch {
	const char *tag, *what, *items;
	const struct logwatch_rule *rules;
	unsigned long expect;   /* about how many items in all; 0: unknown */
	char *log;
	int fd;
	off_t start;
	struct strbuf partial;  /* a line not finished yet */
	const char *phase;      /* the current phase; NULL before the first */
	unsigned long count;    /* items counted in the current phase */
	unsigned long total;    /* items counted in all phases */
	const char *said[16];   /* phases already printed (not a terminal) */
	unsigned nr_said;
	bool tty, shown;
	struct timespec t0;
};

/* tag and what as progress() prints them ("KERNEL", "compiling bzImage");
 * items names what count counts ("objects"). The strings and rules must
 * outlive the watch; log is copied. */
void logwatch_init(struct logwatch *w, const char *tag, const char *what, const char *log,
		   const struct logwatch_rule *rules, const char *items, unsigned long expect);
/* Read what the log gained, show progress. A run_opts.tick callback. */
void logwatch_tick(void *watch);
/* A last read; clear the terminal line. Returns the items counted in all. */
unsigned long logwatch_end(struct logwatch *w);

#endif
