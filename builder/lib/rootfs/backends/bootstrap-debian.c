/* The Debian backends: debootstrap (as root) and mmdebstrap (rootless).
 * Tested by tests/t3000-rootfs-debian.sh and tests/t3010-rootfs-
 * mmdebstrap.sh. */
#include "rootfs/bootstrap.h"
#include "rootfs/backends/backends.h"
#include "core/run.h"
#include "core/strvec.h"

#include <stdio.h>
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
	char *env[] = { epoch.buf, NULL };

	strvec_push(&argv, tool);
	strvec_pushf(&argv, "--arch=%s", bootstrap_tool_arch(r->conf.bootstrap, r->conf.arch));
	strvec_pushf(&argv, "--variant=%s", r->conf.variant);
	if (include.len)
		strvec_pushf(&argv, "--include=%s", include.buf);
	if (mm) /* rootless (unshare) when not root; its tar is reproducible as it is */
		strvec_pushl(&argv, "--mode=auto", "--format=tar", r->conf.suite, e.part.buf,
			     r->mirror.buf, NULL);
	else
		strvec_pushl(&argv, r->conf.suite, r->tmp.buf, r->mirror.buf, NULL);

	progress("ROOTFS", "%s: %s %s from %s (log: %s)", r->conf.name, tool, r->conf.suite,
		 r->mirror.buf, e.log.buf);
	if (run_bootstrap_tool(r, (const char *const *)argv.v, e.log.buf, env)) {
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
