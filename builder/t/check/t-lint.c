/* Unit tests for builder/lib/check/lint*.c: the text checks on their own, then lint on
 * a bare ext3 image made by mke2fs -d (tests/t5000 lints whole disks). */
#include "test.h"
#include "check/lint-int.h"
#include "core/array.h"
#include "core/run.h"

#include <crypt.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_sources_hosts(void)
{
	struct strvec h = STRVEC_INIT;
	lint_sources_hosts("# deb http://commented.example/ x\n"
			   "deb http://Mirror.Example.org/debian bookworm main\n"
			   "deb-src [arch=i386 signed-by=/a b.gpg] https://user@src.example:8080/d x\n"
			   "deb file:/srv/repo ./\n"
			   "deb http://mirror.example.org/debian-security x # again\n"
			   "deb http://[2001:db8::1]:3142/debian x\n"
			   "deb cdrom:[Debian]/ bookworm main\n", false, &h);
	CHECK_INT(h.nr, 3);
	CHECK_STR(h.v[0], "mirror.example.org");
	CHECK_STR(h.v[1], "src.example");
	CHECK_STR(h.v[2], "2001:db8::1");
	strvec_clear(&h);
	lint_sources_hosts("Types: deb\n# URIs: http://no.example/\n"
			   "URIs: http://a.example/debian mirror+https://b.example/x\n"
			   "Suites: bookworm\n", true, &h);
	CHECK_INT(h.nr, 2);
	CHECK_STR(h.v[0], "a.example");
	CHECK_STR(h.v[1], "b.example");
	strvec_clear(&h);
}

static void test_line_with_name(void)
{
	CHECK_INT(lint_line_with_name("a\nb deb.example.org c\n", "deb.example.org"), 2);
	CHECK_INT(lint_line_with_name("http://DEB.example.org/x", "deb.example.org"), 1);
	CHECK_INT(lint_line_with_name("mydeb.example.org www.deb.example.org", "deb.example.org"), 0);
	CHECK_INT(lint_line_with_name("deb.example.org.uk deb.example.org-x", "deb.example.org"), 0);
	CHECK_INT(lint_line_with_name("deb.example.org.", "deb.example.org"), 1);
	CHECK_INT(lint_line_with_name("127.0.1.1\tdebian-appliance\n", "vm"), 0);
	CHECK_INT(lint_line_with_name("127.0.1.1\tvm vm.example\n", "vm"), 1);
	CHECK_INT(lint_line_with_name("x", ""), 0);
}

static void test_nameservers(void)
{
	struct strvec ns = STRVEC_INIT;
	lint_nameservers("# x\nnameserver 10.0.0.1\nnameserver\t127.0.0.53\n"
			 "  nameserver 2001:db8::53 # c\nnameserver ::1\nnameservers 1.2.3.4\n"
			 "nameserver 10.0.0.1\n", &ns);
	CHECK_INT(ns.nr, 2);
	CHECK_STR(ns.v[0], "10.0.0.1");
	CHECK_STR(ns.v[1], "2001:db8::53");
	strvec_clear(&ns);
}

static void test_proxies(void)
{
	CHECK_INT(lint_apt_proxy_line("APT::Install-Recommends \"0\";\n"
				      "Acquire::http::Proxy \"http://x:3142\";\n"), 2);
	CHECK_INT(lint_apt_proxy_line("// Acquire::http::Proxy \"x\";\n# proxy\n"
				      "/* Acquire::http::Proxy\n \"x\"; */ APT::x \"1\";\n"), 0);
	CHECK_INT(lint_apt_proxy_line("Acquire {\n  https { Proxy \"http://x\"; };\n};\n"), 2);
	CHECK_INT(lint_apt_proxy_line("Acquire::http::Proxy-Auto-Detect \"/usr/bin/x\";"), 1);
	CHECK_INT(lint_ini_proxy_line("[main]\nproxy=_none_\n# proxy=http://x\n"), 0);
	CHECK_INT(lint_ini_proxy_line("[main]\nproxy_username=a\nproxy = http://x:3128\n"), 3);
	CHECK_INT(lint_ini_proxy_line("[main]\nproxy=\n"), 0);
	CHECK_INT(lint_env_proxy_line("PROXY_ENABLED=\"no\"\nHTTP_PROXY=\"http://x\"\n", true), 0);
	CHECK_INT(lint_env_proxy_line("PROXY_ENABLED=\"yes\"\nHTTP_PROXY=\"\"\nNO_PROXY=\"a\"\n"
				      "HTTPS_PROXY=\"http://x\"\n", true), 4);
	CHECK_INT(lint_env_proxy_line("PATH=/bin\nexport http_proxy=http://x\n", false), 2);
	CHECK_INT(lint_env_proxy_line("no_proxy=localhost\n# http_proxy=x\n", false), 0);
}

