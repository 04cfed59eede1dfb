/*
 * The suites a Debian appliance is built from: its suite and, where the
 * archive has them, SUITE-updates and SUITE-security, each at its own URI
 * (repo = apt: where this machine's apt finds them; the security archive is
 * its own URI there), with their index state: the Packages lines of each
 * suite's Release file, so that a new (security) update is a new bootstrap.
 * The bootstraps, the upgrade after debootstrap and the sources tar read
 * the same list.
 */
#ifndef DEBSUITES_H
#define DEBSUITES_H

#include "core/strbuf.h"
#include "core/strvec.h"

#include <stdbool.h>

struct debsuites_query {
	const char *suite;    /* bookworm */
	const char *repo;     /* "apt", a URL or an absolute path */
	const char *apt_etc;  /* where repo = apt is read; NULL: /etc/apt */
	const char *arch;     /* Debian's name, i386 */
	const char *workdir;  /* an existing directory for the Release files */
	bool quiet;           /* no warning for a missing -updates or -security */
};

struct debsuites {
	struct strvec uris, suites; /* parallel: one pair each, the suite's first */
	struct strbuf state;        /* "URI SUITE" and its Packages lines, per pair */
};
#define DEBSUITES_INIT { STRVEC_INIT, STRVEC_INIT, STRBUF_INIT }
void debsuites_release(struct debsuites *s);

/* Find the suites and read their Release files. The suite itself must be
 * there: -1 with an error naming the URL that could not be read (the
 * caller explains how to change it: *unreachable is set to that URL's
 * index in s->uris), or naming the apt files when none names it. A missing
 * -updates or -security suite is a warning: the appliance is then built
 * without it. */
int debsuites_find(const struct debsuites_query *q, struct debsuites *s, size_t *unreachable);

/* Append one source line per pair: "deb [trusted=yes] copy:///PATH SUITE
 * main\n" for local (unsigned) archives (file:/// when not copy: copy: puts
 * the files into apt's cache, where a chrooted dpkg finds them), "deb URI SUITE main\n" for remote ones,
 * which apt checks against this machine's Debian keyrings. type is "deb"
 * or "deb-src"; opts, when not NULL, are added inside the brackets of
 * remote lines. */
void debsuites_lines(const struct debsuites *s, const char *type, const char *remote_opts,
		     bool copy, struct strbuf *out);

/* The Packages lines of a Release file for arch (and "all"), in order, or
 * the whole text when it has none: what changes when a package does. */
void debsuites_release_state(const char *release, const char *arch, struct strbuf *out);

#endif
