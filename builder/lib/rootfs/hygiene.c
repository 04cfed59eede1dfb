/* The hygiene pass (see hygiene.h): one small function per step, one table. */
#include "rootfs/hygiene.h"
#include "rootfs/hygiene-int.h"
#include "core/array.h"
#include "core/fsutil.h"
#include "core/ids.h"
#include "core/run.h"
#include "core/xalloc.h"
#include "rootfs/backends/backends.h"

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ROOT/rel in h->path (valid until the next call). */
const char *at(struct hyg *h, const char *rel)
{
	strbuf_reset(&h->path);
	strbuf_addf(&h->path, "%s/%s", h->o->root, rel);
	return h->path.buf;
}

int write_in_root(struct hyg *h, const char *rel, const char *text, mode_t mode)
{
	char *p = xstrdup(at(h, rel));
	int ret = write_file_atomic(p, text, strlen(text), mode);
	if (!ret && lchown(p, 0, 0) < 0 && errno != EPERM)
		ret = error_errno("cannot chown '%s'", p);
	free(p);
	return ret;
}

static int remove_in_root(struct hyg *h, const char *rel)
{
	const char *p = at(h, rel);
	if (!path_exists(p))
		return 0;
	h->removed++;
	return remove_tree(p);
}

/* Remove entries of ROOT/dir matching pattern (all when NULL). */
static int remove_matching(struct hyg *h, const char *dir, const char *pattern,
			   const char *keep)
{
	char *d = xstrdup(at(h, dir));
	DIR *dh = opendir(d);
	struct dirent *e;
	int ret = 0;

	if (!dh) {
		free(d);
		return 0;
	}
	while ((e = readdir(dh))) {
		struct strbuf p = STRBUF_INIT;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (pattern && fnmatch(pattern, e->d_name, 0))
			continue;
		if (keep && !fnmatch(keep, e->d_name, 0))
			continue;
		strbuf_addf(&p, "%s/%s", d, e->d_name);
		if (remove_tree(p.buf))
			ret = -1;
		else
			h->removed++;
		strbuf_release(&p);
	}
	closedir(dh);
	free(d);
	return ret;
}

static int ssh_host_keys(struct hyg *h)
{
	return remove_matching(h, "etc/ssh", "ssh_host_*", NULL);
}

static const char keygen_script[] =
	"#!/bin/sh\n"
	"### BEGIN INIT INFO\n"
	"# Provides:          pvappliance-ssh-keygen\n"
	"# Required-Start:    $local_fs\n"
	"# Required-Stop:\n"
	"# X-Start-Before:    ssh\n"
	"# Default-Start:     2 3 4 5\n"
	"# Default-Stop:\n"
	"# Short-Description: Make this appliance's own SSH host keys\n"
	"### END INIT INFO\n"
	"# Appliances ship without SSH host keys, so that no two share them;\n"
	"# ssh-keygen -A makes the missing ones, on first boot only.\n"
	"case \"$1\" in\n"
	"start) [ -x /usr/bin/ssh-keygen ] && /usr/bin/ssh-keygen -A ;;\n"
	"esac\n"
	"exit 0\n";

static const char keygen_unit[] =
	"[Unit]\n"
	"Description=Make this appliance's own SSH host keys\n"
	"ConditionPathExists=/usr/bin/ssh-keygen\n"
	"Before=ssh.service sshd.service\n"
	"\n"
	"[Service]\n"
	"Type=oneshot\n"
	"ExecStart=/usr/bin/ssh-keygen -A\n"
	"StandardOutput=journal+console\n"
	"\n"
	"[Install]\n"
	"WantedBy=multi-user.target\n";

