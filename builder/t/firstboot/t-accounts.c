/* Unit tests for firstboot/accounts.c on a temporary tree: root's line of
 * /etc/shadow replaced and the others untouched, /etc/passwd without a
 * shadow file, authorized_keys, the host name. */
#include "test.h"
#include "accounts.h"

#include <crypt.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *tree(const char *name)
{
	static struct strbuf p = STRBUF_INIT;
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/%s", test_tmpdir(), name);
	mkdir(p.buf, 0755);
	return p.buf;
}

static void mkdirs(const char *root, const char *const *dirs)
{
	struct strbuf d = STRBUF_INIT;
	for (; *dirs; dirs++) {
		strbuf_reset(&d);
		strbuf_addf(&d, "%s/%s", root, *dirs);
		CHECK(mkdir(d.buf, 0755) == 0);
	}
	strbuf_release(&d);
}

static void test_fields(void)
{
	struct strbuf out = STRBUF_INIT;
	const char *text = "rooter:x:1:::\nroot:*:19000:0:99999:7:::\ndaemon:*:1::\n";

	CHECK_INT(passwd_get_field2(text, "root", &out), 0);
	CHECK_STR(out.buf, "*");
	CHECK_INT(passwd_set_field2(text, "root", "$6$x$y", &out), 0);
	CHECK_STR(out.buf, "rooter:x:1:::\nroot:$6$x$y:19000:0:99999:7:::\ndaemon:*:1::\n");
	CHECK_INT(passwd_set_field2("root:!", "root", "h", &out), 0);
	CHECK_STR(out.buf, "root:h");
	CHECK_INT(passwd_set_field2("rooter:x:1\n", "root", "h", &out), -1);
	CHECK(password_locked("*"));
	CHECK(password_locked("!"));
	CHECK(password_locked("!!"));
	CHECK(password_locked("!*"));
	CHECK(password_locked("!$6$abc$def"));
	CHECK(!password_locked("$6$abc$def"));
	CHECK(!password_locked(""));
	strbuf_release(&out);
}

static void test_shadow(void)
{
	static const char *const dirs[] = { "etc", NULL };
	const char *root = tree("shadow");
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT, field = STRBUF_INIT;
	struct stat st;
	struct crypt_data cd = { 0 };
	char *hash;
	int lock;

	mkdirs(root, dirs);
	strbuf_addf(&path, "%s/etc/shadow", root);
	test_write("shadow/etc/shadow", "root:*:19000:0:99999:7:::\n"
		   "daemon:*:19000:0:99999:7:::\nuser:$6$a$b:19000:0:99999:7:::\n");
	CHECK(chmod(path.buf, 0640) == 0);
	CHECK_INT(root_password_field(root, &field), 0);
	CHECK_STR(field.buf, "*");
	/* No login.defs (busybox): SHA-512 crypt, which busybox's login knows. */
	hash = hash_password(root, "correct horse");
	CHECK(hash && !strncmp(hash, "$6$", 3));
	free(hash);
	CHECK_STR(hash_method(root), "$6$");
	/* The distribution's own choice, as its passwd makes it. */
	test_write("shadow/etc/login.defs", "# ENCRYPT_METHOD SHA256\nENCRYPT_METHOD YESCRYPT\n");
	CHECK_STR(hash_method(root), "$y$");
	test_write("shadow/etc/login.defs", "ENCRYPT_METHOD\tSHA512\r\n");
	CHECK_STR(hash_method(root), "$6$");
	/* Debian 12: passwd asks PAM, whose line says yescrypt; login.defs
	 * says SHA512 for chpasswd. PAM wins. */
	test_write("shadow/etc/login.defs", "ENCRYPT_METHOD SHA512\n");
	{
		struct strbuf d = STRBUF_INIT;
		strbuf_addf(&d, "%s/etc/pam.d", root);
		CHECK(mkdir(d.buf, 0755) == 0);
		strbuf_release(&d);
	}
	test_write("shadow/etc/pam.d/common-password",
		   "# pam_unix.so sha256 (a comment)\n"
		   "password\t[success=1 default=ignore]\tpam_unix.so obscure yescrypt\n");
	CHECK_STR(hash_method(root), "$y$");
	test_write("shadow/etc/pam.d/common-password", "password required pam_unix.so\n");
	CHECK_STR(hash_method(root), "$6$"); /* no word there: login.defs */
	test_write("shadow/etc/pam.d/common-password",
		   "password sufficient pam_unix.so sha512 shadow nullok use_authtok\n");
	CHECK_STR(hash_method(root), "$6$");
	test_write("shadow/etc/pam.d/common-password", "password x pam_unix.so yescrypt\n");
	hash = hash_password(root, "correct horse");
	CHECK(hash && !strncmp(hash, "$y$", 3));
	lock = pw_lock(root);
	CHECK(lock >= 0);
	CHECK_INT(set_root_hash(root, hash), 0);
	close(lock);
	CHECK_INT(strbuf_read_file(&text, path.buf), 0);
	CHECK(!strncmp(text.buf, "root:", 5));
	CHECK_CONTAINS(text.buf, ":19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n"
		       "user:$6$a$b:19000:0:99999:7:::\n");
	CHECK_INT(root_password_field(root, &field), 0);
	CHECK_STR(field.buf, hash);
	/* crypt(3) verifies the stored hash against the password. */
	CHECK_STR(crypt_r("correct horse", field.buf, &cd), field.buf);
	CHECK(stat(path.buf, &st) == 0 && (st.st_mode & 07777) == 0640);
	/* No temporary left behind. */
	strbuf_addstr(&path, ".tmp");
	CHECK(access(path.buf, F_OK) != 0);
	free(hash);
	strbuf_release(&path);
	strbuf_release(&text);
	strbuf_release(&field);
}

