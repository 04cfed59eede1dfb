/* Unit tests for firstboot/apply.c: the whole apply step on a temporary
 * tree, with SMBIOS type 11 files where sysfs shows them and a fake
 * VMware: the first source wins, everything is applied or nothing is,
 * every value read is cleared, only what took effect is recorded, a disk
 * that needs a reboot grows then, an apply that could not mark itself done
 * fails closed, and a second run does nothing. */
#include "test.h"
#include "apply.h"
#include "accounts.h"
#include "console.h"
#include "growfs.h"
#include "fake-vmware.h"
#include "core/fsutil.h"

#include <crypt.h>
#include <sys/stat.h>
#include <unistd.h>

#define ED25519 "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOK6bvyAGCquvYCZmSyCW6GNUg67jqLXeXGW3Go0bXCR"

static struct strbuf rootbuf = STRBUF_INIT;

static const char *make_tree(const char *name)
{
	static const char *const dirs[] = { "", "/etc", "/root", "/sys", "/sys/kernel", "/sys/firmware",
					    "/sys/firmware/dmi", "/sys/firmware/dmi/entries",
					    "/sys/firmware/dmi/entries/11-0", NULL };
	struct strbuf d = STRBUF_INIT, f = STRBUF_INIT;
	strbuf_reset(&rootbuf);
	strbuf_addf(&rootbuf, "%s/%s", test_tmpdir(), name);
	for (size_t i = 0; dirs[i]; i++) {
		strbuf_reset(&d);
		strbuf_addf(&d, "%s%s", rootbuf.buf, dirs[i]);
		mkdir(d.buf, 0755);
	}
	strbuf_addf(&f, "%s/etc/shadow", name);
	test_write(f.buf, "root:*:19000:0:99999:7:::\nbin:*:19000:0:99999:7:::\n");
	strbuf_reset(&f);
	strbuf_addf(&f, "%s/etc/hosts", name);
	test_write(f.buf, "127.0.0.1\tlocalhost\n127.0.1.1\tdebian\n");
	strbuf_reset(&f);
	strbuf_addf(&f, "%s/etc/appliance-release", name);
	test_write(f.buf, "NAME=debian\nTITLE=\"Debian appliance\"\nVERSION=2.0\n");
	strbuf_release(&d);
	strbuf_release(&f);
	return rootbuf.buf;
}

/* A type 11 structure with these strings, as 11-0/raw. */
static void smbios(const char *name, const char *const *strs)
{
	struct strbuf raw = STRBUF_INIT, path = STRBUF_INIT;
	size_t n = 0;
	FILE *f;
	while (strs[n])
		n++;
	strbuf_add(&raw, "\x0b\x05\x00\x11", 4);
	strbuf_addch(&raw, (char)n);
	for (size_t i = 0; i < n; i++)
		strbuf_add(&raw, strs[i], strlen(strs[i]) + 1);
	strbuf_addch(&raw, '\0');
	strbuf_addf(&path, "%s/%s/sys/firmware/dmi/entries/11-0/raw", test_tmpdir(), name);
	f = fopen(path.buf, "wb");
	CHECK(f && fwrite(raw.buf, 1, raw.len, f) == raw.len);
	if (f)
		fclose(f);
	strbuf_release(&raw);
	strbuf_release(&path);
}

static void read_in(const char *root, const char *path, struct strbuf *out)
{
	struct strbuf p = STRBUF_INIT;
	strbuf_reset(out);
	root_path(&p, root, path);
	if (!access(p.buf, F_OK) && strbuf_read_file(out, p.buf))
		strbuf_reset(out);
	strbuf_release(&p);
}

/* apply's step lines (stdout) and messages (stderr), both into out. */
static int saved_stdout = -1;

static void capture_begin(void)
{
	fflush(stdout);
	saved_stdout = dup(1);
	test_stderr_begin();
	dup2(2, 1);
}

static void capture_end(struct strbuf *out)
{
	fflush(stdout);
	dup2(saved_stdout, 1);
	close(saved_stdout);
	test_stderr_end(out);
}

