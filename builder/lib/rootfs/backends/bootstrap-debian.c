/* The Debian backends: debootstrap (as root) and mmdebstrap (rootless),
 * both from the suite, SUITE-updates and SUITE-security (rootfs/debsuites.h).
 * Tested by tests/t3000-rootfs-debian.sh, t3010-rootfs-mmdebstrap.sh and
 * t3030-rootfs-current.sh. */
#include "rootfs/bootstrap.h"
#include "rootfs/backends/backends.h"
#include "core/fsutil.h"
#include "core/run.h"
#include "core/strvec.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* What the tools' logs say about their progress (core/logwatch.h): the
 * phases a person waiting would want named, and the lines that count
 * packages. Each backend's row in backends.c points at its rules. */
/* debootstrap's "I: ..." lines; the specific ones before the per-package
 * ones that share their first word. */
const struct logwatch_rule debootstrap_progress[] = {
	{ "I: Retrieving InRelease", "reading the package lists", false },
	{ "I: Retrieving Release", "reading the package lists", false },
	{ "I: Retrieving Packages", "reading the package lists", false },
	{ "I: Validating Packages", "reading the package lists", false },
	{ "I: Resolving dependencies", "resolving dependencies", false },
	{ "I: Retrieving ", "downloading", true },
	{ "I: Extracting ", "extracting", true },
	{ "I: Installing ", "installing the core packages", false },
	{ "I: Unpacking required packages", "unpacking", false },
	{ "I: Unpacking the base system", "unpacking", false },
	{ "I: Unpacking ", "unpacking", true },
	{ "I: Configuring required packages", "configuring", false },
	{ "I: Configuring the base system", "configuring", false },
	{ "I: Configuring ", "configuring", true },
	{ "I: Base system installed", "done", false },
	{ NULL, NULL, false },
};

/* mmdebstrap's phases, and apt's and dpkg's lines inside them. */
const struct logwatch_rule mmdebstrap_progress[] = {
	{ "I: running apt-get update", "reading the package lists", false },
	{ "I: downloading packages", "downloading", false },
	{ "Get:", "downloading", true },
	{ "I: extracting archives", "extracting", false },
	{ "I: installing essential packages", "installing the essential packages", false },
	{ "I: installing remaining packages", "installing the remaining packages", false },
	{ "Unpacking ", "unpacking", true },
	{ "Setting up ", "configuring", true },
	{ "I: cleaning package lists", "cleaning up", false },
	{ NULL, NULL, false },
};

/*
 * debootstrap takes one mirror and one suite: after it, this machine's apt
 * upgrades the tree from all the suites (dpkg runs chrooted into it, as
 * mmdebstrap does it), with the sources list, package lists and apt's log
 * in a directory outside the tree, so nothing of the build's sources is
 * left in it (the downloaded .debs are, in its apt cache, which hygiene
 * empties).
 */
static int upgrade_from_suites(struct rfs *r, const char *log, char *const *env)
{
	const char *arch = bootstrap_tool_arch(r->conf.bootstrap, r->conf.arch);
	const char *t = r->tmp.buf;
	struct strbuf work = STRBUF_INIT, list = STRBUF_INIT, path = STRBUF_INIT;
	struct strvec base = STRVEC_INIT, argv = STRVEC_INIT;
	int ret = -1;

	strbuf_addf(&work, "%s.apt", t);
	if (remove_tree(work.buf))
		goto out;
	for (const char *const *d = (const char *const[]){ "lists/partial", "cache", "parts", "log",
							    NULL }; *d; d++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", work.buf, *d);
		if (mkdir_p(path.buf))
			goto out;
	}
	debsuites_lines(&r->suites, "deb", NULL, true, &list);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/sources.list", work.buf);
	if (write_file_atomic(path.buf, list.buf, list.len, 0644))
		goto out;
	strvec_pushl(&base, "apt-get", "-q", NULL);
	strvec_pushf(&base, "-oAPT::Architecture=%s", arch);
	strvec_pushf(&base, "-oAPT::Architectures=%s", arch);
	strvec_pushf(&base, "-oDir::State=%s/var/lib/apt", t);
	strvec_pushf(&base, "-oDir::State::status=%s/var/lib/dpkg/status", t);
	strvec_pushf(&base, "-oDir::State::Lists=%s/lists", work.buf);
	strvec_pushf(&base, "-oDir::Cache=%s/cache", work.buf);
	strvec_pushf(&base, "-oDir::Cache::Archives=%s/var/cache/apt/archives", t);
	strvec_pushf(&base, "-oDir::Etc::SourceList=%s", path.buf);
	strvec_pushf(&base, "-oDir::Etc::SourceParts=%s/parts", work.buf);
	strvec_pushf(&base, "-oDir::Log=%s/log", work.buf);
	strvec_pushf(&base, "-oDPkg::Chroot-Directory=%s", t);
	/* root's downloads land in directories _apt cannot write to */
	strvec_pushl(&base, "-oAPT::Sandbox::User=root", "-oDebug::NoLocking=1",
		     "-oDPkg::Options::=--force-confdef", "-oDPkg::Options::=--force-confold", NULL);
	for (size_t i = 0; i < base.nr; i++)
		strvec_push(&argv, base.v[i]);
	strvec_push(&argv, "update");
	progress("ROOTFS", "%s: apt-get update && upgrade from %zu suites", r->conf.name,
		 r->suites.uris.nr);
	if (run_bootstrap_tool(r, (const char *const *)argv.v, log, env))
		goto out;
	strvec_clear(&argv);
	for (size_t i = 0; i < base.nr; i++)
		strvec_push(&argv, base.v[i]);
	/* A security fix may need a new package (a new library soname). */
	strvec_pushl(&argv, "-y", "upgrade", "--with-new-pkgs", NULL);
	ret = run_bootstrap_tool(r, (const char *const *)argv.v, log, env);
out:
	if (work.len && remove_tree(work.buf))
		ret = -1;
	strbuf_release(&work);
	strbuf_release(&list);
	strbuf_release(&path);
	strvec_clear(&base);
	strvec_clear(&argv);
	return ret;
}

