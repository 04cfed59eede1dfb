/* Unit tests for firstboot/nocloud.c: a seed as Proxmox writes it, the
 * keys understood and the console line naming the others, hostile seeds
 * (aliases, deep nesting, huge scalars, binary, not cloud-config,
 * duplicate keys), the ds=nocloud forms, the cidata labels of ISO 9660 and
 * FAT volumes made by genisoimage and mkfs.fat, and a whole apply reading
 * a seed directory named by the kernel command line. */
#include "test.h"
#include "nocloud.h"
#include "apply.h"
#include "accounts.h"
#include "fake-vmware.h"
#include "core/fsutil.h"
#include "core/run.h"
#include "core/array.h"

#include <crypt.h>
#include <sys/stat.h>
#include <unistd.h>

#define ED25519 "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOK6bvyAGCquvYCZmSyCW6GNUg67jqLXeXGW3Go0bXCR"
/* openssl passwd -5 -salt abcdefgh root (Proxmox hands SHA-256 crypt) */
#define SHA256_HASH "$5$abcdefgh$R6RGSMgggXQz2wdKz0HpXWjK9oI5Hjvxad6awq8YNS4"

/* Run nocloud_credentials on the two texts; messages into msgs. */
static int seed(const char *meta, const char *user, struct creds *c, struct strbuf *msgs)
{
	int r;
	strbuf_reset(msgs);
	test_stderr_begin();
	r = nocloud_credentials(meta, meta ? strlen(meta) : 0, user, user ? strlen(user) : 0,
				"cidata on /dev/sr0", c);
	test_stderr_end(msgs);
	return r;
}

static void test_proxmox(void)
{
	struct creds c = CREDS_INIT;
	struct strbuf msgs = STRBUF_INIT;
	/* What Proxmox VE 8 writes for a VM's Cloud-Init tab. */
	const char *user = "#cloud-config\n"
			   "hostname: vm100\n"
			   "manage_etc_hosts: true\n"
			   "fqdn: vm100.example.org\n"
			   "user: root\n"
			   "password: " SHA256_HASH "\n"
			   "ssh_authorized_keys:\n"
			   "  - " ED25519 " me@laptop\n"
			   "chpasswd:\n"
			   "  expire: False\n"
			   "users:\n"
			   "  - default\n"
			   "package_upgrade: true\n";
	const char *meta = "instance-id: 0123456789abcdef\n";

	CHECK_INT(seed(meta, user, &c, &msgs), 0);
	CHECK_INT(c.invalid, 0);
	CHECK_STR(c.value[CRED_HASHED_PASSWORD_ROOT], SHA256_HASH);
	CHECK(!c.value[CRED_PLAIN_PASSWORD_ROOT]);
	CHECK_STR(c.value[CRED_AUTHORIZED_KEYS_ROOT], ED25519 " me@laptop\n");
	CHECK_STR(c.value[CRED_HOSTNAME], "vm100.example.org");
	CHECK_STR(c.source[CRED_HOSTNAME], "NoCloud user-data (cidata on /dev/sr0)");
	/* One line names what is not done, nothing else is said. */
	CHECK_STR(msgs.buf, "pvappliance-firstboot: NoCloud (cidata on /dev/sr0): not supported, "
		  "ignored: package_upgrade\n");
	creds_release(&c);
	strbuf_release(&msgs);
}