/* Run a program inside the tree (i386 binaries run on an x86-64 kernel). */
int in_chroot(struct hyg *h, const char *const *args)
{
	struct strvec argv = STRVEC_INIT;
	static char *const env[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C", NULL };
	struct run_opts ro = RUN_OPTS_INIT;
	int rc;

	strvec_pushl(&argv, "chroot", h->o->root, NULL);
	for (size_t i = 0; args[i]; i++)
		strvec_push(&argv, args[i]);
	ro.setenv = env;
	rc = run_command((const char *const *)argv.v, &ro);
	if (rc > 0)
		error("'%s' in the root filesystem failed (exit %d)", args[0], rc);
	strvec_clear(&argv);
	return rc ? -1 : 0;
}

static int first_boot_ssh_keys(struct hyg *h)
{
	if (!path_exists(at(h, "usr/sbin/sshd")))
		return 0; /* no SSH server, nothing to key */
	if (is_dir(at(h, "lib/systemd/system")) || is_dir(at(h, "usr/lib/systemd/system"))) {
		if (mkdir_p(at(h, "etc/systemd/system/multi-user.target.wants")) ||
		    write_in_root(h, "etc/systemd/system/pvappliance-ssh-keygen.service",
				  keygen_unit, 0644))
			return -1;
		if (symlink_atomic("../pvappliance-ssh-keygen.service",
				   at(h, "etc/systemd/system/multi-user.target.wants/"
				      "pvappliance-ssh-keygen.service")))
			return -1;
	}
	if (is_dir(at(h, "etc/init.d"))) {
		if (write_in_root(h, "etc/init.d/pvappliance-ssh-keygen", keygen_script, 0755))
			return -1;
		if (path_exists(at(h, "usr/sbin/update-rc.d"))) {
			/* insserv orders it before ssh from the LSB header. */
			const char *args[] = { "/usr/sbin/update-rc.d", "pvappliance-ssh-keygen",
					       "defaults", NULL };
			return in_chroot(h, args);
		}
	}
	return 0;
}

static int machine_id(struct hyg *h)
{
	/* Empty, not absent: systemd's "uninitialized" convention, filled on
	 * first boot; sysvinit systems fill it with dbus or systemd-machine-id-setup. */
	if (remove_in_root(h, "var/lib/dbus/machine-id"))
		return -1;
	return write_in_root(h, "etc/machine-id", "", 0444);
}

static int random_seeds(struct hyg *h)
{
	static const char *const seeds[] = { "var/lib/systemd/random-seed",
					     "var/lib/urandom/random-seed",
					     "var/lib/random-seed", "root/.rnd",
					     "root/.bash_history",
					     "var/lib/zypp/AnonymousUniqueId" };
	for (size_t i = 0; i < ARRAY_SIZE(seeds); i++)
		if (remove_in_root(h, seeds[i]))
			return -1;
	return 0;
}

/* What systemd keeps about one machine's life: secrets and stamps that a
 * booted system writes and a never-booted image must not hold. The journal
 * directory itself stays (its existence makes the journal persistent). */
static int systemd_state(struct hyg *h)
{
	static const char *const state[] = {
		"var/lib/systemd/credential.secret", /* systemd-creds' host key */
		"var/lib/systemd/timers",            /* Persistent= timer stamps */
		"var/lib/systemd/timesync/clock",    /* timesyncd's last known time */
		"var/lib/systemd/coredump",
		"var/lib/systemd/linger",
	};
	for (size_t i = 0; i < ARRAY_SIZE(state); i++)
		if (remove_in_root(h, state[i]))
			return -1;
	return remove_matching(h, "var/log/journal", NULL, NULL);
}

/* The rest of a shadow line from its second ':', with field 3 (the day of
 * the last password change, which the bootstrap set to the build day)
 * clamped to the build epoch's day. */
static void add_clamped_lastchg(struct strbuf *out, const char *c2, const char *nl,
				long long epoch_day)
{
	const char *end = memchr(c2 + 1, ':', (size_t)(nl - c2 - 1));
	char *stop;
	long long day;

	if (!end)
		end = nl;
	day = strtoll(c2 + 1, &stop, 10);
	if (stop == end && end > c2 + 1 && day > epoch_day) {
		strbuf_addf(out, ":%lld", epoch_day);
		strbuf_add(out, end, (size_t)(nl - end));
	} else {
		strbuf_add(out, c2, (size_t)(nl - c2));
	}
}

/* Rewrite the password field of name:pw:... lines: root's as configured,
 * empty ones locked; in shadow also clamp the last-change day. */
static int edit_passwords(struct hyg *h, const char *rel, const char *root_pw, bool shadow)
{
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;
	char *path = xstrdup(at(h, rel));
	struct stat st;
	int ret = 0;

	if (stat(path, &st) < 0) {
		free(path);
		return 0;
	}
	if (strbuf_read_file(&in, path)) {
		free(path);
		return -1;
	}
	for (char *p = in.buf; *p;) {
		char *nl = strchrnul(p, '\n');
		char *c1 = memchr(p, ':', (size_t)(nl - p));
		char *c2 = c1 ? memchr(c1 + 1, ':', (size_t)(nl - c1 - 1)) : NULL;
		if (!c1 || !c2) {
			strbuf_add(&out, p, (size_t)(nl - p));
		} else {
			bool is_root = c1 - p == 4 && !strncmp(p, "root", 4);
			strbuf_add(&out, p, (size_t)(c1 - p + 1));
			if (shadow && is_root)
				strbuf_addstr(&out, root_pw);  /* locked, or the given hash */
			else if (c2 == c1 + 1)
				strbuf_addstr(&out, "!");      /* empty: nobody logs in without one */
			else
				strbuf_add(&out, c1 + 1, (size_t)(c2 - c1 - 1));
			if (shadow)
				add_clamped_lastchg(&out, c2, nl, h->o->epoch / 86400);
			else
				strbuf_add(&out, c2, (size_t)(nl - c2));
		}
		if (*nl)
			strbuf_addch(&out, '\n');
		p = *nl ? nl + 1 : nl;
	}
	if (strcmp(in.buf, out.buf)) {
		ret = write_file_atomic(path, out.buf, out.len, st.st_mode & 07777);
		if (!ret && chown(path, st.st_uid, st.st_gid) < 0 && errno != EPERM)
			ret = error_errno("cannot chown '%s'", path);
	}
	free(path);
	strbuf_release(&in);
	strbuf_release(&out);
	return ret;
}

static int passwords(struct hyg *h)
{
	const char *pw = h->o->conf->root_password;
	if (!strcmp(pw, "locked"))
		pw = "!";
	if (!path_exists(at(h, "etc/shadow")))
		return error("the root filesystem has no /etc/shadow; the appliance's accounts "
			     "cannot be locked (install the distribution's base passwd files)");
	return edit_passwords(h, "etc/passwd", NULL, false) ||
	       edit_passwords(h, "etc/shadow", pw, true) ? -1 : 0;
}

static int host_files(struct hyg *h)
{
	struct stat st;
	/* A symlink (systemd-resolved's stub) is the distribution's own. */
	if (lstat(at(h, "etc/resolv.conf"), &st) == 0 && !S_ISLNK(st.st_mode) &&
	    remove_in_root(h, "etc/resolv.conf"))
		return -1;
	if (remove_matching(h, "etc/apt/apt.conf.d", "*proxy*", NULL))
		return -1;
	/* The bootstrap's sources name the build's mirror (a path or mirror
	 * of the build machine); the update sources step puts the
	 * distribution's back. dnf's history names the repository too; zypper
	 * keeps the repositories the build added (appliance*), not the ones
	 * the distribution's packages installed. */
	return remove_in_root(h, "etc/apt/sources.list") ||
	       remove_matching(h, "etc/apt/sources.list.d", NULL, NULL) ||
	       remove_matching(h, "etc/zypp/repos.d", "appliance*.repo", NULL) ||
	       remove_matching(h, "var/lib/dnf", "history*", NULL) ? -1 : 0;
}

static int package_caches(struct hyg *h)
{
	return remove_matching(h, "var/cache/apt/archives", "*.deb", NULL) ||
	       remove_matching(h, "var/cache/apt/archives/partial", NULL, NULL) ||
	       remove_matching(h, "var/cache/apt", "*.bin", NULL) ||
	       remove_matching(h, "var/lib/apt/lists", NULL, "lock") ||
	       remove_matching(h, "var/cache/dnf", NULL, NULL) ||
	       remove_matching(h, "var/cache/yum", NULL, NULL) ||
	       remove_matching(h, "var/cache/zypp", NULL, NULL) ||
	       remove_matching(h, "var/cache/debconf", "*-old", NULL) ||
	       remove_matching(h, "var/lib/dpkg", "*-old", NULL) ? -1 : 0;
}

static unsigned *truncated;
static int truncate_log(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)ftw;
	if (type == FTW_F && S_ISREG(st->st_mode) && st->st_size > 0) {
		if (truncate(path, 0) < 0) {
			error_errno("cannot empty '%s'", path);
			return -1;
		}
		(*truncated)++;
	}
	return 0;
}

