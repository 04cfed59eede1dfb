/* How an appliance is kept up to date (see upkeep.h). Tested by
 * builder/t/publish/t-upkeep.c and tests/t6060-page.sh. */
#include "publish/upkeep.h"
#include "conf/appconf.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "rootfs/backends/backends.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DISTRO_INFO_DEBIAN "/usr/share/distro-info/debian.csv"

/* debian.csv: "version,codename,series,created,release,eol,eol-lts,eol-elts",
 * the header naming the columns (newer tables add some at the end). The
 * row whose series is suite: its eol and eol-lts, each possibly empty. */
static void debian_row(const char *path, const char *suite, char **eol, char **eol_lts)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	int col_series = -1, col_eol = -1, col_lts = -1, row = 0;

	if (!f)
		return;
	while (getline(&line, &cap, f) > 0) {
		struct strvec cells = STRVEC_INIT;
		char *cur = line, *cell;
		line[strcspn(line, "\r\n")] = '\0';
		while ((cell = strsep(&cur, ",")))
			strvec_push(&cells, cell);
		if (!row++) {
			for (size_t i = 0; i < cells.nr; i++) {
				if (!strcmp(cells.v[i], "series"))
					col_series = (int)i;
				else if (!strcmp(cells.v[i], "eol"))
					col_eol = (int)i;
				else if (!strcmp(cells.v[i], "eol-lts"))
					col_lts = (int)i;
			}
		} else if (col_series >= 0 && (size_t)col_series < cells.nr &&
			   !strcmp(cells.v[col_series], suite)) {
			if (col_eol >= 0 && (size_t)col_eol < cells.nr && *cells.v[col_eol])
				*eol = xstrdup(cells.v[col_eol]);
			if (col_lts >= 0 && (size_t)col_lts < cells.nr && *cells.v[col_lts])
				*eol_lts = xstrdup(cells.v[col_lts]);
			strvec_clear(&cells);
			break;
		}
		strvec_clear(&cells);
	}
	free(line);
	fclose(f);
}

/* Did the day end before the build date? A date is good through its day. */
static int passed(const char *date, long long epoch)
{
	struct tm tm = { 0 };
	const char *end = date ? strptime(date, "%Y-%m-%d", &tm) : NULL;
	if (!end || *end || epoch < 0)
		return -1;
	return (long long)timegm(&tm) + 86400 <= epoch;
}

void upkeep_read(struct upkeep *u, const struct appconf *c, long long epoch,
		 const char *distro_info)
{
	bool debian = c->bootstrap && c->bootstrap->family == BACKEND_DEBIAN;
	const char *how = c->update_sources ? c->update_sources : "distribution";

	u->sources = !strcmp(how, "distribution") || !strcmp(how, "none") ? how : "own";
	u->security_updates = c->security_updates ? c->security_updates : "no";
	if (debian && !strcmp(u->sources, "distribution") && c->suite) {
		strvec_push(&u->suites, c->suite);
		strvec_pushf(&u->suites, "%s-updates", c->suite);
		strvec_pushf(&u->suites, "%s-security", c->suite);
	}
	if (c->end_of_support) {
		u->end = xstrdup(c->end_of_support);
		u->end_from = "appliance.conf";
	} else if (debian && c->suite) {
		char *eol = NULL, *lts = NULL;
		debian_row(distro_info ? distro_info : DISTRO_INFO_DEBIAN, c->suite, &eol, &lts);
		if (lts) {
			u->end = lts;
			u->regular_end = eol;
		} else {
			u->end = eol;
		}
		if (u->end)
			u->end_from = "distro-info-data";
	}
	u->ended = passed(u->end, epoch);
	u->regular_ended = passed(u->regular_end, epoch) == 1;
}

void upkeep_release(struct upkeep *u)
{
	strvec_clear(&u->suites);
	free(u->end);
	free(u->regular_end);
	u->end = u->regular_end = NULL;
}
