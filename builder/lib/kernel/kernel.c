/* The kernel build pipeline (see kernel.h): the steps in order, each in its
 * file (see kernel-int.h). */
#include "kernel/kernel-int.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/run.h"
#include "core/tools.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int default_jobs(struct kbuild *b)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	if (b->cc.nr && !strcmp(b->cc.v[0], "distcc")) {
		struct strbuf out = STRBUF_INIT;
		struct run_opts ro = RUN_OPTS_INIT;
		const char *argv[] = { "distcc", "-j", NULL };
		ro.capture = &out;
		if (run_command(argv, &ro) == 0 && atoi(out.buf) > 0)
			n = atoi(out.buf);
		strbuf_release(&out);
	}
	return n > 0 ? (int)n : 1;
}

static void setup(struct kbuild *b, const struct kernel_opts *o)
{
	const char *cc = o->cc;
	memset(b, 0, sizeof(*b));
	b->o = o;
	b->log_fd = b->lock_fd = -1;
	strvec_init(&b->cc);
	if (!cc || !*cc)
		cc = getenv("DISTCC_HOSTS") ? "distcc gcc" : "gcc";
	strvec_split(&b->cc, cc);
	if (!b->cc.nr)
		strvec_push(&b->cc, "gcc");
	b->epoch = o->epoch;
	if (o->cache_root)
		strbuf_addstr(&b->root, o->cache_root);
	else
		kernel_default_cache_root(&b->root);
}

int kernel_build(const struct kernel_opts *o, struct strbuf *result_dir)
{
	struct kbuild b;
	struct kconfig final = KCONFIG_INIT;
	struct strbuf report = STRBUF_INIT, key = STRBUF_INIT, dest = STRBUF_INIT;
	struct strbuf lock = STRBUF_INIT;
	unsigned kv;
	int ret = -1;

	setup(&b, o);
	b.prof = (struct kprofile)KPROFILE_INIT;
	if (kprofile_load(&b.prof, o->profile))
		goto out;
	if (o->source && *o->source)
		strbuf_addstr(&b.source, o->source);
	else if (b.prof.source)
		strbuf_addstr(&b.source, b.prof.source);
	else {
		error("profile '%s' names no kernel source; pass one with KERNEL_SRC=/path "
		      "(a source tree or tarball)", b.prof.path);
		goto out;
	}
	if (tool_require("make") || tool_require(b.cc.v[0]))
		goto out;
	if (mkdir_p(b.root.buf) || kbuild_identify_source(&b) || kbuild_unpack_source(&b) ||
	    kbuild_read_version(&b, &kv))
		goto out;
	if (b.prof.min_version && (kv < b.prof.min_version || kv > b.prof.max_version)) {
		struct strbuf lo = STRBUF_INIT, hi = STRBUF_INIT;
		kversion_format(&lo, b.prof.min_version);
		kversion_format(&hi, b.prof.max_version);
		error("profile '%s' is for Linux %s to %s, but '%s' is Linux %s; pass a "
		      "matching tree with KERNEL_SRC=", b.prof.name, lo.buf, hi.buf,
		      b.source.buf, b.version.buf);
		strbuf_release(&lo);
		strbuf_release(&hi);
		goto out;
	}

	{
		time_t t = (time_t)b.epoch;
		struct tm tm;
		char buf[64];
		gmtime_r(&t, &tm);
		strftime(buf, sizeof(buf), "%a %b %e %H:%M:%S UTC %Y", &tm);
		strbuf_addstr(&b.timestamp, buf);
	}
	b.jobs = o->jobs > 0 ? o->jobs : default_jobs(&b);

	/* One object directory per source: configs take turns in it, so a new
	 * config compiles incrementally; the lock serialises concurrent builds. */
	strbuf_addf(&b.obj, "%s/obj/%s-%s", b.root.buf, b.srcid.buf, b.prof.arch);
	strbuf_addf(&lock, "%s.lock", b.obj.buf);
	strbuf_addf(&b.log, "%s.log", b.obj.buf);
	if (mkdir_p(b.obj.buf) || (b.lock_fd = lock_file(lock.buf, "the kernel object "
							  "directory")) < 0)
		goto out;
	/* The make we start inherits the lock (flock belongs to the open file,
	 * which its descriptor keeps): were we killed mid-compile, our orphaned
	 * make would hold it until it ends, and the next build waits for it
	 * instead of compiling into the same directory beside it. */
	if (fcntl(b.lock_fd, F_SETFD, 0) < 0) {
		error_errno("cannot pass the lock '%s' on to the compile", lock.buf);
		goto out;
	}
	b.log_fd = open(b.log.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (b.log_fd < 0) {
		error_errno("cannot create '%s'", b.log.buf);
		goto out;
	}
	if (kbuild_configure(&b, &final, &report))
		goto out;
	if (o->config_only) {
		ret = 0;
		goto out;
	}
	if (kbuild_cache_key(&b, &key))
		goto out;
	strbuf_addf(&dest, "%s/kernel/%s", b.root.buf, key.buf);
	if (is_dir(dest.buf)) {
		progress("KERNEL", "cached: %s (same source, config and toolchain)", dest.buf);
	} else {
		struct timespec t0, t1;
		strbuf_reset(&lock); /* reused: the results' parent directory */
		strbuf_addf(&lock, "%s/kernel", b.root.buf);
		if (mkdir_p(lock.buf))
			goto out;
		progress("KERNEL", "compiling %s with %d jobs (log: %s)", b.prof.target, b.jobs,
			 b.log.buf);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (kbuild_compile(&b))
			goto out;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		double secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
		if (kbuild_install_result(&b, dest.buf, key.buf, &report, secs))
			goto out;
		progress("KERNEL", "built in %.0f s: %s", secs, dest.buf);
	}
	if (o->link && symlink_atomic(dest.buf, o->link))
		goto out;
	if (o->depfile && kbuild_write_depfile(&b))
		goto out;
	if (result_dir)
		strbuf_add(result_dir, dest.buf, dest.len);
	ret = 0;
out:
	if (b.log_fd >= 0)
		close(b.log_fd);
	if (b.lock_fd >= 0)
		close(b.lock_fd);
	kprofile_release(&b.prof);
	kconfig_release(&final);
	strbuf_release(&report);
	strbuf_release(&key);
	strbuf_release(&dest);
	strbuf_release(&lock);
	strbuf_release(&b.root);
	strbuf_release(&b.source);
	strbuf_release(&b.srcid);
	strbuf_release(&b.tree);
	strbuf_release(&b.version);
	strbuf_release(&b.obj);
	strbuf_release(&b.log);
	strbuf_release(&b.timestamp);
	strvec_clear(&b.cc);
	return ret;
}