static void test_keys_understood(void)
{
	struct creds c = CREDS_INIT;
	struct strbuf msgs = STRBUF_INIT;

	/* A plain password, keys under users: - name: root too, meta-data's
	 * host name when user-data has none; other users named. */
	CHECK_INT(seed("instance-id: i-1\nlocal-hostname: from-meta\n",
		       "#cloud-config\npassword: correct horse\n"
		       "ssh_authorized_keys: [\"" ED25519 " a\"]\n"
		       "users:\n  - default\n  - name: root\n    ssh_authorized_keys:\n"
		       "      - " ED25519 " b\n    lock_passwd: false\n"
		       "  - name: bob\n    groups: sudo\n"
		       "runcmd:\n  - [sh, -c, 'echo hi']\n", &c, &msgs), 0);
	CHECK_STR(c.value[CRED_PLAIN_PASSWORD_ROOT], "correct horse");
	CHECK_STR(c.value[CRED_AUTHORIZED_KEYS_ROOT], ED25519 " a\n" ED25519 " b\n");
	CHECK_STR(c.value[CRED_HOSTNAME], "from-meta");
	CHECK_STR(c.source[CRED_HOSTNAME], "NoCloud meta-data (cidata on /dev/sr0)");
	CHECK_CONTAINS(msgs.buf, "not supported, ignored: users: bob, runcmd\n");
	CHECK(!strstr(msgs.buf, "horse"));
	creds_release(&c);

	/* chpasswd's two forms, root only; a hash wins over a plain one. */
	CHECK_INT(seed(NULL, "#cloud-config\nchpasswd:\n  expire: false\n  users:\n"
		       "    - {name: bob, password: x}\n    - {name: root, password: '" SHA256_HASH
		       "', type: hash}\n", &c, &msgs), 0);
	CHECK_STR(c.value[CRED_HASHED_PASSWORD_ROOT], SHA256_HASH);
	CHECK_CONTAINS(msgs.buf, "ignored: chpasswd.users: bob\n");
	creds_release(&c);
	CHECK_INT(seed(NULL, "#cloud-config\nchpasswd:\n  list: |\n    root:correct horse\n"
		       "    bob:other\n", &c, &msgs), 0);
	CHECK_STR(c.value[CRED_PLAIN_PASSWORD_ROOT], "correct horse");
	CHECK_CONTAINS(msgs.buf, "chpasswd.list: a user other than root");
	creds_release(&c);
	/* expire: true asks for what is not done (a change at first login). */
	CHECK_INT(seed(NULL, "#cloud-config\nchpasswd: {expire: true}\n", &c, &msgs), 0);
	CHECK_CONTAINS(msgs.buf, "ignored: chpasswd.expire: true\n");
	creds_release(&c);
	/* Values are checked as every source's: a bad key refuses the lot. */
	CHECK_INT(seed(NULL, "#cloud-config\nssh_authorized_keys: [hello]\nhostname: ok\n", &c,
		       &msgs), 0);
	CHECK_INT(c.invalid, 1);
	CHECK_CONTAINS(msgs.buf, "NoCloud user-data (cidata on /dev/sr0): ssh.authorized_keys.root "
		       "line 1 is not an OpenSSH public key");
	creds_release(&c);
	/* Empty files, and no files: nothing. */
	CHECK_INT(seed("", "#cloud-config\n", &c, &msgs), 0);
	CHECK_INT(creds_count(&c), 0);
	CHECK_STR(msgs.buf, "");
	CHECK_INT(seed(NULL, NULL, &c, &msgs), 0);
	CHECK_INT(creds_count(&c), 0);
	strbuf_release(&msgs);
}

