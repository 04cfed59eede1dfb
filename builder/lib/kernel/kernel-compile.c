/* Configuring and compiling a kernel: kbuild's make with the build identity
 * pinned, the profile's config and policy, the compile with progress (see
 * kernel-int.h). Tested by builder/t/kernel/t-kernel.c. */
#include "kernel/kernel-int.h"
#include "core/array.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/run.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* make -C TREE O=OBJ ARCH=... with the build identity pinned. MAKEFLAGS and
 * friends are dropped: our Makefile's own O=, V= and -r must not reach kbuild. */
static int kmake(struct kbuild *b, const char *target, int jobs, int in_fd, int tail)
{
	static char *const drop[] = { "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES",
				      "GNUMAKEFLAGS", "ARCH", "CROSS_COMPILE", "O", NULL };
	struct strvec argv = STRVEC_INIT;
	struct strbuf cc = STRBUF_INIT;
	struct run_opts ro = RUN_OPTS_INIT;
	int rc;

	for (size_t i = 0; i < b->cc.nr; i++)
		strbuf_addf(&cc, "%s%s", i ? " " : "", b->cc.v[i]);
	strvec_pushl(&argv, "make", "-C", b->tree.buf, NULL);
	strvec_pushf(&argv, "O=%s", b->obj.buf);
	strvec_pushf(&argv, "ARCH=%s", b->prof.arch);
	strvec_pushf(&argv, "CC=%s", cc.buf);
	strvec_pushf(&argv, "KBUILD_BUILD_TIMESTAMP=%s", b->timestamp.buf);
	strvec_push(&argv, "KBUILD_BUILD_USER=" KBUILD_USER);
	strvec_push(&argv, "KBUILD_BUILD_HOST=" KBUILD_HOST);
	strvec_push(&argv, "KBUILD_BUILD_VERSION=1");
	if (jobs > 1)
		strvec_pushf(&argv, "-j%d", jobs);
	strvec_push(&argv, target);

	ro.out_fd = b->log_fd;
	ro.in_fd = in_fd;
	ro.unsetenv = drop;
	if (b->watch) {
		ro.tick = logwatch_tick;
		ro.tick_arg = b->watch;
	}
	dprintf(b->log_fd, "\n### ");
	{
		struct strbuf line = STRBUF_INIT;
		run_format_argv(&line, (const char *const *)argv.v);
		dprintf(b->log_fd, "%s\n", line.buf);
		strbuf_release(&line);
	}
	rc = run_command((const char *const *)argv.v, &ro);
	if (rc > 0) {
		run_show_log_tail(b->log.buf, tail);
		error("'make %s' failed for the %s kernel (exit %d); the whole log is '%s'",
		      target, b->version.buf, rc, b->log.buf);
	}
	strvec_clear(&argv);
	strbuf_release(&cc);
	return rc ? -1 : 0;
}

/* kbuild's quiet lines, as the compile shows progress: objects compiled,
 * then the link and the compressed image. */
static const struct logwatch_rule kbuild_phases[] = {
	{ "  CC ", "compiling", true },
	{ "  LD      vmlinux", "linking vmlinux", false },
	{ "  XZKERN", "compressing", false },
	{ "  GZIP", "compressing", false },
	{ "  BUILD   arch/x86/boot/bzImage", "writing bzImage", false },
	{ NULL, NULL, false },
};

/* The compile, with progress. A full compile (no vmlinux in the object
 * directory yet) expects as many objects as the last full one in this
 * directory needed, remembered in OBJ.objects; an incremental one says
 * how many it compiled, as it cannot know in advance. */
