/* Reading Metalink 4 files with a small XML parser (see metalink-read.h). */
#include "formats/metalink-read.h"
#include "core/array.h"
#include "core/error.h"
#include "core/safepath.h"
#include "core/strbuf.h"
#include "core/strvec.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 32

/* An element: its local name (namespace prefix dropped), attributes,
 * character data and children. */
struct xel {
	char *name;
	const char *at;            /* where it starts: its line, for messages */
	struct strvec attrs;       /* name, value, name, value, ... */
	struct strbuf text;
	struct xel **kids;
	size_t n, alloc;
};

struct xp {
	const char *start, *p, *end;
	const char *what;
};

static unsigned line_at(const struct xp *x, const char *at)
{
	unsigned line = 1;
	for (const char *q = x->start; q < at && q < x->end; q++)
		line += *q == '\n';
	return line;
}

static int xerr(const struct xp *x, const char *at, const char *fmt, ...) PRINTF_LIKE(3, 4);
static int xerr(const struct xp *x, const char *at, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	error_at(x->what, line_at(x, at), "%s", msg.buf);
	strbuf_release(&msg);
	return -1;
}

static void xel_free(struct xel *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->n; i++)
		xel_free(e->kids[i]);
	free(e->kids);
	free(e->name);
	strvec_clear(&e->attrs);
	strbuf_release(&e->text);
	free(e);
}

