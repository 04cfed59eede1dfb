/* "key = value" configuration files with file:line errors. */
#include "conffile.h"
#include "error.h"
#include "strbuf.h"
#include "xalloc.h"

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

int conffile_read(const char *path, conffile_fn fn, void *data)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = strbuf_read_file(&sb, path);
	if (!ret && memchr(sb.buf, '\0', sb.len))
		ret = error("'%s' is not a text file (it contains NUL bytes)", path);
	if (!ret)
		ret = conffile_parse(path, sb.buf, fn, data);
	strbuf_release(&sb);
	return ret;
}
