/* Allocation that cannot fail: out of memory aborts (die_oom). */
#ifndef XALLOC_H
#define XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Grow *array (of *alloc elements of elem_size) so it holds at least want. */
void *xgrow(void *array, size_t elem_size, size_t want, size_t *alloc);
#define GROW(array, want, alloc) ((array) = xgrow((array), sizeof(*(array)), (want), &(alloc)))

#endif
