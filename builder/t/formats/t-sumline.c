/* Unit tests for builder/lib/formats/sumline.c: the lines md5sum -c accepts, and no more. */
#include "test.h"
#include "formats/sumline.h"

static const char md5_a[] = "60b725f10c9c85c70d97880dfe8191b3"; /* "a\n" */

/* Parse line; on success its name, else NULL with the reason in *why. */
static int parse(const char *line, struct sum_line *sl, const char **why)
{
	*why = "";
	return sum_line_parse(line, strlen(line), sl, why);
}

static void expect_name(const char *line, const char *algo, const char *name)
{
	struct sum_line sl;
	const char *why;
	int r = parse(line, &sl, &why);
	if (r != SUM_LINE_OK) {
		test_fail(__FILE__, __LINE__, "'%s' refused: %s", line, why);
		return;
	}
	CHECK_STR(sl.algo->tag, algo);
	CHECK_STR(sl.name, name);
	free(sl.name);
}

static void expect_bad(const char *line, size_t len, const char *want)
{
	struct sum_line sl;
	const char *why = "";
	int r = sum_line_parse(line, len, &sl, &why);
	if (r != SUM_LINE_BAD) {
		test_fail(__FILE__, __LINE__, "'%s' accepted (%d)", line, r);
		free(sl.name);
		return;
	}
	CHECK(sl.name == NULL);
	CHECK_CONTAINS(why, want);
}
#define BAD(lit, want) expect_bad(lit, sizeof(lit) - 1, want)

static void test_gnu(void)
{
	struct sum_line sl;
	const char *why;
	char line[300];
	CHECK_INT(parse("60b725f10c9c85c70d97880dfe8191b3  a", &sl, &why), SUM_LINE_OK);
	CHECK(sl.digest[0] == 0x60 && sl.digest[15] == 0xb3);
	free(sl.name);
	expect_name("60B725F10C9C85C70D97880DFE8191B3  a", "MD5", "a");      /* uppercase */
	expect_name("60b725f10c9c85c70d97880dfe8191b3 *a", "MD5", "a");      /* binary */
	expect_name("60b725f10c9c85c70d97880dfe8191b3 a", "MD5", "a");       /* BSD reversed */
	expect_name("60b725f10c9c85c70d97880dfe8191b3  a\r", "MD5", "a");    /* CRLF */
	expect_name("60b725f10c9c85c70d97880dfe8191b3  with space ", "MD5", "with space ");
	expect_name("60b725f10c9c85c70d97880dfe8191b3   lead", "MD5", " lead");
	expect_name("60b725f10c9c85c70d97880dfe8191b3  *star", "MD5", "*star");
	expect_name("60b725f10c9c85c70d97880dfe8191b3  back\\slash", "MD5", "back\\slash");
	expect_name("\\60b725f10c9c85c70d97880dfe8191b3  back\\\\slash", "MD5", "back\\slash");
	expect_name("\\60b725f10c9c85c70d97880dfe8191b3  new\\nline\\r", "MD5", "new\nline\r");
	expect_name("60b725f10c9c85c70d97880dfe8191b3 (x)", "MD5", "(x)");
	snprintf(line, sizeof(line), "%s%s  f", md5_a, "12345678");
	expect_name(line, "SHA1", "f");
	expect_name("87428fc522803d31065e7bce3cf03fe475096631e5e07bbd7a0fde60c4cf25c7  f", "SHA256", "f");
	CHECK_INT(parse("", &sl, &why), SUM_LINE_SKIP);
	CHECK_INT(parse("\r", &sl, &why), SUM_LINE_SKIP);
	CHECK_INT(parse("# comment", &sl, &why), SUM_LINE_SKIP);
}

static void test_tags(void)
{
	expect_name("MD5 (a) = 60b725f10c9c85c70d97880dfe8191b3", "MD5", "a");
	expect_name("MD5(a)= 60b725f10c9c85c70d97880dfe8191b3", "MD5", "a");   /* openssl dgst */
	expect_name("SHA256 (x) = 87428fc522803d31065e7bce3cf03fe475096631e5e07bbd7a0fde60c4cf25c7",
		    "SHA256", "x");
	expect_name("MD5 (f(1) = 2) = 60b725f10c9c85c70d97880dfe8191b3", "MD5", "f(1) = 2");
	expect_name("\\MD5 (b\\\\s\\nt) = 60b725f10c9c85c70d97880dfe8191b3\r", "MD5", "b\\s\nt");
	BAD("BLAKE2b (a) = 60b725f10c9c85c70d97880dfe8191b3", "unknown algorithm");
	BAD("SHA256 (a) = 60b725f10c9c85c70d97880dfe8191b3", "wrong length");
	BAD("MD5 (a = 60b725f10c9c85c70d97880dfe8191b3", "without ')'");
	BAD("MD5 (a) 60b725f10c9c85c70d97880dfe8191b3", "without '='");
	BAD("MD5 (a) = 60b725f10c9c85c70d97880dfe8191bX", "not hexadecimal");
	BAD("MD5 () = 60b725f10c9c85c70d97880dfe8191b3", "no file name");
}

static void test_bad(void)
{
	BAD("60b725f10c9c85c70d97880dfe8191b  a", "matches no known algorithm");
	BAD("60b725f10c9c85c70d97880dfe8191  a", "matches no known algorithm");
	BAD("60b725f10c9c85c70d97880dfe8191b3", "not a checksum line");
	BAD("60b725f10c9c85c70d97880dfe8191b3  ", "no file name");
	BAD("60b725f10c9c85c70d97880dfe8191b3x a", "not a checksum line");
	BAD("hello world", "not a checksum line");
	BAD("60b725f10c9c85c70d97880dfe8191b3  a\0b", "NUL byte");
	BAD("\\60b725f10c9c85c70d97880dfe8191b3  a\\tb", "not followed by");
	BAD("\\60b725f10c9c85c70d97880dfe8191b3  a\\", "not followed by");
	BAD("\x89PNG\r\n\x1a\n", "not a checksum line");
}

/* A 10 MB line parses in linear time and gives a reason, not a crash. */
static void test_huge(void)
{
	size_t n = 10u << 20;
	char *s = malloc(n + 1);
	struct sum_line sl;
	const char *why = "";
	memset(s, 'a', n);
	s[n] = '\0';
	CHECK_INT(sum_line_parse(s, n, &sl, &why), SUM_LINE_BAD);
	CHECK_CONTAINS(why, "not a checksum line");
	memcpy(s, md5_a, 32);
	memcpy(s + 32, "  ", 2);
	/* Parses: the name is long, and path_check refuses it later. */
	CHECK_INT(sum_line_parse(s, n, &sl, &why), SUM_LINE_OK);
	CHECK_INT(strlen(sl.name), n - 34);
	free(sl.name);
	free(s);
}

static void test_quote(void)
{
	struct strbuf q = STRBUF_INIT;
	sum_name_quote(&q, "plain name");
	CHECK_STR(q.buf, "plain name");
	strbuf_reset(&q);
	sum_name_quote(&q, "back\\slash"); /* coreutils 9.1 prints it as is */
	CHECK_STR(q.buf, "back\\slash");
	strbuf_reset(&q);
	sum_name_quote(&q, "a\\b\nc\r");
	CHECK_STR(q.buf, "\\a\\\\b\\nc\\r");
	strbuf_release(&q);
}

int main(void)
{
	TEST(test_gnu);
	TEST(test_tags);
	TEST(test_bad);
	TEST(test_huge);
	TEST(test_quote);
	return test_done();
}
