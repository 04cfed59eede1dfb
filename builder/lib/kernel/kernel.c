/* The kernel build pipeline: source cache, config, policy, compile cache. */
#include "kernel/kernel.h"
#include "core/logwatch.h"
#include "core/fsutil.h"
#include "core/hash.h"
#include "conf/profile.h"
#include "core/run.h"
#include "core/strvec.h"
#include "core/tools.h"
#include "core/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Who and where the kernel says it was built: nothing of the build machine. */
#define KBUILD_USER "pvappliance"
#define KBUILD_HOST "pvappliance"
/* Bump when the cache's contents or key change meaning. */
#define CACHE_FORMAT "pvappliance-kernel-cache 1"

struct kbuild {
	const struct kernel_opts *o;
	struct kprofile prof;
	struct strbuf root, source, srcid, tree, version, obj, log, timestamp;
	struct strvec cc;
	long long epoch;
	int jobs;
	int log_fd, lock_fd;
	struct logwatch *watch; /* progress of the current kmake, or NULL */
};

void kernel_default_cache_root(struct strbuf *out)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	if (xdg && *xdg == '/')
		strbuf_addf(out, "%s/pvappliance", xdg);
	else
		strbuf_addf(out, "%s/.cache/pvappliance", home && *home ? home : "/tmp");
}

/* Newest mtime under a source tree: a user's tree has no content hash we
 * could afford, so an edit anywhere in it changes the source identity. */
static long long newest_mtime;
static int note_mtime(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)type;
	if (ftw->level == 1 && !strcmp(path + ftw->base, ".git"))
		return FTW_SKIP_SUBTREE;
	if ((long long)st->st_mtime > newest_mtime)
		newest_mtime = st->st_mtime;
	return FTW_CONTINUE;
}

static int identify_source(struct kbuild *b)
{
	struct stat st;
	const char *src = b->source.buf;

	if (stat(src, &st) < 0) {
		if (b->o->source || !b->prof.source_package)
			return error_errno("kernel source '%s'", src);
		return error("kernel source '%s' is missing; install it with: apt-get install %s "
			     "(or run 'make deps'), or pass KERNEL_SRC=/path/to/linux", src,
			     b->prof.source_package);
	}
	if (S_ISDIR(st.st_mode)) {
		struct sha256_ctx *c = sha256_new();
		char *real = realpath(src, NULL);
		struct strbuf mk = STRBUF_INIT, hex = STRBUF_INIT;

		if (!real)
			die_oom();
		strbuf_addf(&mk, "%s/Makefile", real);
		if (stat(mk.buf, &st) < 0) {
			free(real);
			strbuf_release(&mk);
			sha256_free(c);
			return error("'%s' is not a kernel source tree: it has no Makefile", src);
		}
		newest_mtime = 0;
		progress("KERNEL", "scanning source tree %s", real);
		if (nftw(real, note_mtime, 64, FTW_PHYS | FTW_ACTIONRETVAL) < 0)
			warning_errno("cannot scan all of '%s'", real);
		sha256_update_str(c, real);
		sha256_update(c, &newest_mtime, sizeof(newest_mtime));
		sha256_final_hex(c, &hex);
		strbuf_addf(&b->srcid, "dir-%.16s", hex.buf);
		strbuf_addstr(&b->tree, real);
		if (b->epoch < 0)
			b->epoch = st.st_mtime; /* the tree's Makefile: its release date */
		free(real);
		strbuf_release(&mk);
		strbuf_release(&hex);
		return 0;
	}
	/* A tarball: identified by its content; its date (dpkg keeps the
	 * package's mtimes) is the kernel's build timestamp, so the cache key
	 * and the bytes agree whoever builds it and whenever. */
	struct strbuf hex = STRBUF_INIT;
	if (sha256_file_hex(src, &hex) < 0)
		return -1;
	strbuf_addf(&b->srcid, "tar-%.16s", hex.buf);
	strbuf_release(&hex);
	if (b->epoch < 0)
		b->epoch = st.st_mtime;
	return 0;
}

