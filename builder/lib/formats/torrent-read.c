/* Reading and checking BitTorrent metainfo (see torrent-read.h). */
#include "formats/torrent-read.h"
#include "formats/bdecode.h"
#include "formats/btmerkle.h"
#include "core/error.h"
#include "core/safepath.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

/* Lengths past 2^62 are nonsense and would overflow the sums below. */
#define MAX_LENGTH ((uint64_t)1 << 62)

struct reader {
	const char *what;
	struct torrent_info *t;
	size_t alloc;
	const struct bnode *layers;   /* top-level "piece layers" */
};

static int bad(const struct reader *r, const char *fmt, ...) PRINTF_LIKE(2, 3);
static int bad(const struct reader *r, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	error("%s: %s", r->what, msg.buf);
	strbuf_release(&msg);
	return -1;
}

/* A path component for messages: bytes as they are when printable. */
static void quote(struct strbuf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n && i < 200; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f && c != '\\')
			strbuf_addch(out, (char)c);
		else
			strbuf_addf(out, "\\x%02x", c);
	}
}

/* Append one checked path component to path. */
static int add_component(const struct reader *r, struct strbuf *path, const struct bnode *c)
{
	const char *why;
	if (!c || c->type != BNODE_STR)
		return bad(r, "a path component is not a string");
	if (path_component_check(c->str, c->str_len, &why)) {
		struct strbuf q = STRBUF_INIT;
		quote(&q, path->buf, path->len);
		if (path->len)
			strbuf_addch(&q, '/');
		quote(&q, c->str, c->str_len);
		bad(r, "refusing the file name '%s': %s", q.buf, why);
		strbuf_release(&q);
		return -1;
	}
	if (path->len)
		strbuf_addch(path, '/');
	strbuf_add(path, c->str, c->str_len);
	return 0;
}

static int get_length(const struct reader *r, const struct bnode *dict, const char *path,
		      uint64_t *out)
{
	const struct bnode *n = bdict_get(dict, "length");
	if (!n || n->type != BNODE_INT || n->num < 0 || (uint64_t)n->num > MAX_LENGTH)
		return bad(r, "'%s': no valid 'length'", path);
	*out = (uint64_t)n->num;
	return 0;
}

static struct tfile *new_file(struct reader *r)
{
	struct torrent_info *t = r->t;
	GROW(t->files, t->nfiles + 1, r->alloc);
	memset(&t->files[t->nfiles], 0, sizeof(t->files[0]));
	return &t->files[t->nfiles++];
}

/* v1: "length" (one file) or "files" (a directory). */
static int read_v1_files(struct reader *r, const struct bnode *info)
{
	struct torrent_info *t = r->t;
	const struct bnode *files = bdict_get(info, "files");
	struct strbuf path = STRBUF_INIT;
	int ret = -1;

	if (!files) {
		struct tfile *f = new_file(r);
		f->path = xstrdup(t->name);
		return get_length(r, info, t->name, &f->length);
	}
	if (bdict_get(info, "length"))
		return bad(r, "the info dictionary has both 'length' and 'files'");
	if (files->type != BNODE_LIST || files->n == 0)
		return bad(r, "'files' is not a list of files");
	t->multi = true;
	for (size_t i = 0; i < files->n; i++) {
		const struct bnode *fd = files->kids[i], *p = bdict_get(fd, "path");
		const struct bnode *attr = bdict_get(fd, "attr");
		struct tfile *f;
		strbuf_reset(&path);
		if (fd->type != BNODE_DICT)
			goto bad_entry;
		if (!p || p->type != BNODE_LIST || p->n == 0) {
			bad(r, "file %zu of 'files' has no 'path' list", i + 1);
			goto out;
		}
		for (size_t j = 0; j < p->n; j++)
			if (add_component(r, &path, p->kids[j]))
				goto out;
		f = new_file(r);
		f->path = strbuf_detach(&path);
		if (get_length(r, fd, f->path, &f->length))
			goto out;
		f->pad = attr && attr->type == BNODE_STR && memchr(attr->str, 'p', attr->str_len);
	}
	ret = 0;
	goto out;
bad_entry:
	bad(r, "an entry of 'files' is not a dictionary");
out:
	strbuf_release(&path);
	return ret;
}

