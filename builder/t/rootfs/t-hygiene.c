/* Unit tests for builder/lib/rootfs/hygiene.c, on a small fake root filesystem tree. */
#include "test.h"
#include "core/fsutil.h"
#include "rootfs/hygiene.h"
#include "rootfs/backends/backends.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[512];

static void put(const char *rel, const char *text)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	*strrchr(path, '/') = '\0';
	mkdir_p(path);
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f))
		test_fail(__FILE__, __LINE__, "cannot write %s", path);
}

static const char *in(const char *rel)
{
	static char path[4][1024];
	static int i;
	i = (i + 1) % 4;
	snprintf(path[i], sizeof(path[i]), "%s/%s", root, rel);
	return path[i];
}

static void read_in(const char *rel, struct strbuf *sb)
{
	strbuf_reset(sb);
	if (strbuf_read_file(sb, in(rel)))
		strbuf_addstr(sb, "(missing)");
}

static void make_tree(const char *name)
{
	snprintf(root, sizeof(root), "%s/%s", test_tmpdir(), name);
	put("etc/ssh/ssh_host_rsa_key", "secret");
	put("etc/ssh/sshd_config", "keep");
	put("etc/shadow", "root:*:1::::::\nuser::99999:0:99999:7:::\nsys:!:1::::::\n");
	put("etc/passwd", "root:x:0:0::/root:/bin/sh\nnopw::1:1::/:/bin/sh\n");
	put("etc/resolv.conf", "nameserver 10.0.0.1\n");
	put("etc/apt/sources.list", "deb http://mirror.invalid/debian bookworm main\n");
	put("etc/apt/apt.conf.d/01proxy", "Acquire::http::Proxy \"http://proxy.invalid\";\n");
	put("etc/apt/apt.conf.d/70debconf", "keep\n");
	put("etc/inittab", "id:2:initdefault:\n#T0:23:respawn:/sbin/getty -L ttyS0 9600 vt100\n");
	put("var/cache/apt/archives/x_1_i386.deb", "deb");
	put("var/cache/apt/pkgcache.bin", "bin");
	put("var/lib/apt/lists/mirror.invalid_debian_dists_bookworm_Release", "r");
	put("var/lib/systemd/random-seed", "seed");
	put("var/lib/dbus/machine-id", "0123456789abcdef0123456789abcdef\n");
	put("var/log/dpkg.log", "a build log\n");
	put("var/log/apt/history.log", "more\n");
	put("tmp/junk", "x");
	put("root/.bash_history", "history");
	put("sbin/init", "#!/bin/sh\n");
}

static struct appconf conf(const char *password, bool require)
{
	struct appconf c = APPCONF_INIT;
	c.name = "fake";
	c.title = "A \"fake\" $appliance";
	c.version = "1.0";
	c.arch = "i386";
	c.bootstrap = bootstrap_backend_find("dir");
	c.kernel = "paravirt-6.1";
	c.rootfs = "ext3";
	c.root_password = (char *)password;
	c.hostname = "fake-host";
	c.require_hypervisor = require;
	c.dir = "/nonexistent";
	c.update_sources = "distribution";
	c.security_updates = "no";
	return c;
}

static const char *firstboot; /* the program to install, when a test gives one */

static int run(struct appconf *c, struct strbuf *err)
{
	struct hygiene_opts o = { .root = root, .conf = c, .epoch = 1000000000,
				  .pvinit = test_write("pvinit", "\177ELF fake"),
				  .firstboot = firstboot, .builder_version = "test" };
	int ret;
	test_stderr_begin();
	ret = hygiene_run(&o);
	test_stderr_end(err);
	return ret;
}

