/*
 * The Debian archives this machine's apt uses, read at run time from
 * APT_ETC/sources.list.d/\*.sources (deb822) and APT_ETC/sources.list, so that
 * no mirror's name is ever written into the project.
 */
#ifndef APTMIRROR_H
#define APTMIRROR_H

#include "core/strbuf.h"
#include "core/strvec.h"

/* Append the first "deb" http(s)/file URI that is not a security or
 * backports archive to url. apt_etc is normally "/etc/apt". -1 with an
 * error naming the files read and the fix when there is none. */
int apt_mirror(const char *apt_etc, struct strbuf *url);

/* For every enabled "deb" entry with an http(s)/file URI whose suite is one
 * of suites[] (NULL-terminated), in apt's reading order, push its URI to
 * uris and its suite to found (parallel vectors; an entry naming several
 * suites or URIs gives one pair each). Absent files are no pairs. */
void apt_suite_uris(const char *apt_etc, const char *const *suites, struct strvec *uris,
		    struct strvec *found);

#endif
