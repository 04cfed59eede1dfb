/*
 * The bootstrap backends' run functions (their table, and how to add one:
 * rootfs/backends/backends.h), and what they share: the bootstrap cache
 * (tarballs keyed by a hash of the inputs), logged runs of the
 * distributions' tools, and the unreachable-repository error.
 */
#ifndef BOOTSTRAP_H
#define BOOTSTRAP_H

#include <stdbool.h>
#include "conf/appconf.h"
#include "rootfs/rootfs.h"
#include "core/logwatch.h"
#include "core/strbuf.h"
#include "rootfs/debsuites.h"

struct rfs {
	const struct rootfs_opts *o;
	struct appconf conf;
	struct strbuf tmp;     /* the tree being built (absolute): OUT.tmp */
	struct strbuf mirror;  /* the resolved repository (Debian: the suite's first URI) */
	struct debsuites suites; /* Debian: the suite, -updates, -security and their state */
	struct strbuf cache;   /* CACHE/rootfs */
};

/* A bootstrap's cache entry: CACHE/rootfs/KEY.tar, its log, and the
 * temporary name the archive is written under before it is renamed. */
struct cache_entry {
	struct strbuf key, tar, log, part;
};
#define CACHE_ENTRY_INIT { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT }
void cache_entry_release(struct cache_entry *e);

/* Name the entry for this bootstrap (asking tool for its version). Returns
 * 1 when it was cached and has been extracted into the tree, 0 when the
 * backend must make it, -1 on error. */
int cache_lookup(struct rfs *r, const char *tool, struct cache_entry *e);
/* Archive the tree into the entry (through e->part, then renamed). */
int cache_store_tree(struct rfs *r, struct cache_entry *e);
/* Rename e->part, written by the tool itself, into the entry. */
int cache_store_part(struct cache_entry *e);

/* tar -x an archive into dir, owners by number. */
int extract_archive(const char *archive, const char *dir);

/* Run a bootstrap tool with its output to log and env added; on failure
 * say why: an unreachable repository (its URL and how to change it), or
 * the tool's failure and its log's end. Returns 0 or -1. */
int run_bootstrap_tool(struct rfs *r, const char *const *argv, const char *log,
		       char *const *env);

/* Say that r->mirror cannot be downloaded from, and how to change it. */
void bootstrap_unreachable(struct rfs *r);

/* A path for repo when it is local (a path or file:/// URL), else NULL. */
const char *local_repo_path(const char *repo);

/* The rows' run functions: fill r->tmp, 0 or -1. */
int bootstrap_debootstrap(struct rfs *r);  /* backends/bootstrap-debian.c */
int bootstrap_mmdebstrap(struct rfs *r);
int bootstrap_dnf(struct rfs *r);          /* backends/bootstrap-rpm.c */
int bootstrap_zypper(struct rfs *r);
int bootstrap_tarball(struct rfs *r);      /* backends/bootstrap-import.c */
int bootstrap_dir(struct rfs *r);

/* The rows' progress rules, beside their run functions. */
extern const struct logwatch_rule debootstrap_progress[], mmdebstrap_progress[];
extern const struct logwatch_rule dnf_progress[], zypper_progress[];

#endif
