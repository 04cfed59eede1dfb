/* Fuzz the strict bencode parser: whatever it accepts must have spans
 * inside the input, and the root's span must be the whole input. */
#include "fuzz.h"
#include "formats/bdecode.h"

FUZZ_QUIET_INITIALIZE

static void check_spans(const struct bnode *n, size_t len)
{
	if (n->off > len || n->len > len - n->off)
		abort();
	for (size_t i = 0; n->type == BNODE_LIST && i < n->n; i++)
		check_spans(n->kids[i], len);
	for (size_t i = 0; n->type == BNODE_DICT && i < 2 * n->n; i++)
		check_spans(n->kids[i], len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bdoc doc = BDOC_INIT;
	struct strbuf err = STRBUF_INIT;
	if (bdecode(data, size, &doc, &err) == 0) {
		if (!doc.root || doc.root->off != 0 || doc.root->len != size)
			abort();
		check_spans(doc.root, size);
		bdoc_release(&doc);
	} else if (!err.len) {
		abort(); /* a refusal must say why */
	}
	strbuf_release(&err);
	return 0;
}