static void test_both_sources(void)
{
	static const char *const strs[] = {
		"io.systemd.credential:system.hostname=from-smbios",
		"io.systemd.credential:passwd.plaintext-password.root=correct horse",
		NULL,
	};
	const char *root = make_tree("both");
	struct fake f;
	struct apply_opts o = { .root = root, .backdoor = fake_backdoor, .backdoor_ctx = &f };
	struct strbuf out = STRBUF_INIT, text = STRBUF_INIT, field = STRBUF_INIT;
	struct crypt_data cd = { 0 };
	struct stat st;

	smbios("both", strs);
	fake_init(&f);
	fake_var(&f, "system.hostname", "from-vmware", 11);
	fake_var(&f, "ssh.authorized_keys.root", ED25519 " me", strlen(ED25519) + 3);
	f.set_log = test_write("both-set.log", "");
	capture_begin();
	CHECK_INT(firstboot_apply(&o), 0);
	capture_end(&out);
	CHECK_CONTAINS(out.buf, "guestinfo.system.hostname: system.hostname ignored (already given "
		       "by SMBIOS type 11 string 1)");
	CHECK_CONTAINS(out.buf, "pvappliance-firstboot: credentials: SMBIOS type 11: 1 structure "
		       "read; VMware: guestinfo read; NoCloud: no ds=nocloud\n");
	CHECK_CONTAINS(out.buf, "pvappliance-firstboot: root password: set from SMBIOS type 11 string 2\n"
		       "pvappliance-firstboot: SSH: root's authorized_keys written from "
		       "guestinfo.ssh.authorized_keys.root\n"
		       "pvappliance-firstboot: host name: from-smbios (from SMBIOS type 11 string 1)\n"
		       "pvappliance-firstboot: VMware: the guestinfo values read were cleared\n");
	CHECK_CONTAINS(out.buf, "pvappliance-firstboot: first boot done\n");
	CHECK(!strstr(out.buf, "horse"));

	read_in(root, "/etc/hostname", &text);
	CHECK_STR(text.buf, "from-smbios\n");
	read_in(root, "/etc/hosts", &text);
	CHECK_CONTAINS(text.buf, "127.0.1.1\tfrom-smbios\n");
	read_in(root, "/root/.ssh/authorized_keys", &text);
	CHECK_STR(text.buf, ED25519 " me\n");
	CHECK_INT(root_password_field(root, &field), 0);
	CHECK_STR(crypt_r("correct horse", field.buf, &cd), field.buf);
	read_in(root, FIRSTBOOT_CREDENTIALS, &text);
	CHECK_STR(text.buf, "passwd.plaintext-password.root\nssh.authorized_keys.root\nsystem.hostname\n");
	root_path(&out, root, FIRSTBOOT_CREDENTIALS);
	CHECK(stat(out.buf, &st) == 0 && (st.st_mode & 07777) == 0600);
	root_path(&out, root, FIRSTBOOT_DONE);
	CHECK(access(out.buf, F_OK) == 0);
	/* The banner (no issue.d: /etc/issue) */
	read_in(root, "/etc/issue", &text);
	CHECK_CONTAINS(text.buf, "Debian appliance 2.0\n  IPv4 address: ");
	/* Every VMware value read was cleared (by the child): the one used and
	 * the one that lost to SMBIOS. */
	read_in("/", f.set_log, &text);
	CHECK_STR(text.buf, "ssh.authorized_keys.root=\nsystem.hostname=\n");

	/* Once only: a second run changes nothing and says nothing. */
	fake_var(&f, "ssh.authorized_keys.root", "junk", 4);
	strbuf_reset(&out);
	capture_begin();
	CHECK_INT(firstboot_apply(&o), 0);
	capture_end(&out);
	CHECK_STR(out.buf, "");
	read_in(root, "/root/.ssh/authorized_keys", &text);
	CHECK_STR(text.buf, ED25519 " me\n");
	fake_release(&f);
	strbuf_release(&out);
	strbuf_release(&text);
	strbuf_release(&field);
}

