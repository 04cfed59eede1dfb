/* Unit tests for firstboot/apply.c: the whole apply step on a temporary
 * tree, with SMBIOS type 11 files where sysfs shows them and a fake
 * VMware: the first source wins, everything is applied or nothing is,
 * the values used are cleared, and a second run does nothing. */
#include "test.h"
#include "apply.h"
#include "accounts.h"
#include "fake-vmware.h"

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
		       "read; VMware: guestinfo read\n");
	CHECK_CONTAINS(out.buf, "pvappliance-firstboot: root password: set from SMBIOS type 11 string 2\n"
		       "pvappliance-firstboot: SSH: root's authorized_keys written from "
		       "guestinfo.ssh.authorized_keys.root\n"
		       "pvappliance-firstboot: host name: from-smbios (from SMBIOS type 11 string 1)\n"
		       "pvappliance-firstboot: VMware: the guestinfo values used were cleared\n");
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
	/* The VMware value used was cleared (by the child); the one not used
	 * was not. */
	read_in("/", f.set_log, &text);
	CHECK_STR(text.buf, "ssh.authorized_keys.root=\n");

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
	read_in("/", f.set_log, &text);
	CHECK_STR(text.buf, "");   /* nothing cleared */
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
		       "read; VMware: guestinfo could not be read\n"
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

int main(void)
{
	TEST(test_both_sources);
	TEST(test_all_or_nothing);
	TEST(test_nothing);
	return test_done();
}
