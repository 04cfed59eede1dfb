/* The bootstrap cache and the logged runs shared by the backends.
 * Tested by builder/t/rootfs/t-bootstrap.c and tests/t3000-rootfs-debian.sh. */
#include "rootfs/bootstrap.h"
#include "rootfs/backends/backends.h"
#include "core/array.h"
#include "core/fsutil.h"
#include "core/hash.h"
#include "core/run.h"
#include "core/strvec.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void cache_entry_release(struct cache_entry *e)
{
	strbuf_release(&e->key);
	strbuf_release(&e->tar);
	strbuf_release(&e->log);
	strbuf_release(&e->part);
}

const char *local_repo_path(const char *repo)
{
	return !strncmp(repo, "file://", 7) ? repo + 7 : repo[0] == '/' ? repo : NULL;
}

static int cmp_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A local repository's index, so that a rebuilt test repository is a new
 * key; nothing for remote ones (their URL and the release identify them). */
static void add_local_index(struct sha256_ctx *c, const char *repo)
{
	const char *path = local_repo_path(repo);
	struct strbuf p = STRBUF_INIT, hex = STRBUF_INIT;
	if (path) {
		strbuf_addf(&p, "%s/repodata/repomd.xml", path);
		if (path_exists(p.buf))
			sha256_file_hex(p.buf, &hex);
	}
	sha256_update_str(c, hex.buf);
	strbuf_release(&p);
	strbuf_release(&hex);
}

/* Everything that changes a bootstrap's result. */
static void bootstrap_key(struct rfs *r, const char *tool_version, struct strbuf *key)
{
	const struct appconf *c = &r->conf;
	struct sha256_ctx *h = sha256_new();
	struct strbuf hex = STRBUF_INIT;
	struct strvec pkgs = STRVEC_INIT;

	for (size_t i = 0; i < c->packages.nr; i++)
		strvec_push(&pkgs, c->packages.v[i]);
	qsort(pkgs.v, pkgs.nr, sizeof(char *), cmp_strings);
	sha256_update_str(h, "pvappliance rootfs cache 1");
	sha256_update_str(h, c->bootstrap->name);
	sha256_update_str(h, tool_version);
	sha256_update_str(h, c->suite ? c->suite : "");
	sha256_update_str(h, c->variant ? c->variant : "");
	sha256_update_str(h, c->release ? c->release : "");
	sha256_update_str(h, c->arch);
	sha256_update_str(h, r->mirror.buf);
	add_local_index(h, r->mirror.buf);
	/* Debian: every suite's Packages hashes, so a new security update is
	 * a new bootstrap; RPM: the updates repository and its index. */
	sha256_update_str(h, r->suites.state.buf);
	sha256_update_str(h, c->updates_repo ? c->updates_repo : "");
	if (c->updates_repo)
		add_local_index(h, c->updates_repo);
	for (size_t i = 0; i < pkgs.nr; i++)
		sha256_update_str(h, pkgs.v[i]);
	if (c->bootstrap->epoch_in_output) {
		char e[32];
		snprintf(e, sizeof(e), "%lld", r->o->epoch);
		sha256_update_str(h, e);
	}
	sha256_final_hex(h, &hex);
	strbuf_addf(key, "%s-%.16s", c->bootstrap->name, hex.buf);
	strvec_clear(&pkgs);
	strbuf_release(&hex);
}

int extract_archive(const char *archive, const char *dir)
{
	/* Owners by number, as recorded: the image's, not this machine's names. */
	const char *argv[] = { "tar", "--numeric-owner", "--xattrs", "--xattrs-include=*",
			       "-xpf", archive, "-C", dir, NULL };
	int rc = run_command(argv, NULL);
	if (rc > 0)
		error("cannot extract '%s' (tar exited with %d)", archive, rc);
	return rc ? -1 : 0;
}

int cache_lookup(struct rfs *r, const char *tool, struct cache_entry *e)
{
	struct strbuf version = STRBUF_INIT;
	struct run_opts ro = RUN_OPTS_INIT;
	const char *argv[] = { tool, "--version", NULL };

	ro.capture = &version;
	if (run_command(argv, &ro) != 0) {
		strbuf_release(&version);
		return -1;
	}
	strbuf_rtrim(&version);
	bootstrap_key(r, version.buf, &e->key);
	strbuf_release(&version);
	strbuf_addf(&e->tar, "%s/%s.tar", r->cache.buf, e->key.buf);
	strbuf_addf(&e->log, "%s/%s.log", r->cache.buf, e->key.buf);
	strbuf_addf(&e->part, "%s.part.%ld.tar", e->tar.buf, (long)getpid());
	if (!path_exists(e->tar.buf))
		return unlink(e->log.buf) < 0 && errno != ENOENT ?
			error_errno("cannot remove '%s'", e->log.buf) : 0;
	progress("ROOTFS", "%s: cached %s bootstrap %s", r->conf.name, tool, e->key.buf);
	return extract_archive(e->tar.buf, r->tmp.buf) ? -1 : 1;
}

