/* Root filesystem trees: bootstrap backends, the bootstrap cache, hygiene. */
#include "rootfs.h"
#include "appconf.h"
#include "aptmirror.h"
#include "fsutil.h"
#include "hash.h"
#include "hygiene.h"
#include "kernel.h"
#include "run.h"
#include "xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct rfs {
	const struct rootfs_opts *o;
	struct appconf conf;
	struct strbuf tmp;     /* the tree being built: OUT.tmp */
	struct strbuf mirror;  /* the resolved repository */
	struct strbuf cache;   /* CACHE/rootfs */
};

static void show_tail(const char *log, int lines)
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
	fprintf(stderr, "--- last lines of %s ---\n%s--- end ---\n", log, *p == '\n' ? p + 1 : p);
	strbuf_release(&sb);
}

/* Run argv with output to log; on failure show the log's end. */
static int run_logged(const char *const *argv, const char *log, char *const *env)
{
	struct run_opts ro = RUN_OPTS_INIT;
	int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644), rc;
	if (fd < 0)
		return error("cannot create '%s': %s", log, strerror(errno));
	ro.out_fd = fd;
	ro.setenv = env;
	rc = run_command(argv, &ro);
	close(fd);
	if (rc > 0)
		show_tail(log, 15);
	return rc;
}

static bool log_says_unreachable(const char *log)
{
	struct strbuf sb = STRBUF_INIT;
	bool yes = false;
	static const char *const signs[] = { "Failed getting release file", "Couldn't download",
					     "Could not resolve", "Failed to fetch",
					     "Temporary failure resolving", "Connection refused",
					     "404  Not Found", "Unable to connect" };
	if (!strbuf_read_file(&sb, log))
		for (size_t i = 0; i < sizeof(signs) / sizeof(signs[0]); i++)
			yes |= strstr(sb.buf, signs[i]) != NULL;
	strbuf_release(&sb);
	return yes;
}

static int unreachable(struct rfs *r)
{
	return error("cannot download from '%s'; check the network, or point 'repo =' in "
		     "%s at a reachable mirror (repo = apt uses the mirror this machine's apt "
		     "is configured with)", r->mirror.buf, r->conf.path);
}

static int cmp_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The cache key of a Debian bootstrap: everything that changes its result. */
static void debian_key(struct rfs *r, const char *tool_version, struct strbuf *key)
{
	struct sha256_ctx *c = sha256_new();
	struct strbuf hex = STRBUF_INIT;
	struct strvec pkgs = STRVEC_INIT;

	for (size_t i = 0; i < r->conf.packages.nr; i++)
		strvec_push(&pkgs, r->conf.packages.v[i]);
	qsort(pkgs.v, pkgs.nr, sizeof(char *), cmp_strings);
	sha256_update_str(c, "pvappliance rootfs cache 1");
	sha256_update_str(c, bootstrap_name(r->conf.bootstrap));
	sha256_update_str(c, tool_version);
	sha256_update_str(c, r->conf.suite);
	sha256_update_str(c, r->conf.variant);
	sha256_update_str(c, r->mirror.buf);
	for (size_t i = 0; i < pkgs.nr; i++)
		sha256_update_str(c, pkgs.v[i]);
	if (r->conf.bootstrap == BOOTSTRAP_MMDEBSTRAP) {
		char e[32];
		snprintf(e, sizeof(e), "%lld", r->o->epoch); /* in mmdebstrap's output */
		sha256_update_str(c, e);
	}
	sha256_final_hex(c, &hex);
	strbuf_addf(key, "%s-%.16s", bootstrap_name(r->conf.bootstrap), hex.buf);
	strvec_clear(&pkgs);
	strbuf_release(&hex);
}

static int extract(const char *archive, const char *dir)
{
	/* Owners by number, as recorded: the image's, not this machine's names. */
	const char *argv[] = { "tar", "--numeric-owner", "--xattrs", "--xattrs-include=*",
			       "-xpf", archive, "-C", dir, NULL };
	int rc = run_command(argv, NULL);
	if (rc > 0)
		error("cannot extract '%s' (tar exited with %d)", archive, rc);
	return rc ? -1 : 0;
}

