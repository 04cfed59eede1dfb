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

#include <ctype.h>
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
					     "404  Not Found", "Unable to connect",
					     /* dnf */ "Failed to download metadata",
					     /* zypper */ "Valid metadata not found" };
	if (!strbuf_read_file(&sb, log))
		for (size_t i = 0; i < sizeof(signs) / sizeof(signs[0]); i++)
			yes |= strstr(sb.buf, signs[i]) != NULL;
	strbuf_release(&sb);
	return yes;
}

static int unreachable(struct rfs *r)
{
	bool debian = r->conf.bootstrap == BOOTSTRAP_DEBOOTSTRAP ||
		      r->conf.bootstrap == BOOTSTRAP_MMDEBSTRAP;
	struct strbuf var = STRBUF_INIT;
	for (const char *p = r->conf.name; *p; p++)
		strbuf_addch(&var, *p == '-' ? '_' : (char)toupper((unsigned char)*p));
	error("cannot download from '%s'; check the network, or point 'repo =' in %s at a "
	      "reachable mirror, or override it for one build: make %s %s_REPO=URL%s",
	      r->mirror.buf, r->conf.path, r->conf.name, var.buf,
	      debian ? " (repo = apt uses the mirror this machine's apt is configured with)" : "");
	strbuf_release(&var);
	return -1;
}

static int cmp_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A local repository's index, so that a rebuilt test repository is a new
 * cache key; "" for remote ones (their URL and the release identify them). */
static void local_repo_index(const char *repo, struct strbuf *hex)
{
	const char *path = !strncmp(repo, "file://", 7) ? repo + 7 : repo[0] == '/' ? repo : NULL;
	struct strbuf p = STRBUF_INIT;
	if (path) {
		strbuf_addf(&p, "%s/repodata/repomd.xml", path);
		if (path_exists(p.buf))
			sha256_file_hex(p.buf, hex);
	}
	strbuf_release(&p);
}

/* The cache key of a bootstrap: everything that changes its result. */
static void bootstrap_key(struct rfs *r, const char *tool_version, struct strbuf *key)
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
	sha256_update_str(c, r->conf.suite ? r->conf.suite : "");
	sha256_update_str(c, r->conf.variant ? r->conf.variant : "");
	sha256_update_str(c, r->conf.release ? r->conf.release : "");
	sha256_update_str(c, r->conf.arch);
	sha256_update_str(c, r->mirror.buf);
	local_repo_index(r->mirror.buf, &hex);
	sha256_update_str(c, hex.buf);
	strbuf_reset(&hex);
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
	bootstrap_key(r, version.buf, &key);
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

/* dnf and zypper run librpm on the host: Debian's rpm keeps its database
 * in ~/.rpmdb, so give them a HOME whose .rpmmacros puts it where the
 * appliance's distribution looks. */
static int rpm_home(struct rfs *r, struct strbuf *home)
{
	const char *dbpath = r->conf.bootstrap == BOOTSTRAP_ZYPPER ? "/usr/lib/sysimage/rpm"
								    : "/var/lib/rpm";
	struct strbuf macros = STRBUF_INIT, text = STRBUF_INIT;
	int ret;
	strbuf_addf(home, "%s/rpm-home-%s", r->cache.buf, bootstrap_name(r->conf.bootstrap));
	strbuf_addf(&macros, "%s/.rpmmacros", home->buf);
	strbuf_addf(&text, "# Written by pvappliance for %s --root/--installroot runs.\n"
		    "%%_dbpath %s\n", bootstrap_name(r->conf.bootstrap), dbpath);
	ret = mkdir_p(home->buf) || write_file_atomic(macros.buf, text.buf, text.len, 0644);
	strbuf_release(&macros);
	strbuf_release(&text);
	return ret ? -1 : 0;
}

static bool is_local_repo(const char *repo)
{
	return !strncmp(repo, "file://", 7) || repo[0] == '/';
}

static void rpm_install_argv(struct rfs *r, struct strvec *argv, const char *repo_url)
{
	bool local = is_local_repo(r->mirror.buf);
	if (r->conf.bootstrap == BOOTSTRAP_DNF) {
		/* Fedora calls its 32-bit x86 architecture i686. */
		const char *arch = !strcmp(r->conf.arch, "i386") ? "i686" : r->conf.arch;
		strvec_pushl(argv, "dnf", "-y", "--installroot", r->tmp.buf, NULL);
		strvec_pushf(argv, "--forcearch=%s", arch);
		strvec_pushf(argv, "--releasever=%s", r->conf.release);
		strvec_pushf(argv, "--setopt=reposdir=%s/no-repos.d", r->cache.buf);
		strvec_pushf(argv, "--repofrompath=appliance,%s", repo_url);
		/* Our own local repositories are unsigned; remote ones are
		 * checked against the key appliance.conf names. */
		strvec_pushf(argv, "--setopt=appliance.gpgcheck=%d", local ? 0 : 1);
		if (!local)
			strvec_pushf(argv, "--setopt=appliance.gpgkey=%s", r->conf.gpgkey);
		strvec_pushf(argv, "--setopt=cachedir=%s/dnf-cache", r->cache.buf);
		strvec_pushl(argv, "--setopt=install_weak_deps=False", "--setopt=tsflags=nodocs",
			     "install", NULL);
	} else {
		strvec_pushl(argv, "zypper", "--root", r->tmp.buf, "--non-interactive",
			     local ? "--no-gpg-checks" : "--gpg-auto-import-keys", "install",
			     "--no-recommends", NULL);
	}
	for (size_t i = 0; i < r->conf.packages.nr; i++)
		strvec_push(argv, r->conf.packages.v[i]);
}

