/* Unit tests for builder/lib/check/bootchat.c: the chat file format and the key map
 * (t5010 runs chats against booted appliances). */
#include "test.h"
#include "check/bootchat.h"

#include <string.h>

static void test_steps_and_escapes(void)
{
	struct chat c = { 0 };
	CHECK_INT(chat_parse(&c, "c.chat",
			     "# first boot\n"
			     "expect New root password: \n"
			     "send correct horse\\n\n"
			     "\n"
			     "keys a\\tb\\\\c\\e\r\n"
			     "run ssh-keyscan -p 2222 127.0.0.1 > keys\n"
			     "screenshot shot.png\n"), 0);
	CHECK_INT((int)c.nr, 5);
	CHECK_INT(c.steps[0].op, CHAT_EXPECT);
	/* the separator is one space; a trailing one belongs to TEXT */
	CHECK_STR(c.steps[0].arg, "New root password: ");
	CHECK_INT((int)c.steps[0].line, 2);
	CHECK_STR(c.steps[1].arg, "correct horse\n");
	CHECK_INT((int)c.steps[1].arg_len, 14);
	CHECK_STR(c.steps[2].arg, "a\tb\\c\033");
	CHECK_INT((int)c.steps[2].line, 5);
	/* run and screenshot take their text as it is */
	CHECK_STR(c.steps[3].arg, "ssh-keyscan -p 2222 127.0.0.1 > keys");
	CHECK_INT(c.steps[4].op, CHAT_SCREENSHOT);
	chat_clear(&c);
}

static void check_refused(const char *text, const char *want)
{
	struct chat c = { 0 };
	struct strbuf err = STRBUF_INIT;
	test_stderr_begin();
	CHECK_INT(chat_parse(&c, "bad.chat", text), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, want);
	chat_clear(&c);
	strbuf_release(&err);
}

static void test_refusals(void)
{
	check_refused("expect login:\ntype root\n",
		      "bad.chat:2: error: unknown step 'type': expected expect, send, keys, run or screenshot");
	check_refused("send\n", "bad.chat:1: error: 'send' needs an argument");
	check_refused("send x\\q\n", "bad.chat:1: error: unknown escape '\\q'");
	check_refused("send x\\", "bad.chat:1: error: a '\\' ends the line");
	check_refused("# nothing\n\n", "bad.chat: the chat has no steps");
}

static void test_load_refuses_binary(void)
{
	struct chat c = { 0 };
	struct strbuf err = STRBUF_INIT;
	const char *f = test_write("bin.chat", "send x\n");
	FILE *fp = fopen(f, "a");
	fputc('\0', fp);
	fclose(fp);
	test_stderr_begin();
	CHECK_INT(chat_load(&c, f), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "not a text file");
	chat_clear(&c);
	strbuf_release(&err);
	test_stderr_begin();
	CHECK_INT(chat_load(&c, "/nonexistent.chat"), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "/nonexistent.chat");
	chat_clear(&c);
	strbuf_release(&err);
}

static void test_qcodes(void)
{
	bool shift;
	CHECK_STR(chat_qcode('a', &shift), "a");
	CHECK(!shift);
	CHECK_STR(chat_qcode('Q', &shift), "q");
	CHECK(shift);
	CHECK_STR(chat_qcode('7', &shift), "7");
	CHECK(!shift);
	CHECK_STR(chat_qcode('&', &shift), "7");
	CHECK(shift);
	CHECK_STR(chat_qcode(')', &shift), "0");
	CHECK(shift);
	CHECK_STR(chat_qcode('_', &shift), "minus");
	CHECK(shift);
	CHECK_STR(chat_qcode('/', &shift), "slash");
	CHECK(!shift);
	CHECK_STR(chat_qcode('\n', &shift), "ret");
	CHECK_STR(chat_qcode(' ', &shift), "spc");
	CHECK(chat_qcode(0xe9, &shift) == NULL);
	CHECK(chat_qcode('\0', &shift) == NULL);
	/* every printable ASCII character has a key */
	for (int ch = 0x20; ch < 0x7f; ch++)
		CHECK(chat_qcode((unsigned char)ch, &shift) != NULL);
}

int main(void)
{
	TEST(test_steps_and_escapes);
	TEST(test_refusals);
	TEST(test_load_refuses_binary);
	TEST(test_qcodes);
	return test_done();
}