static void test_passwd_only(void)
{
	static const char *const dirs[] = { "etc", NULL };
	const char *root = tree("passwd");
	struct strbuf text = STRBUF_INIT, field = STRBUF_INIT, err = STRBUF_INIT;

	mkdirs(root, dirs);
	test_write("passwd/etc/passwd", "root:!:0:0:root:/root:/bin/sh\nbin:x:1:1::/:/bin/false\n");
	CHECK_INT(root_password_field(root, &field), 0);
	CHECK_STR(field.buf, "!");
	CHECK_INT(set_root_hash(root, "$6$abc$def"), 0);
	CHECK_INT(strbuf_read_file(&text, test_write("passwd/x", "")), 0);
	strbuf_reset(&text);
	{
		struct strbuf p = STRBUF_INIT;
		strbuf_addf(&p, "%s/etc/passwd", root);
		CHECK_INT(strbuf_read_file(&text, p.buf), 0);
		strbuf_release(&p);
	}
	CHECK_STR(text.buf, "root:$6$abc$def:0:0:root:/root:/bin/sh\nbin:x:1:1::/:/bin/false\n");

	/* No root line at all: an error naming the file, nothing written. */
	test_write("passwd/etc/passwd", "bin:x:1:1::/:/bin/false\n");
	test_stderr_begin();
	CHECK_INT(set_root_hash(root, "$6$abc$def"), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "/etc/passwd' has no line for root");
	strbuf_release(&text);
	strbuf_release(&field);
	strbuf_release(&err);
}

static void test_authorized_keys(void)
{
	static const char *const dirs[] = { "root", NULL };
	const char *root = tree("keys");
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	struct stat st;

	mkdirs(root, dirs);
	CHECK_INT(write_authorized_keys(root, "ssh-ed25519 AAAA x", 18), 0);
	strbuf_addf(&path, "%s/root/.ssh", root);
	CHECK(stat(path.buf, &st) == 0 && (st.st_mode & 07777) == 0700 && st.st_uid == geteuid());
	strbuf_addstr(&path, "/authorized_keys");
	CHECK(stat(path.buf, &st) == 0 && (st.st_mode & 07777) == 0600);
	CHECK_INT(strbuf_read_file(&text, path.buf), 0);
	CHECK_STR(text.buf, "ssh-ed25519 AAAA x\n");
	strbuf_release(&path);
	strbuf_release(&text);
}

