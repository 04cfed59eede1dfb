/* Checksum files in coreutils' format (see sums.h). */
#include "formats/sums.h"
#include "core/xalloc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

void sums_add(struct sums *s, const char *name, const char *hex)
{
	/* NUL separates: names may hold tabs, never NUL. */
	struct strbuf e = STRBUF_INIT;
	strbuf_addstr(&e, name);
	strbuf_addch(&e, '\0');
	strbuf_addstr(&e, hex);
	strvec_push_owned(&s->lines, strbuf_detach(&e));
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void sums_write(const struct sums *s, struct strbuf *out)
{
	char **v = xmalloc((s->lines.nr + 1) * sizeof(char *));
	memcpy(v, s->lines.v, s->lines.nr * sizeof(char *));
	qsort(v, s->lines.nr, sizeof(char *), by_name);
	for (size_t i = 0; i < s->lines.nr; i++) {
		const char *name = v[i], *hex = name + strlen(name) + 1;
		bool escape = strpbrk(name, "\\\n\r") != NULL;
		if (escape)
			strbuf_addch(out, '\\');
		strbuf_addf(out, "%s  ", hex);
		for (const char *p = name; *p; p++) {
			if (escape && *p == '\\')
				strbuf_addstr(out, "\\\\");
			else if (escape && *p == '\n')
				strbuf_addstr(out, "\\n");
			else if (escape && *p == '\r')
				strbuf_addstr(out, "\\r");
			else
				strbuf_addch(out, *p);
		}
		strbuf_addch(out, '\n');
	}
	free(v);
}

void sums_release(struct sums *s)
{
	strvec_clear(&s->lines);
}