/* The single directory a kernel tarball unpacks to. */
static int find_top_dir(const char *dir, struct strbuf *out)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int found = 0;

	if (!d)
		return error_errno("cannot open '%s'", dir);
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (found++)
			break;
		strbuf_addf(out, "%s/%s", dir, e->d_name);
	}
	closedir(d);
	if (found != 1)
		return error("'%s' should hold exactly one directory (the unpacked kernel "
			     "source); remove it and build again", dir);
	return 0;
}

static int unpack_source(struct kbuild *b)
{
	struct strbuf dir = STRBUF_INIT, tmp = STRBUF_INIT, lock = STRBUF_INIT;
	int lock_fd = -1, ret = -1;

	if (b->tree.len)
		return 0; /* a directory: used in place */
	strbuf_addf(&dir, "%s/src/%s", b->root.buf, b->srcid.buf);
	if (is_dir(dir.buf) && !find_top_dir(dir.buf, &b->tree)) {
		ret = 0;
		goto out;
	}
	strbuf_reset(&b->tree);
	strbuf_addf(&lock, "%s.lock", dir.buf);
	if (mkdir_p(b->root.buf) || mkdir_p(dir.buf) < 0)
		goto out;
	rmdir(dir.buf); /* mkdir_p checked we may create it; the rename makes it */
	if ((lock_fd = lock_file(lock.buf, "the kernel source cache")) < 0)
		goto out;
	if (is_dir(dir.buf) && !find_top_dir(dir.buf, &b->tree)) {
		ret = 0; /* another build unpacked it while we waited */
		goto out;
	}
	strbuf_reset(&b->tree);
	remove_tree(dir.buf);
	strbuf_addf(&tmp, "%s.tmp.%ld", dir.buf, (long)getpid());
	if (remove_tree(tmp.buf) || mkdir_p(tmp.buf))
		goto out;
	progress("UNPACK", "%s (once, into %s)", b->source.buf, dir.buf);
	const char *argv[] = { "tar", "-xf", b->source.buf, "-C", tmp.buf, NULL };
	int rc = run_command(argv, NULL);
	if (rc != 0) {
		if (rc > 0)
			error("cannot unpack '%s' (tar exited with %d); is it a kernel source "
			      "tarball, and is there space in '%s'?", b->source.buf, rc, b->root.buf);
		goto out;
	}
	if (rename(tmp.buf, dir.buf) < 0) {
		error_errno("cannot rename '%s' to '%s'", tmp.buf, dir.buf);
		goto out;
	}
	ret = find_top_dir(dir.buf, &b->tree);
out:
	if (ret && tmp.len)
		remove_tree(tmp.buf);
	if (lock_fd >= 0)
		close(lock_fd);
	strbuf_release(&dir);
	strbuf_release(&tmp);
	strbuf_release(&lock);
	return ret;
}

/* VERSION.PATCHLEVEL.SUBLEVEL from the tree's Makefile. */
static int read_version(struct kbuild *b, unsigned *kv)
{
	struct strbuf mk = STRBUF_INIT, path = STRBUF_INIT;
	long part[3] = { -1, -1, -1 };
	static const char *const keys[] = { "VERSION", "PATCHLEVEL", "SUBLEVEL" };
	int ret = -1;

	strbuf_addf(&path, "%s/Makefile", b->tree.buf);
	if (strbuf_read_file(&mk, path.buf))
		goto out;
	for (const char *p = mk.buf; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p)) {
		for (int i = 0; i < 3; i++) {
			size_t n = strlen(keys[i]);
			if (part[i] < 0 && !strncmp(p, keys[i], n)) {
				const char *q = p + n;
				q += strspn(q, " \t");
				if (*q == '=')
					part[i] = strtol(q + 1, NULL, 10);
			}
		}
	}
	if (part[0] < 0 || part[1] < 0 || part[2] < 0) {
		error("'%s' has no VERSION/PATCHLEVEL/SUBLEVEL: not a kernel source tree", path.buf);
		goto out;
	}
	strbuf_addf(&b->version, "%ld.%ld.%ld", part[0], part[1], part[2]);
	*kv = KVERSION((unsigned)part[0], (unsigned)part[1], (unsigned)part[2]);
	ret = 0;