static int logs(struct hyg *h)
{
	/* Emptied, not removed: wtmp, btmp and lastlog must exist with their
	 * modes; the build's own logs must not ship. */
	if (!is_dir(at(h, "var/log")))
		return 0;
	truncated = &h->removed;
	return nftw(at(h, "var/log"), truncate_log, 32, FTW_PHYS) ? -1 : 0;
}

/* /run too: a tmpfs at every boot, where package scripts leave state
 * (systemd-networkd's directories owned by its user, D-Bus's). */
static int temporary_files(struct hyg *h)
{
	return remove_matching(h, "tmp", NULL, NULL) ||
	       remove_matching(h, "var/tmp", NULL, NULL) ||
	       remove_matching(h, "run", NULL, NULL) ? -1 : 0;
}

/* A double-quoted shell value, as os-release(5) writes them. */
static void add_quoted(struct strbuf *out, const char *v)
{
	strbuf_addch(out, '"');
	for (; *v; v++) {
		if (strchr("\"\\$`", *v))
			strbuf_addch(out, '\\');
		strbuf_addch(out, *v);
	}
	strbuf_addch(out, '"');
}

static int identity(struct hyg *h)
{
	const struct appconf *c = h->o->conf;
	struct strbuf t = STRBUF_INIT;
	char uuid[37];
	char date[32];
	time_t when = (time_t)h->o->epoch;
	struct tm tm;
	int ret;

	appliance_uuid(c->name, c->version, "rootfs", uuid);
	gmtime_r(&when, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);

	strbuf_addf(&t, "%s\n", c->hostname);
	ret = write_in_root(h, "etc/hostname", t.buf, 0644);
	strbuf_reset(&t);
	strbuf_addf(&t, "127.0.0.1\tlocalhost\n127.0.1.1\t%s\n::1\tlocalhost ip6-localhost "
		    "ip6-loopback\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n", c->hostname);
	ret |= write_in_root(h, "etc/hosts", t.buf, 0644);
	strbuf_reset(&t);
	strbuf_addf(&t, "# <file system> <mount point> <type> <options> <dump> <pass>\n"
		    "UUID=%s / %s defaults,errors=remount-ro 0 1\n", uuid, c->rootfs);
	ret |= write_in_root(h, "etc/fstab", t.buf, 0644);
	strbuf_reset(&t);
	strbuf_addf(&t, "# How this appliance was built (see /etc/os-release for the "
		    "distribution).\nNAME=%s\nTITLE=", c->name);
	add_quoted(&t, c->title);
	strbuf_addf(&t, "\nVERSION=%s\nARCH=%s\nBOOTSTRAP=%s\n", c->version, c->arch,
		    c->bootstrap->name);
	if (c->suite)
		strbuf_addf(&t, "SUITE=%s\n", c->suite);
	if (c->release)
		strbuf_addf(&t, "RELEASE=%s\n", c->release);
	/* lint reads these: an image without update sources is wrong unless
	 * none was asked for. */
	strbuf_addf(&t, "UPDATE_SOURCES=%s\nSECURITY_UPDATES=%s\n",
		    strcmp(c->update_sources, "distribution") && strcmp(c->update_sources, "none") ?
		    "own" : c->update_sources, c->security_updates);
	strbuf_addf(&t, "KERNEL_PROFILE=%s\nREQUIRE_HYPERVISOR=%s\nROOT_UUID=%s\n"
		    "BUILD_DATE=%s\nBUILT_BY=\"pvappliance %s\"\n", c->kernel,
		    c->require_hypervisor ? "yes" : "no", uuid, date, h->o->builder_version);
	ret |= write_in_root(h, "etc/appliance-release", t.buf, 0644);
	strbuf_release(&t);
	return ret ? -1 : 0;
}