static void test_hostname(void)
{
	static const char *const dirs[] = { "etc", NULL };
	const char *root = tree("host");
	struct strbuf out = STRBUF_INIT, path = STRBUF_INIT;

	hosts_set_name("127.0.0.1\tlocalhost\n127.0.1.1\tdebian\n::1\tlocalhost\n", "web1", &out);
	CHECK_STR(out.buf, "127.0.0.1\tlocalhost\n127.0.1.1\tweb1\n::1\tlocalhost\n");
	hosts_set_name("127.0.0.1 localhost", "a.example.org", &out);
	CHECK_STR(out.buf, "127.0.0.1 localhost\n127.0.1.1\ta.example.org a\n");
	hosts_set_name("", "a", &out);
	CHECK_STR(out.buf, "127.0.1.1\ta\n");

	mkdirs(root, dirs);
	test_write("host/etc/hosts", "127.0.0.1\tlocalhost\n127.0.1.1\tdebian\n");
	CHECK_INT(set_hostname(root, "web1", false), 0);
	strbuf_addf(&path, "%s/etc/hostname", root);
	strbuf_reset(&out);
	CHECK_INT(strbuf_read_file(&out, path.buf), 0);
	CHECK_STR(out.buf, "web1\n");
	strbuf_reset(&out);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/etc/hosts", root);
	CHECK_INT(strbuf_read_file(&out, path.buf), 0);
	CHECK_STR(out.buf, "127.0.0.1\tlocalhost\n127.0.1.1\tweb1\n");
	strbuf_release(&out);
	strbuf_release(&path);
}

/* Links in the target tree are never written through: a /root/.ssh
 * pointing elsewhere is refused and the place it points to untouched; an
 * /etc/hostname linked to a 0666 file becomes a 0644 file of its own. */
static void test_symlinks(void)
{
	static const char *const dirs[] = { "root", "etc", "elsewhere", NULL };
	const char *root = tree("links");
	struct strbuf path = STRBUF_INIT, link = STRBUF_INIT, text = STRBUF_INIT, err = STRBUF_INIT;
	struct stat st;

	mkdirs(root, dirs);
	strbuf_addf(&path, "%s/elsewhere", root);
	CHECK(chmod(path.buf, 0755) == 0);
	strbuf_addf(&link, "%s/root/.ssh", root);
	CHECK(symlink(path.buf, link.buf) == 0);
	test_stderr_begin();
	CHECK_INT(write_authorized_keys(root, "ssh-ed25519 AAAA x", 18), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "/root/.ssh' is a symbolic link or not a directory");
	CHECK(stat(path.buf, &st) == 0 && (st.st_mode & 07777) == 0755);
	strbuf_addstr(&path, "/authorized_keys");
	CHECK(access(path.buf, F_OK) != 0);

	strbuf_reset(&path);
	strbuf_addf(&path, "%s/elsewhere/name", root);
	test_write("links/elsewhere/name", "old\n");
	CHECK(chmod(path.buf, 0666) == 0);
	strbuf_reset(&link);
	strbuf_addf(&link, "%s/etc/hostname", root);
	CHECK(symlink(path.buf, link.buf) == 0);
	CHECK_INT(set_hostname(root, "web1", false), 0);
	CHECK(lstat(link.buf, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0644);
	CHECK_INT(strbuf_read_file(&text, link.buf), 0);
	CHECK_STR(text.buf, "web1\n");
	strbuf_reset(&text);
	CHECK_INT(strbuf_read_file(&text, path.buf), 0);
	CHECK_STR(text.buf, "old\n");
	CHECK(stat(path.buf, &st) == 0 && (st.st_mode & 07777) == 0666);
	strbuf_release(&path);
	strbuf_release(&link);
	strbuf_release(&text);
	strbuf_release(&err);
}

int main(void)
{
	TEST(test_fields);
	TEST(test_shadow);
	TEST(test_passwd_only);
	TEST(test_authorized_keys);
	TEST(test_hostname);
	TEST(test_symlinks);
	return test_done();
}
