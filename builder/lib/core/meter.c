/* The progress line of a long check (see meter.h).
 * Tested by tests/t7000-verify.sh through its callers, but without a
 * terminal, where it prints nothing: the line itself is untested. */
#include "core/meter.h"
#include "core/error.h"

#include <stdio.h>
#include <unistd.h>

void meter_init(struct meter *m, const char *what, uint64_t total)
{
	*m = (struct meter){ .on = !progress_quiet && isatty(STDERR_FILENO), .what = what,
			     .total = total };
}

void meter_update(struct meter *m, uint64_t done)
{
	struct timespec now;
	if (!m->on || !m->total)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (m->shown && (now.tv_sec - m->last.tv_sec) * 1000000000L +
				(now.tv_nsec - m->last.tv_nsec) < 100000000L)
		return;
	m->last = now;
	fprintf(stderr, "\r  VERIFY  %s %3u%% (%.1f of %.1f MiB)\033[K", m->what,
		(unsigned)(done * 100 / m->total), done / 1048576.0, m->total / 1048576.0);
	fflush(stderr);
	m->shown = true;
}

void meter_clear(struct meter *m)
{
	if (!m->shown)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	m->shown = false;
}