/* Whether a line not commented out mentions word. */
static bool active_line_has(const char *text, const char *word)
{
	for (const char *p = text; *p;) {
		const char *nl = strchrnul(p, '\n');
		const char *hit = strstr(p, word);
		if (hit && hit < nl && p[strspn(p, " \t")] != '#')
			return true;
		p = *nl ? nl + 1 : nl;
	}
	return false;
}

static int serial_console(struct hyg *h)
{
	struct strbuf tab = STRBUF_INIT;
	int ret = 0;

	/* systemd starts a getty on the console= port by itself. */
	if (!path_exists(at(h, "etc/inittab")))
		return 0;
	if (strbuf_read_file(&tab, at(h, "etc/inittab")))
		return -1;
	if (!active_line_has(tab.buf, "ttyS0")) {
		const char *getty = path_exists(at(h, "sbin/getty")) ?
			"/sbin/getty -L ttyS0 115200 vt102" : "/sbin/getty -L 115200 ttyS0";
		if (tab.len && tab.buf[tab.len - 1] != '\n')
			strbuf_addch(&tab, '\n');
		strbuf_addf(&tab, "# The serial console (added by pvappliance).\n"
			    "T0:23:respawn:%s\n", getty);
		ret = write_in_root(h, "etc/inittab", tab.buf, 0644);
	}
	strbuf_release(&tab);
	return ret;
}