/* One bad value anywhere: nothing is applied. */
static void test_all_or_nothing(void)
{
	static const char *const strs[] = {
		"io.systemd.credential:system.hostname=good-name",
		"io.systemd.credential:passwd.hashed-password.root=$1$ab$y7VUjtUTBsvsk./AavCBV/",
		NULL,
	};
	const char *root = make_tree("bad");
	struct fake f;
	struct apply_opts o = { .root = root, .backdoor = fake_backdoor, .backdoor_ctx = &f };
	struct strbuf out = STRBUF_INIT, text = STRBUF_INIT, field = STRBUF_INIT;

	smbios("bad", strs);
	fake_init(&f);
	fake_var(&f, "ssh.authorized_keys.root", "not a key", 9);
	f.set_log = test_write("bad-set.log", "");
	capture_begin();
	CHECK_INT(firstboot_apply(&o), 0);
	capture_end(&out);
	CHECK_CONTAINS(out.buf, "credentials: 2 refused (see above): none applied; the console "
		       "will ask for a root password");
	CHECK_CONTAINS(out.buf, "SMBIOS type 11 string 2: passwd.hashed-password.root is not a crypt(5) hash");
	CHECK_CONTAINS(out.buf, "guestinfo.ssh.authorized_keys.root: ssh.authorized_keys.root line 1 "
		       "is not an OpenSSH public key");
	read_in(root, "/etc/hostname", &text);
	CHECK_STR(text.buf, "");
	CHECK_INT(root_password_field(root, &field), 0);
	CHECK_STR(field.buf, "*");
	read_in(root, FIRSTBOOT_CREDENTIALS, &text);
	CHECK_STR(text.buf, "");
	root_path(&out, root, FIRSTBOOT_CREDENTIALS);
	CHECK(access(out.buf, F_OK) != 0);   /* so the console asks */
	root_path(&out, root, "/root/.ssh");
	CHECK(access(out.buf, F_OK) != 0);
	/* Refused, but cleared all the same: nothing read stays behind. */
	read_in("/", f.set_log, &text);
	CHECK_STR(text.buf, "ssh.authorized_keys.root=\n");
	fake_release(&f);
	strbuf_release(&out);
	strbuf_release(&text);
	strbuf_release(&field);
}

/* No SMBIOS entries, no VMware (a backdoor that does not open: the test
 * must not ask the CPU, which may be VMware's): nothing handed in, the
 * rest still runs. */
static void test_nothing(void)
{
	const char *root = make_tree("none");
	struct fake f;
	struct apply_opts o = { .root = root, .backdoor = fake_backdoor, .backdoor_ctx = &f };
	struct strbuf out = STRBUF_INIT, text = STRBUF_INIT;
	struct strbuf issued = STRBUF_INIT;

	fake_init(&f);
	f.open_fails = 1;
	root_path(&out, root, "/etc/issue.d");
	mkdir(out.buf, 0755);
	capture_begin();
	CHECK_INT(firstboot_apply(&o), 0);
	capture_end(&out);
	CHECK_CONTAINS(out.buf, "pvappliance-firstboot: credentials: SMBIOS type 11: 0 structures "
		       "read; VMware: guestinfo could not be read; NoCloud: no ds=nocloud\n"
		       "pvappliance-firstboot: credentials: none handed in\n");
	root_path(&out, root, FIRSTBOOT_CREDENTIALS);
	CHECK(access(out.buf, F_OK) != 0);
	read_in(root, "/etc/issue.d/pvappliance.issue", &issued);
	CHECK_CONTAINS(issued.buf, "IPv4 address: \\4\n");
	read_in(root, FIRSTBOOT_DONE, &text);
	root_path(&out, root, FIRSTBOOT_DONE);
	CHECK(access(out.buf, F_OK) == 0);
	fake_release(&f);
	strbuf_release(&out);
	strbuf_release(&text);
	strbuf_release(&issued);
}

/* A key that cannot be written (root's home is a file) is not recorded:
 * the host name alone is no way in, so the console still asks. */
static void test_record_applied_only(void)
{
	static const char *const strs[] = {
		"io.systemd.credential:system.hostname=web2",
		"io.systemd.credential:ssh.authorized_keys.root=" ED25519,
		NULL,
	};
	const char *root = make_tree("unwritable");
	struct fake f;
	struct apply_opts o = { .root = root, .backdoor = fake_backdoor, .backdoor_ctx = &f };
	struct strbuf out = STRBUF_INIT, text = STRBUF_INIT;

	smbios("unwritable", strs);
	root_path(&out, root, "/root");
	CHECK(rmdir(out.buf) == 0);
	test_write("unwritable/root", "not a directory\n");
	fake_init(&f);
	f.open_fails = 1;
	strbuf_reset(&out);
	capture_begin();
	CHECK_INT(firstboot_apply(&o), 0);
	capture_end(&out);
	CHECK_CONTAINS(out.buf, "credentials: not all could be applied (see above)");
	CHECK(!strstr(out.buf, "authorized_keys written"));
	read_in(root, FIRSTBOOT_CREDENTIALS, &text);
	CHECK_STR(text.buf, "system.hostname\n");
	CHECK_INT(console_needed(root), 1);
	fake_release(&f);
	strbuf_release(&out);
	strbuf_release(&text);
}

