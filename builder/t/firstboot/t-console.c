/* Unit tests for firstboot/console.c: the prompt driven through a
 * pseudo-terminal (openpty) as a person at the console would: too short
 * and mismatched passwords refused, then one accepted whose hash crypt()
 * verifies; a made-up one; another console first (while waiting, and
 * between the answer and the write); end of input. */
#include "test.h"
#include "console.h"
#include "accounts.h"

#include <crypt.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static const char *root_dir;

static void fresh_root(const char *name)
{
	static struct strbuf p = STRBUF_INIT;
	struct strbuf d = STRBUF_INIT, f = STRBUF_INIT;
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/%s", test_tmpdir(), name);
	mkdir(p.buf, 0755);
	strbuf_addf(&d, "%s/etc", p.buf);
	mkdir(d.buf, 0755);
	strbuf_addf(&f, "%s/etc/shadow", name);
	test_write(f.buf, "root:*:19000:0:99999:7:::\nbin:*:19000:0:99999:7:::\n");
	root_dir = p.buf;
	strbuf_release(&d);
	strbuf_release(&f);
}

/* Read the terminal until want shows up after the previous match (10 s at
 * most); all that was read is in seen. */
static size_t matched;

static int expect(int master, const char *want, struct strbuf *seen)
{
	time_t end = time(NULL) + 10;
	const char *at;

	if (!seen->len)
		matched = 0;
	for (;;) {
		struct pollfd p = { .fd = master, .events = POLLIN };
		char buf[512];
		ssize_t n;
		if ((at = strstr(seen->buf + matched, want))) {
			matched = (size_t)(at - seen->buf) + strlen(want);
			return 0;
		}
		if (time(NULL) >= end)
			break;
		if (poll(&p, 1, 200) <= 0)
			continue;
		n = read(master, buf, sizeof(buf));
		if (n <= 0)
			break;
		strbuf_add(seen, buf, (size_t)n);
	}
	test_fail(__FILE__, __LINE__, "no \"%s\" on the terminal; it shows:\n%s", want,
		  seen->buf + matched);
	return -1;
}

static void type(int master, const char *s)
{
	CHECK(write(master, s, strlen(s)) == (ssize_t)strlen(s));
}

static char *(*hash_hook)(const char *, const char *);

/* Start console_run on a new pty's slave in a child. */
static pid_t start(int *master, int (*random)(void *, size_t))
{
	int slave;
	pid_t pid;

	CHECK(openpty(master, &slave, NULL, NULL, NULL) == 0);
	pid = fork();
	if (pid == 0) {
		struct console c = { .root = root_dir, .fd = slave, .recheck_ms = 50,
				     .random = random, .hash = hash_hook };
		close(*master);
		_exit((int)console_run(&c));
	}
	close(slave);
	return pid;
}

