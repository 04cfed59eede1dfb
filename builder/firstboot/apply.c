/* pvappliance-firstboot apply (see apply.h). */
#include "apply.h"
#include "accounts.h"
#include "banner.h"
#include "console.h"
#include "growfs.h"
#include "hypervisor.h"
#include "nocloud.h"
#include "smbios.h"
#include "vmware.h"
#include "core/error.h"
#include "core/fsutil.h"

#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#define DMI_ENTRIES "/sys/firmware/dmi/entries"
#define RAW_MAX (64u * 1024u + 512u)   /* a structure and its strings */

static void say(const char *fmt, ...) PRINTF_LIKE(1, 2);
static void say(const char *fmt, ...)
{
	va_list ap;
	printf("pvappliance-firstboot: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static int read_entries(const char *dir, struct creds *c)
{
	struct strbuf path = STRBUF_INIT, raw = STRBUF_INIT;
	int n;

	for (n = 0; n < 256; n++) {
		int fd;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/11-%d/raw", dir, n);
		fd = open(path.buf, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			break;
		strbuf_reset(&raw);
		if (strbuf_read_fd(&raw, fd))
			warning_errno("cannot read '%s'", path.buf);
		close(fd);
		if (raw.len > RAW_MAX)
			fb_report("'%s' is %zu bytes; ignored\n",
				path.buf, raw.len);
		else
			smbios11_credentials((const unsigned char *)raw.buf, raw.len, (unsigned)n, c);
		explicit_bzero(raw.buf, raw.len);
	}
	strbuf_release(&path);
	strbuf_release(&raw);
	return n;
}

int gather_smbios(const char *root, bool live, struct creds *c)
{
	struct strbuf dir = STRBUF_INIT, sys = STRBUF_INIT;
	char mnt[] = "/run/pvappliance-sysfs.XXXXXX";
	int n = 0;

	root_path(&sys, root, "/sys/kernel");
	root_path(&dir, root, DMI_ENTRIES);
	if (live && !is_dir(sys.buf)) {
		/* /sys is not mounted yet: a private mount of our own. */
		if (!mkdtemp(mnt) && (strcpy(mnt, "/tmp/pvappliance-sysfs.XXXXXX"), !mkdtemp(mnt))) {
			say("SMBIOS: /sys is not mounted and no mount point can be made; skipped");
			goto out;
		}
		if (mount("sysfs", mnt, "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY, NULL)) {
			say("SMBIOS: /sys is not mounted and mounting sysfs failed (%s); skipped",
			    strerror(errno));
			rmdir(mnt);
			goto out;
		}
		strbuf_reset(&dir);
		strbuf_addf(&dir, "%s/firmware/dmi/entries", mnt);
		n = read_entries(dir.buf, c);
		umount2(mnt, MNT_DETACH);
		rmdir(mnt);
	} else if (!is_dir(dir.buf)) {
		say("SMBIOS: no %s (a kernel without DMI_SYSFS?); skipped", DMI_ENTRIES);
	} else {
		n = read_entries(dir.buf, c);
	}
out:
	strbuf_release(&dir);
	strbuf_release(&sys);
	return n;
}

static void real_cpuid(uint32_t leaf, struct cpuid_regs *r)
{
	__cpuid(leaf, r->eax, r->ebx, r->ecx, r->edx);
}

static bool on_vmware(void)
{
	struct hv_info hv;
	hv_detect(real_cpuid, __get_cpuid_max(0, NULL), &hv);
	return !strcmp(hv.name, "VMware");
}

/* The names of the credentials that took effect (applied[id]), never
 * their values: console_needed reads them to know whether a way in was
 * given. Written even when empty, so that the console asks. */
static int record_names(const char *root, const bool *applied)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	int ret, dirfd;

	root_path(&path, root, FIRSTBOOT_DIR);
	dirfd = private_dir(path.buf, 0700);
	if (dirfd < 0) {
		strbuf_release(&path);
		return -1;
	}
	close(dirfd);
	for (int i = 0; i < CRED_COUNT; i++)
		if (applied[i])
			strbuf_addf(&text, "%s\n", cred_table[i].name);
	root_path(&path, root, FIRSTBOOT_CREDENTIALS);
	ret = replace_file(path.buf, text.buf, text.len, 0600);
	strbuf_release(&path);
	strbuf_release(&text);
	return ret;
}

int apply_credentials(const char *root, const struct creds *c, bool live)
{
	bool applied[CRED_COUNT] = { false };
	int ret = 0;
	const char *hash = c->value[CRED_HASHED_PASSWORD_ROOT];
	int hash_id = hash ? CRED_HASHED_PASSWORD_ROOT : CRED_PLAIN_PASSWORD_ROOT;
	char *made = NULL;

	if (!hash && c->value[CRED_PLAIN_PASSWORD_ROOT]) {
		made = hash_password(root, c->value[CRED_PLAIN_PASSWORD_ROOT]);
		if (!made)
			ret = -1;
		hash = made;
	} else if (hash && c->value[CRED_PLAIN_PASSWORD_ROOT]) {
		say("root password: the hash from %s wins over the plain password from %s",
		    c->source[CRED_HASHED_PASSWORD_ROOT], c->source[CRED_PLAIN_PASSWORD_ROOT]);
	}
	if (hash) {
		int lock = pw_lock(root);
		if (lock < 0 || set_root_hash(root, hash)) {
			ret = -1;
		} else {
			applied[hash_id] = true;
			say("root password: set from %s", c->source[hash_id]);
		}
		if (lock >= 0)
			close(lock);
	}
	if (made) {
		explicit_bzero(made, strlen(made));
		free(made);
	}
	if (c->value[CRED_AUTHORIZED_KEYS_ROOT]) {
		if (write_authorized_keys(root, c->value[CRED_AUTHORIZED_KEYS_ROOT],
					  c->len[CRED_AUTHORIZED_KEYS_ROOT])) {
			ret = -1;
		} else {
			applied[CRED_AUTHORIZED_KEYS_ROOT] = true;
			say("SSH: root's authorized_keys written from %s",
			    c->source[CRED_AUTHORIZED_KEYS_ROOT]);
		}
	}
	if (c->value[CRED_HOSTNAME]) {
		if (set_hostname(root, c->value[CRED_HOSTNAME], live)) {
			ret = -1;
		} else {
			applied[CRED_HOSTNAME] = true;
			say("host name: %s (from %s)", c->value[CRED_HOSTNAME], c->source[CRED_HOSTNAME]);
		}
	}
	if (record_names(root, applied))
		ret = -1;
	return ret;
}

/* A marker file under FIRSTBOOT_DIR (made 0700 first). */
static int mark(const char *root, const char *path_in_root)
{
	struct strbuf path = STRBUF_INIT;
	int ret = -1, dirfd;
	root_path(&path, root, FIRSTBOOT_DIR);
	dirfd = private_dir(path.buf, 0700);
	if (dirfd >= 0) {
		close(dirfd);
		root_path(&path, root, path_in_root);
		ret = replace_file(path.buf, "", 0, 0644);
	}
	strbuf_release(&path);
	return ret;
}

static bool exists_in(const char *root, const char *path_in_root)
{
	struct strbuf path = STRBUF_INIT;
	bool r;
	root_path(&path, root, path_in_root);
	r = path_exists(path.buf);
	strbuf_release(&path);
	return r;
}

/* Whether root can be reached already: a usable password (handed in, or
 * set at a console prompt), an authorized_keys file (never shipped: lint),
 * or a recorded key or password. */
static bool way_in_present(const char *root)
{
	struct strbuf f = STRBUF_INIT;
	bool r = way_in_recorded(root) || exists_in(root, "/root/.ssh/authorized_keys") ||
		 (!root_password_field(root, &f) && !password_locked(f.buf));
	explicit_bzero(f.buf, f.len);
	strbuf_release(&f);
	return r;
}

/* Growing the disk; GROWFS_REBOOT leaves a marker so that the next boot
 * grows the filesystem (apply does nothing else then). */
static void grow(const struct apply_opts *o)
{
	int r = o->grow ? o->grow() : growfs_root();
	if (r == GROWFS_REBOOT) {
		say("disk: reboot to grow / (the partition table is written; the filesystem grows "
		    "at the next boot)");
		if (mark(o->root, FIRSTBOOT_GROW_PENDING))
			say("disk: the next boot cannot be told to grow / (see above)");
		return;
	}
	if (r)
		say("disk: not grown (see above); the boot goes on");
	if (!r && exists_in(o->root, FIRSTBOOT_GROW_PENDING)) {
		struct strbuf path = STRBUF_INIT;
		root_path(&path, o->root, FIRSTBOOT_GROW_PENDING);
		if (unlink(path.buf))
			warning_errno("cannot remove '%s'", path.buf);
		strbuf_release(&path);
	}
}

int firstboot_apply(const struct apply_opts *o)
{
	struct creds c = CREDS_INIT;
	struct strvec read = STRVEC_INIT;
	struct strbuf done = STRBUF_INIT;
	backdoor_fn bd = o->backdoor;
	bool live_grow = o->live || o->grow;
	int ret = 0;

	root_path(&done, o->root, FIRSTBOOT_DONE);
	if (path_exists(done.buf)) {
		/* Done, but a disk grown at the last boot may wait for its
		 * filesystem to grow. */
		if (live_grow && exists_in(o->root, FIRSTBOOT_GROW_PENDING))
			grow(o);
		goto out;
	}
	/* An init that mounts only /proc (a small busybox one): the disk step
	 * finds the root's partition through /sys, so mount it where it goes. */
	if (o->live && !is_dir("/sys/kernel") &&
	    mount("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == 0)
		say("sysfs: mounted on /sys (it was not)");

	/*
	 * Fail closed: guestinfo can be set by any process in the guest, so
	 * once an earlier first boot (which could not mark itself done) gave a
	 * way in, no source is read again. And no credential is applied by a
	 * boot that cannot leave that trace first.
	 */
	if (exists_in(o->root, FIRSTBOOT_STARTED) && way_in_present(o->root)) {
		say("credentials: not read: an earlier first boot gave root a way in but could "
		    "not mark itself done (VMware and SMBIOS are never read again after that)");
	} else if (mark(o->root, FIRSTBOOT_STARTED)) {
		say("credentials: not read: first boot cannot record that it started (see above), "
		    "so nothing is applied; the console will ask for a root password");
	} else {
		/* The order is the precedence (the first source of a credential
		 * wins): SMBIOS, set by the host's own configuration; VMware's
		 * guestinfo; NoCloud, a volume anyone who can attach a disk or CD
		 * to the VM can hand in. */
		int structures = gather_smbios(o->root, o->live, &c);
		const char *vmware = "not VMware (CPUID)";
		struct strbuf nocloud = STRBUF_INIT;
		if (!bd && on_vmware())
			bd = vmware_backdoor;
		if (bd)
			vmware = vmware_credentials(bd, o->backdoor_ctx, &c, &read) ?
				 "guestinfo could not be read" : "guestinfo read";
		gather_nocloud(o->root, o->live, &c, &nocloud);
		say("credentials: SMBIOS type 11: %d structure%s read; VMware: %s; NoCloud: %s",
		    structures, structures == 1 ? "" : "s", vmware, nocloud.buf);
		strbuf_release(&nocloud);
		if (c.invalid) {
			say("credentials: %d refused (see above): none applied; the console will ask "
			    "for a root password", c.invalid);
		} else if (!creds_count(&c)) {
			say("credentials: none handed in");
		} else if (apply_credentials(o->root, &c, o->live)) {
			say("credentials: not all could be applied (see above)");
		}
		/* Every guestinfo value read, used or not (refused, or given by
		 * SMBIOS first): a plain-text password must not stay readable. */
		if (bd && read.nr) {
			if (vmware_clear(bd, o->backdoor_ctx, &read))
				say("VMware: the guestinfo values read could not all be cleared");
			else
				say("VMware: the guestinfo values read were cleared");
		}
		creds_release(&c);
	}

	if (live_grow)
		grow(o);
	switch (ssh_host_keys(o->root)) {
	case 1:
		say("SSH host keys: made (ssh-keygen -A)");
		break;
	case 0:
		say("SSH host keys: no ssh-keygen; none made");
		break;
	default:
		say("SSH host keys: ssh-keygen -A failed (see above)");
	}
	if (banner_write(o->root))
		say("banner: not written (see above)");
	if (mark(o->root, FIRSTBOOT_DONE))
		ret = error("cannot mark the first boot done in '%s'", done.buf);
	else
		say("first boot done");
out:
	strvec_clear(&read);
	strbuf_release(&done);
	return ret;
}
