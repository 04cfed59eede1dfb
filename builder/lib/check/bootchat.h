/*
 * Boot chats: what a boot test types at a booted appliance and what it waits
 * for, as a person at its consoles would (answer the first-boot prompt, log
 * in, run a command, power off). A chat file holds one step a line:
 *
 *   # a comment, and blank lines, are skipped
 *   expect TEXT       wait until the serial console shows TEXT, after what
 *                     the previous expect matched
 *   send TEXT         type TEXT on the serial console (ttyS0)
 *   keys TEXT         type TEXT on the VGA console (tty1) through qemu's
 *                     QMP send-key, as a VMware user would
 *   run COMMAND       run COMMAND on the host (/bin/sh -c), e.g. ssh into the
 *                     appliance through a --forward port; non-zero fails
 *   screenshot FILE   save the VGA console as a PNG
 *
 * TEXT takes the escapes \n \r \t \e \\ (a line typed at a prompt ends in
 * \n). After the last step the appliance must power itself off (the chat's
 * last send is usually "poweroff\n").
 *
 * To add a step: a row in bootchat.c's table, its runner in boottest.c.
 */
#ifndef BOOTCHAT_H
#define BOOTCHAT_H

#include <stdbool.h>
#include <stddef.h>

enum chat_op { CHAT_EXPECT, CHAT_SEND, CHAT_KEYS, CHAT_RUN, CHAT_SCREENSHOT };

struct chat_step {
	enum chat_op op;
	char *arg;      /* escapes decoded for expect/send/keys */
	size_t arg_len; /* the decoded length (TEXT may hold NUL via no escape: never) */
	unsigned line;  /* in the chat file, for messages */
};

struct chat {
	struct chat_step *steps;
	size_t nr, alloc;
	char *file;
};

/* Parse a chat file; errors name FILE:LINE and what is wrong. 0 or -1. */
int chat_load(struct chat *c, const char *file);
/* The same from text (file names it in messages). */
int chat_parse(struct chat *c, const char *file, const char *text);
void chat_clear(struct chat *c);
const char *chat_op_name(enum chat_op op);

/*
 * The QMP qcode(s) that type c on a US keyboard: *shift tells whether
 * shift must be held. NULL for a character no key types.
 */
const char *chat_qcode(unsigned char c, bool *shift);

#endif