static void test_cleans_a_tree(void)
{
	struct appconf c = conf("!", false);
	struct strbuf err = STRBUF_INIT, sb = STRBUF_INIT;
	struct stat st;

	make_tree("clean");
	/* Half a second into the epoch's own second is later than the epoch;
	 * an older file keeps its time, to the nanosecond. */
	put("etc/same-second", "x");
	put("etc/older", "x");
	{
		struct timespec same[2] = { { 1000000000, 500000000 }, { 1000000000, 500000000 } };
		struct timespec old[2] = { { 999999999, 250000000 }, { 999999999, 250000000 } };
		CHECK(utimensat(AT_FDCWD, in("etc/same-second"), same, 0) == 0);
		CHECK(utimensat(AT_FDCWD, in("etc/older"), old, 0) == 0);
	}
	CHECK_INT(run(&c, &err), 0);
	CHECK(stat(in("etc/same-second"), &st) == 0 && st.st_mtim.tv_sec == 1000000000 &&
	      st.st_mtim.tv_nsec == 0 && st.st_atim.tv_nsec == 0);
	CHECK(stat(in("etc/older"), &st) == 0 && st.st_mtim.tv_sec == 999999999 &&
	      st.st_mtim.tv_nsec == 250000000);
	CHECK_CONTAINS(err.buf, "HYGIENE SSH host keys: 1 removed");
	CHECK(!path_exists(in("etc/ssh/ssh_host_rsa_key")));
	CHECK(path_exists(in("etc/ssh/sshd_config")));
	read_in("etc/shadow", &sb);
	/* 1000000000 s is day 11574: later last-change days are clamped. */
	CHECK_STR(sb.buf, "root:!:1::::::\nuser:!:11574:0:99999:7:::\nsys:!:1::::::\n");
	read_in("etc/passwd", &sb);
	CHECK_STR(sb.buf, "root:x:0:0::/root:/bin/sh\nnopw:!:1:1::/:/bin/sh\n");
	CHECK(!path_exists(in("etc/resolv.conf")));
	read_in("etc/apt/sources.list", &sb);
	CHECK(!strstr(sb.buf, "mirror.invalid"));
	CHECK(!path_exists(in("etc/apt/apt.conf.d/01proxy")));
	CHECK(path_exists(in("etc/apt/apt.conf.d/70debconf")));
	CHECK(!path_exists(in("var/cache/apt/archives/x_1_i386.deb")));
	CHECK(!path_exists(in("var/cache/apt/pkgcache.bin")));
	CHECK(!path_exists(in("var/lib/apt/lists/mirror.invalid_debian_dists_bookworm_Release")));
	CHECK(!path_exists(in("var/lib/systemd/random-seed")));
	CHECK(!path_exists(in("var/lib/dbus/machine-id")));
	CHECK(!path_exists(in("root/.bash_history")));
	CHECK(!path_exists(in("tmp/junk")));
	CHECK(stat(in("var/log/dpkg.log"), &st) == 0 && st.st_size == 0);
	CHECK(stat(in("var/log/apt/history.log"), &st) == 0 && st.st_size == 0);
	CHECK(stat(in("etc/machine-id"), &st) == 0 && st.st_size == 0);
	read_in("etc/hostname", &sb);
	CHECK_STR(sb.buf, "fake-host\n");
	read_in("etc/fstab", &sb);
	CHECK_CONTAINS(sb.buf, "\nUUID=");
	CHECK_CONTAINS(sb.buf, " / ext3 defaults,errors=remount-ro 0 1\n");
	read_in("etc/appliance-release", &sb);
	CHECK_CONTAINS(sb.buf, "TITLE=\"A \\\"fake\\\" \\$appliance\"\n");
	CHECK_CONTAINS(sb.buf, "BUILD_DATE=2001-09-09T01:46:40Z\n");
	read_in("etc/inittab", &sb);
	CHECK_CONTAINS(sb.buf, "\nT0:23:respawn:/sbin/getty -L 115200 ttyS0\n");
	read_in("etc/pvinit.conf", &sb);
	CHECK_CONTAINS(sb.buf, "require_hypervisor = no\ninit = /sbin/init\n");
	CHECK(stat(in("sbin/pvinit"), &st) == 0 && (st.st_mode & 0777) == 0755);
	/* Every time clamped, the tree's top included. */
	CHECK(stat(root, &st) == 0 && st.st_mtime == 1000000000);
	CHECK(stat(in("etc/hostname"), &st) == 0 && st.st_mtime == 1000000000);
	strbuf_release(&err);
	strbuf_release(&sb);
}

static void test_root_hash_and_requirement(void)
{
	struct appconf c = conf("$6$salt$hashhashhashhashhashhash", true);
	struct strbuf err = STRBUF_INIT, sb = STRBUF_INIT;
	make_tree("hash");
	CHECK_INT(run(&c, &err), 0);
	read_in("etc/shadow", &sb);
	CHECK_CONTAINS(sb.buf, "root:$6$salt$hashhashhashhashhashhash:1::::::\n");
	read_in("etc/pvinit.conf", &sb);
	CHECK_CONTAINS(sb.buf, "require_hypervisor = yes\n");
	strbuf_release(&err);
	strbuf_release(&sb);
}