/* mm: mmdebstrap, which runs rootless and writes a tar; else debootstrap,
 * which needs root and writes the tree. */
static int debian_bootstrap(struct rfs *r, bool mm)
{
	const char *tool = r->conf.bootstrap->tool;
	struct cache_entry e = CACHE_ENTRY_INIT;
	struct strbuf include = STRBUF_INIT, epoch = STRBUF_INIT;
	struct strvec argv = STRVEC_INIT;
	int ret = cache_lookup(r, tool, &e);

	if (ret != 0) { /* cached and extracted, or an error */
		ret = ret > 0 ? 0 : -1;
		goto out;
	}
	ret = -1;
	if (!mm && geteuid() != 0) {
		error("debootstrap needs root; run as root, or use bootstrap = mmdebstrap for a "
		      "rootless bootstrap");
		goto out;
	}
	for (size_t i = 0; i < r->conf.packages.nr; i++)
		strbuf_addf(&include, "%s%s", i ? "," : "", r->conf.packages.v[i]);
	strbuf_addf(&epoch, "SOURCE_DATE_EPOCH=%lld", r->o->epoch);
	char *env[] = { epoch.buf, "DEBIAN_FRONTEND=noninteractive", "LC_ALL=C",
			"PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };

	strvec_push(&argv, tool);
	strvec_pushf(&argv, "--arch=%s", bootstrap_tool_arch(r->conf.bootstrap, r->conf.arch));
	strvec_pushf(&argv, "--variant=%s", r->conf.variant);
	if (include.len)
		strvec_pushf(&argv, "--include=%s", include.buf);
	if (mm) { /* rootless (unshare) when not root; its tar is reproducible as it is */
		struct strbuf lines = STRBUF_INIT;
		strvec_pushl(&argv, "--mode=auto", "--format=tar", r->conf.suite, e.part.buf,
			     NULL);
		/* mmdebstrap takes every suite, each as a whole source line. */
		debsuites_lines(&r->suites, "deb", NULL, true, &lines);
		for (char *p = lines.buf, *nl; *p; p = nl + 1) {
			nl = strchr(p, '\n');
			*nl = '\0';
			strvec_push(&argv, p);
		}
		strbuf_release(&lines);
	} else {
		strvec_pushl(&argv, r->conf.suite, r->tmp.buf, r->mirror.buf, NULL);
	}

	progress("ROOTFS", "%s: %s %s from %s (log: %s)", r->conf.name, tool, r->conf.suite,
		 r->mirror.buf, e.log.buf);
	if (run_bootstrap_tool(r, (const char *const *)argv.v, e.log.buf, env) ||
	    (!mm && r->suites.uris.nr > 1 && upgrade_from_suites(r, e.log.buf, env))) {
		unlink(e.part.buf);
		goto out;
	}
	if (mm)
		ret = cache_store_part(&e) || extract_archive(e.tar.buf, r->tmp.buf) ? -1 : 0;
	else
		ret = cache_store_tree(r, &e);
out:
	cache_entry_release(&e);
	strvec_clear(&argv);
	strbuf_release(&include);
	strbuf_release(&epoch);
	return ret;
}

int bootstrap_debootstrap(struct rfs *r)
{
	return debian_bootstrap(r, false);
}

int bootstrap_mmdebstrap(struct rfs *r)
{
	return debian_bootstrap(r, true);
}
