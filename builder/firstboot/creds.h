/*
 * The credentials pvappliance-firstboot understands: one table that every
 * source (SMBIOS type 11 strings, VMware guestinfo variables, the OVF
 * environment) reads names from, and the validation every value gets
 * before anything is applied. Pure logic: also built natively for the unit
 * tests and the fuzzers.
 *
 * To add a credential:
 *   1. a CRED_ value in enum cred_id (before CRED_COUNT);
 *   2. its row in cred_table (creds.c): the systemd credential name, whether
 *      VMware may hand it in as guestinfo.NAME and as an OVF property, and
 *      its validation function;
 *   3. the code that applies it (apply.c), and a unit test (t-creds.c).
 */
#ifndef FIRSTBOOT_CREDS_H
#define FIRSTBOOT_CREDS_H

#include "core/strbuf.h"

#include <stdbool.h>
#include <stddef.h>

/* Larger values are refused: every credential here is a few lines. */
#define CRED_VALUE_MAX (64u * 1024u)

enum cred_id {
	CRED_HASHED_PASSWORD_ROOT,
	CRED_PLAIN_PASSWORD_ROOT,
	CRED_AUTHORIZED_KEYS_ROOT,
	CRED_HOSTNAME,
	CRED_COUNT
};

struct cred_kind {
	const char *name;     /* systemd's name: "passwd.hashed-password.root" */
	bool guestinfo;       /* read as VMware's guestinfo.NAME */
	bool ovf;             /* read as an OVF environment property key NAME */
	bool secret;          /* never printed, wiped after use */
	/* 0 when value (len bytes, NUL-terminated) is acceptable; else -1 with
	 * the reason in why ("is not a crypt(5) hash of a known method"). */
	int (*validate)(const char *value, size_t len, struct strbuf *why);
};

extern const struct cred_kind cred_table[CRED_COUNT];

/* The table row for a systemd credential name, or -1 when we ignore it. */
int cred_lookup(const char *name);

/* What was handed in: for each credential, the first source's value. */
struct creds {
	char *value[CRED_COUNT];   /* NULL: not given; owned, wiped on release */
	size_t len[CRED_COUNT];
	char *source[CRED_COUNT];  /* "SMBIOS type 11 string 3", owned */
	int invalid;               /* values refused so far (nothing is applied) */
};
#define CREDS_INIT { { NULL }, { 0 }, { NULL }, 0 }

/*
 * Offer a value for credential id from source: the first offer of an id
 * wins (later ones are ignored, and say so on stderr). The value is checked
 * here (size, NUL and control bytes, then the row's validate); a bad one is
 * reported as "SOURCE: NAME PROBLEM" on stderr and counted in c->invalid.
 * Returns 0 when taken, 1 when ignored, -1 when invalid.
 */
int creds_offer(struct creds *c, int id, const char *source, const void *value, size_t len);
/* Wipe (explicit_bzero) and free every value. */
void creds_release(struct creds *c);
/* How many credentials were given. */
int creds_count(const struct creds *c);

/* Validation functions, one per kind of value (exported for the tests). */
int cred_check_hash(const char *v, size_t len, struct strbuf *why);
int cred_check_plain_password(const char *v, size_t len, struct strbuf *why);
int cred_check_authorized_keys(const char *v, size_t len, struct strbuf *why);
int cred_check_hostname(const char *v, size_t len, struct strbuf *why);

/* Is this hash one a root login can be checked against? yescrypt, SHA-512,
 * SHA-256 or bcrypt, every cost parameter within bounds (yescrypt's N, r,
 * p and t; the rounds of the others), and one crypt_r computes again from
 * its own setting (a test string hashed with it). */
bool hash_is_acceptable(const char *hash);

/* A systemd credential name: 1-255 printable ASCII characters, no '/' or
 * ':', not "." or ".." (credential_name_valid() in systemd). */
bool cred_name_valid(const char *name, size_t len);

/* A console message about the credentials: "pvappliance-firstboot: MESSAGE"
 * on stderr; nothing when error_silent is set (fuzzers). */
void fb_report(const char *fmt, ...) PRINTF_LIKE(1, 2);

/*
 * Standard base64 (RFC 4648, with padding; blanks and newlines skipped, as
 * systemd's unbase64mem does). Appends the bytes to out; -1 on a bad
 * character, bad padding or a length that is not a whole number of groups.
 */
int base64_decode(const char *in, size_t len, struct strbuf *out);

#endif