out:
	strbuf_release(&mk);
	strbuf_release(&path);
	return ret;
}

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
static int compile(struct kbuild *b)
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

static int configure(struct kbuild *b, struct kconfig *final, struct strbuf *report)
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

static int cache_key(struct kbuild *b, struct strbuf *key)
{
	struct strvec argv = STRVEC_INIT;
	struct strbuf out = STRBUF_INIT, config = STRBUF_INIT, path = STRBUF_INIT;
	struct run_opts ro = RUN_OPTS_INIT;
	struct sha256_ctx *c = NULL;
	int ret = -1;

	/* The compiler's and the linker's identity: a new gcc or binutils
	 * compiles anew (the .config records the compiler, not the linker). */
	for (size_t i = 0; i < b->cc.nr; i++)
		strvec_push(&argv, b->cc.v[i]);
	strvec_push(&argv, "--version");
	ro.capture = &out;
	if (run_command((const char *const *)argv.v, &ro) != 0) {
		error("cannot ask the compiler '%s' for its version", b->cc.v[b->cc.nr - 1]);
		goto out;
	}
	const char *ld_argv[] = { "ld", "--version", NULL };
	if (run_command(ld_argv, &ro) != 0)
		goto out;
	strbuf_addf(&path, "%s/.config", b->obj.buf);
	if (strbuf_read_file(&config, path.buf))
		goto out;

	c = sha256_new();
	sha256_update_str(c, CACHE_FORMAT);
	sha256_update_str(c, b->srcid.buf);
	sha256_update_str(c, b->version.buf);
	sha256_update_str(c, b->prof.arch);
	sha256_update_str(c, b->prof.target);
	sha256_update_str(c, b->timestamp.buf);
	sha256_update_str(c, KBUILD_USER "@" KBUILD_HOST);
	sha256_update_str(c, out.buf);
	sha256_update_str(c, config.buf);
	strbuf_reset(&out);
	sha256_final_hex(c, &out);
	strbuf_add(key, out.buf, 32);
	ret = 0;
out:
	strvec_clear(&argv);
	strbuf_release(&out);
	strbuf_release(&config);
	strbuf_release(&path);
	return ret;
}

static int install_result(struct kbuild *b, const char *dest, const char *key,
			  const struct strbuf *report, double seconds)
{
	struct strbuf tmp = STRBUF_INIT, src = STRBUF_INIT, dst = STRBUF_INIT, info = STRBUF_INIT;
	static const char *const image_paths[] = { "arch/i386/boot/bzImage",
						   "arch/x86/boot/bzImage" };
	static const struct { const char *from, *to; } files[] = {
		{ ".config", "config" },
		{ "System.map", "System.map" },
	};
	int ret = -1;

	strbuf_addf(&tmp, "%s.tmp.%ld", dest, (long)getpid());
	if (remove_tree(tmp.buf) || mkdir_p(tmp.buf))
		goto out;
	for (size_t i = 0; i < 2; i++) {
		strbuf_reset(&src);
		strbuf_addf(&src, "%s/%s", b->obj.buf, image_paths[i]);
		if (path_exists(src.buf))
			break;
	}
	strbuf_addf(&dst, "%s/bzImage", tmp.buf);
	if (copy_file(src.buf, dst.buf, 0644))
		goto out;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		strbuf_reset(&src);
		strbuf_reset(&dst);
		strbuf_addf(&src, "%s/%s", b->obj.buf, files[i].from);
		strbuf_addf(&dst, "%s/%s", tmp.buf, files[i].to);
		if (copy_file(src.buf, dst.buf, 0644))
			goto out;
	}
	strbuf_reset(&dst);
	strbuf_addf(&dst, "%s/build.log", tmp.buf);
	if (copy_file(b->log.buf, dst.buf, 0644))
		goto out;
	strbuf_reset(&dst);
	strbuf_addf(&dst, "%s/policy-report.txt", tmp.buf);
	if (write_file_atomic(dst.buf, report->buf, report->len, 0644))
		goto out;

	strbuf_addf(&info, "# What this kernel is and how it was built.\n"
		    "key = %s\nprofile = %s\nversion = %s\narch = %s\nsource = %s\n"
		    "source-id = %s\nbuild-timestamp = %s\nbuild-user = %s\nbuild-host = %s\n"
		    "compile-seconds = %.0f\nfragments =", key, b->prof.name, b->version.buf,
		    b->prof.arch, b->source.buf, b->srcid.buf, b->timestamp.buf, KBUILD_USER,
		    KBUILD_HOST, seconds);
	for (size_t i = 0; i < b->prof.fragments.nr; i++) {
		const char *f = strrchr(b->prof.fragments.v[i], '/');
		strbuf_addf(&info, " %s", f ? f + 1 : b->prof.fragments.v[i]);
	}
	strbuf_addch(&info, '\n');
	strbuf_reset(&dst);
	strbuf_addf(&dst, "%s/kernel.info", tmp.buf);
	if (write_file_atomic(dst.buf, info.buf, info.len, 0644))
		goto out;
	if (rename(tmp.buf, dest) < 0) {
		if (errno == EEXIST || errno == ENOTEMPTY) {
			ret = 0; /* an identical kernel landed meanwhile */
			goto out;
		}
		error_errno("cannot rename '%s' to '%s'", tmp.buf, dest);
		goto out;
	}
	strbuf_reset(&tmp);
	ret = 0;
