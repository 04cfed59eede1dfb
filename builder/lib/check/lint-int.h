/* Shared between the parts of lint (lint.c: the image and the tree walk;
 * lint-accounts.c: passwords; lint-host.c: the build machine's details;
 * lint-leftovers.c: what a boot or a seed leaves).
 * The text helpers are here so that the unit test can reach them. */
#ifndef LINT_INT_H
#define LINT_INT_H

#include "check/lint.h"
#include "core/strbuf.h"
#include "core/strvec.h"

#include <ext2fs/ext2fs.h>
#include <stdbool.h>

struct lint {
	const struct lint_opts *o;
	struct lint_report *rep;
	ext2_filsys fs;
	const char *image;
};

/* Add a finding for path. */
void lint_add(struct lint *l, const char *path, const char *fmt, ...) PRINTF_LIKE(3, 4);

/* The inode at path in the image (a final symlink is not followed):
 * 1 found, 0 absent, -1 error. */
int lint_lookup(struct lint *l, const char *path, ext2_ino_t *ino, struct ext2_inode *inode);
/* The contents of the regular file at path (at most 4 MiB are read):
 * 1 read, 0 absent or not a regular file, -1 error. */
int lint_read(struct lint *l, const char *path, struct strbuf *out);
/* The names in directory dir of the image, sorted; absent is empty. */
int lint_list(struct lint *l, const char *dir, struct strvec *names);

int lint_accounts(struct lint *l);
/* For each entry of the walk: authorized_keys, first-boot markers and
 * credentials left by a boot (lint-leftovers.c). */
void lint_leftovers(struct lint *l, const char *path, const char *dir, const char *name,
		    const struct ext2_inode *inode);
int lint_host_details(struct lint *l);
/* lint-updates.c: an image with a package manager and no source to
 * update from, unless built with update_sources = none. */
int lint_update_sources(struct lint *l);

/* Text helpers. Line numbers count from 1; 0 means none. */
/* The host names of the http/https/ftp URIs an apt sources file names
 * (one-line .list format, or deb822 .sources when deb822), lower case. */
void lint_sources_hosts(const char *text, bool deb822, struct strvec *hosts);
/* The first line holding name as a whole host name (case-insensitive). */
unsigned lint_line_with_name(const char *text, const char *name);
/* The addresses of "nameserver" lines, loopback ones left out. */
void lint_nameservers(const char *text, struct strvec *out);
/* The first active apt configuration line that sets a proxy. */
unsigned lint_apt_proxy_line(const char *text);
/* The first "proxy = VALUE" line (dnf.conf, yum .repo files) with a value. */
unsigned lint_ini_proxy_line(const char *text);
/* The first *_PROXY="VALUE" of an enabled /etc/sysconfig/proxy, or an
 * http_proxy=... line of /etc/environment. */
unsigned lint_env_proxy_line(const char *text, bool need_enabled);
/* Whether an apt sources file has an active deb entry (deb822: a
 * "Types: deb" stanza not "Enabled: no"). */
bool lint_has_apt_source(const char *text, bool deb822);
/* Whether a .repo file names a baseurl, metalink or mirrorlist. */
bool lint_has_repo(const char *text);
/* The well-known password hash is the hash of, or NULL. */
const char *lint_known_password(const char *hash);

#endif