static int network(struct hyg *h)
{
	/* ifupdown: the first NIC by DHCP. */
	if (!path_exists(at(h, "sbin/ifup")) || !is_dir(at(h, "etc/network/interfaces.d")))
		return 0;
	/* systemd's udev would rename eth0 after its PCI slot (ens33 on
	 * VMware, ens3 on qemu: the slot differs by hypervisor), so the NIC
	 * keeps the kernel's name, as Debian's cloud images do it: the
	 * default naming policy masked by /dev/null (systemd.link(5)). */
	if (path_exists(at(h, "lib/systemd/systemd-udevd")) ||
	    path_exists(at(h, "usr/lib/systemd/systemd-udevd"))) {
		if (mkdir_p(at(h, "etc/systemd/network")) ||
		    symlink_atomic("/dev/null", at(h, "etc/systemd/network/99-default.link")))
			return -1;
	}
	return write_in_root(h, "etc/network/interfaces.d/eth0",
			     "# The appliance's first network interface (pvappliance).\n"
			     "auto eth0\niface eth0 inet dhcp\n", 0644);
}

static int install_pvinit(struct hyg *h)
{
	static const char *const inits[] = { "sbin/init", "lib/systemd/systemd",
					     "usr/lib/systemd/systemd" };
	const char *init = NULL;
	struct strbuf conf = STRBUF_INIT;
	char *dest;
	int ret;

	for (size_t i = 0; i < ARRAY_SIZE(inits) && !init; i++) {
		struct stat st;
		if (stat(at(h, inits[i]), &st) == 0 || lstat(at(h, inits[i]), &st) == 0)
			init = inits[i];
	}
	if (!init)
		return error("the root filesystem of '%s' has no init (/sbin/init or systemd); "
			     "add an init system to its packages (e.g. sysvinit-core)",
			     h->o->conf->name);
	if (mkdir_p(at(h, "sbin")))
		return -1;
	dest = xstrdup(at(h, "sbin/pvinit"));
	ret = copy_file(h->o->pvinit, dest, 0755);
	if (!ret && chown(dest, 0, 0) < 0 && errno != EPERM)
		ret = error_errno("cannot chown '%s'", dest);
	free(dest);
	if (ret)
		return -1;
	strbuf_addf(&conf, "# Read by /sbin/pvinit, the kernel's init= (pvappliance).\n"
		    "require_hypervisor = %s\ninit = /%s\n",
		    h->o->conf->require_hypervisor ? "yes" : "no", init);
	ret = write_in_root(h, "etc/pvinit.conf", conf.buf, 0644);
	strbuf_release(&conf);
	return ret;
}

static size_t overlay_len;
static const char *overlay_root;
static int chown_copied(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	struct strbuf dest = STRBUF_INIT;
	(void)st;
	(void)type;
	(void)ftw;
	strbuf_addf(&dest, "%s%s", overlay_root, path + overlay_len);
	if (lchown(dest.buf, 0, 0) < 0 && errno != EPERM) {
		error_errno("cannot chown '%s'", dest.buf);
		strbuf_release(&dest);
		return -1;
	}
	strbuf_release(&dest);
	return 0;
}