static int debian_bootstrap(struct rfs *r)
{
	bool mm = r->conf.bootstrap == BOOTSTRAP_MMDEBSTRAP;
	const char *tool = mm ? "mmdebstrap" : "debootstrap";
	struct strbuf key = STRBUF_INIT, tar = STRBUF_INIT, part = STRBUF_INIT, log = STRBUF_INIT;
	struct strbuf version = STRBUF_INIT, include = STRBUF_INIT, epoch = STRBUF_INIT;
	struct strvec argv = STRVEC_INIT;
	struct run_opts ro = RUN_OPTS_INIT;
	int ret = -1, rc;

	{
		const char *v[] = { tool, "--version", NULL };
		ro.capture = &version;
		if (run_command(v, &ro) != 0)
			goto out;
		strbuf_rtrim(&version);
	}
	debian_key(r, version.buf, &key);
	strbuf_addf(&tar, "%s/%s.tar", r->cache.buf, key.buf);
	strbuf_addf(&log, "%s/%s.log", r->cache.buf, key.buf);
	if (path_exists(tar.buf)) {
		progress("ROOTFS", "%s: cached %s bootstrap %s", r->conf.name, tool, key.buf);
		ret = extract(tar.buf, r->tmp.buf);
		goto out;
	}
	for (size_t i = 0; i < r->conf.packages.nr; i++)
		strbuf_addf(&include, "%s%s", i ? "," : "", r->conf.packages.v[i]);
	strbuf_addf(&epoch, "SOURCE_DATE_EPOCH=%lld", r->o->epoch);
	char *env[] = { epoch.buf, NULL };

	/* Both backends use Debian's architecture name: i386 for i386/i586/i686. */
	strvec_pushl(&argv, tool, "--arch=i386", NULL);
	strvec_pushf(&argv, "--variant=%s", r->conf.variant);
	if (include.len)
		strvec_pushf(&argv, "--include=%s", include.buf);
	strbuf_addf(&part, "%s.part.%ld.tar", tar.buf, (long)getpid());
	if (mm) {
		/* Rootless with --mode=auto (unshare) and reproducible: its tar is
		 * the cache entry as it is. */
		strvec_pushl(&argv, "--mode=auto", "--format=tar", r->conf.suite, part.buf,
			     r->mirror.buf, NULL);
	} else {
		if (geteuid() != 0) {
			error("debootstrap needs root; run as root, or use bootstrap = mmdebstrap "
			      "for a rootless bootstrap");
			goto out;
		}
		strvec_pushl(&argv, r->conf.suite, r->tmp.buf, r->mirror.buf, NULL);
	}
	progress("ROOTFS", "%s: %s %s from %s (log: %s)", r->conf.name, tool, r->conf.suite,
		 r->mirror.buf, log.buf);
	rc = run_logged((const char *const *)argv.v, log.buf, env);
	if (rc != 0) {
		if (rc > 0 && log_says_unreachable(log.buf))
			unreachable(r);
		else if (rc > 0)
			error("%s failed (exit %d); the whole log is '%s'", tool, rc, log.buf);
		unlink(part.buf);
		goto out;
	}
	if (!mm) {
		/* Cache the tree as an archive, owners by number. */
		const char *t[] = { "tar", "--numeric-owner", "--xattrs", "--xattrs-include=*",
				    "-cf", part.buf, "-C", r->tmp.buf, ".", NULL };
		if (run_command(t, NULL) != 0) {
			error("cannot archive the bootstrap into '%s'", part.buf);
			unlink(part.buf);
			goto out;
		}
	}
	if (rename(part.buf, tar.buf) < 0) {
		error("cannot rename '%s': %s", part.buf, strerror(errno));
		unlink(part.buf);
		goto out;
	}
	ret = mm ? extract(tar.buf, r->tmp.buf) : 0;
out:
	strvec_clear(&argv);
	strbuf_release(&key);
	strbuf_release(&tar);
	strbuf_release(&part);
	strbuf_release(&log);
	strbuf_release(&version);
	strbuf_release(&include);
	strbuf_release(&epoch);
	return ret;
}

/* A local path, or a file:/// URL's path. */
static const char *local_path(const char *repo)
{
	return !strncmp(repo, "file://", 7) ? repo + 7 : repo[0] == '/' ? repo : NULL;
}

static int import_tarball(struct rfs *r)
{
	const char *path = local_path(r->mirror.buf);
	if (!path)
		return error("bootstrap = tarball takes a local archive (a path or file:/// URL), "
			     "not '%s'; download it first (%s)", r->mirror.buf, r->conf.path);
	if (!path_exists(path))
		return error("the root filesystem archive '%s' does not exist (repo = in %s)",
			     path, r->conf.path);
	progress("ROOTFS", "%s: importing %s", r->conf.name, path);
	return extract(path, r->tmp.buf);
}