static void test_no_init_no_shadow(void)
{
	struct appconf c = conf("!", false);
	struct strbuf err = STRBUF_INIT;
	make_tree("noinit");
	unlink(in("sbin/init"));
	CHECK_INT(run(&c, &err), -1);
	CHECK_CONTAINS(err.buf, "has no init (/sbin/init or systemd)");
	CHECK_CONTAINS(err.buf, "the hygiene step 'pvinit' failed");
	strbuf_reset(&err);
	make_tree("noshadow");
	unlink(in("etc/shadow"));
	CHECK_INT(run(&c, &err), -1);
	CHECK_CONTAINS(err.buf, "has no /etc/shadow");
	strbuf_release(&err);
}

/* busybox: no rc, so the root is remounted and apply runs among the
 * sysinit lines; every getty (and a new one on tty1) asks first. */
static void test_first_boot_busybox(void)
{
	struct appconf c = conf("!", false);
	struct strbuf err = STRBUF_INIT, sb = STRBUF_INIT;
	struct stat st;
	make_tree("busybox");
	put("etc/inittab", "::sysinit:/bin/mount -t proc proc /proc\n"
	    "ttyS0::respawn:/sbin/getty -L 115200 ttyS0 vt100\n"
	    "::shutdown:/bin/umount -a -r\n");
	firstboot = test_write("firstboot", "\177ELF fake firstboot");
	CHECK_INT(run(&c, &err), 0);
	firstboot = NULL;
	CHECK_CONTAINS(err.buf, "first boot: hooked into inittab (sysvinit, busybox)");
	read_in("etc/inittab", &sb);
	CHECK_STR(sb.buf, "::sysinit:/bin/mount -t proc proc /proc\n"
		  "# First boot (pvappliance): a writable root, the host name, then credentials, "
		  "disk size, banner.\n"
		  "::sysinit:/bin/mount -o remount,rw /\n"
		  "::sysinit:/bin/hostname -F /etc/hostname\n"
		  "::sysinit:/usr/sbin/pvappliance-firstboot apply\n"
		  "ttyS0::respawn:/usr/sbin/pvappliance-firstboot console /dev/ttyS0 -- "
		  "/sbin/getty -L 115200 ttyS0 vt100\n"
		  "::shutdown:/bin/umount -a -r\n"
		  "# The VGA console (added by pvappliance).\n"
		  "tty1::respawn:/usr/sbin/pvappliance-firstboot console /dev/tty1 -- "
		  "/sbin/getty 38400 tty1\n");
	CHECK(stat(in("usr/sbin/pvappliance-firstboot"), &st) == 0 && (st.st_mode & 0777) == 0755);
	/* Hooked once: a second pass changes nothing. */
	{
		struct strbuf again = STRBUF_INIT;
		firstboot = test_write("firstboot", "\177ELF fake firstboot");
		CHECK_INT(run(&c, &err), 0);
		firstboot = NULL;
		read_in("etc/inittab", &again);
		CHECK_STR(again.buf, sb.buf);
		strbuf_release(&again);
	}
	strbuf_release(&err);
	strbuf_release(&sb);
}

/* sysvinit: rc 2 applies (an init script); gettys wrapped, comments kept. */
static void test_first_boot_sysvinit(void)
{
	struct appconf c = conf("!", false);
	struct strbuf err = STRBUF_INIT, sb = STRBUF_INIT;
	make_tree("sysv");
	put("etc/init.d/rc", "#!/bin/sh\n");
	put("etc/inittab", "id:2:initdefault:\n"
	    "# a comment with getty:respawn\n"
	    "1:2345:respawn:/sbin/getty 38400 tty1\n"
	    "T0:23:respawn:/sbin/getty -L ttyS0 115200 vt102\n");
	firstboot = test_write("firstboot", "\177ELF fake firstboot");
	CHECK_INT(run(&c, &err), 0);
	firstboot = NULL;
	read_in("etc/inittab", &sb);
	CHECK_STR(sb.buf, "id:2:initdefault:\n"
		  "# a comment with getty:respawn\n"
		  "1:2345:respawn:/usr/sbin/pvappliance-firstboot console /dev/tty1 -- "
		  "/sbin/getty 38400 tty1\n"
		  "T0:23:respawn:/usr/sbin/pvappliance-firstboot console /dev/ttyS0 -- "
		  "/sbin/getty -L ttyS0 115200 vt102\n");
	read_in("etc/init.d/pvappliance-firstboot", &sb);
	CHECK_CONTAINS(sb.buf, "start) [ -x /usr/sbin/pvappliance-firstboot ] && "
		       "/usr/sbin/pvappliance-firstboot apply ;;");
	/* A second pass (a rebuilt tree) does not wrap twice. */
	firstboot = test_write("firstboot", "\177ELF fake firstboot");
	CHECK_INT(run(&c, &err), 0);
	firstboot = NULL;
	read_in("etc/inittab", &sb);
	CHECK(!strstr(sb.buf, "-- /usr/sbin/pvappliance-firstboot"));
	strbuf_release(&err);
	strbuf_release(&sb);
}

