/* lint: what a booted or seeded image leaves behind, which no download may
 * hold: SSH authorized_keys (anyone's), pvappliance-firstboot's markers and
 * banner, credentials handed in by a hypervisor (systemd's credential
 * directories, a file under /etc holding an SMBIOS credential string),
 * login records, DHCP leases, histories and core dumps.
 * Every download must be a never-booted image: keys and passwords are
 * handed in at first boot, never shipped.
 * Tested by builder/t/check/t-lint.c and tests/t5000-lint.sh. */
#include "check/lint-int.h"
#include "core/array.h"
#include "banner.h"

#include <fnmatch.h>
#include <string.h>

#define REBUILD "the image was booted or seeded; rebuild it"

/* Paths that only a first boot makes (pvappliance-firstboot apply and
 * console; builder/firstboot/apply.h, console.c). */
static const char *const firstboot_files[] = {
	"/var/lib/pvappliance/firstboot.done",
	"/var/lib/pvappliance/credentials",
	"/var/lib/pvappliance/firstboot.started",
	"/var/lib/pvappliance/grow.pending",
	"/etc/issue.d/pvappliance.issue",
	"/run/pvappliance-firstboot/*",
};

/*
 * What someone's use of a machine leaves, by path pattern, each reported
 * when it holds anything (hygiene empties the logs and removes the rest):
 * a file with data here was written by a boot or a login.
 */
static const struct { const char *pattern, *what; } used_files[] = {
	{ "/var/log/wtmp", "login records (wtmp)" },
	{ "/var/log/btmp", "failed login records (btmp)" },
	{ "/var/log/lastlog", "last login records (lastlog)" },
	{ "/var/lib/dhcp/*", "a DHCP lease" },
	{ "/var/lib/dhclient/*", "a DHCP lease" },
	{ "/var/lib/dhcpcd/*", "a DHCP lease" },
	{ "/var/lib/NetworkManager/*.lease", "a DHCP lease" },
	{ "/var/lib/wicked/*.xml", "a DHCP lease" },
	{ "/var/lib/systemd/coredump/*", "a core dump" },
	{ "/var/crash/*", "a crash dump" },
	{ "/var/lib/systemd/pstore/*", "a crash dump" },
};

/* Shell and tool histories, in any home: what someone typed. */
static const char *const histories[] = {
	".bash_history", ".ash_history", ".sh_history", ".zsh_history", ".history",
	".python_history", ".lesshst", ".viminfo", ".mysql_history", ".psql_history",
};

/* An ELF core file (e_type ET_CORE), by its first bytes. */
static bool is_core(struct lint *l, const char *path)
{
	struct strbuf text = STRBUF_INIT;
	bool core = lint_read(l, path, &text) > 0 && text.len >= 18 &&
		    !memcmp(text.buf, "\x7f" "ELF", 4) &&
		    (text.buf[5] == 2 ? text.buf[16] == 0 && text.buf[17] == 4 :
					text.buf[16] == 4 && text.buf[17] == 0);
	strbuf_release(&text);
	return core;
}

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
		if (!fnmatch(firstboot_files[i], path, FNM_PATHNAME))
			lint_add(l, path, "a first-boot marker of pvappliance-firstboot: %s", REBUILD);
	if (!is_dir && !strcmp(path, "/etc/issue")) {
		struct strbuf text = STRBUF_INIT;
		if (lint_read(l, path, &text) > 0 && strstr(text.buf, BANNER_SIGN))
			lint_add(l, path, "holds the first-boot banner (address and host key "
				 "fingerprints of one machine): %s", REBUILD);
		strbuf_release(&text);
	}
	for (size_t i = 0; LINUX_S_ISREG(inode->i_mode) && EXT2_I_SIZE(inode) &&
			   i < ARRAY_SIZE(used_files); i++)
		if (!fnmatch(used_files[i].pattern, path, FNM_PATHNAME))
			lint_add(l, path, "%s, left by a running machine: %s", used_files[i].what,
				 REBUILD);
	for (size_t i = 0; LINUX_S_ISREG(inode->i_mode) && EXT2_I_SIZE(inode) &&
			   i < ARRAY_SIZE(histories); i++)
		if (!strcmp(name, histories[i]))
			lint_add(l, path, "a shell or tool history (what someone typed): %s", REBUILD);
	if (LINUX_S_ISREG(inode->i_mode) && (!strcmp(name, "core") || !fnmatch("core.[0-9]*", name, 0)) &&
	    is_core(l, path))
		lint_add(l, path, "a core dump (a process's memory, secrets and all): %s", REBUILD);
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