static int rpm_bootstrap(struct rfs *r)
{
	bool dnf = r->conf.bootstrap == BOOTSTRAP_DNF;
	const char *tool = dnf ? "dnf" : "zypper";
	struct strbuf key = STRBUF_INIT, tar = STRBUF_INIT, part = STRBUF_INIT, log = STRBUF_INIT;
	struct strbuf version = STRBUF_INIT, home = STRBUF_INIT, url = STRBUF_INIT;
	struct strbuf zconf = STRBUF_INIT, henv = STRBUF_INIT, zenv = STRBUF_INIT;
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
	bootstrap_key(r, version.buf, &key);
	strbuf_addf(&tar, "%s/%s.tar", r->cache.buf, key.buf);
	strbuf_addf(&log, "%s/%s.log", r->cache.buf, key.buf);
	if (path_exists(tar.buf)) {
		progress("ROOTFS", "%s: cached %s bootstrap %s", r->conf.name, tool, key.buf);
		ret = extract(tar.buf, r->tmp.buf);
		goto out;
	}
	if (!r->conf.packages.nr) {
		error("%s: bootstrap = %s needs 'packages =' (e.g. basesystem bash systemd)",
		      r->conf.path, tool);
		goto out;
	}
	if (!is_local_repo(r->mirror.buf) && dnf && !r->conf.gpgkey) {
		error("%s: dnf checks the signatures of packages from '%s': set 'gpgkey =' to "
		      "the distribution's key (a URL or a file)", r->conf.path, r->mirror.buf);
		goto out;
	}
	if (!is_local_repo(r->mirror.buf) && !dnf)
		warning("%s: zypper trusts the key that '%s' itself serves (on first use)",
			r->conf.name, r->mirror.buf);
	if (rpm_home(r, &home))
		goto out;
	strbuf_addf(&henv, "HOME=%s", home.buf);
	strbuf_addstr(&url, r->mirror.buf[0] == '/' ? "file://" : "");
	strbuf_addstr(&url, r->mirror.buf);
	/* zypper's architecture comes from zypp.conf. */
	strbuf_addf(&zconf, "%s/zypp.conf", home.buf);
	strbuf_addf(&zenv, "ZYPP_CONF=%s", zconf.buf);
	{
		struct strbuf text = STRBUF_INIT;
		strbuf_addf(&text, "[main]\narch = %s\n",
			    !strcmp(r->conf.arch, "i386") ? "i586" : r->conf.arch);
		rc = write_file_atomic(zconf.buf, text.buf, text.len, 0644);
		strbuf_release(&text);
		if (rc)
			goto out;
	}
	char *env[] = { henv.buf, zenv.buf, NULL };
	if (!dnf) {
		const char *add[] = { "zypper", "--root", r->tmp.buf, "--non-interactive", "addrepo",
				      is_local_repo(r->mirror.buf) ? "--no-gpgcheck" : "--gpgcheck",
				      url.buf, "appliance", NULL };
		if (run_logged(add, log.buf, env) != 0) {
			error("zypper cannot add the repository '%s'", url.buf);
			goto out;
		}
	}
	rpm_install_argv(r, &argv, url.buf);
	progress("ROOTFS", "%s: %s from %s (log: %s)", r->conf.name, tool, url.buf, log.buf);
	rc = run_logged((const char *const *)argv.v, log.buf, env);
	if (rc != 0) {
		if (rc > 0 && log_says_unreachable(log.buf))
			unreachable(r);
		else if (rc > 0)
			error("%s failed (exit %d); the whole log is '%s'", tool, rc, log.buf);
		goto out;
	}
	strbuf_addf(&part, "%s.part.%ld.tar", tar.buf, (long)getpid());
	const char *t[] = { "tar", "--numeric-owner", "--xattrs", "--xattrs-include=*",
			    "-cf", part.buf, "-C", r->tmp.buf, ".", NULL };
	if (run_command(t, NULL) != 0 || rename(part.buf, tar.buf) < 0) {
		error("cannot archive the bootstrap into '%s'", tar.buf);
		unlink(part.buf);
		goto out;
	}
	ret = 0;
out:
	strvec_clear(&argv);
	strbuf_release(&key);
	strbuf_release(&tar);
	strbuf_release(&part);
	strbuf_release(&log);
	strbuf_release(&version);
	strbuf_release(&home);
	strbuf_release(&url);
	strbuf_release(&zconf);
	strbuf_release(&henv);
	strbuf_release(&zenv);
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
	{
		/* dnf --installroot and zypper --root want absolute paths. */
		char *abs = realpath(r.tmp.buf, NULL);
		if (!abs) {
			error("cannot resolve '%s': %s", r.tmp.buf, strerror(errno));
			goto out;
		}
		strbuf_reset(&r.tmp);
		strbuf_addstr(&r.tmp, abs);
		free(abs);
	}
	switch (r.conf.bootstrap) {
	case BOOTSTRAP_DEBOOTSTRAP:
	case BOOTSTRAP_MMDEBSTRAP:
		ret = debian_bootstrap(&r);
		break;
	case BOOTSTRAP_DNF:
	case BOOTSTRAP_ZYPPER:
		ret = rpm_bootstrap(&r);
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
