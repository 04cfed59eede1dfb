/* Boot chats (see bootchat.h): the file format and the keyboard map. */
#include "check/bootchat.h"
#include "core/array.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* One row per step: its name in chat files, whether TEXT escapes apply. */
static const struct {
	const char *name;
	enum chat_op op;
	bool escapes;
} ops[] = {
	{ "expect", CHAT_EXPECT, true },
	{ "send", CHAT_SEND, true },
	{ "keys", CHAT_KEYS, true },
	{ "run", CHAT_RUN, false },
	{ "screenshot", CHAT_SCREENSHOT, false },
};

const char *chat_op_name(enum chat_op op)
{
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
		if (ops[i].op == op)
			return ops[i].name;
	return "?";
}

static int unescape(struct strbuf *out, const char *file, unsigned line, const char *s,
		    size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] != '\\') {
			strbuf_addch(out, s[i]);
			continue;
		}
		if (++i == len)
			return error_at(file, line, "a '\\' ends the line; write '\\\\' for one");
		switch (s[i]) {
		case 'n': strbuf_addch(out, '\n'); break;
		case 'r': strbuf_addch(out, '\r'); break;
		case 't': strbuf_addch(out, '\t'); break;
		case 'e': strbuf_addch(out, '\033'); break;
		case '\\': strbuf_addch(out, '\\'); break;
		default:
			return error_at(file, line, "unknown escape '\\%c': use \\n \\r \\t \\e or \\\\",
					s[i]);
		}
	}
	return 0;
}

static int parse_line(struct chat *c, const char *file, unsigned line, const char *s,
		      size_t len)
{
	size_t word = 0;
	while (word < len && s[word] != ' ' && s[word] != '\t')
		word++;
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++) {
		struct strbuf arg = STRBUF_INIT;
		struct chat_step *st;
		if (strlen(ops[i].name) != word || strncmp(ops[i].name, s, word))
			continue;
		/* One separator: the rest of the line, spaces included, is TEXT. */
		const char *a = s + (word < len ? word + 1 : word);
		size_t alen = len - (size_t)(a - s);
		if (!alen)
			return error_at(file, line, "'%s' needs an argument", ops[i].name);
		if (ops[i].escapes ? unescape(&arg, file, line, a, alen) : (strbuf_add(&arg, a, alen), 0)) {
			strbuf_release(&arg);
			return -1;
		}
		if (c->nr == c->alloc) {
			c->alloc = c->alloc ? 2 * c->alloc : 16;
			c->steps = xrealloc(c->steps, c->alloc * sizeof(*c->steps));
		}
		st = &c->steps[c->nr++];
		st->op = ops[i].op;
		st->arg_len = arg.len;
		st->arg = strbuf_detach(&arg);
		st->line = line;
		return 0;
	}
	return error_at(file, line, "unknown step '%.*s': expected expect, send, keys, run or "
			"screenshot", (int)word, s);
}

int chat_parse(struct chat *c, const char *file, const char *text)
{
	unsigned line = 0;
	c->file = xstrdup(file);
	for (const char *p = text; *p;) {
		const char *nl = strchrnul(p, '\n');
		size_t len = (size_t)(nl - p);
		line++;
		if (len && p[len - 1] == '\r')
			len--;
		if (len && p[0] != '#' && parse_line(c, file, line, p, len))
			return -1;
		p = *nl ? nl + 1 : nl;
	}
	if (!c->nr)
		return error("%s: the chat has no steps", file);
	return 0;
}

int chat_load(struct chat *c, const char *file)
{
	struct strbuf text = STRBUF_INIT;
	int ret;
	if (strbuf_read_file(&text, file)) {
		strbuf_release(&text);
		return -1;
	}
	if (memchr(text.buf, '\0', text.len))
		ret = error("%s: not a text file (it holds NUL bytes)", file);
	else
		ret = chat_parse(c, file, text.buf);
	strbuf_release(&text);
	return ret;
}

void chat_clear(struct chat *c)
{
	for (size_t i = 0; i < c->nr; i++)
		free(c->steps[i].arg);
	free(c->steps);
	free(c->file);
	memset(c, 0, sizeof(*c));
}

/* qemu's qcodes (qapi/ui.json QKeyCode) on a US layout. */
const char *chat_qcode(unsigned char c, bool *shift)
{
	static const char *const digits[] = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" };
	static const char *const letters[] = { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j",
					       "k", "l", "m", "n", "o", "p", "q", "r", "s", "t",
					       "u", "v", "w", "x", "y", "z" };
	/* The shifted row above the digits: !@#$%^&*() */
	static const char shifted_digits[] = ")!@#$%^&*(";
	static const struct { char plain, shifted; const char *code; } punct[] = {
		{ '-', '_', "minus" }, { '=', '+', "equal" }, { '[', '{', "bracket_left" },
		{ ']', '}', "bracket_right" }, { ';', ':', "semicolon" },
		{ '\'', '"', "apostrophe" }, { '`', '~', "grave_accent" },
		{ '\\', '|', "backslash" }, { ',', '<', "comma" }, { '.', '>', "dot" },
		{ '/', '?', "slash" },
	};
	*shift = false;
	if (c >= 'a' && c <= 'z')
		return letters[c - 'a'];
	if (c >= 'A' && c <= 'Z') {
		*shift = true;
		return letters[c - 'A'];
	}
	if (c >= '0' && c <= '9')
		return digits[c - '0'];
	if (c && strchr(shifted_digits, c)) {
		*shift = true;
		return digits[strchr(shifted_digits, c) - shifted_digits];
	}
	for (size_t i = 0; i < ARRAY_SIZE(punct); i++) {
		if (c == (unsigned char)punct[i].plain)
			return punct[i].code;
		if (c == (unsigned char)punct[i].shifted) {
			*shift = true;
			return punct[i].code;
		}
	}
	switch (c) {
	case ' ': return "spc";
	case '\n': case '\r': return "ret";
	case '\t': return "tab";
	case '\033': return "esc";
	}
	return NULL;
}