static int check_layer(struct reader *r, struct tfile *f)
{
	const struct bnode *layer;
	uint64_t npieces = (f->length + r->t->piece_length - 1) / r->t->piece_length;
	unsigned char pad[32], root[32], *h;

	if (npieces <= 1)
		return 0;
	layer = bdict_get_n(r->layers, f->root, 32);
	if (!layer || layer->type != BNODE_STR)
		return bad(r, "'%s': no entry in 'piece layers' for its pieces root", f->path);
	if (layer->str_len != 32 * npieces)
		return bad(r, "'%s': its piece layer has %zu bytes, want %llu (32 a piece)", f->path,
			   layer->str_len, (unsigned long long)(32 * npieces));
	f->layer = xmalloc(layer->str_len);
	memcpy(f->layer, layer->str, layer->str_len);
	/* The layer must hash up to the root, else the torrent contradicts
	 * itself and no piece could be judged by it. */
	h = xmalloc(layer->str_len);
	memcpy(h, layer->str, layer->str_len);
	bt_zero_root((size_t)(r->t->piece_length / BT_BLOCK), pad);
	bt_merkle_root(h, (size_t)npieces, bt_pow2((size_t)npieces), pad, root);
	free(h);
	if (memcmp(root, f->root, 32))
		return bad(r, "'%s': its piece layer does not hash to its pieces root", f->path);
	return 0;
}

/* One file of a v2 "file tree": the dict under the "" key. */
static int read_v2_file(struct reader *r, const struct bnode *node, const char *path)
{
	const struct bnode *root = bdict_get(node, "pieces root");
	const struct bnode *attr = bdict_get(node, "attr");
	struct tfile *f;
	uint64_t length = 0;

	if (node->type != BNODE_DICT)
		return bad(r, "'%s' in 'file tree' is not a dictionary", path);
	if (get_length(r, node, path, &length))
		return -1;
	if (attr && attr->type == BNODE_STR && memchr(attr->str, 'p', attr->str_len))
		return bad(r, "'%s': a pad file in a v2 'file tree'", path);
	if (length && (!root || root->type != BNODE_STR || root->str_len != 32))
		return bad(r, "'%s': no 32-byte 'pieces root'", path);
	f = new_file(r);
	f->path = xstrdup(path);
	f->length = length;
	if (length) {
		f->has_root = true;
		memcpy(f->root, root->str, 32);
	}
	return check_layer(r, f);
}

/* Depth is bounded by bdecode's nesting limit. */
static int walk_tree(struct reader *r, const struct bnode *dir, struct strbuf *path)
{
	size_t len = path->len;
	if (dir->type != BNODE_DICT || dir->n == 0)
		return bad(r, "'file tree' has an entry that is neither a file nor a directory");
	for (size_t i = 0; i < dir->n; i++) {
		const struct bnode *key = dir->kids[2 * i], *val = dir->kids[2 * i + 1];
		const struct bnode *file = bdict_get(val, "");
		if (add_component(r, path, key))
			return -1;
		if (file && val->n != 1)
			return bad(r, "'%s' in 'file tree' is both a file and a directory", path->buf);
		if (file ? read_v2_file(r, file, path->buf) : walk_tree(r, val, path))
			return -1;
		strbuf_setlen(path, len);
	}
	return 0;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct tfile *)a)->path, ((const struct tfile *)b)->path);
}

/* By offset, an empty file before the file that starts where it is, so
 * that the ends come in order too (the piece check searches them). */
static int by_offset(const void *a, const void *b)
{
	const struct tfile *x = a, *y = b;
	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return x->length < y->length ? -1 : x->length > y->length;
}

