/*
 * A strict bencode parser (BEP 3) for metainfo we did not write. It accepts
 * only canonical bencode: no leading zeros, no "-0", integers that fit in
 * int64, dictionary keys that are strings in strictly ascending byte order,
 * nothing after the top value. Each node keeps its raw byte span, so a
 * torrent's info hash is taken over the exact bytes of "info", never over a
 * re-encoding. It works on a buffer in memory with no global state and
 * reports through a strbuf rather than stderr, so a fuzzer can call it.
 */
#ifndef BDECODE_H
#define BDECODE_H

#include <stddef.h>
#include <stdint.h>
#include "core/strbuf.h"

#define BDECODE_MAX_DEPTH 64

enum btype { BNODE_INT, BNODE_STR, BNODE_LIST, BNODE_DICT };

struct bnode {
	enum btype type;
	size_t off, len;           /* the raw bytes: buf + off, len bytes */
	int64_t num;               /* BNODE_INT */
	const char *str;           /* BNODE_STR: points into buf; not NUL-terminated */
	size_t str_len;
	size_t n;                  /* BNODE_LIST: items; BNODE_DICT: key/value pairs */
	struct bnode **kids;       /* list: n items; dict: key, value, key, value, ... */
};

/* A parsed document. The nodes point into the buffer that was parsed,
 * which must outlive the document. */
struct bdoc {
	const unsigned char *buf;
	struct bnode *root;
	struct bnode *nodes;
	struct bnode **kids;
	size_t nnodes;
};
#define BDOC_INIT { .buf = NULL, .root = NULL, .nodes = NULL, .kids = NULL, .nnodes = 0 }

/* Parse len bytes at buf into doc. On failure: -1, doc left empty (no
 * need to release it), and one line appended to err naming the byte
 * offset and what was wrong there ("offset 12: leading zero in integer"). */
int bdecode(const void *buf, size_t len, struct bdoc *doc, struct strbuf *err);
void bdoc_release(struct bdoc *doc);

/* The value of key in dict (binary search: keys are sorted), or NULL when
 * dict is not a dictionary or has no such key. */
const struct bnode *bdict_get(const struct bnode *dict, const char *key);
const struct bnode *bdict_get_n(const struct bnode *dict, const void *key, size_t keylen);

#endif
