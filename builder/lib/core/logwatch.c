/* Progress of a long step from its tool's log (see logwatch.h). */
#include "core/logwatch.h"
#include "core/array.h"
#include "core/error.h"
#include "core/xalloc.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void logwatch_init(struct logwatch *w, const char *tag, const char *what, const char *log,
		   const struct logwatch_rule *rules, const char *items, unsigned long expect)
{
	struct stat st;
	*w = (struct logwatch){ .tag = tag, .what = what, .items = items, .rules = rules,
				.expect = expect, .log = xstrdup(log), .fd = -1,
				.partial = STRBUF_INIT,
				.tty = isatty(STDERR_FILENO) == 1 };
	/* Only what this run adds: the log may hold earlier runs' lines. */
	if (stat(log, &st) == 0)
		w->start = st.st_size;
	clock_gettime(CLOCK_MONOTONIC, &w->t0);
}

static void show(struct logwatch *w)
{
	struct timespec now;
	long secs;
	if (progress_quiet || !w->phase)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	secs = (long)(now.tv_sec - w->t0.tv_sec);
	fprintf(stderr, "\r  %-7s %s: %s", w->tag, w->what, w->phase);
	if (w->count && w->expect > w->count)
		fprintf(stderr, ", %lu of about %lu %s", w->count, w->expect, w->items);
	else if (w->count)
		fprintf(stderr, ", %lu %s", w->count, w->items);
	fprintf(stderr, ", %ld:%02ld\033[K", secs / 60, secs % 60);
	fflush(stderr);
	w->shown = true;
}

static bool said(struct logwatch *w, const char *phase)
{
	for (unsigned i = 0; i < w->nr_said; i++)
		if (!strcmp(w->said[i], phase))
			return true;
	if (w->nr_said < ARRAY_SIZE(w->said))
		w->said[w->nr_said++] = phase;
	return false;
}

static void take_line(struct logwatch *w, const char *line)
{
	for (const struct logwatch_rule *r = w->rules; r->prefix; r++) {
		if (strncmp(line, r->prefix, strlen(r->prefix)))
			continue;
		if (!w->phase || strcmp(w->phase, r->phase)) {
			w->phase = r->phase;
			w->count = 0;
			/* Not a terminal: one line per phase, nothing in
			 * between, and once even when phases alternate (dpkg
			 * unpacks and configures by turns). */
			if (!w->tty && !progress_quiet && !said(w, r->phase))
				progress(w->tag, "%s: %s", w->what, w->phase);
		}
		if (r->count) {
			w->count++;
			w->total++;
		}
		return;
	}
}

static void read_new(struct logwatch *w)
{
	char buf[65536];
	ssize_t n;
	if (w->fd < 0) {
		w->fd = open(w->log, O_RDONLY | O_CLOEXEC);
		if (w->fd < 0)
			return; /* not there yet */
		if (lseek(w->fd, w->start, SEEK_SET) < 0) {
			close(w->fd);
			w->fd = -1;
			return;
		}
	}
	while ((n = read(w->fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] != '\n') {
				/* A runaway line (a progress bar without
				 * newlines) must not grow without bound. */
				if (w->partial.len < 4096)
					strbuf_addch(&w->partial, buf[i]);
				continue;
			}
			take_line(w, w->partial.buf);
			strbuf_reset(&w->partial);
		}
	}
}

void logwatch_tick(void *watch)
{
	struct logwatch *w = watch;
	read_new(w);
	if (w->tty)
		show(w);
}

unsigned long logwatch_end(struct logwatch *w)
{
	unsigned long count;
	read_new(w);
	if (w->shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	count = w->total;
	if (w->fd >= 0)
		close(w->fd);
	free(w->log);
	strbuf_release(&w->partial);
	w->fd = -1;
	w->log = NULL;
	return count;
}
