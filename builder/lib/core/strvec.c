/* NULL-terminated vectors of owned strings. */
#include "core/strvec.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

char *strvec_empty[1];

void strvec_init(struct strvec *sv)
{
	sv->v = strvec_empty;
	sv->nr = 0;
	sv->alloc = 0;
}

void strvec_push_owned(struct strvec *sv, char *s)
{
	if (!sv->alloc)
		sv->v = NULL;
	GROW(sv->v, sv->nr + 2, sv->alloc);
	sv->v[sv->nr++] = s;
	sv->v[sv->nr] = NULL;
}

void strvec_push(struct strvec *sv, const char *s)
{
	strvec_push_owned(sv, xstrdup(s));
}

void strvec_pushf(struct strvec *sv, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	strvec_push_owned(sv, strbuf_detach(&sb));
}

void strvec_pushl(struct strvec *sv, ...)
{
	va_list ap;
	const char *s;
	va_start(ap, sv);
	while ((s = va_arg(ap, const char *)))
		strvec_push(sv, s);
	va_end(ap);
}

void strvec_split(struct strvec *sv, const char *s)
{
	for (;;) {
		size_t n;
		s += strspn(s, " \t\n");
		if (!*s)
			break;
		n = strcspn(s, " \t\n");
		strvec_push_owned(sv, xstrndup(s, n));
		s += n;
	}
}

void strvec_clear(struct strvec *sv)
{
	for (size_t i = 0; i < sv->nr; i++)
		free(sv->v[i]);
	if (sv->alloc)
		free(sv->v);
	strvec_init(sv);
}

void strvec_join_list(const struct strvec *sv, struct strbuf *out, const char *sep,
		      const char *last)
{
	for (size_t i = 0; i < sv->nr; i++) {
		if (i)
			strbuf_addstr(out, i + 1 == sv->nr ? last : sep);
		strbuf_addstr(out, sv->v[i]);
	}
}
