/* VMware guestinfo and OVF environment, read in a child (see vmware.h). */
#include "vmware.h"
#include "accounts.h"
#include "ovfenv.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define REFUSED 0xffffffffu
#define CHILD_TIMEOUT_MS 20000

static int record(int fd, const char *name, const void *data, uint32_t len)
{
	if (write_all(fd, name, strlen(name) + 1) || write_all(fd, &len, 4))
		return -1;
	return len == REFUSED ? 0 : write_all(fd, data, len);
}

static int fetch_one(struct rpci *r, int fd, const char *name, size_t max)
{
	struct strbuf v = STRBUF_INIT;
	int got = guestinfo_get(r, name, &v, max), ret = 0;

	if (got == -2) {
		fb_report("guestinfo.%s is longer than %zu bytes; "
			"nothing will be applied\n", name, max);
		ret = record(fd, name, NULL, REFUSED);
	} else if (got == 1 && v.len) {
		ret = record(fd, name, v.buf, (uint32_t)v.len);
	} else if (got < 0) {
		fb_report("guestinfo.%s: the RPC channel failed\n",
			name);
	}
	explicit_bzero(v.buf, v.len);
	strbuf_release(&v);
	/* Over the size limit the channel was closed: open another. */
	if (got == -2 && rpci_open(r, r->call, r->ctx))
		return -1;
	return ret;
}

int vmware_fetch(backdoor_fn fn, void *ctx, int fd)
{
	struct rpci r;
	int ret = 0;

	if (rpci_open(&r, fn, ctx))
		return -1;
	for (int i = 0; i < CRED_COUNT && !ret; i++)
		if (cred_table[i].guestinfo)
			ret = fetch_one(&r, fd, cred_table[i].name, CRED_VALUE_MAX);
	if (!ret)
		ret = fetch_one(&r, fd, "ovfEnv", OVFENV_MAX);
	rpci_close(&r);
	return ret;
}

static int read_all(int fd, void *buf, size_t len)
{
	char *p = buf;
	while (len) {
		ssize_t n = read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int vmware_read_records(int fd, struct creds *c, struct strvec *read_names)
{
	struct strbuf ovf = STRBUF_INIT;
	int ret = 0, have_ovf = 0;

	for (;;) {
		char name[64];
		size_t n = 0;
		uint32_t len;
		char *data;
		ssize_t got;

		while (n < sizeof(name) && (got = read(fd, name + n, 1)) == 1 && name[n])
			n++;
		if (n == 0 && got == 0)
			break;   /* the end */
		if (n == sizeof(name) || got != 1 || read_all(fd, &len, 4)) {
			ret = -1;
			break;
		}
		if (len == REFUSED) {
			c->invalid++;
			strvec_push(read_names, name);
			continue;
		}
		if (len > OVFENV_MAX) {
			ret = -1;
			break;
		}
		data = malloc(len + 1);
		if (!data || read_all(fd, data, len)) {
			free(data);
			ret = -1;
			break;
		}
		data[len] = '\0';
		if (!strcmp(name, "ovfEnv")) {
			strbuf_add(&ovf, data, len);
			have_ovf = 1;
		} else {
			int id = cred_lookup(name);
			char source[96];
			snprintf(source, sizeof(source), "guestinfo.%s", name);
			if (id >= 0 && cred_table[id].guestinfo)
				creds_offer(c, id, source, data, len);
			strvec_push(read_names, name);
		}
		explicit_bzero(data, len);
		free(data);
	}
	if (have_ovf) {
		ovfenv_credentials(ovf.buf, ovf.len, c);
		strvec_push(read_names, "ovfEnv");
	}
	explicit_bzero(ovf.buf, ovf.len);
	strbuf_release(&ovf);
	return ret;
}

/* Run job(fn, ctx, arg, fd) in a child; the parent reads with reader. */
static int in_child(int (*job)(backdoor_fn, void *, const void *, int), backdoor_fn fn,
		    void *ctx, const void *arg, int (*reader)(int, void *), void *rarg)
{
	int fds[2], status, ret;
	pid_t pid;

	if (pipe(fds))
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		/* No core file of a faulting `in`. */
		signal(SIGSEGV, SIG_DFL);
		alarm(CHILD_TIMEOUT_MS / 1000);
		_exit(job(fn, ctx, arg, fds[1]) ? 1 : 0);
	}
	close(fds[1]);
	ret = reader ? reader(fds[0], rarg) : 0;
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(status)) {
		fb_report("the VMware backdoor is not there (the "
			"reader died of signal %d); no guestinfo read\n", WTERMSIG(status));
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return -1;
	return ret;
}

static int fetch_job(backdoor_fn fn, void *ctx, const void *arg, int fd)
{
	(void)arg;
	return vmware_fetch(fn, ctx, fd);
}

struct read_arg {
	struct creds *c;
	struct strvec *read_names;
};

static int read_job(int fd, void *arg)
{
	struct read_arg *a = arg;
	return vmware_read_records(fd, a->c, a->read_names);
}

int vmware_credentials(backdoor_fn fn, void *ctx, struct creds *c, struct strvec *read_names)
{
	struct read_arg a = { c, read_names };
	return in_child(fetch_job, fn, ctx, NULL, read_job, &a);
}

int vmware_clear_names(backdoor_fn fn, void *ctx, const struct strvec *names)
{
	struct rpci r;
	int refused = 0;

	if (!names->nr)
		return 0;
	if (rpci_open(&r, fn, ctx))
		return (int)names->nr;
	for (size_t i = 0; i < names->nr; i++)
		if (guestinfo_clear(&r, names->v[i])) {
			fb_report("guestinfo.%s: the host did not "
				"let it be cleared\n", names->v[i]);
			refused++;
		}
	rpci_close(&r);
	return refused;
}

static int clear_job(backdoor_fn fn, void *ctx, const void *arg, int fd)
{
	(void)fd;
	return vmware_clear_names(fn, ctx, arg) ? 1 : 0;
}

int vmware_clear(backdoor_fn fn, void *ctx, const struct strvec *names)
{
	return in_child(clear_job, fn, ctx, names, NULL, NULL);
}
