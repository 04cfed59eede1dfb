/* The bencode writer (see bencode.h). */
#include "formats/bencode.h"

#include <string.h>

void benc_init(struct benc *b)
{
	memset(b, 0, sizeof(*b));
	strbuf_init(&b->out);
	for (int i = 0; i < BENC_MAX_DEPTH; i++)
		strbuf_init(&b->last_key[i]);
}

void benc_release(struct benc *b)
{
	strbuf_release(&b->out);
	for (int i = 0; i < BENC_MAX_DEPTH; i++)
		strbuf_release(&b->last_key[i]);
}

void benc_int(struct benc *b, long long v)
{
	strbuf_addf(&b->out, "i%llde", v);
}

void benc_str(struct benc *b, const void *data, size_t len)
{
	strbuf_addf(&b->out, "%zu:", len);
	strbuf_add(&b->out, data, len);
}

void benc_cstr(struct benc *b, const char *s)
{
	benc_str(b, s, strlen(s));
}

static void open_container(struct benc *b, char kind)
{
	if (b->depth == BENC_MAX_DEPTH) {
		b->bad = 1;
		return;
	}
	strbuf_addch(&b->out, kind);
	b->kind[b->depth] = kind;
	strbuf_reset(&b->last_key[b->depth]);
	b->depth++;
}

void benc_list(struct benc *b)
{
	open_container(b, 'l');
}

void benc_dict(struct benc *b)
{
	open_container(b, 'd');
}

void benc_end(struct benc *b)
{
	if (!b->depth) {
		b->bad = 1;
		return;
	}
	b->depth--;
	strbuf_addch(&b->out, 'e');
}

void benc_key(struct benc *b, const char *key)
{
	benc_key_bytes(b, key, strlen(key));
}

void benc_key_bytes(struct benc *b, const void *key, size_t n)
{
	struct strbuf *last;
	if (!b->depth || b->kind[b->depth - 1] != 'd') {
		b->bad = 1;
		return;
	}
	last = &b->last_key[b->depth - 1];
	/* Strictly ascending raw bytes; the first key of a dict is free. */
	if (last->len || b->out.buf[b->out.len - 1] != 'd') {
		size_t m = last->len < n ? last->len : n;
		int c = memcmp(last->buf, key, m);
		if (c > 0 || (c == 0 && last->len >= n))
			b->bad = 1;
	}
	strbuf_reset(last);
	strbuf_add(last, key, n);
	benc_str(b, key, n);
}

int benc_finish(struct benc *b)
{
	if (b->bad || b->depth)
		return error("internal error: bencode keys out of order or containers unclosed");
	return 0;
}