static int finish(pid_t pid)
{
	int status;
	CHECK(waitpid(pid, &status, 0) == pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_flow(void)
{
	struct strbuf seen = STRBUF_INIT, field = STRBUF_INIT;
	struct crypt_data cd = { 0 };
	int master;
	pid_t pid;

	fresh_root("flow");
	hash_hook = NULL;
	pid = start(&master, NULL);
	expect(master, "New root password (or g): ", &seen);
	type(master, "short\n");
	expect(master, "shorter than 8 characters. Again.", &seen);
	expect(master, "New root password (or g): ", &seen);
	type(master, "first password\n");
	expect(master, "Repeat it: ", &seen);
	type(master, "other password\n");
	expect(master, "The two passwords differ. Again.", &seen);
	expect(master, "New root password (or g): ", &seen);
	type(master, "correct horse\n");
	expect(master, "Repeat it: ", &seen);
	type(master, "correct horse\n");
	expect(master, "The root password is set. Log in as root.", &seen);
	close(master);
	CHECK_INT(finish(pid), CONSOLE_SET);
	/* Echo was off: nothing typed came back. */
	CHECK(!strstr(seen.buf, "first password") && !strstr(seen.buf, "horse"));
	CHECK_INT(root_password_field(root_dir, &field), 0);
	/* SHA-512 crypt: the tree has no login.defs naming another method. */
	CHECK(!strncmp(field.buf, "$6$", 3));
	CHECK_STR(crypt_r("correct horse", field.buf, &cd), field.buf);

	/* Set now: no prompt any more. */
	CHECK_INT(console_needed(root_dir), 0);
	strbuf_release(&seen);
	strbuf_release(&field);
}

static int counting_random(void *buf, size_t n)
{
	static unsigned char next;
	for (size_t i = 0; i < n; i++)
		((unsigned char *)buf)[i] = next++;
	return 0;
}

static void test_generate(void)
{
	struct strbuf seen = STRBUF_INIT, field = STRBUF_INIT;
	struct crypt_data cd = { 0 };
	char pw[17], *at;
	int master;
	pid_t pid;

	CHECK_INT(console_generate(counting_random, pw), 0);
	CHECK_INT(strlen(pw), 16);
	CHECK(strspn(pw, "0O1lI") == 0);

	fresh_root("generate");
	pid = start(&master, counting_random);
	expect(master, "New root password (or g): ", &seen);
	type(master, "g\n");
	expect(master, "Press Enter when it is written down: ", &seen);
	type(master, "\n");
	expect(master, "The root password is set.", &seen);
	close(master);
	CHECK_INT(finish(pid), CONSOLE_SET);
	at = strstr(seen.buf, "The new root password is:  ");
	CHECK(at != NULL);
	if (at) {
		memcpy(pw, at + 27, 16);
		pw[16] = '\0';
		CHECK_INT(root_password_field(root_dir, &field), 0);
		CHECK_STR(crypt_r(pw, field.buf, &cd), field.buf);
	}
	strbuf_release(&seen);
	strbuf_release(&field);
}

/* Another console sets the password while this one waits. */
static void test_race_waiting(void)
{
	struct strbuf seen = STRBUF_INIT, field = STRBUF_INIT;
	int master;
	pid_t pid;

	fresh_root("race");
	hash_hook = NULL;
	pid = start(&master, NULL);
	expect(master, "New root password (or g): ", &seen);
	type(master, "half typ");   /* a person in the middle of typing */
	CHECK_INT(set_root_hash(root_dir, "$6$abcdefgh$other"), 0);
	expect(master, "The root password was set on another console.", &seen);
	close(master);
	CHECK_INT(finish(pid), CONSOLE_SET_ELSEWHERE);
	CHECK_INT(root_password_field(root_dir, &field), 0);
	CHECK_STR(field.buf, "$6$abcdefgh$other");
	strbuf_release(&seen);
	strbuf_release(&field);
}

/* The other console wins between the answer and the write: the hash
 * function (called in between) is where the other writer strikes. */
static char *other_console_first(const char *root, const char *pw)
{
	char *h = hash_password(root, pw);
	set_root_hash(root_dir, "$6$abcdefgh$first");
	return h;
}

static void test_race_at_write(void)
{
	struct strbuf seen = STRBUF_INIT, field = STRBUF_INIT;
	int master;
	pid_t pid;

	fresh_root("race2");
	hash_hook = other_console_first;
	pid = start(&master, NULL);
	expect(master, "New root password (or g): ", &seen);
	type(master, "correct horse\n");
	expect(master, "Repeat it: ", &seen);
	type(master, "correct horse\n");
	expect(master, "The root password was set on another console.", &seen);
	close(master);
	CHECK_INT(finish(pid), CONSOLE_SET_ELSEWHERE);
	CHECK_INT(root_password_field(root_dir, &field), 0);
	CHECK_STR(field.buf, "$6$abcdefgh$first");
	hash_hook = NULL;
	strbuf_release(&seen);
	strbuf_release(&field);
}

static void test_hangup_and_not_needed(void)
{
	struct strbuf seen = STRBUF_INIT, p = STRBUF_INIT;
	int master;
	pid_t pid;

	fresh_root("hangup");
	pid = start(&master, NULL);
	expect(master, "New root password (or g): ", &seen);
	close(master);   /* the terminal goes away */
	CHECK_INT(finish(pid), CONSOLE_GAVE_UP);

	/* A key was handed in: no prompt even with root locked. */
	CHECK_INT(console_needed(root_dir), 1);
	strbuf_addf(&p, "%s/var", root_dir);
	mkdir(p.buf, 0755);
	strbuf_addstr(&p, "/lib");
	mkdir(p.buf, 0755);
	strbuf_addstr(&p, "/pvappliance");
	mkdir(p.buf, 0700);
	/* A host name alone is no way in: still asked. */
	test_write("hangup/var/lib/pvappliance/credentials", "system.hostname\n");
	CHECK_INT(console_needed(root_dir), 1);
	test_write("hangup/var/lib/pvappliance/credentials", "system.hostname\nssh.authorized_keys.root\n");
	CHECK_INT(console_needed(root_dir), 0);
	{
		struct console c = { .root = root_dir, .fd = -1 };
		CHECK_INT(console_run(&c), CONSOLE_NOT_NEEDED);
	}
	strbuf_release(&seen);
	strbuf_release(&p);
}

/* SIGTERM while the prompt waits (init stopping the getty's unit): the
 * terminal gets its echo back before the program dies of it. */
static void test_signal_restores_terminal(void)
{
	struct strbuf seen = STRBUF_INIT;
	struct termios t;
	int master, status;
	pid_t pid;

	fresh_root("signal");
	hash_hook = NULL;
	pid = start(&master, NULL);
	expect(master, "New root password (or g): ", &seen);
	CHECK(tcgetattr(master, &t) == 0 && !(t.c_lflag & ECHO));
	CHECK(kill(pid, SIGTERM) == 0);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
	CHECK(tcgetattr(master, &t) == 0 && (t.c_lflag & ECHO));
	close(master);
	strbuf_release(&seen);
}

/* Another console's file, as console_run writes it (our own pid: alive). */
static void other_console(const char *tree, const char *file, const char *name)
{
	struct strbuf p = STRBUF_INIT, text = STRBUF_INIT;
	strbuf_addf(&p, "%s/run", root_dir);
	mkdir(p.buf, 0755);
	strbuf_addstr(&p, "/pvappliance-firstboot");
	mkdir(p.buf, 0755);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/run/pvappliance-firstboot/%s", tree, file);
	strbuf_addf(&text, "%ld %s\n", (long)getpid(), name);
	test_write(p.buf, text.buf);
	strbuf_release(&p);
	strbuf_release(&text);
}

/* The other consoles are named on lines of their own, never over a
 * prompt: one asking already before the first prompt, one that starts
 * while this one waits (then the prompt is shown again); a file of a
 * process that is gone is not named. This console's own file is there
 * while it asks, and gone after. */
static void test_announce(void)
{
	struct strbuf seen = STRBUF_INIT, own = STRBUF_INIT;
	int master, slave;
	pid_t pid;

	fresh_root("announce");
	hash_hook = NULL;
	other_console("announce", "_dev_tty1", "/dev/tty1");
	{
		struct strbuf p = STRBUF_INIT;
		strbuf_addf(&p, "announce/run/pvappliance-firstboot/_dev_tty9");
		test_write(p.buf, "999999999 /dev/tty9\n");
		strbuf_release(&p);
	}
	CHECK(openpty(&master, &slave, NULL, NULL, NULL) == 0);
	pid = fork();
	if (pid == 0) {
		struct console c = { .root = root_dir, .fd = slave, .recheck_ms = 50,
				     .announce = "/dev/ttyS0" };
		close(master);
		_exit((int)console_run(&c));
	}
	close(slave);
	expect(master, "Only its hash is kept.\r\n" CONSOLE_ANNOUNCE "/dev/tty1\r\n"
	       CONSOLE_ASK, &seen);
	strbuf_addf(&own, "%s/run/pvappliance-firstboot/_dev_ttyS0", root_dir);
	CHECK(access(own.buf, F_OK) == 0);
	type(master, "half");   /* typed, no line yet */
	other_console("announce", "_dev_tty2", "/dev/tty2");
	expect(master, "\r\n" CONSOLE_ANNOUNCE "/dev/tty2\r\n" CONSOLE_ASK, &seen);
	CHECK_CONTAINS(seen.buf, CONSOLE_ASK "\r\n" CONSOLE_ANNOUNCE "/dev/tty2\r\n" CONSOLE_ASK);
	type(master, " of it\n");
	expect(master, "Repeat it: ", &seen);
	type(master, "half of it\n");
	expect(master, "The root password is set.", &seen);
	close(master);
	CHECK_INT(finish(pid), CONSOLE_SET);
	CHECK(!strstr(seen.buf, "tty9"));
	CHECK(!strstr(seen.buf, CONSOLE_ASK "pvappliance"));
	CHECK(access(own.buf, F_OK) != 0);
	strbuf_release(&seen);
	strbuf_release(&own);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	TEST(test_flow);
	TEST(test_generate);
	TEST(test_race_waiting);
	TEST(test_race_at_write);
	TEST(test_hangup_and_not_needed);
	TEST(test_signal_restores_terminal);
	TEST(test_announce);
	return test_done();
}
