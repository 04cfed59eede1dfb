/* Reporting: the library reports a failure where it happens and returns -1. */
#ifndef ERROR_H
#define ERROR_H

#include <stdarg.h>

#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))

/* The name messages start with; the front end sets it from argv[0]. */
extern const char *error_progname;

/* Print "PROG: error: MESSAGE" to stderr and return -1. */
int error(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* The same, with ": " and errno's text appended (errno as it was when
 * called): return error_errno("cannot open '%s'", path); */
int error_errno(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* Print "FILE:LINE: error: MESSAGE" (bad input) and return -1. */
int error_at(const char *file, unsigned line, const char *fmt, ...) PRINTF_LIKE(3, 4);
/* Print "PROG: warning: MESSAGE" or "FILE:LINE: warning: MESSAGE". */
void warning(const char *fmt, ...) PRINTF_LIKE(1, 2);
void warning_at(const char *file, unsigned line, const char *fmt, ...) PRINTF_LIKE(3, 4);
void warning_errno(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* A progress line for a long step: "  TAG  MESSAGE" on stderr, unless quiet. */
void progress(const char *tag, const char *fmt, ...) PRINTF_LIKE(2, 3);
extern int progress_quiet;
/* Errors and warnings are formatted but not printed (for fuzzers, which
 * make millions of them). */
extern int error_silent;

/* Out of memory is the one failure the library does not return. */
_Noreturn void die_oom(void);

#endif
