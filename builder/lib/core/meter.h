/*
 * A progress line for long checks, on a terminal only: "  VERIFY  what
 * 42% (1.2 of 2.9 GiB)" rewritten in place on stderr, nothing at all when
 * stderr is a file or a pipe (logs stay clean) or progress is quiet.
 */
#ifndef METER_H
#define METER_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

struct meter {
	bool on, shown;
	const char *what;
	uint64_t total;
	struct timespec last;
};

void meter_init(struct meter *m, const char *what, uint64_t total);
/* Show done of total, at most ten times a second. */
void meter_update(struct meter *m, uint64_t done);
/* Erase the line (before printing a result, and at the end). */
void meter_clear(struct meter *m);

#endif
