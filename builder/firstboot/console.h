/*
 * The console setup: while root has no usable password and no way in (a
 * key or a password) was handed in, ask on a terminal for a new one (twice, echo off), or
 * make one up, and store only its hash. Several consoles may ask at once:
 * each re-reads root's password field while it waits, and the write is
 * made under the password lock after checking again that root is still
 * locked, so the first to finish wins and the others say so and stop.
 */
#ifndef FIRSTBOOT_CONSOLE_H
#define FIRSTBOOT_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

/* What the console prints at its turns; boot tests (builder/lib/check/
 * boottest.c) answer them, so they are said once, here. */
#define CONSOLE_ASK "New root password (or g): "
#define CONSOLE_SHOWN "The new root password is:  "
#define CONSOLE_WRITTEN_DOWN "Press Enter when it is written down: "
#define CONSOLE_REPEAT "Repeat it: "
/* On a line of its own, between prompts: another console asks too (NAME
 * follows); on the serial console, a boot test's sign that the VGA one
 * reads keys. */
#define CONSOLE_ANNOUNCE "pvappliance-firstboot: asking for a root password on "

struct console {
	const char *root;    /* prefix for /etc/shadow and /var/lib/pvappliance */
	int fd;              /* the terminal, read and written */
	int recheck_ms;      /* how often the shadow file is looked at while waiting */
	/* Fill buf with n random bytes: 0 or -1 (default getrandom). */
	int (*random)(void *buf, size_t n);
	/* Hash a password: a new string or NULL (default hash_password). */
	char *(*hash)(const char *root, const char *password);
	/* The console's name, announced to the other consoles (on their own
	 * terminals, between prompts) once this terminal is ready for an
	 * answer (what was typed before is flushed); NULL: not. */
	const char *announce;
};

enum console_result {
	CONSOLE_NOT_NEEDED,    /* root has a password, or a key or password was given */
	CONSOLE_SET,           /* this console set it */
	CONSOLE_SET_ELSEWHERE, /* another console (or anything else) set it */
	CONSOLE_GAVE_UP,       /* end of input or hangup on the terminal */
	CONSOLE_FAILED,        /* an error, reported */
};

/* Whether the credentials record (names only, one a line) lists a key or
 * a password for root: a way in was handed in and took effect. */
bool way_in_recorded(const char *root);

/* Whether the prompt is needed: root locked, and no key or password was
 * handed in (the names in /var/lib/pvappliance/credentials). */
int console_needed(const char *root);

enum console_result console_run(const struct console *c);

/* 16 characters from an alphabet without look-alikes (no 0/O, 1/l/I),
 * into out[17]. -1 when random fails. */
int console_generate(int (*random)(void *, size_t), char out[17]);

#endif
