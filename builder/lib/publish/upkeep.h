/*
 * How a published appliance is kept up to date, for the page and
 * index.json: the package sources it ships (update_sources), how security
 * updates arrive (security_updates), how its kernel is updated, and until
 * when its distribution release gets security updates: appliance.conf's
 * end_of_support, else, for the Debian backends, distro-info-data's table
 * (/usr/share/distro-info/debian.csv: the end of LTS, else the regular end)
 * for the suite. Whether that day has passed is judged at the release's
 * build date, so the same inputs give the same page.
 */
#ifndef UPKEEP_H
#define UPKEEP_H

#include "core/strvec.h"

#include <stdbool.h>

struct appconf;

struct upkeep {
	const char *sources;          /* "distribution", "none" or "own" */
	struct strvec suites;         /* Debian, distribution sources: SUITE, -updates, -security */
	const char *security_updates; /* "unattended" or "no" */
	char *end;                    /* YYYY-MM-DD, or NULL: unknown */
	char *regular_end;            /* Debian: the end before LTS, or NULL */
	const char *end_from;         /* "appliance.conf", "distro-info-data", or NULL */
	int ended;                    /* 1 when end is before the build date, 0 not, -1 unknown */
	bool regular_ended;           /* Debian: regular support ended by the build date */
};
#define UPKEEP_INIT { .suites = STRVEC_INIT, .ended = -1 }

/* Fill u for c at build date epoch (-1: none, ended stays unknown);
 * distro_info is debian.csv's path (NULL: distro-info-data's). A missing
 * or unreadable table, or a suite it does not list, leaves the end
 * unknown (no error: the page then says so). */
void upkeep_read(struct upkeep *u, const struct appconf *c, long long epoch,
		 const char *distro_info);
void upkeep_release(struct upkeep *u);

#endif
