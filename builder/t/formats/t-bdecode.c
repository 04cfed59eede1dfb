/* Unit tests for builder/lib/formats/bdecode.c: canonical input parses, everything else is
 * refused with the offset and the reason. */
#include "test.h"
#include "formats/bdecode.h"

/* Parse s; 0 or -1, and the error text in err (reset first). */
static int parse(const char *s, size_t len, struct bdoc *doc, struct strbuf *err)
{
	strbuf_reset(err);
	return bdecode(s, len, doc, err);
}

/* s must be refused with a message containing want. */
static void refuse(const char *s, size_t len, const char *want)
{
	struct bdoc doc = BDOC_INIT;
	struct strbuf err = STRBUF_INIT;
	if (parse(s, len, &doc, &err) == 0) {
		test_fail(__FILE__, __LINE__, "accepted: %.*s", (int)len, s);
		bdoc_release(&doc);
	} else {
		CHECK_CONTAINS(err.buf, want);
		CHECK(doc.root == NULL);
	}
	strbuf_release(&err);
}
#define REFUSE(lit, want) refuse(lit, sizeof(lit) - 1, want)

static void test_scalars(void)
{
	struct bdoc doc = BDOC_INIT;
	struct strbuf err = STRBUF_INIT;
	CHECK_INT(parse("i42e", 4, &doc, &err), 0);
	CHECK_INT(doc.root->type, BNODE_INT);
	CHECK_INT(doc.root->num, 42);
	bdoc_release(&doc);
	CHECK_INT(parse("i-9223372036854775808e", 22, &doc, &err), 0);
	CHECK(doc.root->num == INT64_MIN);
	bdoc_release(&doc);
	CHECK_INT(parse("i9223372036854775807e", 21, &doc, &err), 0);
	CHECK(doc.root->num == INT64_MAX);
	bdoc_release(&doc);
	CHECK_INT(parse("i0e", 3, &doc, &err), 0);
	CHECK_INT(doc.root->num, 0);
	bdoc_release(&doc);
	CHECK_INT(parse("0:", 2, &doc, &err), 0);
	CHECK_INT(doc.root->type, BNODE_STR);
	CHECK_INT(doc.root->str_len, 0);
	bdoc_release(&doc);
	CHECK_INT(parse("4:a\0b\n", 6, &doc, &err), 0);
	CHECK_INT(doc.root->str_len, 4);
	CHECK(!memcmp(doc.root->str, "a\0b\n", 4));
	bdoc_release(&doc);
	strbuf_release(&err);
}

static void test_nested_and_spans(void)
{
	static const char s[] = "d1:ad1:bi1e1:cl3:xyzee4:infod4:name1:nee";
	struct bdoc doc = BDOC_INIT;
	struct strbuf err = STRBUF_INIT;
	const struct bnode *a, *c, *info;
	CHECK_INT(parse(s, sizeof(s) - 1, &doc, &err), 0);
	CHECK_INT(doc.root->type, BNODE_DICT);
	CHECK_INT(doc.root->n, 2);
	CHECK_INT(doc.root->off, 0);
	CHECK_INT(doc.root->len, sizeof(s) - 1);
	a = bdict_get(doc.root, "a");
	CHECK(a && a->type == BNODE_DICT);
	CHECK_INT(bdict_get(a, "b")->num, 1);
	c = bdict_get(a, "c");
	CHECK(c && c->type == BNODE_LIST && c->n == 1 && c->kids[0]->type == BNODE_STR &&
	      c->kids[0]->str_len == 3 && !memcmp(c->kids[0]->str, "xyz", 3));
	info = bdict_get(doc.root, "info");
	/* The raw span is the exact bytes, for the info hash. */
	CHECK(info && info->len == 11 && !memcmp(s + info->off, "d4:name1:ne", 11));
	CHECK(bdict_get(doc.root, "zzz") == NULL);
	CHECK(bdict_get(doc.root, "") == NULL);
	CHECK(bdict_get(c, "a") == NULL); /* not a dict */
	bdoc_release(&doc);
	CHECK_INT(parse("le", 2, &doc, &err), 0);
	CHECK_INT(doc.root->n, 0);
	bdoc_release(&doc);
	CHECK_INT(parse("de", 2, &doc, &err), 0);
	bdoc_release(&doc);
	/* Keys in byte order: "" < "a" < "ab" < "b"; bytes >= 0x80 after ASCII. */
	CHECK_INT(parse("d0:i1e1:ai2e2:abi3e1:bi4e1:\xffi5ee", 32, &doc, &err), 0);
	CHECK_STR(err.buf, "");
	CHECK_INT(doc.root->n, 5);
	CHECK_INT(bdict_get(doc.root, "")->num, 1);
	CHECK_INT(bdict_get(doc.root, "ab")->num, 3);
	CHECK_INT(bdict_get(doc.root, "b")->num, 4);
	CHECK_INT(bdict_get(doc.root, "\xff")->num, 5);
	bdoc_release(&doc);
	strbuf_release(&err);
}

static void test_bad_integers(void)
{
	REFUSE("i03e", "offset 0: leading zero in integer");
	REFUSE("i-03e", "leading zero");
	REFUSE("i00e", "leading zero");
	REFUSE("i-0e", "negative zero");
	REFUSE("ie", "integer without digits");
	REFUSE("i-e", "integer without digits");
	REFUSE("i1x2e", "offset 2: unexpected byte 0x78 in integer");
	REFUSE("i+1e", "unexpected byte 0x2b");
	REFUSE("i 1e", "unexpected byte 0x20");
	REFUSE("i9223372036854775808e", "does not fit in 64 bits");
	REFUSE("i-9223372036854775809e", "does not fit in 64 bits");
	REFUSE("i99999999999999999999999999e", "does not fit in 64 bits");
	REFUSE("i12", "truncated integer");
	REFUSE("i", "truncated integer");
}

