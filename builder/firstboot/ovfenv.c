/* A strict reader for the OVF environment document (see ovfenv.h). */
#include "ovfenv.h"
#include "core/array.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

struct parser {
	const char *p, *end, *start;
	struct strbuf *err;
	ovf_property_fn fn;
	void *arg;
};

static unsigned line_of(const struct parser *ps, const char *at)
{
	unsigned n = 1;
	for (const char *q = ps->start; q < at && q < ps->end; q++)
		n += *q == '\n';
	return n;
}

static int fail(struct parser *ps, const char *at, const char *what)
{
	if (!ps->err->len)
		strbuf_addf(ps->err, "line %u: %s", line_of(ps, at), what);
	return -1;
}

static bool name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.' || c == ':' || c >= 0x80;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void skip_space(struct parser *ps)
{
	while (ps->p < ps->end && is_space(*ps->p))
		ps->p++;
}

/* The local part of a qualified name (after the prefix's colon). */
static bool local_is(const char *name, size_t len, const char *want)
{
	const char *colon = memchr(name, ':', len);
	if (colon) {
		len -= (size_t)(colon + 1 - name);
		name = colon + 1;
	}
	return strlen(want) == len && !memcmp(name, want, len);
}

static void add_utf8(struct strbuf *out, unsigned long cp)
{
	if (cp < 0x80) {
		strbuf_addch(out, (char)cp);
	} else if (cp < 0x800) {
		strbuf_addch(out, (char)(0xc0 | cp >> 6));
		strbuf_addch(out, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		strbuf_addch(out, (char)(0xe0 | cp >> 12));
		strbuf_addch(out, (char)(0x80 | ((cp >> 6) & 0x3f)));
		strbuf_addch(out, (char)(0x80 | (cp & 0x3f)));
	} else {
		strbuf_addch(out, (char)(0xf0 | cp >> 18));
		strbuf_addch(out, (char)(0x80 | ((cp >> 12) & 0x3f)));
		strbuf_addch(out, (char)(0x80 | ((cp >> 6) & 0x3f)));
		strbuf_addch(out, (char)(0x80 | (cp & 0x3f)));
	}
}

/* A reference at ps->p ("&...;"), decoded into out (when out is set). */
static int reference(struct parser *ps, struct strbuf *out)
{
	static const struct { const char *name; char c; } named[] = {
		{ "lt", '<' }, { "gt", '>' }, { "amp", '&' }, { "quot", '"' }, { "apos", '\'' },
	};
	const char *at = ps->p, *semi;
	size_t n;

	semi = memchr(at, ';', (size_t)(ps->end - at) < 12 ? (size_t)(ps->end - at) : 12);
	if (!semi)
		return fail(ps, at, "an '&' that starts no entity or character reference");
	n = (size_t)(semi - at - 1);
	if (n > 1 && at[1] == '#') {
		unsigned long cp = 0;
		bool hex = at[2] == 'x';
		const char *d = at + 2 + hex;
		if (d == semi)
			return fail(ps, at, "an empty character reference");
		for (; d < semi; d++) {
			int v = *d >= '0' && *d <= '9' ? *d - '0' :
				hex && *d >= 'a' && *d <= 'f' ? *d - 'a' + 10 :
				hex && *d >= 'A' && *d <= 'F' ? *d - 'A' + 10 : -1;
			if (v < 0)
				return fail(ps, at, "a malformed character reference");
			cp = cp * (hex ? 16 : 10) + (unsigned long)v;
			if (cp > 0x10ffff)
				return fail(ps, at, "a character reference beyond Unicode");
		}
		/* XML's Char production: no NUL, other C0 controls than tab and
		 * line breaks, surrogates or U+FFFE/U+FFFF. */
		if ((cp < 0x20 && cp != 0x9 && cp != 0xa && cp != 0xd) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff)
			return fail(ps, at, "a character reference to a character XML forbids");
		if (out)
			add_utf8(out, cp);
	} else {
		size_t i;
		for (i = 0; i < ARRAY_SIZE(named); i++)
			if (strlen(named[i].name) == n && !memcmp(named[i].name, at + 1, n))
				break;
		if (i == ARRAY_SIZE(named))
			return fail(ps, at, "an entity reference other than the five XML predefines "
				    "(&lt; &gt; &amp; &quot; &apos;)");
		if (out)
			strbuf_addch(out, named[i].c);
	}
	ps->p = semi + 1;
	return 0;
}

/* A quoted attribute value at ps->p, decoded and normalised into out. */
static int attr_value(struct parser *ps, struct strbuf *out)
{
	char q;
	if (ps->p >= ps->end || (*ps->p != '"' && *ps->p != '\''))
		return fail(ps, ps->p, "an attribute value that is not quoted");
	q = *ps->p++;
	while (ps->p < ps->end && *ps->p != q) {
		if (*ps->p == '<')
			return fail(ps, ps->p, "a '<' inside an attribute value");
		if (*ps->p == '&') {
			if (reference(ps, out))
				return -1;
			continue;
		}
		strbuf_addch(out, is_space(*ps->p) ? ' ' : *ps->p);
		ps->p++;
	}
	if (ps->p >= ps->end)
		return fail(ps, ps->p, "an attribute value with no closing quote");
	ps->p++;
	return 0;
}

static const char *read_name(struct parser *ps, size_t *len)
{
	const char *s = ps->p;
	while (ps->p < ps->end && name_char((unsigned char)*ps->p))
		ps->p++;
	*len = (size_t)(ps->p - s);
	return *len ? s : NULL;
}

/* Text between tags: references are checked, the text itself unused. */
static int text(struct parser *ps)
{
	while (ps->p < ps->end && *ps->p != '<') {
		if (*ps->p == '&') {
			if (reference(ps, NULL))
				return -1;
		} else if (*ps->p == '>' && ps->p + 2 <= ps->end && ps->p >= ps->start + 2 &&
			   ps->p[-1] == ']' && ps->p[-2] == ']') {
			return fail(ps, ps->p, "']]>' in text");
		} else {
			ps->p++;
		}
	}
	return 0;
}

/* The XML declaration may only come first (after blanks). The input is
 * not NUL-terminated: no str* function may run over it. */
static bool only_space_before(const struct parser *ps)
{
	for (const char *q = ps->start; q < ps->p; q++)
		if (!is_space(*q))
			return false;
	return true;
}

/* Comments, and the declaration before the root: skipped. */
static int misc(struct parser *ps, bool prolog)
{
	for (;;) {
		skip_space(ps);
		if (ps->end - ps->p >= 4 && !memcmp(ps->p, "<!--", 4)) {
			const char *e = ps->p + 4;
			for (; e + 3 <= ps->end; e++)
				if (!memcmp(e, "-->", 3))
					break;
			if (e + 3 > ps->end)
				return fail(ps, ps->p, "a comment with no end");
			ps->p = e + 3;
		} else if (prolog && only_space_before(ps) && ps->end - ps->p >= 5 &&
			   !memcmp(ps->p, "<?xml", 5)) {
			const char *e = ps->p + 5;
			for (; e + 2 <= ps->end; e++)
				if (!memcmp(e, "?>", 2))
					break;
			if (e + 2 > ps->end)
				return fail(ps, ps->p, "an XML declaration with no end");
			ps->p = e + 2;
		} else if (ps->end - ps->p >= 2 && !memcmp(ps->p, "<!", 2)) {
			return fail(ps, ps->p, "a DOCTYPE, ENTITY or other declaration (refused: an "
				    "OVF environment has none)");
		} else if (ps->end - ps->p >= 2 && !memcmp(ps->p, "<?", 2)) {
			return fail(ps, ps->p, "a processing instruction (refused)");
		} else {
			return 0;
		}
	}
}

/* One element at ps->p ('<'), with everything inside it. */
static int element(struct parser *ps, unsigned depth, bool in_property_section)
{
	struct strbuf key = STRBUF_INIT, value = STRBUF_INIT;
	const char *name, *at = ps->p;
	size_t nlen;
	bool is_property, is_section, has_key = false, has_value = false;
	int ret = -1;

	if (depth >= OVFENV_MAX_DEPTH)
		return fail(ps, at, "elements nested too deep");
	ps->p++;
	if (!(name = read_name(ps, &nlen)))
		return fail(ps, at, "a '<' that starts no element");
	is_property = in_property_section && local_is(name, nlen, "Property");
	is_section = local_is(name, nlen, "PropertySection");
	if (depth == 0 && !local_is(name, nlen, "Environment"))
		return fail(ps, at, "the document element is not an OVF <Environment>");
	for (;;) {
		const char *an;
		size_t alen;
		struct strbuf *into = NULL, discard = STRBUF_INIT;
		bool had_space = ps->p < ps->end && is_space(*ps->p);

		skip_space(ps);
		if (ps->p >= ps->end) {
			fail(ps, at, "an unterminated start tag");
			goto out;
		}
		if (*ps->p == '/' || *ps->p == '>')
			break;
		if (!had_space || !(an = read_name(ps, &alen))) {
			fail(ps, ps->p, "malformed markup in a start tag");
			goto out;
		}
		skip_space(ps);
		if (ps->p >= ps->end || *ps->p != '=') {
			fail(ps, ps->p, "an attribute without '='");
			goto out;
		}
		ps->p++;
		skip_space(ps);
		if (is_property && local_is(an, alen, "key")) {
			if (has_key) {
				fail(ps, an, "a Property with two keys");
				goto out;
			}
			into = &key;
			has_key = true;
		} else if (is_property && local_is(an, alen, "value")) {
			if (has_value) {
				fail(ps, an, "a Property with two values");
				goto out;
			}
			into = &value;
			has_value = true;
		}
		if (attr_value(ps, into ? into : &discard)) {
			strbuf_release(&discard);
			goto out;
		}
		strbuf_release(&discard);
		if (value.len > OVFENV_MAX) {
			fail(ps, an, "an attribute value that is too large");
			goto out;
		}
	}
	if (is_property && has_key)
		ps->fn(key.buf, value.buf, value.len, ps->arg);
	if (*ps->p == '/') {
		ps->p++;
		if (ps->p >= ps->end || *ps->p != '>') {
			fail(ps, ps->p, "a '/' not followed by '>' in a tag");
			goto out;
		}
		ps->p++;
		ret = 0;
		goto out;
	}
	ps->p++;   /* '>' */
	for (;;) {
		if (text(ps) || misc(ps, false) || text(ps))
			goto out;
		if (ps->p >= ps->end) {
			fail(ps, at, "an element with no end tag");
			goto out;
		}
		if (ps->end - ps->p >= 2 && ps->p[1] == '/') {
			const char *en;
			size_t elen;
			ps->p += 2;
			en = read_name(ps, &elen);
			if (!en || elen != nlen || memcmp(en, name, nlen)) {
				fail(ps, ps->p, "an end tag that does not match its start tag");
				goto out;
			}
			skip_space(ps);
			if (ps->p >= ps->end || *ps->p != '>') {
				fail(ps, ps->p, "an unterminated end tag");
				goto out;
			}
			ps->p++;
			ret = 0;
			goto out;
		}
		if (element(ps, depth + 1, is_section))
			goto out;
	}
out:
	explicit_bzero(value.buf, value.len);
	strbuf_release(&key);
	strbuf_release(&value);
	return ret;
}

int ovfenv_parse(const char *xml, size_t len, ovf_property_fn fn, void *arg, struct strbuf *err)
{
	struct parser ps = { xml, xml + len, xml, err, fn, arg };

	if (len > OVFENV_MAX) {
		strbuf_addf(err, "%zu bytes (at most %u are read)", len, OVFENV_MAX);
		return -1;
	}
	if (memchr(xml, '\0', len)) {
		strbuf_addstr(err, "a NUL byte (not XML text)");
		return -1;
	}
	/* A UTF-8 byte order mark may start the document. */
	if (len >= 3 && !memcmp(xml, "\xef\xbb\xbf", 3))
		ps.p = ps.start = xml + 3;
	if (misc(&ps, true))
		return -1;
	if (ps.p >= ps.end || *ps.p != '<')
		return fail(&ps, ps.p, "no document element");
	if (element(&ps, 0, false) || misc(&ps, false))
		return -1;
	if (ps.p != ps.end)
		return fail(&ps, ps.p, "content after the document element");
	return 0;
}

struct offer {
	struct creds *c;
};

static void offer_property(const char *key, const char *value, size_t len, void *arg)
{
	struct offer *o = arg;
	char source[320];
	int id = cred_lookup(key);

	if (id < 0 || !cred_table[id].ovf || !len)
		return;
	snprintf(source, sizeof(source), "OVF environment property %s", key);
	creds_offer(o->c, id, source, value, len);
}

int ovfenv_credentials(const char *xml, size_t len, struct creds *c)
{
	struct strbuf err = STRBUF_INIT;
	struct offer o = { c };

	if (ovfenv_parse(xml, len, offer_property, &o, &err)) {
		fb_report("guestinfo.ovfEnv: not a usable OVF "
			"environment: %s; nothing will be applied\n", err.buf);
		strbuf_release(&err);
		c->invalid++;
		return -1;
	}
	strbuf_release(&err);
	return 0;
}