/* The done marker could not be written (a directory where its temporary
 * goes): the
 * next boot finds the started marker and root's way in, and reads neither
 * SMBIOS nor VMware again (guestinfo is anyone's in the guest to set). */
static void test_fail_closed(void)
{
	static const char *const strs[] = {
		"io.systemd.credential:passwd.plaintext-password.root=correct horse",
		NULL,
	};
	static const char *const later[] = {
		"io.systemd.credential:system.hostname=attacker",
		NULL,
	};
	const char *root = make_tree("undone");
	struct fake f;
	struct apply_opts o = { .root = root, .backdoor = fake_backdoor, .backdoor_ctx = &f };
	struct strbuf out = STRBUF_INIT, text = STRBUF_INIT, p = STRBUF_INIT;

	smbios("undone", strs);
	root_path(&p, root, FIRSTBOOT_DIR "/.firstboot.done.pvappliance-tmp");
	CHECK(mkdir_p(p.buf) == 0);
	fake_init(&f);
	f.open_fails = 1;
	capture_begin();
	CHECK_INT(firstboot_apply(&o), -1);
	capture_end(&out);
	CHECK_CONTAINS(out.buf, "root password: set from SMBIOS type 11 string 1");
	CHECK_CONTAINS(out.buf, "cannot mark the first boot done");

	/* The next boot: new values on both sources, none read. */
	smbios("undone", later);
	fake_release(&f);
	fake_init(&f);
	fake_var(&f, "ssh.authorized_keys.root", ED25519 " attacker", strlen(ED25519) + 9);
	f.set_log = test_write("undone-set.log", "");
	strbuf_reset(&out);
	capture_begin();
	firstboot_apply(&o);
	capture_end(&out);
	CHECK_CONTAINS(out.buf, "credentials: not read: an earlier first boot gave root a way in");
	CHECK_INT(f.calls, 0);
	read_in(root, "/etc/hostname", &text);
	CHECK_STR(text.buf, "");
	read_in(root, "/root/.ssh/authorized_keys", &text);
	CHECK_STR(text.buf, "");
	fake_release(&f);
	strbuf_release(&out);
	strbuf_release(&text);
	strbuf_release(&p);
}

/* The partition table was written but the kernel kept the old size: the
 * message says to reboot, and the next boot (done already) grows. */
static int grow_calls, grow_result;
static int fake_grow(void)
{
	grow_calls++;
	return grow_result;
}

static void test_grow_after_reboot(void)
{
	const char *root = make_tree("reboot");
	struct fake f;
	struct apply_opts o = { .root = root, .backdoor = fake_backdoor, .backdoor_ctx = &f,
				.grow = fake_grow };
	struct strbuf out = STRBUF_INIT, p = STRBUF_INIT;

	fake_init(&f);
	f.open_fails = 1;
	grow_result = GROWFS_REBOOT;
	capture_begin();
	CHECK_INT(firstboot_apply(&o), 0);
	capture_end(&out);
	CHECK_CONTAINS(out.buf, "disk: reboot to grow / (the partition table is written; the "
		       "filesystem grows at the next boot)");
	CHECK_INT(grow_calls, 1);
	root_path(&p, root, FIRSTBOOT_GROW_PENDING);
	CHECK(access(p.buf, F_OK) == 0);
	/* The next boot: done, but the filesystem still to grow. */
	grow_result = 0;
	strbuf_reset(&out);
	capture_begin();
	CHECK_INT(firstboot_apply(&o), 0);
	capture_end(&out);
	CHECK_INT(grow_calls, 2);
	CHECK(access(p.buf, F_OK) != 0);
	CHECK(!strstr(out.buf, "credentials"));
	/* And then never again. */
	CHECK_INT(firstboot_apply(&o), 0);
	CHECK_INT(grow_calls, 2);
	fake_release(&f);
	strbuf_release(&out);
	strbuf_release(&p);
}

int main(void)
{
	TEST(test_both_sources);
	TEST(test_all_or_nothing);
	TEST(test_nothing);
	TEST(test_record_applied_only);
	TEST(test_fail_closed);
	TEST(test_grow_after_reboot);
	return test_done();
}