/* No name twice, and no file where another needs a directory. */
static int check_unique(struct reader *r, struct tfile *files, size_t n)
{
	struct tfile *sorted = xmalloc((n + 1) * sizeof(*sorted));
	struct strbuf dir = STRBUF_INIT;
	size_t real = 0;
	int ret = 0;
	/* Pad files are not on disk, and libtorrent names them by size:
	 * ".pad/16384" may well come twice. */
	for (size_t i = 0; i < n; i++)
		if (!files[i].pad)
			sorted[real++] = files[i];
	n = real;
	qsort(sorted, n, sizeof(*sorted), by_path);
	for (size_t i = 1; i < n && !ret; i++)
		if (!strcmp(sorted[i - 1].path, sorted[i].path))
			ret = bad(r, "'%s' is listed twice", sorted[i].path);
	/* "a" < "a-b" < "a/b": a file and the directory of the same name
	 * need not be neighbours; look for "NAME/" among the names. */
	for (size_t i = 0; i < n && !ret; i++) {
		size_t lo = 0, hi = n;
		strbuf_reset(&dir);
		strbuf_addf(&dir, "%s/", sorted[i].path);
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			int c = strncmp(sorted[mid].path, dir.buf, dir.len);
			if (c == 0) {
				ret = bad(r, "'%s' is both a file and a directory", sorted[i].path);
				break;
			}
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	strbuf_release(&dir);
	free(sorted);
	return ret;
}

/* v1 offsets: the files one after the other. */
static int lay_out_v1(struct reader *r)
{
	struct torrent_info *t = r->t;
	uint64_t off = 0;
	for (size_t i = 0; i < t->nfiles; i++) {
		t->files[i].offset = off;
		off += t->files[i].length;
		if (off > MAX_LENGTH)
			return bad(r, "the files add up to more than 2^62 bytes");
	}
	t->total = off;
	return 0;
}

/* v2 only: each file starts on a piece boundary. */
static int lay_out_v2(struct reader *r)
{
	struct torrent_info *t = r->t;
	uint64_t off = 0, pl = t->piece_length;
	for (size_t i = 0; i < t->nfiles; i++) {
		t->files[i].offset = off;
		off += (t->files[i].length + pl - 1) / pl * pl;
		if (off > MAX_LENGTH)
			return bad(r, "the files add up to more than 2^62 bytes");
	}
	t->total = t->nfiles ? t->files[t->nfiles - 1].offset + t->files[t->nfiles - 1].length : 0;
	return 0;
}

/* A hybrid's v2 files must be its v1 files (less the pad files), each on a
 * piece boundary; then v2's roots and layers go onto the v1 entries. */
static int merge_hybrid(struct reader *r, struct tfile *v2, size_t n2)
{
	struct torrent_info *t = r->t;
	size_t real = 0;
	for (size_t i = 0; i < t->nfiles; i++) {
		struct tfile *f = &t->files[i], key = { .path = f->path }, *m;
		if (f->pad)
			continue;
		real++;
		m = bsearch(&key, v2, n2, sizeof(*v2), by_path);
		if (!m || m->length != f->length)
			return bad(r, "hybrid torrent: '%s' is %s in the v2 'file tree'", f->path,
				   m ? "of another length" : "missing");
		if (f->length && f->offset % t->piece_length)
			return bad(r, "hybrid torrent: '%s' does not start on a piece boundary",
				   f->path);
		f->has_root = m->has_root;
		memcpy(f->root, m->root, 32);
		f->layer = m->layer;
		m->layer = NULL;
	}
	if (real != n2)
		return bad(r, "hybrid torrent: the v1 and v2 file lists differ");
	return 0;
}

static int read_info(struct reader *r, const struct bnode *info)
{
	struct torrent_info *t = r->t;
	const struct bnode *name = bdict_get(info, "name"), *pl = bdict_get(info, "piece length");
	const struct bnode *mv = bdict_get(info, "meta version"), *tree = bdict_get(info, "file tree");
	const struct bnode *pieces = bdict_get(info, "pieces");
	struct tfile *v2 = NULL;
	size_t n2 = 0;
	const char *why;
	int ret = -1;

	if (!info || info->type != BNODE_DICT)
		return bad(r, "no 'info' dictionary");
	if (!name || name->type != BNODE_STR)
		return bad(r, "no 'name' in the info dictionary");
	if (path_component_check(name->str, name->str_len, &why)) {
		struct strbuf q = STRBUF_INIT;
		quote(&q, name->str, name->str_len);
		bad(r, "refusing the name '%s': %s", q.buf, why);
		strbuf_release(&q);
		return -1;
	}
	t->name = xstrndup(name->str, name->str_len);
	if (mv && (mv->type != BNODE_INT || mv->num != 2))
		return bad(r, "'meta version' is not 2: a torrent format this does not know");
	t->v2 = mv != NULL;
	t->v1 = pieces != NULL;
	if (t->v2 != (tree != NULL))
		return bad(r, "'meta version' 2 and 'file tree' come together, not one alone");
	if (!t->v1 && !t->v2)
		return bad(r, "neither v1 'pieces' nor a v2 'file tree'");
	if (!pl || pl->type != BNODE_INT || pl->num <= 0 || pl->num > TORRENT_MAX_PIECE_LENGTH)
		return bad(r, "'piece length' is not from 1 byte to %u MiB", TORRENT_MAX_PIECE_LENGTH >> 20);
	t->piece_length = (uint64_t)pl->num;
	if (t->v2 && (t->piece_length < BT_BLOCK || (t->piece_length & (t->piece_length - 1))))
		return bad(r, "'piece length' %llu: v2 needs a power of two of at least 16 KiB",
			   (unsigned long long)t->piece_length);

	if (t->v2) {
		struct strbuf path = STRBUF_INIT;
		const struct bnode *only = tree->type == BNODE_DICT && tree->n == 1 ? tree->kids[0] : NULL;
		int bad_tree = walk_tree(r, tree, &path);
		strbuf_release(&path);
		if (bad_tree)
			goto out;
		/* One file at the top named as the torrent: a single-file torrent. */
		t->multi = !(only && t->nfiles == 1 && only->str_len == strlen(t->name) &&
			     !memcmp(only->str, t->name, only->str_len) &&
			     bdict_get(tree->kids[1], ""));
		if (t->v1) {
			/* Keep the v2 list aside, sorted by path, for merge_hybrid. */
			v2 = t->files;
			n2 = t->nfiles;
			t->files = NULL;
			t->nfiles = 0;
			r->alloc = 0;
			qsort(v2, n2, sizeof(*v2), by_path);
		}
	}
	if (t->v1) {
		bool multi2 = t->multi;
		t->multi = false;
		if (read_v1_files(r, info) || lay_out_v1(r))
			goto out;
		if (t->v2 && multi2 != t->multi) {
			bad(r, "hybrid torrent: v1 and v2 disagree on whether it is one file");
			goto out;
		}
		if (pieces->type != BNODE_STR || pieces->str_len % 20) {
			bad(r, "'pieces' is not a string of 20-byte hashes");
			goto out;
		}
		t->npieces = (size_t)((t->total + t->piece_length - 1) / t->piece_length);
		if (pieces->str_len / 20 != t->npieces) {
			bad(r, "'pieces' has %zu hashes; %llu bytes in pieces of %llu need %zu",
			    pieces->str_len / 20, (unsigned long long)t->total,
			    (unsigned long long)t->piece_length, t->npieces);
			goto out;
		}
		t->pieces = xmalloc(pieces->str_len + 1);
		memcpy(t->pieces, pieces->str, pieces->str_len);
		if (t->v2 && merge_hybrid(r, v2, n2))
			goto out;
	} else {
		if (lay_out_v2(r))
			goto out;
		t->npieces = (size_t)((t->total + t->piece_length - 1) / t->piece_length);
	}
	if (check_unique(r, t->files, t->nfiles))
		goto out;
	qsort(t->files, t->nfiles, sizeof(*t->files), by_offset);
	ret = 0;
out:
	for (size_t i = 0; i < n2; i++) {
		free(v2[i].path);
		free(v2[i].layer);
	}
	free(v2);
	return ret;
}

int torrent_info_parse(const void *buf, size_t len, const char *what, struct torrent_info *t)
{
	struct bdoc doc = BDOC_INIT;
	struct strbuf err = STRBUF_INIT;
	struct reader r = { .what = what, .t = t };
	const struct bnode *info;
	unsigned int n;
	int ret = -1;

	memset(t, 0, sizeof(*t));
	if (bdecode(buf, len, &doc, &err)) {
		error("%s: not a valid torrent: %s", what, err.buf);
		goto out;
	}
	if (doc.root->type != BNODE_DICT) {
		bad(&r, "not a torrent: the top value is not a dictionary");
		goto out;
	}
	info = bdict_get(doc.root, "info");
	r.layers = bdict_get(doc.root, "piece layers");
	if (r.layers && r.layers->type != BNODE_DICT) {
		bad(&r, "'piece layers' is not a dictionary");
		goto out;
	}
	if (read_info(&r, info))
		goto out;
	/* The info hashes: of the exact bytes, never of a re-encoding. */
	if (!EVP_Digest(doc.buf + info->off, info->len, t->ih1, &n, EVP_sha1(), NULL) ||
	    !EVP_Digest(doc.buf + info->off, info->len, t->ih2, &n, EVP_sha256(), NULL))
		die_oom();
	ret = 0;
out:
	bdoc_release(&doc);
	strbuf_release(&err);
	return ret;
}

void torrent_info_release(struct torrent_info *t)
{
	for (size_t i = 0; i < t->nfiles; i++) {
		free(t->files[i].path);
		free(t->files[i].layer);
	}
	free(t->files);
	free(t->pieces);
	free(t->name);
	memset(t, 0, sizeof(*t));
}
