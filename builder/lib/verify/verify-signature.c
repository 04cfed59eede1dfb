/* verify_signature: a detached OpenPGP signature checked by gpgv against a
 * key the user names, in a keyring made for this check alone (see verify.h).
 * Tested by tests/t7010-verify-signature.sh. */
#include "verify/verify.h"
#include "core/fsutil.h"
#include "core/paths.h"
#include "core/run.h"
#include "core/strvec.h"
#include "core/tools.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int verify_parse_fingerprint(const char *arg, struct strbuf *out)
{
	strbuf_reset(out);
	for (const char *p = arg; *p; p++) {
		if (*p == ' ')
			continue; /* gpg --fingerprint prints it in groups */
		if (!isxdigit((unsigned char)*p))
			return -1;
		strbuf_addch(out, (char)toupper((unsigned char)*p));
	}
	/* v4 keys: 40 hex digits (SHA-1); v5 keys: 64. A key ID (8 or 16)
	 * is not enough: anyone can make a key with a given short ID. */
	return out->len == 40 || out->len == 64 ? 0 : -1;
}

/* gpgv's status line "[GNUPG:] WORD rest": the rest, or NULL. */
static const char *status_line(const char *status, const char *word, struct strbuf *rest)
{
	struct strbuf key = STRBUF_INIT;
	const char *p, *found = NULL;
	strbuf_addf(&key, "[GNUPG:] %s", word);
	for (p = status; (p = strstr(p, key.buf)); p += key.len) {
		if ((p == status || p[-1] == '\n') && (p[key.len] == ' ' || p[key.len] == '\n' ||
						       !p[key.len])) {
			const char *s = p + key.len + (p[key.len] == ' '), *e = strchr(s, '\n');
			strbuf_reset(rest);
			strbuf_add(rest, s, e ? (size_t)(e - s) : strlen(s));
			found = rest->buf;
			break;
		}
	}
	strbuf_release(&key);
	return found;
}

/* The keyring gpgv reads: keyfile (armored or binary) imported into a
 * gpg home of our own and exported in the binary form gpgv takes. Import
 * also refuses a file that holds no key. */
static int make_keyring(const char *home, const char *keyfile, const char *keyring)
{
	struct strbuf out = STRBUF_INIT;
	struct run_opts ro = RUN_OPTS_INIT;
	const char *import[] = { "gpg", "--homedir", home, "--batch", "--no-tty", "--no-autostart",
				 "--quiet", "--import", keyfile, NULL };
	const char *export[] = { "gpg", "--homedir", home, "--batch", "--no-tty", "--no-autostart",
				 "--export", "--output", keyring, NULL };
	int ret = -1;

	ro.capture = &out; /* gpg's chatter on stdout stays out of ours */
	if (access(keyfile, R_OK) < 0)
		error_errno("cannot read the key file '%s'", keyfile);
	else if (run_command(import, &ro) != 0)
		error("'%s' holds no OpenPGP public key gpg can import (give the release's "
		      "public key, e.g. its KEYS file or 'gpg --armor --export KEYID')", keyfile);
	else if (run_command(export, &ro) != 0 || !path_exists(keyring))
		error("gpg could not export the key from '%s'", keyfile);
	else
		ret = 0;
	strbuf_release(&out);
	return ret;
}

int verify_signature(const char *signed_file, const struct verify_sig *s)
{
	struct strbuf home = STRBUF_INIT;
	struct strbuf keyring = STRBUF_INIT, status = STRBUF_INIT, rest = STRBUF_INIT;
	struct strbuf want = STRBUF_INIT;
	struct run_opts ro = RUN_OPTS_INIT;
	const char *p;
	int rc, ret = -1;

	if (tool_require("gpg") || tool_require("gpgv"))
		return -1;
	if (s->fingerprint && verify_parse_fingerprint(s->fingerprint, &want)) {
		error("--fingerprint '%s': give the key's full fingerprint (40 hex digits, as "
		      "'gpg --fingerprint' prints it), not a key ID", s->fingerprint);
		goto done;
	}
	if (access(s->signature, R_OK) < 0) {
		error_errno("cannot read the signature '%s'", s->signature);
		goto done;
	}
	if (make_temp_dir(&home, NULL, "gpgv")) {
		error_errno("cannot create a directory for the keyring in '%s'", temp_dir());
		goto done;
	}
	strbuf_addf(&keyring, "%s/keyring.gpg", home.buf);
	if (make_keyring(home.buf, s->key, keyring.buf))
		goto out;
	{
		const char *argv[] = { "gpgv", "--homedir", home.buf, "--status-fd", "1", "--keyring",
				       keyring.buf, s->signature, signed_file, NULL };
		ro.capture = &status;
		rc = run_command(argv, &ro);
	}
	if (rc < 0)
		goto out;
	if (status_line(status.buf, "NODATA", &rest) || !strstr(status.buf, "[GNUPG:] NEWSIG")) {
		error("'%s' is not an OpenPGP signature gpgv can read (truncated or damaged? "
		      "download it again)", s->signature);
	} else if ((p = status_line(status.buf, "BADSIG", &rest))) {
		error("BAD signature: '%s' does not match '%s' (signed by %s): the file was "
		      "changed after it was signed, or the signature is for another file",
		      signed_file, s->signature, p);
	} else if ((p = status_line(status.buf, "NO_PUBKEY", &rest)) ||
		   (p = status_line(status.buf, "ERRSIG", &rest))) {
		error("'%s' was made by key %.16s, which is not in '%s': it is not the key "
		      "you trust for this release", s->signature, p, s->key);
	} else if (rc != 0 || !(p = status_line(status.buf, "VALIDSIG", &rest))) {
		error("gpgv did not find a good signature in '%s' for '%s' (exit %d)",
		      s->signature, signed_file, rc);
	} else {
		/* VALIDSIG SIGNING-FPR DATE ... PRIMARY-FPR: either may be meant. */
		struct strvec f = STRVEC_INIT;
		const char *primary;
		strvec_split(&f, p);
		primary = f.nr >= 10 ? f.v[9] : f.v[0];
		if (want.len && strcasecmp(want.buf, f.v[0]) && strcasecmp(want.buf, primary))
			error("'%s' has a good signature, but by key %s, not by %s that you "
			      "expected", s->signature, primary, want.buf);
		else {
			printf("%s: good signature by key %s\n", signed_file, primary);
			ret = fflush(stdout) ? error_errno("cannot write the result") : 0;
		}
		strvec_clear(&f);
	}
out:
	remove_tree(home.buf);
done:
	strbuf_release(&home);
	strbuf_release(&keyring);
	strbuf_release(&status);
	strbuf_release(&rest);
	strbuf_release(&want);
	return ret;
}
