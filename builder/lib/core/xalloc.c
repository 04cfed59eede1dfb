/* Allocation wrappers: the library's only exit is on out-of-memory. */
#include "core/xalloc.h"
#include "core/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die_oom();
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		die_oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die_oom();
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);
	if (!p)
		die_oom();
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);
	if (!p)
		die_oom();
	return p;
}

void *xgrow(void *array, size_t elem_size, size_t want, size_t *alloc)
{
	size_t n;
	if (want <= *alloc)
		return array;
	n = *alloc < 8 ? 8 : *alloc;
	while (n < want) {
		if (n > SIZE_MAX / 2)
			die_oom();
		n *= 2;
	}
	if (n > SIZE_MAX / elem_size)
		die_oom();
	*alloc = n;
	return xrealloc(array, n * elem_size);
}
