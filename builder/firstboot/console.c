/* The first-boot password prompt on a terminal (see console.h). */
#include "console.h"
#include "accounts.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/strvec.h"
#include "core/array.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <termios.h>
#include <unistd.h>

#define LINE_MAX_LEN 256
#define MIN_LEN 8

/* One run of the prompt: the console, its own file in CONSOLES_DIR and the
 * other consoles already named on its terminal. */
struct console_state {
	const struct console *c;
	struct strbuf own;
	struct strvec told;
	bool at_line_start;   /* the cursor is at a line's start (no prompt shown) */
};

static int default_random(void *buf, size_t n)
{
	char *p = buf;
	while (n) {
		ssize_t got = getrandom(p, n, 0);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return -1;
		p += got;
		n -= (size_t)got;
	}
	return 0;
}

int console_generate(int (*random)(void *, size_t), char out[17])
{
	static const char alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	const unsigned n = sizeof(alphabet) - 1;   /* 57 */
	unsigned char b;
	int i = 0;

	while (i < 16) {
		if (random(&b, 1))
			return -1;
		/* Rejection sampling: no bias towards the first letters. */
		if (b >= 256 / n * n)
			continue;
		out[i++] = alphabet[b % n];
	}
	out[16] = '\0';
	explicit_bzero(&b, sizeof(b));
	return 0;
}

static int root_locked(const char *root)
{
	struct strbuf f = STRBUF_INIT;
	int r = root_password_field(root, &f);
	if (!r)
		r = password_locked(f.buf) ? 1 : 0;
	explicit_bzero(f.buf, f.len);
	strbuf_release(&f);
	return r;
}

/*
 * A way in was handed in: the credentials record (names only, one a line)
 * lists root's keys or a password. A hostname alone is no way in: the
 * console still asks, or the appliance would stay locked for good.
 */
bool way_in_recorded(const char *root)
{
	static const char *const ways[] = { "ssh.authorized_keys.root", "passwd.hashed-password.root",
					    "passwd.plaintext-password.root" };
	struct strbuf p = STRBUF_INIT, text = STRBUF_INIT;
	bool found = false;

	root_path(&p, root, "/var/lib/pvappliance/credentials");
	if (path_exists(p.buf) && !strbuf_read_file(&text, p.buf)) {
		for (const char *l = text.buf; *l && !found;) {
			size_t n = strcspn(l, "\n");
			for (size_t i = 0; i < ARRAY_SIZE(ways); i++)
				if (n == strlen(ways[i]) && !strncmp(l, ways[i], n))
					found = true;
			l += n + (l[n] == '\n');
		}
	}
	strbuf_release(&p);
	strbuf_release(&text);
	return found;
}

int console_needed(const char *root)
{
	return !way_in_recorded(root) && root_locked(root) > 0;
}