static void test_known_password(void)
{
	/* openssl passwd -6 -salt abcdefgh root; -1 -salt ab changeme */
	CHECK_STR(lint_known_password("$6$abcdefgh$cnW4XDznaFa1hR9LnqrjoiAqed87oTXop3rUraOEgMC9xZ8"
				      "cZ4bnv81B/PgWNFtDN0PNbtGZlCIhm8Jws2OPr0"), "root");
	CHECK_STR(lint_known_password("$1$ab$y7VUjtUTBsvsk./AavCBV/"), "changeme");
	CHECK(lint_known_password("$6$abcdefgh$notahashofanything") == NULL);
	CHECK(lint_known_password("!$6$abcdefgh$x") == NULL);
	CHECK(lint_known_password("") == NULL);
	CHECK(lint_known_password("*") == NULL);
	CHECK(lint_known_password("$9$unknown$method") == NULL);
}

static bool has(const struct lint_report *rep, const char *path, const char *what)
{
	for (size_t i = 0; i < rep->nr; i++)
		if (!strcmp(rep->v[i].path, path) && strstr(rep->v[i].what, what))
			return true;
	return false;
}

/* mke2fs -d a small tree into a bare ext3 image, then lint it. */
static void test_bare_image(void)
{
	struct strbuf tree = STRBUF_INIT, img = STRBUF_INIT, err = STRBUF_INIT, host = STRBUF_INIT;
	struct lint_report rep = LINT_REPORT_INIT;
	struct lint_opts o = { 0 };
	struct run_opts ro = RUN_OPTS_INIT;

	strbuf_addf(&tree, "%s/tree", test_tmpdir());
	strbuf_addf(&img, "%s/bare.ext3", test_tmpdir());
	CHECK(mkdir(tree.buf, 0755) == 0);
	/* test_write makes no directories. */
	{
		static const char *const dirs[] = { "etc", "etc/ssh", "etc/apt", "var", "var/tmp", "host",
						    "host/apt", "root", "root/.ssh", "home", "home/u",
						    "home/u/.ssh", "etc/ssh/authorized_keys", "var/lib",
						    "var/lib/pvappliance", "run", "run/credentials",
						    "run/credentials/getty.service", "etc/credstore",
						    "var/lib/systemd", "var/log", "var/log/journal",
						    "var/log/journal/0123" };
		struct strbuf d = STRBUF_INIT;
		for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
			strbuf_reset(&d);
			strbuf_addf(&d, "%s/%s", tree.buf, dirs[i]);
			mkdir(d.buf, 0755);
		}
		strbuf_release(&d);
	}
	test_write("tree/etc/ssh/ssh_host_rsa_key", "k");
	test_write("tree/etc/machine-id", "0123456789abcdef\n");
	test_write("tree/etc/shadow", "root::1:0:99999:7:::\n");
	test_write("tree/etc/passwd", "root:x:0:0::/root:/bin/sh\n");
	test_write("tree/etc/hostname", "buildhost\n");
	test_write("tree/etc/apt/sources.list", "deb http://mirror.test/debian x main\n");
	test_write("tree/host/apt/sources.list", "deb http://mirror.test/debian x main\n");
	CHECK(chmod(test_write("tree/var/tmp/open", "x"), 0666) == 0);
	/* What a boot or a seed leaves (lint-leftovers.c). */
	test_write("tree/root/.ssh/authorized_keys", "ssh-ed25519 AAAA x\n");
	test_write("tree/home/u/.ssh/authorized_keys2", "ssh-ed25519 AAAA x\n");
	test_write("tree/home/u/.ssh/known_hosts", "host ssh-ed25519 AAAA\n");
	test_write("tree/etc/ssh/authorized_keys/root", "ssh-ed25519 AAAA x\n");
	test_write("tree/etc/ssh/sshd_config", "AuthorizedKeysFile .ssh/authorized_keys\n");
	test_write("tree/var/lib/pvappliance/firstboot.done", "");
	test_write("tree/var/lib/pvappliance/credentials", "system.hostname\n");
	test_write("tree/run/credentials/getty.service/x", "y");
	test_write("tree/etc/credstore/passwd.hashed-password.root", "$6$x");
	test_write("tree/etc/seed.conf", "# seed\nio.systemd.credential:system.hostname=web1\n");
	test_write("tree/etc/doc.txt", "io.systemd.credentials are described in ...\n");
	test_write("tree/var/lib/systemd/random-seed", "seed");
	test_write("tree/var/lib/systemd/credential.secret", "secret");
	test_write("tree/var/log/journal/0123/system.journal", "journal");
	{
		const char *argv[] = { "mke2fs", "-q", "-F", "-t", "ext3", "-d", tree.buf, img.buf,
				       "8M", NULL };
		struct strbuf out = STRBUF_INIT;
		ro.capture = &out;
		CHECK_INT(run_command(argv, &ro), 0);
		strbuf_release(&out);
	}
	o.image = img.buf;
	strbuf_addf(&host, "%s/host", tree.buf);
	o.host_etc = host.buf;
	o.host_name = "buildhost";
	CHECK_INT(lint_image(&o, &rep), 0);
	CHECK(has(&rep, "/etc/ssh/ssh_host_rsa_key", "SSH host key"));
	CHECK(has(&rep, "/etc/machine-id", "machine-id baked"));
	CHECK(has(&rep, "/etc/shadow", "account 'root' has an empty password"));
	CHECK(has(&rep, "/etc/hostname", "line 1: the build machine's host name 'buildhost'"));
	CHECK(has(&rep, "/etc/apt/sources.list", "line 1: the build machine's mirror 'mirror.test'"));
	CHECK(!has(&rep, "/var/tmp/open", ""));   /* files under /var/tmp are allowed */
	CHECK(has(&rep, "/root/.ssh/authorized_keys", "SSH authorized_keys in the image: the image "
		  "was booted or seeded; rebuild it"));
	CHECK(has(&rep, "/home/u/.ssh/authorized_keys2", "SSH authorized_keys"));
	CHECK(has(&rep, "/etc/ssh/authorized_keys/root", "SSH authorized_keys"));
	CHECK(!has(&rep, "/home/u/.ssh/known_hosts", ""));
	CHECK(!has(&rep, "/etc/ssh/sshd_config", ""));
	CHECK(!has(&rep, "/etc/ssh/authorized_keys", ""));   /* the directory: its files are named */
	CHECK(has(&rep, "/var/lib/pvappliance/firstboot.done", "first-boot marker"));
	CHECK(has(&rep, "/var/lib/pvappliance/credentials", "first-boot marker"));
	CHECK(has(&rep, "/run/credentials/getty.service/x", "a credential left over"));
	CHECK(has(&rep, "/etc/credstore/passwd.hashed-password.root", "a credential left over"));
	CHECK(has(&rep, "/etc/seed.conf", "line 2: a systemd credential string"));
	CHECK(!has(&rep, "/etc/doc.txt", ""));
	CHECK(has(&rep, "/var/lib/systemd/random-seed", "state of a booted machine"));
	CHECK(has(&rep, "/var/lib/systemd/credential.secret", "state of a booted machine"));
	CHECK(has(&rep, "/var/log/journal/0123/system.journal", "state of a booted machine"));
	CHECK(!has(&rep, "/var/log/journal/0123", ""));    /* an empty directory is no state */
	CHECK(rep.files >= 10);
	for (size_t i = 1; i < rep.nr; i++)
		CHECK(strcmp(rep.v[i - 1].path, rep.v[i].path) <= 0);
	lint_report_release(&rep);

	/* Not a disk at all. */
	strbuf_reset(&err);
	o.image = test_write("junk.raw", "0123456789");
	test_stderr_begin();
	CHECK_INT(lint_image(&o, &rep), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "junk.raw' is 10 bytes: too small for a disk");
	lint_report_release(&rep);
	strbuf_release(&tree);
	strbuf_release(&img);
	strbuf_release(&err);
	strbuf_release(&host);
}

