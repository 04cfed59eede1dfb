/* Root filesystem trees: run the appliance's backend (its row in
 * rootfs/backends/backends.c), then the hygiene pass; the tree appears at
 * its final path only when complete. */
#include "rootfs/rootfs.h"
#include "rootfs/bootstrap.h"
#include "rootfs/backends/backends.h"
#include "core/fsutil.h"
#include "rootfs/hygiene.h"
#include "kernel/kernel.h"
#include "core/run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Debian: the suites and their Release files (read into a directory of
 * the cache that goes again); the others: the repository as given. */
static int resolve_repo(struct rfs *r)
{
	const char *repo = r->o->repo && *r->o->repo ? r->o->repo : r->conf.repo;
	struct strbuf work = STRBUF_INIT;
	size_t bad = (size_t)-1;
	int ret;

	if (r->conf.bootstrap->family != BACKEND_DEBIAN) {
		strbuf_addstr(&r->mirror, repo);
		return 0;
	}
	strbuf_addf(&work, "%s/suites.%ld", r->cache.buf, (long)getpid());
	if (remove_tree(work.buf) || mkdir_p(work.buf)) {
		strbuf_release(&work);
		return -1;
	}
	struct debsuites_query q = {
		.suite = r->conf.suite, .repo = repo, .apt_etc = r->o->apt_etc,
		.arch = bootstrap_tool_arch(r->conf.bootstrap, r->conf.arch), .workdir = work.buf,
	};
	progress("ROOTFS", "%s: reading the Release files of %s and its updates", r->conf.name,
		 r->conf.suite);
	ret = debsuites_find(&q, &r->suites, &bad);
	if (bad < r->suites.uris.nr) {
		strbuf_addstr(&r->mirror, r->suites.uris.v[bad]);
		bootstrap_unreachable(r);
	} else if (!ret) {
		strbuf_addstr(&r->mirror, r->suites.uris.v[0]);
	}
	remove_tree(work.buf);
	strbuf_release(&work);
	return ret;
}

/* OUT.tmp, made empty, as an absolute path (dnf and zypper want one). */
static int make_tmp(struct rfs *r)
{
	char *abs;
	strbuf_addf(&r->tmp, "%s.tmp", r->o->out);
	if (remove_tree(r->tmp.buf) || mkdir_p(r->tmp.buf))
		return -1;
	if (!(abs = realpath(r->tmp.buf, NULL)))
		return error_errno("cannot resolve '%s'", r->tmp.buf);
	strbuf_reset(&r->tmp);
	strbuf_addstr(&r->tmp, abs);
	free(abs);
	return 0;
}

/* Replace OUT with the finished tree; the old one goes only once the new
 * one is complete. */
static int install_tree(struct rfs *r)
{
	struct strbuf old = STRBUF_INIT;
	int ret = 0;
	strbuf_addf(&old, "%s.old", r->o->out);
	if (remove_tree(old.buf))
		ret = -1;
	else if (path_exists(r->o->out) && rename(r->o->out, old.buf) < 0)
		ret = error_errno("cannot rename '%s'", r->o->out);
	else if (rename(r->tmp.buf, r->o->out) < 0)
		ret = error_errno("cannot rename '%s' to '%s'", r->tmp.buf, r->o->out);
	else
		ret = remove_tree(old.buf);
	strbuf_release(&old);
	return ret;
}

int rootfs_build(const struct rootfs_opts *o)
{
	struct rfs r = { .o = o, .conf = APPCONF_INIT, .tmp = STRBUF_INIT,
			 .mirror = STRBUF_INIT, .suites = DEBSUITES_INIT, .cache = STRBUF_INIT };
	struct hygiene_opts h = { .pvinit = o->pvinit, .firstboot = o->firstboot, .epoch = o->epoch,
				  .builder_version = o->builder_version };
	int ret = -1;

	if (appconf_load(&r.conf, o->appdir, o->kernel_configs))
		goto out;
	if (geteuid() != 0) {
		/* The tree keeps the distribution's owners (root), setuid bits
		 * and device nodes. */
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
	if (mkdir_p(r.cache.buf) || resolve_repo(&r) || make_tmp(&r))
		goto out;
	if (r.conf.bootstrap->run(&r))
		goto out;
	h.root = r.tmp.buf;
	h.conf = &r.conf;
	ret = hygiene_run(&h) || install_tree(&r) ? -1 : 0;
	if (!ret)
		progress("ROOTFS", "%s: %s", r.conf.name, o->out);
out:
	if (ret && r.tmp.len)
		remove_tree(r.tmp.buf);
	appconf_release(&r.conf);
	strbuf_release(&r.tmp);
	strbuf_release(&r.mirror);
	debsuites_release(&r.suites);
	strbuf_release(&r.cache);
	return ret;
}
