/*
 * The hygiene step that gives a downloaded appliance a way in: install
 * pvappliance-firstboot (builder/firstboot/) and hook it into the tree's own
 * init system, so that on first boot it applies credentials handed in by
 * the hypervisor, grows the disk, makes the SSH host keys and the login
 * banner ("apply"), and asks for a root password on every console before
 * the login prompt while none was set ("console").
 *
 * One table row per init system, tried in order; to add one, write its
 * detector and hook function and add the row.
 *
 * Tested by builder/t/rootfs/t-hygiene.c and tests/t3110-firstboot.sh.
 */
#include "rootfs/hygiene-int.h"
#include "core/array.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FIRSTBOOT "/usr/sbin/pvappliance-firstboot"

/* systemd: a oneshot before the gettys and sshd, once (the program checks
 * its marker too; the condition spares the start on later boots). Its
 * lines also go to the console, where a person sees the banner being made.
 * Before the host key unit: a handed-in host name is set first, so the
 * keys carry it; the program makes the keys itself for the banner. */
static const char apply_unit[] =
	"[Unit]\n"
	"Description=First boot: credentials, disk size, SSH host keys, login banner\n"
	"Documentation=man:pvappliance-firstboot(8)\n"
	"ConditionPathExists=!/var/lib/pvappliance/firstboot.done\n"
	"After=local-fs.target systemd-remount-fs.service\n"
	"Before=getty-pre.target ssh.service sshd.service systemd-user-sessions.service "
	"pvappliance-ssh-keygen.service\n"
	"Wants=getty-pre.target\n"
	"\n"
	"[Service]\n"
	"Type=oneshot\n"
	"RemainAfterExit=yes\n"
	"ExecStart=" FIRSTBOOT " apply\n"
	"StandardOutput=journal+console\n"
	"StandardError=journal+console\n"
	"\n"
	"[Install]\n"
	"WantedBy=multi-user.target\n";

/* Every getty (tty1 and the rest, and the serial one) asks first; the
 * unit's StandardInput=tty gives the program the console. "-": a failure
 * still ends in the login prompt. A person takes their time: without
 * TimeoutStartSec=infinity systemd kills the question after 90 s. */
static const char getty_dropin[] =
	"# Ask for a root password on this console while none is set (pvappliance).\n"
	"[Service]\n"
	"ExecStartPre=-" FIRSTBOOT " console /dev/%I\n"
	"TimeoutStartSec=infinity\n";

/* sysvinit: rc 2 runs before the inittab's gettys start. */
static const char apply_script[] =
	"#!/bin/sh\n"
	"### BEGIN INIT INFO\n"
	"# Provides:          pvappliance-firstboot\n"
	"# Required-Start:    $local_fs\n"
	"# Required-Stop:\n"
	"# X-Start-Before:    ssh pvappliance-ssh-keygen\n"
	"# Default-Start:     2 3 4 5\n"
	"# Default-Stop:\n"
	"# Short-Description: First boot: credentials, disk size, SSH host keys, banner\n"
	"### END INIT INFO\n"
	"case \"$1\" in\n"
	"start) [ -x " FIRSTBOOT " ] && " FIRSTBOOT " apply ;;\n"
	"esac\n"
	"exit 0\n";

static bool has_systemd(struct hyg *h)
{
	return path_exists(at(h, "lib/systemd/systemd")) ||
	       path_exists(at(h, "usr/lib/systemd/systemd"));
}

static bool has_inittab(struct hyg *h)
{
	return path_exists(at(h, "etc/inittab"));
}

static int hook_systemd(struct hyg *h)
{
	static const char *const gettys[] = { "getty@.service.d", "serial-getty@.service.d" };
	if (mkdir_p(at(h, "etc/systemd/system")) ||
	    write_in_root(h, "etc/systemd/system/pvappliance-firstboot.service", apply_unit, 0644) ||
	    mkdir_p(at(h, "etc/systemd/system/multi-user.target.wants")) ||
	    symlink_atomic("../pvappliance-firstboot.service",
			   at(h, "etc/systemd/system/multi-user.target.wants/"
			      "pvappliance-firstboot.service")))
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(gettys); i++) {
		struct strbuf rel = STRBUF_INIT;
		int r;
		strbuf_addf(&rel, "etc/systemd/system/%s", gettys[i]);
		r = mkdir_p(at(h, rel.buf));
		strbuf_addstr(&rel, "/pvappliance-firstboot.conf");
		if (!r)
			r = write_in_root(h, rel.buf, getty_dropin, 0644);
		strbuf_release(&rel);
		if (r)
			return -1;
	}
	return 0;
}

/* The console a getty line serves: busybox names it in the id field
 * ("ttyS0::respawn:..."), sysvinit among getty's arguments. */
static bool line_tty(const char *id, const char *process, struct strbuf *tty)
{
	if (!strncmp(id, "tty", 3) && id[3]) {
		strbuf_addstr(tty, id);
		return true;
	}
	for (const char *p = process; *p;) {
		size_t n;
		p += strspn(p, " \t");
		n = strcspn(p, " \t");
		if (n > 3 && !strncmp(p, "tty", 3) && !memchr(p, '/', n)) {
			strbuf_add(tty, p, n);
			return true;
		}
		p += n;
	}
	return false;
}

/* What busybox's init runs before the gettys (it has no rc scripts): the
 * root made writable, the host name from /etc/hostname, then first boot. */