/* mke2fs -d tree (under test_tmpdir) into img, then lint it into rep. */
static void lint_tree(const char *tree, const char *img, struct lint_report *rep)
{
	struct strbuf t = STRBUF_INIT, i = STRBUF_INIT, out = STRBUF_INIT;
	struct run_opts ro = RUN_OPTS_INIT;
	struct lint_opts o = { 0 };

	strbuf_addf(&t, "%s/%s", test_tmpdir(), tree);
	strbuf_addf(&i, "%s/%s", test_tmpdir(), img);
	{
		const char *argv[] = { "mke2fs", "-q", "-F", "-t", "ext3", "-d", t.buf, i.buf, "8M",
				       NULL };
		ro.capture = &out;
		CHECK_INT(run_command(argv, &ro), 0);
	}
	o.image = i.buf;
	o.host_name = "no-such-build-host";
	CHECK_INT(lint_image(&o, rep), 0);
	strbuf_release(&t);
	strbuf_release(&i);
	strbuf_release(&out);
}

static void dirs_in(const char *tree, const char *const *dirs)
{
	struct strbuf d = STRBUF_INIT;
	strbuf_addf(&d, "%s/%s", test_tmpdir(), tree);
	mkdir(d.buf, 0755);
	for (; *dirs; dirs++) {
		strbuf_reset(&d);
		strbuf_addf(&d, "%s/%s/%s", test_tmpdir(), tree, *dirs);
		mkdir(d.buf, 0755);
	}
	strbuf_release(&d);
}