static bool starts(const struct xp *x, const char *s)
{
	size_t n = strlen(s);
	return (size_t)(x->end - x->p) >= n && !memcmp(x->p, s, n);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_name_char(char c, bool first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
	       (unsigned char)c >= 0x80 ||
	       (!first && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
}

/* Skip past the terminator; -1 when it never comes. */
static int skip_past(struct xp *x, const char *term, const char *what)
{
	const char *at = x->p;
	size_t n = strlen(term);
	for (; x->p + n <= x->end; x->p++) {
		if (!memcmp(x->p, term, n)) {
			x->p += n;
			return 0;
		}
	}
	return xerr(x, at, "%s without its end ('%s')", what, term);
}

static void put_utf8(struct strbuf *out, unsigned long c)
{
	if (c < 0x80) {
		strbuf_addch(out, (char)c);
	} else if (c < 0x800) {
		strbuf_addch(out, (char)(0xc0 | c >> 6));
		strbuf_addch(out, (char)(0x80 | (c & 0x3f)));
	} else if (c < 0x10000) {
		strbuf_addch(out, (char)(0xe0 | c >> 12));
		strbuf_addch(out, (char)(0x80 | (c >> 6 & 0x3f)));
		strbuf_addch(out, (char)(0x80 | (c & 0x3f)));
	} else {
		strbuf_addch(out, (char)(0xf0 | c >> 18));
		strbuf_addch(out, (char)(0x80 | (c >> 12 & 0x3f)));
		strbuf_addch(out, (char)(0x80 | (c >> 6 & 0x3f)));
		strbuf_addch(out, (char)(0x80 | (c & 0x3f)));
	}
}

/* Character data from s to e, entities replaced: XML's five and numeric
 * references only; no DTD can define more. */
static int decode(const struct xp *x, const char *s, const char *e, struct strbuf *out)
{
	static const struct { const char *name; char c; } ents[] = {
		{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' }, { "apos", '\'' },
	};
	while (s < e) {
		const char *semi;
		size_t n;
		if (*s != '&') {
			if (*s == '\0')
				return xerr(x, s, "a NUL byte");
			strbuf_addch(out, *s++);
			continue;
		}
		semi = memchr(s, ';', (size_t)(e - s) < 12 ? (size_t)(e - s) : 12);
		if (!semi)
			return xerr(x, s, "an '&' that starts no entity");
		n = (size_t)(semi - s - 1);
		if (n > 1 && s[1] == '#') {
			bool hex = s[2] == 'x';
			unsigned long c = 0;
			const char *d = s + 2 + hex;
			if (d == semi)
				return xerr(x, s, "an empty character reference");
			for (; d < semi; d++) {
				int v = *d >= '0' && *d <= '9' ? *d - '0'
					: hex && *d >= 'a' && *d <= 'f' ? *d - 'a' + 10
					: hex && *d >= 'A' && *d <= 'F' ? *d - 'A' + 10 : -1;
				if (v < 0)
					return xerr(x, s, "a bad character reference");
				c = c * (hex ? 16 : 10) + (unsigned long)v;
			}
			if (c == 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
				return xerr(x, s, "a character reference to no character");
			put_utf8(out, c);
		} else {
			size_t i;
			for (i = 0; i < ARRAY_SIZE(ents); i++)
				if (strlen(ents[i].name) == n && !memcmp(ents[i].name, s + 1, n))
					break;
			if (i == ARRAY_SIZE(ents))
				return xerr(x, s, "an unknown entity '%.*s' (only XML's own are read)",
					    (int)n, s + 1);
			strbuf_addch(out, ents[i].c);
		}
		s = semi + 1;
	}
	return 0;
}

static int parse_name(struct xp *x, const char **name, size_t *len)
{
	const char *s = x->p;
	if (x->p >= x->end || !is_name_char(*x->p, true))
		return xerr(x, x->p, "a name was expected");
	while (x->p < x->end && is_name_char(*x->p, false))
		x->p++;
	*name = s;
	*len = (size_t)(x->p - s);
	return 0;
}

static char *local_name(const char *s, size_t n)
{
	const char *colon = memchr(s, ':', n);
	while (colon) {
		n -= (size_t)(colon + 1 - s);
		s = colon + 1;
		colon = memchr(s, ':', n);
	}
	return xstrndup(s, n);
}

static void skip_space(struct xp *x)
{
	while (x->p < x->end && is_space(*x->p))
		x->p++;
}

static int parse_element(struct xp *x, int depth, struct xel **out);

/* Comments, processing instructions, CDATA, children, text, up to the end tag. */
static int parse_content(struct xp *x, int depth, struct xel *e, const char *tag, size_t taglen)
{
	for (;;) {
		const char *s = x->p;
		if (x->p >= x->end)
			return xerr(x, x->p, "<%.*s> is not closed", (int)taglen, tag);
		if (starts(x, "</")) {
			const char *name;
			size_t n;
			x->p += 2;
			if (parse_name(x, &name, &n))
				return -1;
			if (n != taglen || memcmp(name, tag, n))
				return xerr(x, s, "</%.*s> closes <%.*s>", (int)n, name, (int)taglen, tag);
			skip_space(x);
			if (x->p >= x->end || *x->p != '>')
				return xerr(x, x->p, "'>' expected");
			x->p++;
			return 0;
		} else if (starts(x, "<!--")) {
			if (skip_past(x, "-->", "a comment"))
				return -1;
		} else if (starts(x, "<![CDATA[")) {
			x->p += 9;
			if (skip_past(x, "]]>", "a CDATA section"))
				return -1;
			strbuf_add(&e->text, s + 9, (size_t)(x->p - 3 - s - 9));
		} else if (starts(x, "<?")) {
			if (skip_past(x, "?>", "a processing instruction"))
				return -1;
		} else if (starts(x, "<!")) {
			return xerr(x, s, "a declaration inside an element");
		} else if (*x->p == '<') {
			struct xel *kid;
			if (parse_element(x, depth + 1, &kid))
				return -1;
			GROW(e->kids, e->n + 1, e->alloc);
			e->kids[e->n++] = kid;
		} else {
			const char *lt = memchr(x->p, '<', (size_t)(x->end - x->p));
			x->p = lt ? lt : x->end;
			if (decode(x, s, x->p, &e->text))
				return -1;
		}
	}
}

static int parse_element(struct xp *x, int depth, struct xel **out)
{
	struct xel *e = xcalloc(1, sizeof(*e));
	const char *tag, *name;
	size_t taglen, n;

	*out = NULL;
	strvec_init(&e->attrs);
	strbuf_init(&e->text);
	e->at = x->p;
	if (depth > MAX_DEPTH) {
		xerr(x, x->p, "elements nested deeper than %d", MAX_DEPTH);
		goto fail;
	}
	x->p++; /* '<' */
	if (parse_name(x, &tag, &taglen))
		goto fail;
	e->name = local_name(tag, taglen);
	for (;;) {
		struct strbuf v = STRBUF_INIT;
		char q;
		const char *vs, *ve;
		bool space = x->p < x->end && is_space(*x->p);
		skip_space(x);
		if (x->p >= x->end) {
			xerr(x, x->p, "<%.*s> is not closed", (int)taglen, tag);
			goto fail;
		}
		if (starts(x, "/>")) {
			x->p += 2;
			*out = e;
			return 0;
		}
		if (*x->p == '>') {
			x->p++;
			break;
		}
		if (!space) {
			xerr(x, x->p, "a space or '>' expected in <%.*s>", (int)taglen, tag);
			goto fail;
		}
		if (parse_name(x, &name, &n))
			goto fail;
		skip_space(x);
		if (x->p >= x->end || *x->p != '=') {
			xerr(x, x->p, "'=' expected after the attribute name");
			goto fail;
		}
		x->p++;
		skip_space(x);
		if (x->p >= x->end || (*x->p != '"' && *x->p != '\'')) {
			xerr(x, x->p, "a quoted attribute value expected");
			goto fail;
		}
		q = *x->p++;
		vs = x->p;
		ve = memchr(vs, q, (size_t)(x->end - vs));
		if (!ve || memchr(vs, '<', (size_t)(ve - vs))) {
			xerr(x, vs, "an attribute value without its end");
			goto fail;
		}
		x->p = ve + 1;
		if (decode(x, vs, ve, &v)) {
			strbuf_release(&v);
			goto fail;
		}
		strvec_push_owned(&e->attrs, local_name(name, n));
		strvec_push_owned(&e->attrs, strbuf_detach(&v));
	}
	if (parse_content(x, depth, e, tag, taglen))
		goto fail;
	*out = e;
	return 0;
fail:
	xel_free(e);
	return -1;
}

static struct xel *parse_document(struct xp *x)
{
	struct xel *root = NULL;
	if (starts(x, "\xef\xbb\xbf"))
		x->p += 3;
	for (;;) {
		skip_space(x);
		if (x->p >= x->end) {
			if (!root)
				xerr(x, x->p, "no root element");
			return root;
		}
		if (starts(x, "<?")) {
			if (skip_past(x, "?>", "a processing instruction"))
				break;
		} else if (starts(x, "<!--")) {
			if (skip_past(x, "-->", "a comment"))
				break;
		} else if (starts(x, "<!")) {
			/* No DTD: nothing to fetch, no entities to expand. */
			xerr(x, x->p, "a DOCTYPE or declaration: not accepted in a metalink");
			break;
		} else if (*x->p == '<' && !root) {
			if (parse_element(x, 0, &root))
				break;
		} else {
			xerr(x, x->p, "content after the root element");
			break;
		}
	}
	xel_free(root);
	return NULL;
}

static const char *attr(const struct xel *e, const char *name)
{
	for (size_t i = 0; i + 1 < e->attrs.nr; i += 2)
		if (!strcmp(e->attrs.v[i], name))
			return e->attrs.v[i + 1];
	return NULL;
}

/* The element's text without surrounding white space. */
static void trimmed(const struct xel *e, const char **s, size_t *n)
{
	const char *a = e->text.buf, *b = e->text.buf + e->text.len;
	while (a < b && is_space(*a))
		a++;
	while (b > a && is_space(b[-1]))
		b--;
	*s = a;
	*n = (size_t)(b - a);
}

static int parse_u64(const struct xel *e, uint64_t max, uint64_t *out)
{
	const char *s;
	size_t n;
	uint64_t v = 0;
	trimmed(e, &s, &n);
	if (!n || n > 19)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_hex(const struct xel *e, const struct hash_algo *a, unsigned char *out)
{
	const char *s;
	size_t n;
	trimmed(e, &s, &n);
	return n == 2 * a->len && !hex_decode(s, a->len, out) ? 0 : -1;
}

static int read_pieces(const struct xp *x, const struct xel *p, struct ml_file *f)
{
	const char *type = attr(p, "type"), *len = attr(p, "length");
	const struct hash_algo *a = type ? hash_algo_by_ietf(type) : NULL;
	char *end;
	unsigned long long pl;
	size_t alloc = 0;

	if (!a)
		return 0; /* a piece hash we do not know: the whole-file ones still count */
	pl = len ? strtoull(len, &end, 10) : 0;
	if (!len || *end || !pl || pl > METALINK_MAX_PIECE_LENGTH)
		return xerr(x, p->at, "<pieces length> is not from 1 byte to %u MiB",
				METALINK_MAX_PIECE_LENGTH >> 20);
	f->piece_length = pl;
	f->piece_algo = a;
	for (size_t i = 0; i < p->n; i++) {
		if (strcmp(p->kids[i]->name, "hash"))
			continue;
		GROW(f->pieces, (f->npieces + 1) * a->len, alloc);
		if (parse_hex(p->kids[i], a, f->pieces + f->npieces * a->len))
			return xerr(x, p->kids[i]->at, "a piece <hash> that is not %zu hex "
					"digits", 2 * a->len);
		f->npieces++;
	}
	return 0;
}

static int read_file(const struct xp *x, const struct xel *fe, struct ml_file *f)
{
	const char *name = attr(fe, "name"), *why;
	size_t alloc = 0;

	if (!name)
		return xerr(x, fe->at, "<file> without a name");
	if (path_check(name, strlen(name), &why)) {
		struct strbuf q = STRBUF_INIT;
		for (const char *c = name; *c && q.len < 200; c++)
			strbuf_addf(&q, (unsigned char)*c < 0x20 ? "\\x%02x" : "%c", (unsigned char)*c);
		xerr(x, fe->at, "refusing the file name '%s': %s", q.buf, why);
		strbuf_release(&q);
		return -1;
	}
	f->name = xstrdup(name);
	for (size_t i = 0; i < fe->n; i++) {
		const struct xel *k = fe->kids[i];
		if (!strcmp(k->name, "size")) {
			if (parse_u64(k, (uint64_t)1 << 62, &f->size))
				return xerr(x, k->at, "<size> is not a number of bytes");
			f->has_size = true;
		} else if (!strcmp(k->name, "hash")) {
			const char *type = attr(k, "type");
			const struct hash_algo *a = type ? hash_algo_by_ietf(type) : NULL;
			if (!a)
				continue; /* an algorithm we do not know; others may do */
			GROW(f->hashes, f->nhashes + 1, alloc);
			f->hashes[f->nhashes].algo = a;
			if (parse_hex(k, a, f->hashes[f->nhashes].digest))
				return xerr(x, k->at, "a %s <hash> that is not %zu hex digits",
						a->ietf, 2 * a->len);
			f->nhashes++;
		} else if (!strcmp(k->name, "pieces") && !f->piece_algo) {
			if (read_pieces(x, k, f))
				return -1;
		}
	}
	if (f->piece_algo && f->has_size &&
	    f->npieces != (f->size + f->piece_length - 1) / f->piece_length)
		return xerr(x, fe->at, "'%s': %zu piece hashes; %llu bytes in pieces of "
				"%llu need %llu", f->name, f->npieces, (unsigned long long)f->size,
				(unsigned long long)f->piece_length,
				(unsigned long long)((f->size + f->piece_length - 1) / f->piece_length));
	if (f->piece_algo && !f->has_size)
		return xerr(x, fe->at, "'%s': <pieces> without a <size>", f->name);
	if (!f->nhashes && !f->piece_algo)
		return xerr(x, fe->at, "'%s': no hash this can check (md5, sha-1, "
				"sha-256, sha-384, sha-512)", f->name);
	return 0;
}

int metalink_parse(const char *buf, size_t len, const char *what, struct metalink *m)
{
	struct xp x = { .start = buf, .p = buf, .end = buf + len, .what = what };
	struct xel *root;
	size_t alloc = 0;
	int ret = -1;

	memset(m, 0, sizeof(*m));
	if (!(root = parse_document(&x)))
		return -1;
	if (strcmp(root->name, "metalink")) {
		xerr(&x, root->at, "the root element is <%s>, not <metalink>", root->name);
		goto out;
	}
	for (size_t i = 0; i < root->n; i++) {
		if (strcmp(root->kids[i]->name, "file"))
			continue;
		GROW(m->files, m->nfiles + 1, alloc);
		memset(&m->files[m->nfiles], 0, sizeof(m->files[0]));
		if (read_file(&x, root->kids[i], &m->files[m->nfiles++]))
			goto out;
		for (size_t j = 0; j + 1 < m->nfiles; j++)
			if (!strcmp(m->files[j].name, m->files[m->nfiles - 1].name)) {
				xerr(&x, root->kids[i]->at, "'%s' is listed twice",
					 m->files[j].name);
				goto out;
			}
	}
	if (!m->nfiles) {
		error("%s: no <file> in the metalink", what);
		goto out;
	}
	ret = 0;
out:
	xel_free(root);
	return ret;
}

void metalink_release(struct metalink *m)
{
	for (size_t i = 0; i < m->nfiles; i++) {
		free(m->files[i].name);
		free(m->files[i].hashes);
		free(m->files[i].pieces);
	}
	free(m->files);
	memset(m, 0, sizeof(*m));
}