static void say(int fd, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void say(int fd, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	for (size_t off = 0; off < sb.len;) {
		ssize_t n = write(fd, sb.buf + off, sb.len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	strbuf_release(&sb);
}

enum got { GOT_LINE, GOT_EOF, GOT_ELSEWHERE, GOT_ERROR, GOT_LONG };

/*
 * The consoles that ask, each a file in root/run/pvappliance-firstboot
 * ("PID NAME"): instead of a kernel-log line, which every console prints
 * wherever its cursor is (on the serial console, over the prompt line a
 * person types on), each console says on its own terminal, between its own
 * prompts, which other consoles ask too. That line also tells a boot test
 * on the serial console when the VGA console reads keys: a console writes
 * its file once its terminal is ready (what was typed before is flushed).
 */
#define CONSOLES_DIR "/run/pvappliance-firstboot"

static void console_file(const struct console *c, const char *name, struct strbuf *out)
{
	root_path(out, c->root, CONSOLES_DIR "/");
	for (const char *p = name; *p; p++)
		strbuf_addch(out, *p == '/' ? '_' : *p);
}

/* Say "ANNOUNCE NAME" for each other live console not told yet (told holds
 * their file names). The number said. */
static int tell_others(struct console_state *st)
{
	struct strbuf dir = STRBUF_INIT, path = STRBUF_INIT, text = STRBUF_INIT;
	DIR *d;
	struct dirent *e;
	int said = 0;

	root_path(&dir, st->c->root, CONSOLES_DIR);
	d = opendir(dir.buf);
	while (d && (e = readdir(d))) {
		long pid;
		char *end;
		bool known = false;
		if (e->d_name[0] == '.' || (st->own.len && !strcmp(e->d_name, strrchr(st->own.buf, '/') + 1)))
			continue;
		for (size_t i = 0; i < st->told.nr && !known; i++)
			known = !strcmp(st->told.v[i], e->d_name);
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir.buf, e->d_name);
		strbuf_reset(&text);
		if (known || strbuf_read_file(&text, path.buf))
			continue;
		pid = strtol(text.buf, &end, 10);
		/* A file left by a console of an earlier boot (a /run on disk). */
		if (pid <= 0 || *end != ' ' || (kill((pid_t)pid, 0) && errno == ESRCH))
			continue;
		strbuf_setlen(&text, strcspn(text.buf, "\n"));
		say(st->c->fd, "%s" CONSOLE_ANNOUNCE "%s\n", said || st->at_line_start ? "" : "\n",
		    end + 1);
		strvec_push(&st->told, e->d_name);
		said++;
	}
	if (d)
		closedir(d);
	strbuf_release(&dir);
	strbuf_release(&path);
	strbuf_release(&text);
	return said;
}

/* One line from the terminal into buf, re-checking root's password (and
 * the other consoles: then the prompt is shown again) while nothing comes. */
static enum got read_line(struct console_state *st, const char *prompt, char *buf, size_t size)
{
	const struct console *c = st->c;
	size_t len = 0;
	bool too_long = false;

	for (;;) {
		struct pollfd pfd = { .fd = c->fd, .events = POLLIN };
		int r = poll(&pfd, 1, c->recheck_ms);
		char ch;
		ssize_t n;

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return GOT_ERROR;
		if (r == 0) {
			if (root_locked(c->root) == 0)
				return GOT_ELSEWHERE;
			/* What was typed so far stays in the line: only the prompt
			 * is written again, below the news. */
			st->at_line_start = false;
			if (tell_others(st))
				say(c->fd, "%s", prompt);
			continue;
		}
		if (!(pfd.revents & POLLIN))
			return GOT_EOF;   /* hangup or error */
		n = read(c->fd, &ch, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return GOT_EOF;
		if (ch == '\n' || ch == '\r') {
			buf[len] = '\0';
			if (too_long) {
				explicit_bzero(buf, size);
				return GOT_LONG;
			}
			return GOT_LINE;
		}
		if (ch == 4 && !len)
			return GOT_EOF;   /* ^D in a raw terminal */
		if (len + 1 < size)
			buf[len++] = ch;
		else
			too_long = true;
		explicit_bzero(&ch, 1);
	}
}

/* Store hash as root's, unless someone else was first. */
static enum console_result store(const struct console *c, const char *hash)
{
	int lock = pw_lock(c->root), locked;
	enum console_result res = CONSOLE_FAILED;

	if (lock < 0)
		return CONSOLE_FAILED;
	locked = root_locked(c->root);
	if (locked == 0)
		res = CONSOLE_SET_ELSEWHERE;
	else if (locked > 0 && !set_root_hash(c->root, hash))
		res = CONSOLE_SET;
	close(lock);
	return res;
}

static enum console_result ask(struct console_state *st)
{
	const struct console *c = st->c;
	char first[LINE_MAX_LEN], second[LINE_MAX_LEN], generated[17];
	enum console_result res = CONSOLE_FAILED;
	const char *password = NULL;

	say(c->fd, "\nThis appliance has no root password yet, and none was handed in.\n"
		   "Choose one now (at least %d characters; it is not shown), or answer g\n"
		   "to have one made up for you. Only its hash is kept.\n", MIN_LEN);
	st->at_line_start = true;
	tell_others(st);
	for (;;) {
		enum got g;

		say(c->fd, CONSOLE_ASK);
		g = read_line(st, CONSOLE_ASK, first, sizeof(first));
		say(c->fd, "\n");
		if (g == GOT_LONG) {
			say(c->fd, "That is too long (at most %d characters). Again.\n",
			    LINE_MAX_LEN - 1);
			continue;
		}
		if (g != GOT_LINE) {
			res = g == GOT_ELSEWHERE ? CONSOLE_SET_ELSEWHERE :
			      g == GOT_EOF ? CONSOLE_GAVE_UP : CONSOLE_FAILED;
			goto out;
		}
		if (!strcmp(first, "g") || !strcmp(first, "G")) {
			if (console_generate(c->random, generated)) {
				error("no random bytes to make a password from");
				goto out;
			}
			say(c->fd, CONSOLE_SHOWN "%s\nWrite it down: it is shown only this once.\n"
				   CONSOLE_WRITTEN_DOWN, generated);
			/* The screen may be cleared for the login prompt (a VT's
			 * getty): nothing is stored before the person is ready. */
			g = read_line(st, CONSOLE_WRITTEN_DOWN, second, sizeof(second));
			say(c->fd, "\n");
			if (g != GOT_LINE && g != GOT_LONG) {
				res = g == GOT_ELSEWHERE ? CONSOLE_SET_ELSEWHERE :
				      g == GOT_EOF ? CONSOLE_GAVE_UP : CONSOLE_FAILED;
				goto out;
			}
			password = generated;
			break;
		}
		if (strlen(first) < MIN_LEN) {
			say(c->fd, "That is shorter than %d characters. Again.\n", MIN_LEN);
			continue;
		}
		say(c->fd, CONSOLE_REPEAT);
		g = read_line(st, CONSOLE_REPEAT, second, sizeof(second));
		say(c->fd, "\n");
		if (g == GOT_LONG) {
			say(c->fd, "The two passwords differ. Again.\n");
			continue;
		}
		if (g != GOT_LINE) {
			res = g == GOT_ELSEWHERE ? CONSOLE_SET_ELSEWHERE :
			      g == GOT_EOF ? CONSOLE_GAVE_UP : CONSOLE_FAILED;
			goto out;
		}
		if (strcmp(first, second)) {
			say(c->fd, "The two passwords differ. Again.\n");
			continue;
		}
		password = first;
		break;
	}
	{
		char *hash = c->hash(c->root, password);
		if (!hash)
			goto out;
		res = store(c, hash);
		explicit_bzero(hash, strlen(hash));
		free(hash);
	}
	if (res == CONSOLE_SET)
		say(c->fd, "The root password is set. Log in as root.\n\n");
out:
	if (res == CONSOLE_SET_ELSEWHERE)
		say(c->fd, "\nThe root password was set on another console.\n\n");
	explicit_bzero(first, sizeof(first));
	explicit_bzero(second, sizeof(second));
	explicit_bzero(generated, sizeof(generated));
	return res;
}

/* The terminal's settings before the prompt, put back by any signal that
 * ends the program during it (SIGTERM from init, a getty's SIGHUP...): a
 * console left without echo is a console nobody can log in on. */
static struct termios saved_termios;
static volatile sig_atomic_t saved_fd = -1;
static const int ending_signals[] = { SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGALRM, SIGUSR1,
				      SIGUSR2, SIGPIPE, SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF };

static void restore_and_die(int sig)
{
	if (saved_fd >= 0)
		tcsetattr(saved_fd, TCSANOW, &saved_termios);
	signal(sig, SIG_DFL);
	raise(sig);   /* delivered when this handler returns */
}

enum console_result console_run(const struct console *c0)
{
	struct console c = *c0;
	struct console_state st = { .c = &c, .own = STRBUF_INIT, .told = STRVEC_INIT };
	struct sigaction old_actions[(ARRAY_SIZE(ending_signals))];
	struct termios quiet;
	bool have_termios;
	enum console_result res;

	if (!c.random)
		c.random = default_random;
	if (!c.hash)
		c.hash = hash_password;
	if (c.recheck_ms <= 0)
		c.recheck_ms = 1000;
	if (!console_needed(c.root))
		return CONSOLE_NOT_NEEDED;
	have_termios = !tcgetattr(c.fd, &saved_termios);
	if (have_termios) {
		/* A signal ignored (^C on the console, in cmd_console) stays
		 * ignored; every other one that would end us restores first. */
		struct sigaction sa = { .sa_handler = restore_and_die };
		sigemptyset(&sa.sa_mask);
		for (size_t i = 0; i < (ARRAY_SIZE(ending_signals)); i++) {
			sigaction(ending_signals[i], NULL, &old_actions[i]);
			if (old_actions[i].sa_handler == SIG_DFL)
				sigaction(ending_signals[i], &sa, NULL);
		}
		saved_fd = c.fd;
		/* Lines, no echo; line breaks as a terminal shows them (a serial
		 * console before getty may be in any mode). */
		quiet = saved_termios;
		quiet.c_lflag |= ICANON;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK | ECHONL);
		quiet.c_iflag |= ICRNL;
		quiet.c_oflag |= OPOST | ONLCR;
		tcsetattr(c.fd, TCSAFLUSH, &quiet);
	}
	if (c.announce) {
		/* Ready for keys: the others may say so (see CONSOLES_DIR). */
		struct strbuf dir = STRBUF_INIT, text = STRBUF_INIT;
		root_path(&dir, c.root, CONSOLES_DIR);
		console_file(&c, c.announce, &st.own);
		strbuf_addf(&text, "%ld %s\n", (long)getpid(), c.announce);
		if (mkdir_p(dir.buf) || replace_file(st.own.buf, text.buf, text.len, 0644))
			strbuf_reset(&st.own);   /* a courtesy: the prompt goes on */
		strbuf_release(&dir);
		strbuf_release(&text);
	}
	res = ask(&st);
	if (st.own.len)
		unlink(st.own.buf);
	if (have_termios) {
		tcsetattr(c.fd, TCSAFLUSH, &saved_termios);
		saved_fd = -1;
		for (size_t i = 0; i < (ARRAY_SIZE(ending_signals)); i++)
			if (old_actions[i].sa_handler == SIG_DFL)
				sigaction(ending_signals[i], &old_actions[i], NULL);
	}
	strbuf_release(&st.own);
	strvec_clear(&st.told);
	return res;
}