static int import_dir(struct rfs *r)
{
	const char *path = local_path(r->mirror.buf);
	struct strbuf from = STRBUF_INIT;
	int ret;
	if (!path || !is_dir(path))
		return error("bootstrap = dir: '%s' is not a directory (repo = in %s)",
			     r->mirror.buf, r->conf.path);
	progress("ROOTFS", "%s: copying %s", r->conf.name, path);
	strbuf_addf(&from, "%s/.", path);
	const char *argv[] = { "cp", "-a", "--reflink=auto", from.buf, r->tmp.buf, NULL };
	ret = run_command(argv, NULL) ? error("cannot copy '%s'", path) : 0;
	strbuf_release(&from);
	return ret;
}

static int resolve_repo(struct rfs *r)
{
	const char *repo = r->o->repo && *r->o->repo ? r->o->repo : r->conf.repo;
	if (!strcmp(repo, "apt"))
		return apt_mirror(r->o->apt_etc ? r->o->apt_etc : "/etc/apt", &r->mirror);
	strbuf_addstr(&r->mirror, repo);
	return 0;
}

/* Replace out with the finished tree: the old one goes only once the new
 * one is complete. */
static int install_tree(struct rfs *r)
{
	struct strbuf old = STRBUF_INIT;
	int ret = 0;
	strbuf_addf(&old, "%s.old", r->o->out);
	if (remove_tree(old.buf))
		ret = -1;
	else if (path_exists(r->o->out) && rename(r->o->out, old.buf) < 0)
		ret = error("cannot rename '%s': %s", r->o->out, strerror(errno));
	else if (rename(r->tmp.buf, r->o->out) < 0)
		ret = error("cannot rename '%s' to '%s': %s", r->tmp.buf, r->o->out, strerror(errno));
	else
		ret = remove_tree(old.buf);
	strbuf_release(&old);
	return ret;
}

int rootfs_build(const struct rootfs_opts *o)
{
	struct rfs r = { .o = o, .conf = APPCONF_INIT, .tmp = STRBUF_INIT,
			 .mirror = STRBUF_INIT, .cache = STRBUF_INIT };
	struct hygiene_opts h = { .pvinit = o->pvinit, .epoch = o->epoch,
				  .builder_version = o->builder_version };
	int ret = -1;

	if (appconf_load(&r.conf, o->appdir, o->kernel_configs))
		goto out;
	if (geteuid() != 0) {
		/* The tree must keep the distribution's owners (root), setuid
		 * bits and device nodes. */
		error("building a root filesystem tree needs root (owners, setuid bits and "
		      "device nodes are kept); run as root");
		goto out;
	}
	if (r.conf.bootstrap == BOOTSTRAP_DNF || r.conf.bootstrap == BOOTSTRAP_ZYPPER) {
		error("%s: bootstrap = %s is not implemented yet; use debootstrap, mmdebstrap, "
		      "tarball or dir", r.conf.path, bootstrap_name(r.conf.bootstrap));
		goto out;
	}
	if (o->cache_root)
		strbuf_addf(&r.cache, "%s/rootfs", o->cache_root);
	else {
		kernel_default_cache_root(&r.cache);
		strbuf_addstr(&r.cache, "/rootfs");
	}
	if (resolve_repo(&r) || mkdir_p(r.cache.buf))
		goto out;
	strbuf_addf(&r.tmp, "%s.tmp", o->out);
	if (remove_tree(r.tmp.buf) || mkdir_p(r.tmp.buf))
		goto out;
	switch (r.conf.bootstrap) {
	case BOOTSTRAP_DEBOOTSTRAP:
	case BOOTSTRAP_MMDEBSTRAP:
		ret = debian_bootstrap(&r);
		break;
	case BOOTSTRAP_TARBALL:
		ret = import_tarball(&r);
		break;
	case BOOTSTRAP_DIR:
		ret = import_dir(&r);
		break;
	default:
		ret = -1;
	}
	if (ret)
		goto out;
	h.root = r.tmp.buf;
	h.conf = &r.conf;
	ret = hygiene_run(&h);
	if (!ret)
		ret = install_tree(&r);
	if (!ret)
		progress("ROOTFS", "%s: %s", r.conf.name, o->out);
out:
	if (ret && r.tmp.len)
		remove_tree(r.tmp.buf);
	appconf_release(&r.conf);
	strbuf_release(&r.tmp);
	strbuf_release(&r.mirror);
	strbuf_release(&r.cache);
	return ret;
}