/* systemd: a oneshot unit, enabled, and a drop-in for every getty; its
 * machine state removed; the NIC keeps the kernel's name. */
static void test_first_boot_systemd(void)
{
	struct appconf c = conf("!", false);
	struct strbuf err = STRBUF_INIT, sb = STRBUF_INIT;
	char link[256];
	ssize_t n;
	make_tree("systemd");
	unlink(in("etc/inittab"));
	put("lib/systemd/systemd", "\177ELF");
	put("lib/systemd/systemd-udevd", "\177ELF");
	put("sbin/ifup", "\177ELF");
	put("etc/network/interfaces.d/.keep", "");
	put("var/lib/systemd/credential.secret", "secret");
	put("var/lib/systemd/timers/stamp-apt-daily.timer", "");
	put("var/log/journal/0123/system.journal", "journal");
	firstboot = test_write("firstboot", "\177ELF fake firstboot");
	CHECK_INT(run(&c, &err), 0);
	firstboot = NULL;
	CHECK_CONTAINS(err.buf, "first boot: hooked into systemd");
	read_in("etc/systemd/system/pvappliance-firstboot.service", &sb);
	CHECK_CONTAINS(sb.buf, "ExecStart=/usr/sbin/pvappliance-firstboot apply\n");
	CHECK_CONTAINS(sb.buf, "Before=getty-pre.target ssh.service");
	n = readlink(in("etc/systemd/system/multi-user.target.wants/pvappliance-firstboot.service"),
		     link, sizeof(link) - 1);
	CHECK(n > 0);
	link[n > 0 ? n : 0] = '\0';
	CHECK_STR(link, "../pvappliance-firstboot.service");
	read_in("etc/systemd/system/serial-getty@.service.d/pvappliance-firstboot.conf", &sb);
	CHECK_CONTAINS(sb.buf, "ExecStartPre=-/usr/sbin/pvappliance-firstboot console /dev/%I\n");
	read_in("etc/systemd/system/getty@.service.d/pvappliance-firstboot.conf", &sb);
	CHECK_CONTAINS(sb.buf, "console /dev/%I");
	n = readlink(in("etc/systemd/network/99-default.link"), link, sizeof(link) - 1);
	CHECK(n > 0);
	link[n > 0 ? n : 0] = '\0';
	CHECK_STR(link, "/dev/null");
	CHECK(!path_exists(in("var/lib/systemd/credential.secret")));
	CHECK(!path_exists(in("var/lib/systemd/timers")));
	CHECK(!path_exists(in("var/log/journal/0123")));
	CHECK(path_exists(in("var/log/journal")));
	strbuf_release(&err);
	strbuf_release(&sb);
}

static void test_first_boot_without_program(void)
{
	struct appconf c = conf("!", false);
	struct strbuf err = STRBUF_INIT;
	make_tree("noprogram");
	CHECK_INT(run(&c, &err), 0);
	CHECK_CONTAINS(err.buf, "no first-boot program given (--firstboot): 'fake' will have "
		       "root locked and no way in");
	CHECK(!path_exists(in("usr/sbin/pvappliance-firstboot")));
	strbuf_release(&err);
}

/* update_sources = distribution on a Debian tree: apt's example list
 * becomes sources.list, the bootstrap's mirror goes; unattended security
 * updates are switched on as Debian's debconf question does. */
