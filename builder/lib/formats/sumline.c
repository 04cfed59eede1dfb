/* Parsing checksum file lines (see sumline.h). */
#include "formats/sumline.h"
#include "core/xalloc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* The hex digest from p to end, which must hold exactly that. */
static int take_digest(const char *p, const char *end, const struct hash_algo *algo,
		       struct sum_line *out, const char **why)
{
	size_t n = (size_t)(end - p);
	if (n != 2 * algo->len) {
		*why = "the checksum has the wrong length for its algorithm";
		return SUM_LINE_BAD;
	}
	if (hex_decode(p, algo->len, out->digest)) {
		*why = "the checksum is not hexadecimal";
		return SUM_LINE_BAD;
	}
	out->algo = algo;
	return SUM_LINE_OK;
}

/* The name from p to end, unescaped when the line started with '\'. */
static int take_name(const char *p, const char *end, bool escaped, struct sum_line *out,
		     const char **why)
{
	char *name, *q;
	if (p == end) {
		*why = "no file name";
		return SUM_LINE_BAD;
	}
	q = name = xmalloc((size_t)(end - p) + 1);
	for (; p < end; p++) {
		if (!escaped || *p != '\\') {
			*q++ = *p;
			continue;
		}
		if (++p == end || (*p != '\\' && *p != 'n' && *p != 'r')) {
			free(name);
			*why = "a backslash in the name is not followed by \\, n or r";
			return SUM_LINE_BAD;
		}
		*q++ = *p == 'n' ? '\n' : *p == 'r' ? '\r' : '\\';
	}
	*q = '\0';
	out->name = name;
	return SUM_LINE_OK;
}

/* "TAG (NAME) = HEX"; the name may hold ')' so the last one ends it, as
 * in coreutils (BSD md5 does not escape names). */
static int parse_tag(const char *p, const char *end, const struct hash_algo *algo,
		     bool escaped, struct sum_line *out, const char **why)
{
	const char *close = end, *hex;
	if (*p == ' ')
		p++;
	p++; /* '(' */
	while (close > p && close[-1] != ')')
		close--;
	if (close == p) {
		*why = "a tag line without ')'";
		return SUM_LINE_BAD;
	}
	hex = close;
	while (hex < end && is_blank(*hex))
		hex++;
	if (hex == end || *hex != '=') {
		*why = "a tag line without '=' after the name";
		return SUM_LINE_BAD;
	}
	for (hex++; hex < end && is_blank(*hex);)
		hex++;
	if (take_digest(hex, end, algo, out, why))
		return SUM_LINE_BAD;
	return take_name(p, close - 1, escaped, out, why);
}

int sum_line_parse(const char *line, size_t len, struct sum_line *out, const char **why)
{
	const char *p = line, *end = line + len, *word;
	const struct hash_algo *algo;
	bool escaped = false;

	out->name = NULL;
	out->algo = NULL;
	if (len && end[-1] == '\r')
		end--;
	if (p == end || *p == '#')
		return SUM_LINE_SKIP;
	if (memchr(p, '\0', (size_t)(end - p))) {
		*why = "it contains a NUL byte";
		return SUM_LINE_BAD;
	}
	while (p < end && is_blank(*p))
		p++;
	if (p < end && *p == '\\') {
		escaped = true;
		p++;
	}
	/* A word of letters and digits then "(" or " (" is a tag. */
	for (word = p; p < end && ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
				   (*p >= '0' && *p <= '9') || *p == '-');)
		p++;
	if (p > word && p < end && (*p == '(' || (*p == ' ' && p + 1 < end && p[1] == '('))) {
		if ((algo = hash_algo_by_tag(word, (size_t)(p - word))))
			return parse_tag(p, end, algo, escaped, out, why);
		/* "HEX (name)" is a reversed BSD line for a name in brackets. */
		for (const char *q = word; q < p; q++) {
			if (!is_hex(*q)) {
				*why = "an unknown algorithm in a tag line";
				return SUM_LINE_BAD;
			}
		}
	}
	/* "HEX  NAME", "HEX *NAME", or BSD's reversed "HEX NAME". */
	for (p = word; p < end && is_hex(*p);)
		p++;
	if (p == word || p == end || !is_blank(*p)) {
		*why = "not a checksum line";
		return SUM_LINE_BAD;
	}
	if ((size_t)(p - word) % 2 || !(algo = hash_algo_by_len((size_t)(p - word) / 2))) {
		*why = "the checksum's length matches no known algorithm";
		return SUM_LINE_BAD;
	}
	take_digest(word, p, algo, out, why);
	p++;
	if (p < end && (*p == ' ' || *p == '*'))
		p++;
	return take_name(p, end, escaped, out, why);
}

void sum_name_quote(struct strbuf *out, const char *name)
{
	if (!strchr(name, '\n')) {
		strbuf_addstr(out, name);
		return;
	}
	strbuf_addch(out, '\\');
	for (; *name; name++) {
		if (*name == '\\')
			strbuf_addstr(out, "\\\\");
		else if (*name == '\n')
			strbuf_addstr(out, "\\n");
		else if (*name == '\r')
			strbuf_addstr(out, "\\r");
		else
			strbuf_addch(out, *name);
	}
}
