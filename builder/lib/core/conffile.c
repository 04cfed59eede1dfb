/* "key = value" configuration files with file:line errors. */
#include "core/conffile.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static int parse_line(const char *file, unsigned lineno, const char *p, const char *end,
		      conffile_fn fn, void *data)
{
	const char *key, *key_end, *val;
	char *k, *v;
	int ret;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p == end || *p == '#')
		return 0;
	key = p;
	while (p < end && (islower((unsigned char)*p) || isdigit((unsigned char)*p) ||
			   *p == '_' || *p == '-'))
		p++;
	key_end = p;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (key_end == key || p == end || *p != '=')
		return error_at(file, lineno, "cannot parse '%.*s': expected 'key = value' "
				"(keys are lower case; '#' starts a comment line)",
				(int)(end - key), key);
	val = p + 1;
	while (val < end && (*val == ' ' || *val == '\t'))
		val++;
	k = xstrndup(key, (size_t)(key_end - key));
	v = xstrndup(val, (size_t)(end - val));
	ret = fn(file, lineno, k, v, data);
	free(k);
	free(v);
	return ret < 0 ? -1 : 0;
}

int conffile_parse(const char *file, const char *text, conffile_fn fn, void *data)
{
	unsigned lineno = 0;
	int ret = 0;

	while (*text) {
		const char *nl = strchr(text, '\n');
		const char *end = nl ? nl : text + strlen(text);
		const char *e = end;
		lineno++;
		while (e > text && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (parse_line(file, lineno, text, e, fn, data) < 0)
			ret = -1;
		text = nl ? nl + 1 : end;
	}
	return ret;
}

/* The length of the valid UTF-8 sequence at p (RFC 3629: no overlongs, no
 * surrogates, nothing past U+10FFFF), or 0. */
static size_t utf8_char(const unsigned char *p, const unsigned char *end)
{
	size_t n = p[0] < 0x80 ? 1 : p[0] >= 0xc2 && p[0] <= 0xdf ? 2 :
		   p[0] >= 0xe0 && p[0] <= 0xef ? 3 : p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : 0;
	if (!n || (size_t)(end - p) < n)
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] > 0x9f) ||
	    (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] > 0x8f))
		return 0;
	return n;
}

int conffile_check_text(const char *file, const char *buf, size_t len)
{
	const unsigned char *p = (const unsigned char *)buf, *end = p + len;
	unsigned line = 1, col = 1;
	while (p < end) {
		size_t n = *p ? utf8_char(p, end) : 0;
		if (!n)
			return error_at(file, line, "%s at column %u (byte 0x%02x): the file must "
					"be UTF-8 text; re-save it as UTF-8", *p ? "not UTF-8" :
					"a NUL byte", col, *p);
		line += *p == '\n';
		col = *p == '\n' ? 1 : col + 1;
		p += n;
	}
	return 0;
}

int conffile_read(const char *path, conffile_fn fn, void *data)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = strbuf_read_file(&sb, path);
	if (!ret)
		ret = conffile_check_text(path, sb.buf, sb.len);
	if (!ret)
		ret = conffile_parse(path, sb.buf, fn, data);
	strbuf_release(&sb);
	return ret;
}