static void test_distribution_sources(void)
{
	struct appconf c = conf("!", false);
	struct strbuf err = STRBUF_INIT, sb = STRBUF_INIT;
	c.bootstrap = bootstrap_backend_find("debootstrap");
	c.security_updates = "unattended";
	make_tree("distsources");
	put("etc/apt/sources.list.d/build.list", "deb http://mirror.invalid/debian bookworm main\n");
	put("usr/share/doc/apt/examples/sources.list",
	    "deb http://dist.invalid/debian bookworm main\n"
	    "deb http://dist.invalid/debian-security bookworm-security main\n");
	put("usr/bin/unattended-upgrade", "#!/usr/bin/python3\n");
	CHECK_INT(run(&c, &err), 0);
	read_in("etc/apt/sources.list", &sb);
	CHECK(!strstr(sb.buf, "mirror.invalid"));
	CHECK_CONTAINS(sb.buf, "deb http://dist.invalid/debian-security bookworm-security main\n");
	CHECK(!path_exists(in("etc/apt/sources.list.d/build.list")));
	read_in("etc/apt/apt.conf.d/20auto-upgrades", &sb);
	CHECK_CONTAINS(sb.buf, "APT::Periodic::Unattended-Upgrade \"1\";\n");
	read_in("etc/appliance-release", &sb);
	CHECK_CONTAINS(sb.buf, "\nUPDATE_SOURCES=distribution\nSECURITY_UPDATES=unattended\n");
	strbuf_release(&err);
	strbuf_release(&sb);
}

/* none: a note and no source; unattended without the program: refused. */
static void test_no_sources(void)
{
	struct appconf c = conf("!", false);
	struct strbuf err = STRBUF_INIT, sb = STRBUF_INIT;
	c.bootstrap = bootstrap_backend_find("mmdebstrap");
	c.update_sources = "none";
	make_tree("nosources");
	put("usr/share/doc/apt/examples/sources.list", "deb http://dist.invalid/debian bookworm main\n");
	CHECK_INT(run(&c, &err), 0);
	read_in("etc/apt/sources.list", &sb);
	CHECK_CONTAINS(sb.buf, "(update_sources = none)");
	CHECK(!strstr(sb.buf, "\ndeb "));
	read_in("etc/appliance-release", &sb);
	CHECK_CONTAINS(sb.buf, "\nUPDATE_SOURCES=none\n");
	c.security_updates = "unattended";
	CHECK_INT(run(&c, &err), -1);
	CHECK_CONTAINS(err.buf, "security_updates = unattended but the tree has no "
		       "/usr/bin/unattended-upgrade");
	strbuf_release(&err);
	strbuf_release(&sb);
}

/* A file of the release engineer's, by its extension; zypper keeps the
 * distribution's repositories and drops the build's. */
static void test_own_sources(void)
{
	struct appconf c = conf("!", false);
	struct strbuf err = STRBUF_INIT, sb = STRBUF_INIT;
	char dir[600];
	snprintf(dir, sizeof(dir), "%s/ownapp", test_tmpdir());
	mkdir_p(dir);
	test_write("ownapp/mirror.repo", "[mine]\nbaseurl=http://mine.invalid/oss\n");
	test_write("ownapp/mirror.txt", "x\n");
	c.dir = dir;
	c.path = "ownapp/appliance.conf";
	c.bootstrap = bootstrap_backend_find("zypper");
	c.update_sources = "mirror.repo";
	make_tree("ownsources");
	put("etc/zypp/repos.d/appliance.repo", "[appliance]\nbaseurl=file:///build/repo\n");
	put("etc/zypp/repos.d/repo-oss.repo", "[repo-oss]\nbaseurl=http://dist.invalid/oss\n");
	CHECK_INT(run(&c, &err), 0);
	read_in("etc/zypp/repos.d/appliance.repo", &sb);
	CHECK_STR(sb.buf, "[mine]\nbaseurl=http://mine.invalid/oss\n");
	CHECK(path_exists(in("etc/zypp/repos.d/repo-oss.repo")));
	read_in("etc/appliance-release", &sb);
	CHECK_CONTAINS(sb.buf, "\nUPDATE_SOURCES=own\n");
	c.update_sources = "mirror.txt";
	CHECK_INT(run(&c, &err), -1);
	CHECK_CONTAINS(err.buf, "update_sources = mirror.txt: bootstrap = zypper reads sources "
		       "from files named *.repo; rename it");
	strbuf_release(&err);
	strbuf_release(&sb);
}

int main(void)
{
	TEST(test_distribution_sources);
	TEST(test_no_sources);
	TEST(test_own_sources);
	TEST(test_first_boot_busybox);
	TEST(test_first_boot_sysvinit);
	TEST(test_first_boot_systemd);
	TEST(test_first_boot_without_program);
	TEST(test_cleans_a_tree);
	TEST(test_root_hash_and_requirement);
	TEST(test_no_init_no_shadow);
	return test_done();
}
