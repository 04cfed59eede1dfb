/*
 * apt-get with lists, cache and sources of its own under a work directory
 * (Dir::State::Lists, Dir::Cache, Dir::Etc::SourceList): this machine's apt
 * state and configuration are read by nobody and changed by nobody. The
 * sources tar (publish/sources.h) fetches source packages through it, and
 * `appliance outdated` (publish/outdated.h) reads the archive's indexes.
 */
#ifndef APTLISTS_H
#define APTLISTS_H

#include "core/strvec.h"

#include <stdbool.h>

/* "apt-get -q" and the options that make it private to work. */
void aptlists_argv(struct strvec *argv, const char *work);

/* Write work/sources.list with lines (debsuites_lines' output), make the
 * directories, and run apt-get update for arch (Debian's name; NULL: the
 * host's) with its output in work/apt.log. 0; >0 apt's exit status (the
 * log's tail shown, the caller explains); -1 with an error on any other
 * failure. apt-get exits 0 when an index could not be fetched: strict
 * makes that a failure too (100), for callers to whom a missing index
 * would read as "nothing there". what names the step in the progress line. */
int aptlists_update(const char *work, const char *lines, const char *arch, bool strict,
		    const char *what);

/* The indexes apt-get update left in work of one kind (created_by, as
 * apt names it: "Packages", "Sources"), as apt-get indextargets lists them:
 * suites->v[i] is the suite of files->v[i] (apt keeps them compressed, in
 * a format of its choice). -1 with an error naming the suite whose index
 * is missing. */
int aptlists_indexes(const char *work, const char *arch, const char *created_by,
		     struct strvec *suites, struct strvec *files);

/* An index's text, decompressed by apt-helper cat-file; -1 with an error. */
int aptlists_read(const char *file, struct strbuf *out);

#endif
