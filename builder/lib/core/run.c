/* Running programs from an argv vector: fork, exec, wait. */
#include "core/run.h"
#include "core/tools.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void run_format_argv(struct strbuf *out, const char *const *argv)
{
	for (size_t i = 0; argv[i]; i++) {
		const char *a = argv[i];
		if (i)
			strbuf_addch(out, ' ');
		if (*a && !a[strspn(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				       "0123456789-_./=:,+@%")]) {
			strbuf_addstr(out, a);
			continue;
		}
		strbuf_addch(out, '\'');
		for (; *a; a++) {
			if (*a == '\'')
				strbuf_addstr(out, "'\\''");
			else
				strbuf_addch(out, *a);
		}
		strbuf_addch(out, '\'');
	}
}

void run_show_log_tail(const char *log, int lines)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;
	int n = 0;

	if (strbuf_read_file(&sb, log))
		return;
	p = sb.buf + sb.len;
	while (p > sb.buf && n <= lines)
		if (*--p == '\n')
			n++;
	if (*p == '\n')
		p++;
	fprintf(stderr, "--- last lines of %s ---\n%s--- end of log ---\n", log, p);
	strbuf_release(&sb);
}

/* In the child: only async-signal-safe calls until exec. Failure to set up
 * is sent back to the parent as an errno through the close-on-exec pipe. */
static _Noreturn void child(const char *const *argv, const struct run_opts *o,
			    int capture_fd, int err_fd)
{
	int e;
	int in = o->in_fd;

	if (in < 0)
		in = open("/dev/null", O_RDONLY);
	if (in < 0 || dup2(in, 0) < 0)
		goto fail;
	if (capture_fd >= 0 && dup2(capture_fd, 1) < 0)
		goto fail;
	if (o->out_fd >= 0) {
		if (capture_fd < 0 && dup2(o->out_fd, 1) < 0)
			goto fail;
		if (dup2(o->out_fd, 2) < 0)
			goto fail;
	}
	if (o->dir && chdir(o->dir) < 0)
		goto fail;
	if (o->unsetenv)
		for (size_t i = 0; o->unsetenv[i]; i++)
			unsetenv(o->unsetenv[i]);
	if (o->setenv)
		for (size_t i = 0; o->setenv[i]; i++)
			putenv(o->setenv[i]);
	signal(SIGPIPE, SIG_DFL);
	execvp(argv[0], (char *const *)argv);
fail:
	e = errno;
	if (write(err_fd, &e, sizeof(e)) < 0)
		_exit(127);
	_exit(127);
}

/* waitpid, calling o->tick about once a second meanwhile when it is set:
 * polled in tenths of a second, so a short program costs no more than
 * that. */
static int wait_child(pid_t pid, int *status, const struct run_opts *o)
{
	const struct timespec tenth = { .tv_nsec = 100000000L };
	pid_t r;
	for (unsigned i = 1;; i++) {
		r = waitpid(pid, status, o->tick ? WNOHANG : 0);
		if (r == pid)
			return 0;
		if (r < 0 && errno != EINTR)
			return -1;
		if (r == 0) {
			if (i % 10 == 0)
				o->tick(o->tick_arg);
			nanosleep(&tenth, NULL);
		}
	}
}

int run_command(const char *const *argv, const struct run_opts *opts)
{
	static const struct run_opts defaults = RUN_OPTS_INIT;
	const struct run_opts *o = opts ? opts : &defaults;
	int errpipe[2] = { -1, -1 }, cap[2] = { -1, -1 };
	int status, child_errno = 0, ret = -1;
	pid_t pid;
	ssize_t n;

	if (tool_require(argv[0]))
		return -1;
	if (pipe2(errpipe, O_CLOEXEC) < 0)
		return error_errno("cannot create a pipe");
	if (o->capture && pipe2(cap, O_CLOEXEC) < 0) {
		error_errno("cannot create a pipe");
		goto out;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		error_errno("cannot run '%s': fork", argv[0]);
		goto out;
	}
	if (pid == 0)
		child(argv, o, cap[1], errpipe[1]);
	close(errpipe[1]);
	errpipe[1] = -1;
	if (o->capture) {
		close(cap[1]);
		cap[1] = -1;
		if (strbuf_read_fd(o->capture, cap[0]) < 0)
			warning_errno("reading the output of '%s'", argv[0]);
	}
	do
		n = read(errpipe[0], &child_errno, sizeof(child_errno));
	while (n < 0 && errno == EINTR);
	if (wait_child(pid, &status, o) < 0) {
		error_errno("waiting for '%s'", argv[0]);
		goto out;
	}
	if (n == (ssize_t)sizeof(child_errno)) {
		error("cannot run '%s': %s", argv[0], strerror(child_errno));
		goto out;
	}
	if (WIFSIGNALED(status)) {
		error("'%s' was killed by signal %d (%s)", argv[0], WTERMSIG(status),
		      strsignal(WTERMSIG(status)));
		goto out;
	}
	ret = WEXITSTATUS(status);
out:
	for (int i = 0; i < 2; i++) {
		if (errpipe[i] >= 0)
			close(errpipe[i]);
		if (cap[i] >= 0)
			close(cap[i]);
	}
	return ret;
}