/* Each refused with a message naming the file and line, nothing offered. */
static void test_hostile(void)
{
	struct creds c = CREDS_INIT;
	struct strbuf msgs = STRBUF_INIT, big = STRBUF_INIT;
	static const struct { const char *user, *why; } refused[] = {
		/* a billion laughs */
		{ "#cloud-config\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a]\n"
		  "c: [*b, *b, *b, *b, *b]\n", "user-data line 3: a YAML alias (*name)" },
		{ "#cloud-config\nhostname: a\nhostname: b\n",
		  "user-data line 3: the key 'hostname' given twice (also line 2)" },
		{ "#cloud-config\nhostname: [unclosed\n", "user-data line 3: not YAML" },
		{ "#cloud-config\n- a list\n- at the top\n", "user-data is not a mapping of keys" },
		{ "#cloud-config\na: 1\n---\nb: 2\n", "a second YAML document" },
		{ "#cloud-config\nhostname: {a: b}\n", "user-data line 2: hostname must be a single value" },
		{ "#cloud-config\npassword: [x]\n", "password must be a password or a crypt(5) hash" },
		{ "#cloud-config\nusers: {root: x}\n", "users must be a list" },
		{ "#cloud-config\n? [a, b]\n: c\n", "a key that is not a word" },
		{ "#cloud-config\nhostname: \"a\\0b\"\n", "a value holding a NUL byte" },
		{ "#cloud-config\nhostname: \"\x01\"\n", "not YAML" },
		{ "#cloud-config\nhostname: \xff\xfe\n", "not YAML" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(refused); i++) {
		int r = seed(NULL, refused[i].user, &c, &msgs);
		CHECK_INT(c.invalid, 1);
		if (!strstr(msgs.buf, refused[i].why))
			test_fail(__FILE__, __LINE__, "seed %zu (r %d): no \"%s\" in:\n%s", i, r,
				  refused[i].why, msgs.buf);
		CHECK_INT(creds_count(&c), 0);
		creds_release(&c);
	}
	/* Deep nesting: refused at the limit, not by the stack. */
	strbuf_addstr(&big, "#cloud-config\nx: ");
	for (int i = 0; i < 100000; i++)
		strbuf_addch(&big, '[');
	CHECK_INT(seed(NULL, big.buf, &c, &msgs), -1);
	CHECK_CONTAINS(msgs.buf, "nested more than 16 deep");
	creds_release(&c);
	/* A huge scalar, and a huge file. */
	strbuf_reset(&big);
	strbuf_addstr(&big, "#cloud-config\nhostname: ");
	for (int i = 0; i < 70000; i++)
		strbuf_addch(&big, 'a');
	CHECK_INT(seed(NULL, big.buf, &c, &msgs), -1);
	CHECK_CONTAINS(msgs.buf, "a value of 70000 bytes (at most 65536)");
	creds_release(&c);
	for (int i = 0; i < 200000; i++)
		strbuf_addch(&big, 'a');
	CHECK_INT(seed(NULL, big.buf, &c, &msgs), -1);
	CHECK_CONTAINS(msgs.buf, "user-data is 270024 bytes (at most 262144 are read)");
	creds_release(&c);
	/* Many nodes. */
	strbuf_reset(&big);
	strbuf_addstr(&big, "#cloud-config\nx: [");
	for (int i = 0; i < 5000; i++)
		strbuf_addstr(&big, "1,");
	strbuf_addstr(&big, "1]\n");
	CHECK_INT(seed(NULL, big.buf, &c, &msgs), -1);
	CHECK_CONTAINS(msgs.buf, "more than 4096 YAML nodes");
	creds_release(&c);
	/* Bad meta-data refuses the seed too. */
	CHECK_INT(seed("instance-id: [", "#cloud-config\nhostname: a\n", &c, &msgs), -1);
	CHECK_CONTAINS(msgs.buf, "NoCloud (cidata on /dev/sr0): meta-data line 2: not YAML");
	CHECK_INT(creds_count(&c), 0);
	creds_release(&c);
	/* Not cloud-config (a script, MIME, binary): named, not refused, not
	 * run; meta-data still counts. */
	CHECK_INT(seed("local-hostname: h1\n", "#!/bin/sh\necho root:pw | chpasswd\n", &c, &msgs), 0);
	CHECK_CONTAINS(msgs.buf, "not supported, ignored: user-data that is not #cloud-config\n");
	CHECK(!strstr(msgs.buf, "chpasswd"));
	CHECK_STR(c.value[CRED_HOSTNAME], "h1");
	creds_release(&c);
	CHECK_INT(seed(NULL, "\x7f" "ELF\x01\x01\x01", &c, &msgs), 0);
	CHECK_INT(creds_count(&c), 0);
	CHECK_INT(seed(NULL, "#cloud-configuration\nhostname: x\n", &c, &msgs), 0);
	CHECK_CONTAINS(msgs.buf, "not #cloud-config");
	CHECK_INT(creds_count(&c), 0);
	strbuf_release(&msgs);
	strbuf_release(&big);
}

static void test_ds(void)
{
	struct strbuf seed_dir = STRBUF_INIT, why = STRBUF_INIT;

	CHECK_INT(nocloud_ds("BOOT_IMAGE=/bzImage root=/dev/sda2 ro", &seed_dir, &why), 0);
	CHECK_INT(nocloud_ds("root=/dev/sda2 ds=nocloud;s=file:///seed/ quiet", &seed_dir, &why), 1);
	CHECK_STR(seed_dir.buf, "/seed/");
	CHECK_INT(nocloud_ds("ds=nocloud;h=x;s=/var/seed", &seed_dir, &why), 1);
	CHECK_STR(seed_dir.buf, "/var/seed");
	CHECK_INT(nocloud_ds("ds=nocloud\n", &seed_dir, &why), 1);   /* the SMBIOS serial */
	CHECK_STR(seed_dir.buf, "");
	CHECK_INT(nocloud_ds("ds=nocloud;s=http://10.0.0.1/", &seed_dir, &why), -1);
	CHECK_CONTAINS(why.buf, "not a local path");
	strbuf_reset(&why);
	CHECK_INT(nocloud_ds("ds=nocloud-net;s=http://10.0.0.1/", &seed_dir, &why), -1);
	CHECK_CONTAINS(why.buf, "ds=nocloud-net");
	CHECK_INT(nocloud_ds("xds=nocloud", &seed_dir, &why), 0);
	strbuf_release(&seed_dir);
	strbuf_release(&why);
}

/* The labels as other people's tools write them. */
static void test_labels(void)
{
	static const struct { const char *label; bool iso, ok; } vols[] = {
		{ "cidata", true, true }, { "CIDATA", true, true }, { "other", true, false },
		{ "CIDATA", false, true }, { "cidata", false, true }, { "CIDATA2", false, false },
	};
	struct strbuf path = STRBUF_INIT, data = STRBUF_INIT, out = STRBUF_INIT;

	for (size_t i = 0; i < ARRAY_SIZE(vols); i++) {
		struct run_opts ro = RUN_OPTS_INIT;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/vol%zu", test_tmpdir(), i);
		ro.capture = &out;
		if (vols[i].iso) {
			const char *argv[] = { "genisoimage", "-quiet", "-output", path.buf, "-volid",
					       vols[i].label, "-joliet", "-rock",
					       test_write("meta-data", "instance-id: x\n"), NULL };
			CHECK_INT(run_command(argv, &ro), 0);
		} else {
			const char *argv[] = { "mkfs.fat", "-C", "-n", vols[i].label, path.buf, "1440",
					       NULL };
			CHECK_INT(run_command(argv, &ro), 0);
		}
		strbuf_reset(&data);
		CHECK_INT(strbuf_read_file(&data, path.buf), 0);
		if (nocloud_label_is_cidata((const unsigned char *)data.buf, data.len) != vols[i].ok)
			test_fail(__FILE__, __LINE__, "volume %zu (%s %s) read wrong", i,
				  vols[i].iso ? "ISO 9660" : "FAT", vols[i].label);
	}
	CHECK(!nocloud_label_is_cidata((const unsigned char *)"x", 1));
	strbuf_release(&path);
	strbuf_release(&data);
	strbuf_release(&out);
}

/* apply on a tree whose kernel command line names a seed directory: the
 * seed's hash, key and host name applied; SMBIOS first where both give. */
static void test_apply(void)
{
	static const char *const dirs[] = { "nc", "nc/etc", "nc/root", "nc/proc", "nc/seed", NULL };
	struct strbuf d = STRBUF_INIT, out = STRBUF_INIT, text = STRBUF_INIT, root = STRBUF_INIT;
	struct fake f;
	struct apply_opts o = { .backdoor = fake_backdoor, .backdoor_ctx = &f };
	struct crypt_data cd = { 0 };
	char *hash;

	for (size_t i = 0; dirs[i]; i++) {
		strbuf_reset(&d);
		strbuf_addf(&d, "%s/%s", test_tmpdir(), dirs[i]);
		CHECK(mkdir(d.buf, 0755) == 0);
	}
	strbuf_addf(&root, "%s/nc", test_tmpdir());
	o.root = root.buf;
	test_write("nc/etc/shadow", "root:*:19000:0:99999:7:::\n");
	test_write("nc/proc/cmdline", "root=/dev/sda2 ds=nocloud;s=file:///seed/\n");
	hash = crypt_r("seed password", "$6$saltsalt$", &cd);
	strbuf_addf(&text, "#cloud-config\npassword: '%s'\nssh_authorized_keys:\n  - %s\n"
		    "hostname: seeded\nruncmd: [reboot]\nwrite_files: []\n", hash, ED25519);
	test_write("nc/seed/user-data", text.buf);
	test_write("nc/seed/meta-data", "instance-id: iid-1\nlocal-hostname: meta-name\n");
	fake_init(&f);
	f.open_fails = 1;
	test_stderr_begin();
	CHECK_INT(firstboot_apply(&o), 0);
	test_stderr_end(&out);
	CHECK_CONTAINS(out.buf, "NoCloud (ds=nocloud;s=/seed/): not supported, ignored: runcmd, "
		       "write_files\n");
	root_path(&d, o.root, "/etc/hostname");
	strbuf_reset(&text);
	CHECK_INT(strbuf_read_file(&text, d.buf), 0);
	CHECK_STR(text.buf, "seeded\n");
	root_path(&d, o.root, "/root/.ssh/authorized_keys");
	strbuf_reset(&text);
	CHECK_INT(strbuf_read_file(&text, d.buf), 0);
	CHECK_STR(text.buf, ED25519 "\n");
	CHECK_INT(root_password_field(o.root, &text), 0);
	CHECK_STR(text.buf, hash);
	root_path(&d, o.root, FIRSTBOOT_CREDENTIALS);
	strbuf_reset(&text);
	CHECK_INT(strbuf_read_file(&text, d.buf), 0);
	CHECK_STR(text.buf, "passwd.hashed-password.root\nssh.authorized_keys.root\nsystem.hostname\n");
	fake_release(&f);
	strbuf_release(&d);
	strbuf_release(&out);
	strbuf_release(&text);
	strbuf_release(&root);
}

int main(void)
{
	TEST(test_proxmox);
	TEST(test_keys_understood);
	TEST(test_hostile);
	TEST(test_ds);
	TEST(test_labels);
	TEST(test_apply);
	return test_done();
}
