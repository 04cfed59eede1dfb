/* lint: the accounts. Nobody may log in without a password or with a
 * well-known one (any account), root's password may not sit in /etc/passwd,
 * the password files must be files (not links), and the hashes may not be
 * readable by all.
 * Tested by builder/t/check/t-lint.c and tests/t5000-lint.sh. */
#include "check/lint-int.h"
#include "core/array.h"
#include "core/xalloc.h"

#include <crypt.h>
#include <stdlib.h>
#include <string.h>

/* What people try first; crypt(3) of each against root's hash. */
static const char *const known_passwords[] = {
	"root", "toor", "password", "changeme", "admin", "vmware", "appliance", "debian",
	"fedora", "suse", "linux", "123456", NULL,
};

const char *lint_known_password(const char *hash)
{
	struct crypt_data *cd;
	const char *found = NULL;

	if (!*hash || *hash == '!' || *hash == '*')
		return NULL;
	cd = xcalloc(1, sizeof(*cd));
	for (size_t i = 0; known_passwords[i] && !found; i++) {
		const char *h = crypt_r(known_passwords[i], hash, cd);
		/* Unknown methods give NULL or a "*" failure token. */
		if (h && *h != '*' && !strcmp(h, hash))
			found = known_passwords[i];
	}
	free(cd);
	return found;
}

/* Field n (from 0) of a colon-separated line, as a new string, or NULL. */
static char *field(const char *line, size_t len, int n)
{
	const char *p = line, *end = line + len;
	for (int i = 0; i < n; i++) {
		const char *c = memchr(p, ':', (size_t)(end - p));
		if (!c)
			return NULL;
		p = c + 1;
	}
	const char *c = memchr(p, ':', (size_t)(end - p));
	return xstrndup(p, (size_t)((c ? c : end) - p));
}

/* A locked or disabled password field: "*", "!", "!!", "*LK*"... */
static bool locked(const char *pw)
{
	return *pw == '!' || *pw == '*';
}

static bool passwd_ok(const char *pw)
{
	return !strcmp(pw, "x") || (*pw && strspn(pw, "*!") == strlen(pw));
}

/* The uid-0 accounts of /etc/passwd (root whatever passwd says), and
 * the ones that keep a password there. */
static int passwd_file(struct lint *l, struct strvec *uid0)
{
	struct strbuf text = STRBUF_INIT;
	int found = lint_read(l, "/etc/passwd", &text);

	strvec_push(uid0, "root");
	for (const char *p = text.buf; found > 0 && *p;) {
		const char *nl = strchrnul(p, '\n');
		char *name = field(p, (size_t)(nl - p), 0), *pw = field(p, (size_t)(nl - p), 1);
		char *uid = field(p, (size_t)(nl - p), 2);
		bool is_uid0 = name && pw && uid && !strcmp(uid, "0");
		if (is_uid0 && strcmp(name, "root"))
			strvec_push(uid0, name);
		if (name && pw && uid && *name && !*pw)
			/* No password at all, on any account: login and su let
			 * anyone in without asking (shadow is not even read). */
			lint_add(l, "/etc/passwd", "account '%s'%s has an empty password field: anyone "
				 "can log in as it (the field should be x, * or !)", name,
				 is_uid0 ? " (uid 0)" : "");
		else if (is_uid0 && !passwd_ok(pw))
			lint_add(l, "/etc/passwd", "account '%s' (uid 0) has a password in "
				 "/etc/passwd itself (the field should be x, * or !)", name);
		free(name);
		free(pw);
		free(uid);
		p = *nl ? nl + 1 : nl;
	}
	strbuf_release(&text);
	return found < 0 ? -1 : 0;
}

static bool listed(const struct strvec *v, const char *s)
{
	for (size_t i = 0; i < v->nr; i++)
		if (!strcmp(v->v[i], s))
			return true;
	return false;
}

static int shadow_file(struct lint *l, const struct strvec *uid0)
{
	struct strbuf text = STRBUF_INIT;
	int found = lint_read(l, "/etc/shadow", &text);

	for (const char *p = text.buf; found > 0 && *p;) {
		const char *nl = strchrnul(p, '\n');
		char *name = field(p, (size_t)(nl - p), 0), *pw = field(p, (size_t)(nl - p), 1);
		const char *known;
		if (name && pw && *name) {
			if (!*pw)
				lint_add(l, "/etc/shadow", "account '%s' has an empty password: anyone "
					 "can log in as it (hygiene locks empty passwords)", name);
			else if (!locked(pw) && (known = lint_known_password(pw)))
				lint_add(l, "/etc/shadow", "the password of '%s'%s is '%s', a "
					 "well-known default (root_password = locked, or a hash of "
					 "a real one, in appliance.conf; lock other accounts)", name,
					 listed(uid0, name) ? " (uid 0)" : "", known);
		}
		free(name);
		free(pw);
		p = *nl ? nl + 1 : nl;
	}
	strbuf_release(&text);
	return found < 0 ? -1 : 0;
}

/* The hashes (and their backups) must not be readable by everyone, and the
 * account files must be files: lint_read skips anything else, so a linked
 * shadow file would go unchecked (first boot replaces a link, never writes
 * through it). */
static int account_files(struct lint *l)
{
	static const struct { const char *path; bool accounts, hashes; } files[] = {
		{ "/etc/passwd", true, false }, { "/etc/shadow", true, true },
		{ "/etc/gshadow", false, true }, { "/etc/shadow-", false, true },
		{ "/etc/gshadow-", false, true },
	};
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		struct ext2_inode inode;
		ext2_ino_t ino;
		int found = lint_lookup(l, files[i].path, &ino, &inode);
		if (found < 0)
			return -1;
		if (!found)
			continue;
		if (files[i].accounts && !LINUX_S_ISREG(inode.i_mode))
			lint_add(l, files[i].path, "%s, not a regular file: its accounts are not "
				 "checked (make it the file itself)",
				 LINUX_S_ISLNK(inode.i_mode) ? "a symbolic link" : "not a file");
		else if (files[i].hashes && LINUX_S_ISREG(inode.i_mode) && (inode.i_mode & 0004))
			lint_add(l, files[i].path, "world-readable (mode %04o): password hashes for "
				 "anyone on the appliance to crack", inode.i_mode & 07777);
	}
	return 0;
}

int lint_accounts(struct lint *l)
{
	struct strvec uid0 = STRVEC_INIT;
	int ret = account_files(l) || passwd_file(l, &uid0) || shadow_file(l, &uid0) ? -1 : 0;
	strvec_clear(&uid0);
	return ret;
}