#define BUSYBOX_SYSINIT \
	"# First boot (pvappliance): a writable root, the host name, then " \
	"credentials, disk size, banner.\n" \
	"::sysinit:/bin/mount -o remount,rw /\n" \
	"::sysinit:/bin/hostname -F /etc/hostname\n" \
	"::sysinit:" FIRSTBOOT " apply\n"

/*
 * Rewrite an inittab: each respawned getty first runs the console setup,
 * which then execs the getty; a busybox inittab also gets the root remounted
 * writable and the apply step among its sysinit lines (busybox has no rc).
 */
static int rewrite_inittab(const char *text, bool busybox, struct strbuf *out)
{
	/* A tree hooked before (a rebuilt rootfs) is not hooked twice. */
	bool added_sysinit = strstr(text, FIRSTBOOT " apply") != NULL;
	bool seen_tty1 = strstr(text, "/dev/tty1 ") != NULL;
	for (const char *p = text; *p;) {
		const char *nl = strchrnul(p, '\n');
		char *line = xstrndup(p, (size_t)(nl - p));
		char *fields = xstrdup(line); /* split in place; line stays whole */
		char *f[4] = { NULL };
		char *rest = fields;
		int nf = 0;
		p = *nl ? nl + 1 : nl;
		if (line[strspn(line, " \t")] != '#' && *line) {
			while (nf < 3 && rest && (f[nf] = strsep(&rest, ":")))
				nf++;
			f[3] = rest;
		}
		if (busybox && !added_sysinit && nf == 3 && f[3] && strcmp(f[2], "sysinit")) {
			/* After the sysinit lines that came before (mounting /proc). */
			strbuf_addstr(out, BUSYBOX_SYSINIT);
			added_sysinit = true;
		}
		if (nf == 3 && f[3] && !strcmp(f[2], "respawn") && strstr(f[3], "getty") &&
		    !strstr(f[3], FIRSTBOOT)) {
			struct strbuf tty = STRBUF_INIT;
			if (line_tty(f[0], f[3], &tty)) {
				if (!strcmp(tty.buf, "tty1"))
					seen_tty1 = true;
				strbuf_addf(out, "%s:%s:%s:" FIRSTBOOT " console /dev/%s -- %s\n", f[0],
					    f[1], f[2], tty.buf, f[3]);
				strbuf_release(&tty);
				free(line);
				free(fields);
				continue;
			}
			strbuf_release(&tty);
		}
		strbuf_addf(out, "%s\n", line);
		free(line);
		free(fields);
	}
	if (busybox && !added_sysinit)
		strbuf_addstr(out, BUSYBOX_SYSINIT);
	/* The VGA console, all a VMware user sees, gets a getty too. */
	if (busybox && !seen_tty1)
		strbuf_addstr(out, "# The VGA console (added by pvappliance).\n"
			      "tty1::respawn:" FIRSTBOOT " console /dev/tty1 -- /sbin/getty 38400 tty1\n");
	return 0;
}

static int hook_inittab(struct hyg *h)
{
	struct strbuf tab = STRBUF_INIT, out = STRBUF_INIT;
	/* sysvinit runs rc scripts; busybox's init only its inittab. */
	bool busybox = !path_exists(at(h, "etc/init.d/rc"));
	int ret;

	if (strbuf_read_file(&tab, at(h, "etc/inittab"))) {
		strbuf_release(&tab);
		return -1;
	}
	ret = rewrite_inittab(tab.buf, busybox, &out);
	if (!ret)
		ret = write_in_root(h, "etc/inittab", out.buf, 0644);
	if (!ret && !busybox) {
		ret = write_in_root(h, "etc/init.d/pvappliance-firstboot", apply_script, 0755);
		if (!ret && path_exists(at(h, "usr/sbin/update-rc.d"))) {
			const char *args[] = { "/usr/sbin/update-rc.d", "pvappliance-firstboot",
					       "defaults", NULL };
			ret = in_chroot(h, args);
		}
	}
	strbuf_release(&tab);
	strbuf_release(&out);
	return ret;
}

static const struct init_system {
	const char *name;
	bool (*detect)(struct hyg *h);
	int (*hook)(struct hyg *h);
} init_systems[] = {
	{ "systemd", has_systemd, hook_systemd },
	{ "inittab (sysvinit, busybox)", has_inittab, hook_inittab },
};

int first_boot_hooks(struct hyg *h)
{
	char *dest;
	int ret;

	if (!h->o->firstboot) {
		warning("no first-boot program given (--firstboot): '%s' will have root locked "
			"and no way in", h->o->conf->name);
		return 0;
	}
	if (mkdir_p(at(h, "usr/sbin")))
		return -1;
	dest = xstrdup(at(h, FIRSTBOOT + 1));
	ret = copy_file(h->o->firstboot, dest, 0755);
	if (!ret && chown(dest, 0, 0) < 0 && errno != EPERM)
		ret = error_errno("cannot chown '%s'", dest);
	free(dest);
	if (ret)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(init_systems); i++)
		if (init_systems[i].detect(h)) {
			progress("HYGIENE", "first boot: hooked into %s", init_systems[i].name);
			return init_systems[i].hook(h);
		}
	return error("the root filesystem of '%s' has neither systemd nor an /etc/inittab: "
		     "the first-boot setup cannot be hooked in", h->o->conf->name);
}