out:
	if (tmp.len)
		remove_tree(tmp.buf);
	strbuf_release(&tmp);
	strbuf_release(&src);
	strbuf_release(&dst);
	strbuf_release(&info);
	return ret;
}

static void add_dep(struct strbuf *out, const char *path)
{
	strbuf_addch(out, ' ');
	for (; *path; path++) {
		if (*path == ' ' || *path == '#' || *path == ':')
			strbuf_addch(out, '\\');
		if (*path == '$')
			strbuf_addch(out, '$');
		strbuf_addch(out, *path);
	}
}

/* "TARGET: PROFILE FRAGMENTS... [TARBALL]" plus an empty rule for each, as
 * gcc -MP does, so a removed fragment does not break make. */
static int write_depfile(struct kbuild *b)
{
	struct strbuf d = STRBUF_INIT, deps = STRBUF_INIT;
	int ret;

	add_dep(&deps, b->prof.path);
	for (size_t i = 0; i < b->prof.fragments.nr; i++)
		add_dep(&deps, b->prof.fragments.v[i]);
	if (!is_dir(b->source.buf))
		add_dep(&deps, b->source.buf);
	add_dep(&d, b->o->dep_target);
	strbuf_addf(&d, ":%s\n", deps.buf);
	for (const char *p = deps.buf; *p;) {
		const char *q = p + 1;
		while (*q && !(*q == ' ' && q[-1] != '\\'))
			q++;
		strbuf_addf(&d, "%.*s:\n", (int)(q - p - 1), p + 1);
		p = q;
	}
	ret = write_file_atomic(b->o->depfile, d.buf + 1, d.len - 1, 0644);
	strbuf_release(&d);
	strbuf_release(&deps);
	return ret;
}

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
	if (mkdir_p(b.root.buf) || identify_source(&b) || unpack_source(&b) ||
	    read_version(&b, &kv))
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
	b.log_fd = open(b.log.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (b.log_fd < 0) {
		error_errno("cannot create '%s'", b.log.buf);
		goto out;
	}
	if (configure(&b, &final, &report))
		goto out;
	if (o->config_only) {
		ret = 0;
		goto out;
	}
	if (cache_key(&b, &key))
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
		if (compile(&b))
			goto out;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		double secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
		if (install_result(&b, dest.buf, key.buf, &report, secs))
			goto out;
		progress("KERNEL", "built in %.0f s: %s", secs, dest.buf);
	}
	if (o->link && symlink_atomic(dest.buf, o->link))
		goto out;
	if (o->depfile && write_depfile(&b))
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
