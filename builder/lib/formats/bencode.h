/*
 * A bencode writer (BEP 3) that computes every length itself and checks
 * that dictionary keys come in strictly ascending byte order, so what it
 * writes is canonical: the same torrent hashes the same everywhere.
 */
#ifndef BENCODE_H
#define BENCODE_H

#include <stddef.h>
#include <stdint.h>
#include "core/error.h"
#include "core/strbuf.h"

#define BENC_MAX_DEPTH 32

struct benc {
	struct strbuf out;
	int depth;
	struct strbuf last_key[BENC_MAX_DEPTH]; /* per open dict; "" before the first */
	char kind[BENC_MAX_DEPTH];              /* 'd' or 'l' */
	int bad;                                /* a misuse was seen */
};

void benc_init(struct benc *b);
void benc_release(struct benc *b);

void benc_int(struct benc *b, long long v);
void benc_str(struct benc *b, const void *data, size_t len);
void benc_cstr(struct benc *b, const char *s);
void benc_list(struct benc *b);
void benc_dict(struct benc *b);
void benc_end(struct benc *b);
/* A dictionary key; it must sort after the previous key of this dict. */
void benc_key(struct benc *b, const char *key);
/* The same for a key that is raw bytes (a BEP 52 pieces root). */
void benc_key_bytes(struct benc *b, const void *key, size_t len);

/* 0 when everything opened was closed and every key came in order; -1
 * with an error otherwise (a bug in the caller, not bad input). */
int benc_finish(struct benc *b);

#endif
