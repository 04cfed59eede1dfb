/*
 * The banner before every login prompt: the appliance's name and version
 * (/etc/appliance-release, written by hygiene's identity step), its IPv4
 * addresses, how to get in, and the SSH host keys' SHA256 fingerprints as
 * `ssh-keygen -l -f` prints them, so a first SSH connection can be checked.
 */
#ifndef FIRSTBOOT_BANNER_H
#define FIRSTBOOT_BANNER_H

#include "core/strbuf.h"
#include "core/strvec.h"

#include <stdbool.h>

/* Pure: KEY's value in an appliance-release text (shell-style quoting
 * undone), appended to out; -1 when absent. */
int release_value(const char *text, const char *key, struct strbuf *out);

struct banner {
	const char *title;          /* TITLE, else NAME, else "pvappliance" */
	const char *version;        /* VERSION or NULL */
	bool agetty;                /* addresses as agetty's \4 escape */
	const struct strvec *addrs; /* else these (may be empty) */
	const char *fingerprints;   /* ssh-keygen -l lines, may be "" */
};

/* A line of every banner (banner_text): lint knows a booted image's
 * /etc/issue by it. */
#define BANNER_SIGN "  Console: log in as root with the password set at the first-boot prompt,"

/* Pure: the issue text. */
void banner_text(const struct banner *b, struct strbuf *out);

/* Write the banner under root: root/etc/issue.d/pvappliance.issue when
 * that directory exists (agetty), else appended to root/etc/issue. */
int banner_write(const char *root);

/* ssh-keygen -A (under root via -f ROOT) when root/usr/bin/ssh-keygen
 * exists: 1 made, 0 no ssh-keygen, -1 failed. */
int ssh_host_keys(const char *root);

#endif