int kbuild_compile(struct kbuild *b)
{
	struct strbuf vmlinux = STRBUF_INIT, count_file = STRBUF_INIT, old = STRBUF_INIT;
	struct logwatch watch;
	unsigned long expect = 0, done;
	bool full;
	int ret;

	strbuf_addf(&vmlinux, "%s/vmlinux", b->obj.buf);
	strbuf_addf(&count_file, "%s.objects", b->obj.buf);
	full = !path_exists(vmlinux.buf);
	if (full) {
		FILE *f = fopen(count_file.buf, "r"); /* none before the first compile */
		if (f) {
			if (fscanf(f, "%lu", &expect) != 1)
				expect = 0;
			fclose(f);
		}
	}
	logwatch_init(&watch, "KERNEL", b->prof.target, b->log.buf, kbuild_phases, "objects",
		      expect);
	b->watch = &watch;
	ret = kmake(b, b->prof.target, b->jobs, -1, 40);
	b->watch = NULL;
	done = logwatch_end(&watch);
	if (!ret) {
		progress("KERNEL", "%lu objects compiled", done);
		if (full && done) {
			/* Only a hint for the next progress line: not fatal. */
			strbuf_reset(&old);
			strbuf_addf(&old, "%lu\n", done);
			if (write_file_atomic(count_file.buf, old.buf, old.len, 0644))
				warning("the object count is not remembered for next time");
		}
	}
	strbuf_release(&vmlinux);
	strbuf_release(&count_file);
	strbuf_release(&old);
	return ret;
}

/* A file of newlines: "oldconfig" on old trees reads its answers from stdin,
 * and an empty answer takes the default, as `yes "" | make oldconfig` does. */
static int newlines_fd(struct kbuild *b)
{
	struct strbuf path = STRBUF_INIT;
	char buf[4096];
	int fd;

	strbuf_addf(&path, "%s.answers", b->log.buf);
	memset(buf, '\n', sizeof(buf));
	fd = open(path.buf, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd >= 0) {
		for (int i = 0; i < 64; i++)
			if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf)) {
				close(fd);
				fd = -1;
				break;
			}
	}
	if (fd < 0 || lseek(fd, 0, SEEK_SET) < 0)
		error_errno("cannot write '%s'", path.buf);
	unlink(path.buf);
	strbuf_release(&path);
	return fd;
}

/* The summary: the report's last line, without its newline. */
static const char *last_line(struct strbuf *report)
{
	char *nl;
	strbuf_rtrim(report);
	nl = strrchr(report->buf, '\n');
	return nl ? nl + 1 : report->buf;
}

int kbuild_configure(struct kbuild *b, struct kconfig *final, struct strbuf *report)
{
	struct kconfig base = KCONFIG_INIT;
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	int ret = -1, in_fd = -1;
	size_t failed;

	progress("KERNEL", "%s: Linux %s, %s + %zu fragments", b->prof.name, b->version.buf,
		 b->prof.baseline, b->prof.fragments.nr);
	if (kmake(b, b->prof.baseline, 0, -1, 20))
		goto out;
	strbuf_addf(&path, "%s/.config", b->obj.buf);
	if (kconfig_read(&base, path.buf, false))
		goto out;
	/* Fragments override the baseline; that is their purpose, so no
	 * override warnings here (conflicts between fragments were reported
	 * when the profile was loaded). */
	kconfig_merge(&base, &b->prof.requested, false);
	kconfig_write(&text, &base);
	if (write_file_atomic(path.buf, text.buf, text.len, 0644))
		goto out;
	progress("KERNEL", "%s", b->prof.update);
	if (!strcmp(b->prof.update, "oldconfig") && (in_fd = newlines_fd(b)) < 0)
		goto out;
	if (kmake(b, b->prof.update, 0, in_fd, 20))
		goto out;
	if (kconfig_read(final, path.buf, false))
		goto out;
	failed = kconfig_check(final, path.buf, &b->prof.policy, report);
	if (failed) {
		/* Print the failures, not the hundred lines that passed. */
		for (const char *p = report->buf; *p;) {
			const char *nl = strchrnul(p, '\n');
			if (!strncmp(p, "FAIL", 4))
				fprintf(stderr, "%.*s\n", (int)(nl - p), p);
			p = *nl ? nl + 1 : nl;
		}
		error("the kernel config of profile '%s' fails %zu of its requirements; fix the "
		      "fragments listed in %s (see the lines above)", b->prof.name, failed,
		      b->prof.path);
		goto out;
	}
	progress("POLICY", "%s", last_line(report));
	ret = 0;
out:
	if (in_fd >= 0)
		close(in_fd);
	kconfig_release(&base);
	strbuf_release(&path);
	strbuf_release(&text);
	return ret;
}
