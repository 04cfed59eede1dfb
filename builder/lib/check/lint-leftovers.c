/* lint: what a booted or seeded image leaves behind, which no download may
 * hold: SSH authorized_keys (anyone's), pvappliance-firstboot's markers,
 * and credentials handed in by a hypervisor (systemd's credential
 * directories, a file under /etc holding an SMBIOS credential string).
 * Every download must be a never-booted image: keys and passwords are
 * handed in at first boot, never shipped.
 * Tested by builder/t/check/t-lint.c and tests/t5000-lint.sh. */
#include "check/lint-int.h"
#include "core/array.h"

#include <fnmatch.h>
#include <string.h>

#define REBUILD "the image was booted or seeded; rebuild it"

/* Paths that only a first boot makes (pvappliance-firstboot apply). */
static const char *const firstboot_files[] = {
	"/var/lib/pvappliance/firstboot.done",
	"/var/lib/pvappliance/credentials",
};

/* What systemd writes about the one machine it runs on (hygiene removes
 * them from a bootstrapped tree): a seed every copy would share, the key
 * that encrypts its credentials, timer stamps, the journal's files. */
static const char *const systemd_state[] = {
	"/var/lib/systemd/random-seed", "/var/lib/systemd/credential.secret",
	"/var/lib/systemd/timesync/clock", "/var/lib/systemd/timers/*",
	"/var/log/journal/*/*", "/var/lib/urandom/random-seed",
};

/* Where systemd keeps credentials: made at run time, never shipped. */
static const char *const credential_dirs[] = { "/run/credentials", "/etc/credstore",
					       "/etc/credstore.encrypted" };

static bool at_or_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	return !strncmp(path, dir, n) && (path[n] == '/' || !path[n]);
}

static bool authorized_keys(const char *path, const char *dir, const char *name)
{
	const char *base = strrchr(dir, '/');
	if (!fnmatch("authorized_keys*", name, 0) &&
	    ((base && !strcmp(base, "/.ssh")) || !strcmp(dir, "/etc/ssh")))
		return true;
	/* AuthorizedKeysFile /etc/ssh/authorized_keys/%u and the like */
	return !fnmatch("/etc/ssh/authorized_keys*/*", path, FNM_PATHNAME);
}

void lint_leftovers(struct lint *l, const char *path, const char *dir, const char *name,
		    const struct ext2_inode *inode)
{
	bool is_dir = LINUX_S_ISDIR(inode->i_mode);

	if (!is_dir && authorized_keys(path, dir, name))
		lint_add(l, path, "SSH authorized_keys in the image: %s (keys are handed in at "
			 "first boot as ssh.authorized_keys.root, never shipped)", REBUILD);
	for (size_t i = 0; i < ARRAY_SIZE(firstboot_files); i++)
		if (!strcmp(path, firstboot_files[i]))
			lint_add(l, path, "a first-boot marker of pvappliance-firstboot: %s", REBUILD);
	for (size_t i = 0; !is_dir && i < ARRAY_SIZE(systemd_state); i++)
		if (!fnmatch(systemd_state[i], path, FNM_PATHNAME))
			lint_add(l, path, "state of a booted machine (systemd's seed, secret, stamps "
				 "or journal): every copy would share it; %s", REBUILD);
	for (size_t i = 0; i < ARRAY_SIZE(credential_dirs); i++)
		if (at_or_under(path, credential_dirs[i]))
			lint_add(l, path, "a credential left over from a boot or a hypervisor: %s",
				 REBUILD);
	/* A credential string copied into a configuration file (a seeded
	 * guestinfo or SMBIOS value saved by hand or by a tool). */
	if (!is_dir && LINUX_S_ISREG(inode->i_mode) && at_or_under(path, "/etc") &&
	    EXT2_I_SIZE(inode) < (1u << 20)) {
		struct strbuf text = STRBUF_INIT;
		if (lint_read(l, path, &text) > 0 && memmem(text.buf, text.len, "io.systemd.credential",
							     21)) {
			const char *at = memmem(text.buf, text.len, "io.systemd.credential", 21);
			unsigned line = 1;
			for (const char *p = text.buf; p < at; p++)
				line += *p == '\n';
			if (!strncmp(at + 21, ":", 1) || !strncmp(at + 21, ".binary:", 8))
				lint_add(l, path, "line %u: a systemd credential string "
					 "(io.systemd.credential...:NAME=VALUE), a leftover guestinfo "
					 "or SMBIOS value: %s", line, REBUILD);
		}
		strbuf_release(&text);
	}
}
