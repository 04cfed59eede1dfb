/*
 * The downloader's side of a release: check files against a checksum
 * manifest (MD5SUMS, SHA256SUMS, ...), a .torrent or a .meta4. Everything
 * the check reads from a download is treated as hostile: names stay below
 * their directory, sizes and lengths are bounded. Files are hashed on
 * several threads; results come out in the order of the input.
 *
 * Each verify_* function prints its results on stdout ("name: OK") and
 * its problems on stderr, and returns 0 when every file checked out, 1
 * when something did not (all reported), -1 when the check could not be
 * made at all (an unreadable or malformed manifest or torrent).
 */
#ifndef VERIFY_H
#define VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include "core/strbuf.h"

struct verify_opts {
	const char *dir;      /* manifests: names are relative to this; NULL: the manifest's directory */
	bool ignore_missing;  /* manifests: a missing file is not a failure */
	bool strict;          /* manifests: a malformed line is a failure */
	bool quiet;           /* no "OK" lines */
	bool status;          /* nothing on stdout, no summary: the exit code says it */
	int threads;          /* 0: one per CPU */
};

int verify_sums(const char *manifest, const struct verify_opts *o);

/* A detached signature over a manifest, as a release signs SHA256SUMS. */
struct verify_sig {
	const char *signature;    /* the .asc */
	const char *key;          /* the public key file trusted for it */
	const char *fingerprint;  /* NULL, or the full fingerprint the signing
				   * key (or its primary key) must have */
};
/* Check signed_file's signature with gpgv, in a keyring made in a new
 * temporary directory from s->key alone (never the user's keyrings). A
 * good one prints "FILE: good signature by key FPR" and returns 0; a bad,
 * truncated, other key's or other fingerprint's signature is an error
 * saying which, -1. */
int verify_signature(const char *signed_file, const struct verify_sig *s);
/* Normalise a fingerprint (blanks dropped, upper case) into out; -1 when
 * it is not 40 or 64 hex digits (a key ID is refused: it can be forged). */
int verify_parse_fingerprint(const char *arg, struct strbuf *out);
int verify_torrent(const char *torrent, const char *path, const struct verify_opts *o);
int verify_metalink(const char *meta4, const char *path, const struct verify_opts *o);

/* Helpers shared by the verify_* files. */

/* Read path ("-": standard input) into sb, refusing more than max bytes
 * (a manifest of gigabytes is a mistake or an attack): 0, or -1 with an
 * error naming the file. */
int verify_read_input(const char *path, size_t max, struct strbuf *sb);

/* Append the len bytes at s for a message: printable ASCII as is, other
 * bytes as \xNN, at most 200 bytes of it and then "...". */
void verify_quote(struct strbuf *out, const char *s, size_t len);

/* The directory part of path ("." when none); the caller frees it. */
char *verify_dirname(const char *path);

/* Write what sb holds to stdout and reset it; -1 when stdout fails. */
int verify_flush(struct strbuf *sb);

#endif
