/*
 * The licence summary an OVF's EulaSection shows: what the appliance
 * contains, under which licences, and where the full texts are inside it.
 */
#ifndef LICENSES_H
#define LICENSES_H

#include "core/strbuf.h"

/* Append the summary. rootfs, when not NULL, is the appliance's built tree:
 * its /usr/share/doc/PACKAGE/copyright files are counted and the short
 * licence names of the machine-readable ones (DEP-5 "License:" lines)
 * listed, sorted; without it (or with no such file) a fixed summary.
 * -1 with an error when rootfs cannot be read. */
int licenses_summary(struct strbuf *out, const char *rootfs);

#endif
