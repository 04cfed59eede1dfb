/*
 * Reading checksum files as `md5sum -c` does (coreutils 9.1): GNU lines
 * "HEX  NAME" and "HEX *NAME", BSD tag lines "SHA256 (NAME) = HEX", a
 * leading backslash that turns on \\, \n and \r in the name, CRLF line
 * ends, either case of hex. The algorithm is the tag's, else the one whose
 * digest has that many hex digits.
 */
#ifndef SUMLINE_H
#define SUMLINE_H

#include <stddef.h>
#include "core/hashalgo.h"
#include "core/strbuf.h"

struct sum_line {
	const struct hash_algo *algo;
	unsigned char digest[HASHALGO_MAX];
	char *name;            /* unescaped and NUL-terminated; the caller frees it */
};

enum { SUM_LINE_OK = 0, SUM_LINE_SKIP = 1, SUM_LINE_BAD = -1 };

/* Parse one line given without its '\n'. SUM_LINE_SKIP for a blank line
 * or a '#' comment; SUM_LINE_BAD with *why (a static string) for anything
 * else that is not a checksum line, out->name then NULL. The name is not
 * checked for safety here (see safepath.h). */
int sum_line_parse(const char *line, size_t len, struct sum_line *out, const char **why);

/* Append name the way md5sum -c (coreutils 9.1) prints it in a result:
 * as it is, unless it holds a newline; then with a leading backslash and
 * \\, \n (and \r) escaped, so every result stays one line. */
void sum_name_quote(struct strbuf *out, const char *name);

#endif