static void test_bad_strings(void)
{
	REFUSE("03:abc", "offset 0: leading zero in string length");
	REFUSE("00:", "leading zero");
	REFUSE("4:abc", "string of 4 bytes runs past the end of the input (3 left)");
	REFUSE("99999999999999999999999999:a", "runs past the end");
	REFUSE("18446744073709551617:a", "runs past the end");
	REFUSE("1", "truncated string length");
	REFUSE("1x", "offset 1: unexpected byte 0x78 in string length");
	REFUSE("-1:a", "unexpected byte 0x2d (not the start of a value)");
}

static void test_bad_structure(void)
{
	REFUSE("", "offset 0: empty input");
	REFUSE("i1ei2e", "offset 3: 3 trailing bytes after the top value");
	REFUSE("4:spam\n", "1 trailing bytes");
	REFUSE("l", "truncated list");
	REFUSE("li1e", "offset 0: truncated list");
	REFUSE("d", "truncated dictionary");
	REFUSE("d1:a", "truncated dictionary (no value after a key)");
	REFUSE("d1:ae", "offset 4: dictionary key without a value");
	REFUSE("di1ei2ee", "offset 1: dictionary key is not a string");
	REFUSE("dli1eei2ee", "dictionary key is not a string");
	REFUSE("d1:bi1e1:ai2ee", "offset 7: unsorted key 'a' after 'b'");
	REFUSE("d2:abi1e1:ai2ee", "unsorted key 'a' after 'ab'");
	REFUSE("d1:ai1e1:ai2ee", "offset 7: duplicate key 'a'");
	REFUSE("d4:infod1:xi1e1:xi1eee", "duplicate key 'x'");
	REFUSE("d1:\x01i1e1:\x00i2ee", "unsorted key '\\x00' after '\\x01'");
	REFUSE("x", "unexpected byte 0x78");
	REFUSE("e", "unexpected byte 0x65");
	REFUSE("le4:spam", "trailing bytes");
}

static void test_depth(void)
{
	char deep[2 * BDECODE_MAX_DEPTH + 4];
	struct bdoc doc = BDOC_INIT;
	struct strbuf err = STRBUF_INIT;
	/* BDECODE_MAX_DEPTH nested lists parse; one more does not. */
	memset(deep, 'l', BDECODE_MAX_DEPTH);
	memset(deep + BDECODE_MAX_DEPTH, 'e', BDECODE_MAX_DEPTH);
	CHECK_INT(parse(deep, 2 * BDECODE_MAX_DEPTH, &doc, &err), 0);
	bdoc_release(&doc);
	memset(deep, 'l', BDECODE_MAX_DEPTH + 1);
	memset(deep + BDECODE_MAX_DEPTH + 1, 'e', BDECODE_MAX_DEPTH + 1);
	CHECK_INT(parse(deep, 2 * BDECODE_MAX_DEPTH + 2, &doc, &err), -1);
	CHECK_CONTAINS(err.buf, "nested deeper than 64 levels");
	strbuf_release(&err);
}

/* A million 'l's must neither recurse a million deep nor take long. */
static void test_hostile_sizes(void)
{
	size_t n = 1u << 20;
	char *s = malloc(n);
	struct bdoc doc = BDOC_INIT;
	struct strbuf err = STRBUF_INIT;
	memset(s, 'l', n);
	CHECK_INT(parse(s, n, &doc, &err), -1);
	CHECK_CONTAINS(err.buf, "nested deeper");
	/* Many small items in one list: fine, and every node is reachable. */
	{
		size_t items = (n - 2) / 3, len = 2 + 3 * items;
		s[0] = 'l';
		for (size_t i = 0; i < items; i++)
			memcpy(s + 1 + 3 * i, "i7e", 3);
		s[len - 1] = 'e';
		CHECK_INT(parse(s, len, &doc, &err), 0);
		CHECK_INT(doc.root->n, items);
		CHECK_INT(doc.root->kids[items - 1]->num, 7);
		bdoc_release(&doc);
	}
	free(s);
	strbuf_release(&err);
}

/* Every prefix of a valid document is refused, and cleanly. */
static void test_every_truncation(void)
{
	static const char s[] = "d8:announce3:url4:infod6:lengthi5e4:name1:x12:piece lengthi16384e6:pieces0:ee";
	struct strbuf err = STRBUF_INIT;
	struct bdoc doc = BDOC_INIT;
	for (size_t n = 0; n < sizeof(s) - 1; n++) {
		if (parse(s, n, &doc, &err) == 0) {
			test_fail(__FILE__, __LINE__, "prefix of %zu bytes accepted", n);
			bdoc_release(&doc);
		}
	}
	CHECK_INT(parse(s, sizeof(s) - 1, &doc, &err), 0);
	bdoc_release(&doc);
	strbuf_release(&err);
}

int main(void)
{
	TEST(test_scalars);
	TEST(test_nested_and_spans);
	TEST(test_bad_integers);
	TEST(test_bad_strings);
	TEST(test_bad_structure);
	TEST(test_depth);
	TEST(test_hostile_sizes);
	TEST(test_every_truncation);
	return test_done();
}