static int overlay(struct hyg *h)
{
	struct strbuf src = STRBUF_INIT;
	int ret = 0;

	if (!h->o->conf->has_overlay)
		return 0;
	strbuf_addf(&src, "%s/overlay", h->o->conf->dir);
	{
		/* Modes, times and links kept; owners are root's in the image,
		 * whoever owns the files in the checkout. */
		struct strbuf from = STRBUF_INIT;
		strbuf_addf(&from, "%s/.", src.buf);
		const char *argv[] = { "cp", "-R", "--no-dereference",
				       "--preserve=mode,timestamps,links", from.buf,
				       h->o->root, NULL };
		ret = run_command(argv, NULL) ? -1 : 0;
		strbuf_release(&from);
	}
	if (!ret) {
		overlay_len = src.len;
		overlay_root = h->o->root;
		ret = nftw(src.buf, chown_copied, 32, FTW_PHYS) ? -1 : 0;
	}
	strbuf_release(&src);
	return ret;
}

static long long clamp_epoch;
static unsigned *clamped;
/* Later than the epoch, to the nanosecond: a file written in the epoch's
 * own second (a build right after the commit) is later too. */
static bool after_epoch(struct timespec t)
{
	return (long long)t.tv_sec > clamp_epoch ||
	       ((long long)t.tv_sec == clamp_epoch && t.tv_nsec > 0);
}

static int clamp_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)type;
	(void)ftw;
	if (after_epoch(st->st_mtim) || after_epoch(st->st_atim)) {
		struct timespec ts[2] = { { .tv_sec = (time_t)clamp_epoch },
					  { .tv_sec = (time_t)clamp_epoch } };
		if (!after_epoch(st->st_mtim))
			ts[1] = st->st_mtim;
		if (!after_epoch(st->st_atim))
			ts[0] = st->st_atim;
		if (utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW) < 0) {
			error_errno("cannot set the times of '%s'", path);
			return -1;
		}
		(*clamped)++;
	}
	return 0;
}

static int clamp_times(struct hyg *h)
{
	/* Last: every step above changed times. ctimes cannot be set from
	 * user space; the disk step clamps those in the filesystem image. */
	clamp_epoch = h->o->epoch;
	clamped = &h->removed;
	return nftw(h->o->root, clamp_one, 64, FTW_PHYS | FTW_DEPTH) ? -1 : 0;
}

static const struct step {
	const char *name;
	const char *counted; /* what h->removed counts, for the progress line */
	int (*fn)(struct hyg *h);
} steps[] = {
	{ "SSH host keys", "removed", ssh_host_keys },
	{ "first-boot SSH key generation", NULL, first_boot_ssh_keys },
	{ "machine-id", NULL, machine_id },
	{ "random seeds and histories", "removed", random_seeds },
	{ "systemd state (credential secret, timer stamps, journal)", "removed", systemd_state },
	{ "passwords (root locked or given hash, no empty ones)", NULL, passwords },
	{ "host files (resolv.conf, mirror lists, proxies)", "dropped", host_files },
	{ "update sources (update_sources)", NULL, update_sources },
	{ "security updates (security_updates)", NULL, security_updates },
	{ "package caches and lists", "removed", package_caches },
	{ "logs", "emptied", logs },
	{ "temporary files", "removed", temporary_files },
	{ "identity (hostname, hosts, fstab, appliance-release)", NULL, identity },
	{ "serial console getty", NULL, serial_console },
	{ "network", NULL, network },
	{ "pvinit", NULL, install_pvinit },
	{ "first boot (credentials, console password, banner)", NULL, first_boot_hooks },
	{ "overlay", NULL, overlay },
	{ "timestamps", "clamped", clamp_times },
};

int hygiene_run(const struct hygiene_opts *o)
{
	struct hyg h = { .o = o, .path = STRBUF_INIT };
	int ret = 0;

	for (size_t i = 0; i < ARRAY_SIZE(steps); i++) {
		h.removed = 0;
		if (steps[i].fn(&h)) {
			ret = error("the hygiene step '%s' failed in '%s'", steps[i].name, o->root);
			break;
		}
		if (steps[i].counted)
			progress("HYGIENE", "%s: %u %s", steps[i].name, h.removed, steps[i].counted);
		else
			progress("HYGIENE", "%s", steps[i].name);
	}
	strbuf_release(&h.path);
	return ret;
}