int cache_store_part(struct cache_entry *e)
{
	if (rename(e->part.buf, e->tar.buf) < 0) {
		error_errno("cannot rename '%s' to '%s'", e->part.buf, e->tar.buf);
		unlink(e->part.buf);
		return -1;
	}
	return 0;
}

int cache_store_tree(struct rfs *r, struct cache_entry *e)
{
	const char *argv[] = { "tar", "--numeric-owner", "--xattrs", "--xattrs-include=*",
			       "-cf", e->part.buf, "-C", r->tmp.buf, ".", NULL };
	if (run_command(argv, NULL) != 0) {
		unlink(e->part.buf);
		return error("cannot archive the bootstrap into '%s'", e->part.buf);
	}
	return cache_store_part(e);
}

/* Whether the tool's log has one of signs[0..n). */
static bool log_says(const char *log, const char *const *signs, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	bool yes = false;
	if (!strbuf_read_file(&sb, log))
		for (size_t i = 0; i < n; i++)
			yes |= strstr(sb.buf, signs[i]) != NULL;
	strbuf_release(&sb);
	return yes;
}

/* The appliance's own i386 programs would not run on this kernel. */
static bool log_says_no_i386(const char *log)
{
	static const char *const signs[] = {
		"Unable to execute target architecture", /* debootstrap */
		"Exec format error",
	};
	return log_says(log, signs, ARRAY_SIZE(signs));
}

static bool log_says_unreachable(const char *log)
{
	static const char *const signs[] = {
		"Failed getting release file", "Couldn't download", "Could not resolve",
		"Failed to fetch", "Temporary failure resolving", "Connection refused",
		"404  Not Found", "Unable to connect",
		"Failed to download metadata",  /* dnf */
		"Valid metadata not found",     /* zypper */
	};
	return log_says(log, signs, ARRAY_SIZE(signs));
}

void bootstrap_unreachable(struct rfs *r)
{
	bool debian = r->conf.bootstrap && r->conf.bootstrap->family == BACKEND_DEBIAN;
	struct strbuf var = STRBUF_INIT;
	for (const char *p = r->conf.name; *p; p++)
		strbuf_addch(&var, *p == '-' ? '_' : (char)toupper((unsigned char)*p));
	error("cannot download from '%s'; check the network, or point 'repo =' in %s at a "
	      "reachable mirror, or override it for one build: make %s %s_REPO=URL%s",
	      r->mirror.buf, r->conf.path, r->conf.name, var.buf,
	      debian ? " (repo = apt uses the mirror this machine's apt is configured with)" : "");
	strbuf_release(&var);
}

int run_bootstrap_tool(struct rfs *r, const char *const *argv, const char *log,
		       char *const *env)
{
	struct run_opts ro = RUN_OPTS_INIT;
	/* The backend's own rules for its tool's log. */
	const struct logwatch_rule *phases = r->conf.bootstrap->progress;
	struct logwatch watch;
	struct strbuf what = STRBUF_INIT;
	/* Appended: a backend's steps (zypper addrepo, install) share one log,
	 * which cache_lookup starts empty. */
	int fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644), rc;

	if (fd < 0)
		return error_errno("cannot create '%s'", log);
	ro.out_fd = fd;
	ro.setenv = env;
	if (phases) {
		/* Minutes of silence otherwise (under emulation, several). */
		strbuf_addf(&what, "%s: %s", r->conf.name, argv[0]);
		logwatch_init(&watch, "ROOTFS", what.buf, log, phases, "packages", 0);
		ro.tick = logwatch_tick;
		ro.tick_arg = &watch;
	}
	rc = run_command(argv, &ro);
	if (phases)
		logwatch_end(&watch);
	strbuf_release(&what);
	close(fd);
	if (rc <= 0)
		return rc;
	run_show_log_tail(log, 15);
	if (log_says_no_i386(log))
		error("%s cannot run the appliance's i386 programs: this kernel has no IA32 "
		      "emulation; run 'make deps' as root once (it registers qemu-i386-static, "
		      "package qemu-user-static, with binfmt_misc); the whole log is '%s'",
		      argv[0], log);
	else if (log_says_unreachable(log))
		bootstrap_unreachable(r);
	else
		error("%s failed (exit %d); the whole log is '%s'", argv[0], rc, log);
	return -1;
}
