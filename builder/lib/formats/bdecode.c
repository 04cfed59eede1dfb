/* The strict bencode parser (see bdecode.h). */
#include "formats/bdecode.h"
#include "core/xalloc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct parser {
	const unsigned char *p;
	size_t len, pos;
	struct bnode *nodes;
	size_t *first_kid;         /* per node: where its children start in kid */
	size_t nnodes, nodes_alloc, first_kid_alloc;
	size_t *pending;           /* children of the open containers, innermost last */
	size_t npending, pending_alloc;
	size_t *kid;               /* closed containers' children, as node indices */
	size_t nkid, kid_alloc;
	struct strbuf *err;
};

static int fail(struct parser *ps, size_t off, const char *fmt, ...) PRINTF_LIKE(3, 4);
static int fail(struct parser *ps, size_t off, const char *fmt, ...)
{
	va_list ap;
	strbuf_addf(ps->err, "offset %zu: ", off);
	va_start(ap, fmt);
	strbuf_vaddf(ps->err, fmt, ap);
	va_end(ap);
	return -1;
}

/* A key for a message: keys are bytes, maybe binary (v2 pieces roots). */
static void quote_bytes(struct strbuf *out, const char *s, size_t n)
{
	size_t shown = n > 40 ? 40 : n;
	strbuf_addch(out, '\'');
	for (size_t i = 0; i < shown; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'')
			strbuf_addch(out, (char)c);
		else
			strbuf_addf(out, "\\x%02x", c);
	}
	strbuf_addstr(out, n > shown ? "'..." : "'");
}

static size_t new_node(struct parser *ps, enum btype type, size_t off)
{
	GROW(ps->nodes, ps->nnodes + 1, ps->nodes_alloc);
	GROW(ps->first_kid, ps->nnodes + 1, ps->first_kid_alloc);
	ps->nodes[ps->nnodes] = (struct bnode){ .type = type, .off = off };
	ps->first_kid[ps->nnodes] = 0;
	return ps->nnodes++;
}

static int parse_int(struct parser *ps, size_t *out)
{
	size_t start = ps->pos, digits;
	bool neg = false;
	uint64_t v = 0, limit;

	ps->pos++; /* 'i' */
	if (ps->pos < ps->len && ps->p[ps->pos] == '-') {
		neg = true;
		ps->pos++;
	}
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	digits = ps->pos;
	while (ps->pos < ps->len && ps->p[ps->pos] >= '0' && ps->p[ps->pos] <= '9') {
		unsigned d = ps->p[ps->pos] - '0';
		if (v > (limit - d) / 10)
			return fail(ps, start, "integer does not fit in 64 bits");
		v = v * 10 + d;
		ps->pos++;
	}
	if (ps->pos >= ps->len)
		return fail(ps, start, "truncated integer (no 'e')");
	if (ps->p[ps->pos] != 'e')
		return fail(ps, ps->pos, "unexpected byte 0x%02x in integer", ps->p[ps->pos]);
	if (ps->pos == digits)
		return fail(ps, start, "integer without digits");
	if (ps->p[digits] == '0' && ps->pos - digits > 1)
		return fail(ps, start, "leading zero in integer");
	if (neg && v == 0)
		return fail(ps, start, "negative zero ('i-0e')");
	ps->pos++; /* 'e' */
	*out = new_node(ps, BNODE_INT, start);
	ps->nodes[*out].num = neg ? (int64_t)(0 - v) : (int64_t)v;
	ps->nodes[*out].len = ps->pos - start;
	return 0;
}

static int parse_str(struct parser *ps, size_t *out)
{
	size_t start = ps->pos, v = 0, left;

	while (ps->pos < ps->len && ps->p[ps->pos] >= '0' && ps->p[ps->pos] <= '9') {
		/* Past the buffer's size it cannot fit: stop before overflowing. */
		v = v * 10 + (size_t)(ps->p[ps->pos] - '0');
		if (v > ps->len)
			return fail(ps, start, "string length runs past the end of the input");
		ps->pos++;
	}
	if (ps->pos >= ps->len)
		return fail(ps, start, "truncated string length (no ':')");
	if (ps->p[ps->pos] != ':')
		return fail(ps, ps->pos, "unexpected byte 0x%02x in string length", ps->p[ps->pos]);
	if (ps->p[start] == '0' && ps->pos - start > 1)
		return fail(ps, start, "leading zero in string length");
	ps->pos++; /* ':' */
	left = ps->len - ps->pos;
	if (v > left)
		return fail(ps, start, "string of %zu bytes runs past the end of the input (%zu left)",
			    v, left);
	*out = new_node(ps, BNODE_STR, start);
	ps->nodes[*out].str = (const char *)ps->p + ps->pos;
	ps->nodes[*out].str_len = v;
	ps->pos += v;
	ps->nodes[*out].len = ps->pos - start;
	return 0;
}

static void push_pending(struct parser *ps, size_t node)
{
	GROW(ps->pending, ps->npending + 1, ps->pending_alloc);
	ps->pending[ps->npending++] = node;
}

static int parse_value(struct parser *ps, int depth, size_t *out);