/* What a machine that ran leaves, beyond the markers; accounts other than
 * root; systemd without udev. */
static void test_used_image(void)
{
	static const char *const dirs[] = { "etc", "etc/issue.d", "root", "home", "home/u", "var",
					    "var/log", "var/lib", "var/lib/dhcp", "var/lib/pvappliance",
					    "var/crash", "sbin", "lib", "lib/systemd", "usr", NULL };
	struct lint_report rep = LINT_REPORT_INIT;
	struct crypt_data cd = { 0 };
	struct strbuf shadow = STRBUF_INIT, p = STRBUF_INIT;
	/* An ELF core header: e_ident, then e_type 4 (ET_CORE), little-endian. */
	static const char core[18] = { 0x7f, 'E', 'L', 'F', 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0 };
	FILE *f;

	dirs_in("used", dirs);
	strbuf_addf(&shadow, "root:!:1:0:99999:7:::\nbob:%s:1:0:99999:7:::\n",
		    crypt_r("password", "$6$abcdefgh$", &cd));
	test_write("used/etc/shadow", shadow.buf);
	test_write("used/etc/passwd", "root:x:0:0::/root:/bin/sh\nbob:x:1000:1000::/home/u:/bin/sh\n"
		   "guest::1001:1001::/home/u:/bin/sh\n");
	test_write("used/root/.bash_history", "passwd\n");
	test_write("used/home/u/.ash_history", "ls\n");
	test_write("used/home/u/.profile", "PATH=/bin\n");
	test_write("used/var/log/wtmp", "x");
	test_write("used/var/log/btmp", "x");
	test_write("used/var/log/lastlog", "x");
	test_write("used/var/lib/dhcp/dhclient.eth0.leases", "lease {}\n");
	test_write("used/var/crash/app.crash", "x");
	test_write("used/var/lib/pvappliance/firstboot.started", "");
	test_write("used/etc/issue.d/pvappliance.issue", "banner\n");
	test_write("used/etc/issue", "Debian \\n \\l\n\nX 1.0\n  IPv4 address: 10.0.2.15\n"
		   "  Console: log in as root with the password set at the first-boot prompt,\n");
	test_write("used/lib/systemd/systemd", "ELF");
	strbuf_addf(&p, "%s/used/core", test_tmpdir());
	f = fopen(p.buf, "wb");
	CHECK(f && fwrite(core, 1, sizeof(core), f) == sizeof(core));
	if (f)
		fclose(f);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/used/sbin/init", test_tmpdir());
	CHECK(symlink("../lib/systemd/systemd", p.buf) == 0);
	lint_tree("used", "used.ext3", &rep);
	CHECK(has(&rep, "/etc/shadow", "the password of 'bob' is 'password', a well-known default"));
	CHECK(has(&rep, "/etc/passwd", "account 'guest' has an empty password field"));
	CHECK(has(&rep, "/root/.bash_history", "a shell or tool history"));
	CHECK(has(&rep, "/home/u/.ash_history", "a shell or tool history"));
	CHECK(!has(&rep, "/home/u/.profile", ""));
	CHECK(has(&rep, "/var/log/wtmp", "login records (wtmp)"));
	CHECK(has(&rep, "/var/log/btmp", "failed login records"));
	CHECK(has(&rep, "/var/log/lastlog", "last login records"));
	CHECK(has(&rep, "/var/lib/dhcp/dhclient.eth0.leases", "a DHCP lease"));
	CHECK(has(&rep, "/var/crash/app.crash", "a crash dump"));
	CHECK(has(&rep, "/core", "a core dump"));
	CHECK(has(&rep, "/var/lib/pvappliance/firstboot.started", "first-boot marker"));
	CHECK(has(&rep, "/etc/issue.d/pvappliance.issue", "first-boot marker"));
	CHECK(has(&rep, "/etc/issue", "holds the first-boot banner"));
	CHECK(has(&rep, "/sbin/init", "systemd is init but there is no udev"));
	CHECK(has(&rep, "/sbin/init", "add the package udev"));
	lint_report_release(&rep);

	/* The same clean: empty logs, udev there, shadow a link (reported). */
	{
		static const char *const dirs2[] = { "etc", "var", "var/log", "sbin", "lib",
						     "lib/systemd", NULL };
		dirs_in("clean", dirs2);
	}
	test_write("clean/etc/shadow.real", "root:!:1:0:99999:7:::\n");
	test_write("clean/etc/passwd", "root:x:0:0::/root:/bin/sh\n");
	test_write("clean/etc/issue", "Debian \\n \\l\n");
	test_write("clean/var/log/wtmp", "");
	test_write("clean/lib/systemd/systemd", "ELF");
	test_write("clean/lib/systemd/systemd-udevd", "ELF");
	test_write("clean/core", "not a core file, a word\n");
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/clean/sbin/init", test_tmpdir());
	CHECK(symlink("/lib/systemd/systemd", p.buf) == 0);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/clean/etc/shadow", test_tmpdir());
	CHECK(symlink("shadow.real", p.buf) == 0);
	lint_tree("clean", "clean.ext3", &rep);
	CHECK(has(&rep, "/etc/shadow", "a symbolic link, not a regular file"));
	CHECK(!has(&rep, "/var/log/wtmp", ""));
	CHECK(!has(&rep, "/etc/issue", ""));
	CHECK(!has(&rep, "/sbin/init", ""));
	CHECK(!has(&rep, "/core", ""));
	lint_report_release(&rep);
	strbuf_release(&shadow);
	strbuf_release(&p);
}

int main(void)
{
	TEST(test_sources_hosts);
	TEST(test_line_with_name);
	TEST(test_nameservers);
	TEST(test_proxies);
	TEST(test_known_password);
	TEST(test_bare_image);
	TEST(test_used_image);
	return test_done();
}
