/* Growable strings. buf is never NULL and always NUL-terminated. */
#ifndef STRBUF_H
#define STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include "core/error.h"

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc; /* 0: buf points at a shared empty string, not owned */
};

extern char strbuf_empty[];
#define STRBUF_INIT { .buf = strbuf_empty, .len = 0, .alloc = 0 }

void strbuf_init(struct strbuf *sb);
/* Free the buffer; the strbuf is empty and reusable afterwards. */
void strbuf_release(struct strbuf *sb);
/* Hand the buffer to the caller, who frees it; the strbuf is reset. */
char *strbuf_detach(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_setlen(struct strbuf *sb, size_t len);

void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) PRINTF_LIKE(2, 3);
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);

/* Remove trailing whitespace. */
void strbuf_rtrim(struct strbuf *sb);

/* Append the whole file; -1 with an error naming the file on failure. */
int strbuf_read_file(struct strbuf *sb, const char *path);
/* Append everything readable from fd until EOF; -1 (errno set) on failure. */
int strbuf_read_fd(struct strbuf *sb, int fd);

#endif
