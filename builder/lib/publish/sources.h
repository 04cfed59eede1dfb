/*
 * NAME-VERSION-sources.tar: the exact source packages of every package
 * installed in an appliance, as the 2006 release published its own. The
 * tree's package database (rootfs/pkgdb.h) says which source packages at
 * which versions; Debian's come from `apt-get source --download-only`
 * against the appliance's repository with private lists (the host's apt
 * state is never touched), RPM's .src.rpm files from a local repository.
 * The archive holds them in one folder with an index, SOURCES, one source
 * package a line: "name version ok FILE..." or "name version missing".
 */
#ifndef SOURCES_H
#define SOURCES_H

#include <stdbool.h>

struct appconf;

struct sources_opts {
	const char *tree;            /* the built root filesystem */
	const struct appconf *app;   /* its suite and repo */
	const char *repo;            /* overrides app->repo when not NULL */
	const char *apt_etc;         /* where "repo = apt" is read; NULL: /etc/apt */
	const char *out;             /* OUT.tar, written atomically */
	const char *folder;          /* the folder inside, NAME-VERSION-sources */
	bool best_effort;            /* a source that cannot be had is listed, not an error */
	long long epoch;
};

/* -1 with an error naming each source package and version that could not
 * be fetched (unless best_effort), or any other failure; nothing is left. */
int sources_tar(const struct sources_opts *o);

#endif
