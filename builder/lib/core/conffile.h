/*
 * "key = value" files with '#' comments: appliance.conf, release.conf,
 * kernel profiles and kernel.info. A line is blanks, a key of [a-z0-9_-]+,
 * blanks, '=', then the value to the end of the line with the blanks
 * (spaces, tabs) around it and a CRLF's CR trimmed; a value may be empty.
 * Lines that are blank or start with '#' (after blanks) are comments; a
 * '#' after a value is part of it.
 */
#ifndef CONFFILE_H
#define CONFFILE_H

#include <stddef.h>

/* Called once per setting; return -1 to mark the file bad (the callback
 * prints its own file:line error). Parsing continues so that every bad
 * line is reported in one run. */
typedef int (*conffile_fn)(const char *file, unsigned line, const char *key,
			   const char *value, void *data);

/* Read path and call fn for each setting; -1 if the file is unreadable,
 * a line is malformed, or fn failed for any line. */
int conffile_read(const char *path, conffile_fn fn, void *data);
int conffile_parse(const char *file, const char *text, conffile_fn fn, void *data);

/* 0 when buf is UTF-8 text without NUL bytes; else -1 with an error at
 * file:line naming the column and the byte. */
int conffile_check_text(const char *file, const char *buf, size_t len);

#endif
