/* NULL-terminated vectors of owned strings, e.g. a command's argv. */
#ifndef STRVEC_H
#define STRVEC_H

#include "core/strbuf.h"

#include <stddef.h>
#include "core/error.h"

struct strvec {
	char **v;   /* never NULL; v[nr] == NULL */
	size_t nr;
	size_t alloc;
};

extern char *strvec_empty[];
#define STRVEC_INIT { .v = strvec_empty, .nr = 0, .alloc = 0 }

void strvec_init(struct strvec *sv);
void strvec_push(struct strvec *sv, const char *s);
/* Push s itself (malloc'ed); the vector frees it. */
void strvec_push_owned(struct strvec *sv, char *s);
void strvec_pushf(struct strvec *sv, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* Push each NULL-terminated argument. */
void strvec_pushl(struct strvec *sv, ...);
/* Split s at runs of blanks and push every word ("ccache gcc" -> 2 words). */
void strvec_split(struct strvec *sv, const char *s);
void strvec_clear(struct strvec *sv);
/* Append sv's strings to out as a list for a message: sep between them,
 * last before the last one ("a, b or c" with ", " and " or "). */
void strvec_join_list(const struct strvec *sv, struct strbuf *out, const char *sep,
		      const char *last);

#endif
