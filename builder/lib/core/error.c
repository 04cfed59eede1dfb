/* Error, warning and progress messages, all on stderr. */
#include "core/error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *error_progname = "appliance";
int progress_quiet;
int error_silent;

/* errno_text: appended as ": TEXT" when not NULL. */
static void report(const char *file, unsigned line, const char *kind,
		   const char *errno_text, const char *fmt, va_list ap)
{
	if (error_silent) {
		/* Still format it: a bad argument must show under a sanitizer. */
		char buf[256];
		vsnprintf(buf, sizeof(buf), fmt, ap);
		return;
	}
	if (file && line)
		fprintf(stderr, "%s:%u: %s: ", file, line, kind);
	else if (file)
		fprintf(stderr, "%s: %s: ", file, kind);
	else
		fprintf(stderr, "%s: %s: ", error_progname, kind);
	vfprintf(stderr, fmt, ap);
	if (errno_text)
		fprintf(stderr, ": %s", errno_text);
	fputc('\n', stderr);
}

int error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(NULL, 0, "error", NULL, fmt, ap);
	va_end(ap);
	return -1;
}

int error_at(const char *file, unsigned line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(file, line, "error", NULL, fmt, ap);
	va_end(ap);
	return -1;
}

void warning(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(NULL, 0, "warning", NULL, fmt, ap);
	va_end(ap);
}

void warning_at(const char *file, unsigned line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(file, line, "warning", NULL, fmt, ap);
	va_end(ap);
}

int error_errno(const char *fmt, ...)
{
	const char *why = strerror(errno);
	va_list ap;
	va_start(ap, fmt);
	report(NULL, 0, "error", why, fmt, ap);
	va_end(ap);
	return -1;
}

void warning_errno(const char *fmt, ...)
{
	const char *why = strerror(errno);
	va_list ap;
	va_start(ap, fmt);
	report(NULL, 0, "warning", why, fmt, ap);
	va_end(ap);
}

void progress(const char *tag, const char *fmt, ...)
{
	va_list ap;
	if (progress_quiet)
		return;
	fprintf(stderr, "  %-7s ", tag);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void die_oom(void)
{
	fputs("fatal: out of memory\n", stderr);
	abort();
}