/* The key just parsed must sort strictly after the previous one. */
static int check_key_order(struct parser *ps, size_t prev, size_t key)
{
	const struct bnode *a = &ps->nodes[prev], *b = &ps->nodes[key];
	size_t n = a->str_len < b->str_len ? a->str_len : b->str_len;
	int c = memcmp(a->str, b->str, n);
	if (c < 0 || (c == 0 && a->str_len < b->str_len))
		return 0;
	fail(ps, b->off, "%s key ", c == 0 && a->str_len == b->str_len ? "duplicate" : "unsorted");
	quote_bytes(ps->err, b->str, b->str_len);
	if (!(c == 0 && a->str_len == b->str_len)) {
		strbuf_addstr(ps->err, " after ");
		quote_bytes(ps->err, a->str, a->str_len);
		strbuf_addstr(ps->err, " (keys must be in ascending byte order)");
	}
	return -1;
}

static int parse_container(struct parser *ps, int depth, size_t *out)
{
	size_t start = ps->pos, base = ps->npending, me, n, prev_key = 0;
	bool dict = ps->p[ps->pos] == 'd';

	if (depth >= BDECODE_MAX_DEPTH)
		return fail(ps, start, "nested deeper than %d levels", BDECODE_MAX_DEPTH);
	me = new_node(ps, dict ? BNODE_DICT : BNODE_LIST, start);
	ps->pos++;
	for (size_t i = 0;; i++) {
		size_t kid;
		if (ps->pos >= ps->len)
			return fail(ps, start, "truncated %s (no 'e')", dict ? "dictionary" : "list");
		if (ps->p[ps->pos] == 'e')
			break;
		if (dict) {
			if (ps->p[ps->pos] < '0' || ps->p[ps->pos] > '9')
				return fail(ps, ps->pos, "dictionary key is not a string");
			if (parse_str(ps, &kid))
				return -1;
			if (i > 0 && check_key_order(ps, prev_key, kid))
				return -1;
			prev_key = kid;
			push_pending(ps, kid);
			if (ps->pos >= ps->len)
				return fail(ps, start, "truncated dictionary (no value after a key)");
			if (ps->p[ps->pos] == 'e')
				return fail(ps, ps->pos, "dictionary key without a value");
		}
		if (parse_value(ps, depth + 1, &kid))
			return -1;
		push_pending(ps, kid);
	}
	ps->pos++; /* 'e' */
	n = ps->npending - base;
	GROW(ps->kid, ps->nkid + n + 1, ps->kid_alloc);
	if (n)
		memcpy(ps->kid + ps->nkid, ps->pending + base, n * sizeof(size_t));
	ps->first_kid[me] = ps->nkid;
	ps->nkid += n;
	ps->npending = base;
	ps->nodes[me].n = dict ? n / 2 : n;
	ps->nodes[me].len = ps->pos - start;
	*out = me;
	return 0;
}

static int parse_value(struct parser *ps, int depth, size_t *out)
{
	unsigned char c;
	if (ps->pos >= ps->len)
		return fail(ps, ps->pos, "truncated input (a value was expected)");
	c = ps->p[ps->pos];
	if (c == 'i')
		return parse_int(ps, out);
	if (c >= '0' && c <= '9')
		return parse_str(ps, out);
	if (c == 'l' || c == 'd')
		return parse_container(ps, depth, out);
	return fail(ps, ps->pos, "unexpected byte 0x%02x (not the start of a value)", c);
}

int bdecode(const void *buf, size_t len, struct bdoc *doc, struct strbuf *err)
{
	struct parser ps = { .p = buf, .len = len, .err = err };
	size_t root;
	int ret = -1;

	*doc = (struct bdoc)BDOC_INIT;
	if (!len) {
		fail(&ps, 0, "empty input");
		goto out;
	}
	if (parse_value(&ps, 0, &root))
		goto out;
	if (ps.pos != len) {
		fail(&ps, ps.pos, "%zu trailing bytes after the top value", len - ps.pos);
		goto out;
	}
	/* The arrays are final now: turn indices into pointers. */
	doc->kids = xmalloc((ps.nkid + 1) * sizeof(*doc->kids));
	for (size_t i = 0; i < ps.nkid; i++)
		doc->kids[i] = &ps.nodes[ps.kid[i]];
	for (size_t i = 0; i < ps.nnodes; i++)
		if (ps.nodes[i].type == BNODE_LIST || ps.nodes[i].type == BNODE_DICT)
			ps.nodes[i].kids = doc->kids + ps.first_kid[i];
	doc->buf = buf;
	doc->nodes = ps.nodes;
	doc->nnodes = ps.nnodes;
	doc->root = &ps.nodes[root];
	ps.nodes = NULL;
	ret = 0;
out:
	free(ps.nodes);
	free(ps.first_kid);
	free(ps.pending);
	free(ps.kid);
	return ret;
}

void bdoc_release(struct bdoc *doc)
{
	free(doc->nodes);
	free(doc->kids);
	*doc = (struct bdoc)BDOC_INIT;
}

const struct bnode *bdict_get_n(const struct bnode *dict, const void *key, size_t keylen)
{
	size_t lo = 0, hi;
	if (!dict || dict->type != BNODE_DICT)
		return NULL;
	hi = dict->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct bnode *k = dict->kids[2 * mid];
		size_t n = k->str_len < keylen ? k->str_len : keylen;
		int c = memcmp(k->str, key, n);
		if (c == 0)
			c = k->str_len < keylen ? -1 : k->str_len > keylen;
		if (c == 0)
			return dict->kids[2 * mid + 1];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct bnode *bdict_get(const struct bnode *dict, const char *key)
{
	return bdict_get_n(dict, key, strlen(key));
}
