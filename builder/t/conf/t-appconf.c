/* Unit tests for builder/lib/conf/appconf.c: good and broken appliance.conf files. */
#include "test.h"
#include "conf/appconf.h"
#include "rootfs/backends/backends.h"
#include "core/fsutil.h"

static const char *appdir(const char *name, const char *conf, const char *packages)
{
	static char dir[512];
	char path[600];
	snprintf(dir, sizeof(dir), "%s/%s", test_tmpdir(), name);
	mkdir_p(dir);
	snprintf(path, sizeof(path), "%s/appliance.conf", name);
	test_write(path, conf);
	if (packages) {
		snprintf(path, sizeof(path), "%s/packages", name);
		test_write(path, packages);
	}
	return dir;
}

/* Load and return the errors printed. */
static int load(const char *dir, struct appconf *c, struct strbuf *err)
{
	int ret;
	test_stderr_begin();
	ret = appconf_load(c, dir, SRCDIR "/kernel-configs");
	test_stderr_end(err);
	return ret;
}

static const char good[] =
	"# a comment\n"
	"name = good\n"
	"title = A \"good\" appliance # not a comment\n"
	"version = 1.0\n"
	"bootstrap = mmdebstrap\n"
	"suite = bookworm\n"
	"kernel = paravirt-6.1\n"
	"disk_size = 768M\n"
	"packages = openssh-server\n"
	"packages = iproute2\n"
	"root_password = $6$saltsalt$0123456789abcdefghijklmnopqrstuvwxyz\n";

static void test_good_with_defaults(void)
{
	struct appconf c = APPCONF_INIT;
	struct strbuf err = STRBUF_INIT, vars = STRBUF_INIT;
	CHECK_INT(load(appdir("good", good, "# extra\nsysvinit-core  less # pager\n"), &c, &err), 0);
	CHECK_STR(err.buf, "");
	CHECK_STR(c.bootstrap->name, "mmdebstrap");
	CHECK_STR(c.repo, "apt");
	CHECK_STR(c.variant, "minbase");
	CHECK_STR(c.arch, "i386");
	CHECK_STR(c.rootfs, "ext3");
	CHECK_STR(c.hostname, "good");
	CHECK_INT(c.memory, 256);
	CHECK_INT(c.disk_size, 768ull << 20);
	CHECK(!c.require_hypervisor);
	/* security_updates = unattended, the Debian default, adds its package. */
	CHECK_STR(c.security_updates, "unattended");
	CHECK_STR(c.update_sources, "distribution");
	CHECK_INT(c.packages.nr, 5);
	CHECK_STR(c.packages.v[3], "less");
	CHECK_STR(c.packages.v[4], "unattended-upgrades");
	appconf_make_vars(&vars, &c);
	CHECK_CONTAINS(vars.buf, "APP_good_TITLE := A \"good\" appliance \\# not a comment\n");
	CHECK_CONTAINS(vars.buf, "APP_good_ROOT_PASSWORD := $$6$$saltsalt$$0123");
	CHECK_CONTAINS(vars.buf, "APP_good_PACKAGES := openssh-server iproute2 sysvinit-core less "
		       "unattended-upgrades\n");
	CHECK_CONTAINS(vars.buf, "APP_good_DISK_SIZE := 805306368\n");
	appconf_release(&c);
	strbuf_release(&err);
	strbuf_release(&vars);
}

static void test_shipped_appliances(void)
{
	static const char *const names[] = { "debian", "fedora", "suse" };
	for (size_t i = 0; i < 3; i++) {
		struct appconf c = APPCONF_INIT;
		struct strbuf err = STRBUF_INIT, dir = STRBUF_INIT;
		strbuf_addf(&dir, SRCDIR "/appliances/%s", names[i]);
		CHECK_INT(load(dir.buf, &c, &err), 0);
		CHECK_STR(err.buf, "");
		CHECK_STR(c.root_password, "locked");
		/* The 2006 appliances refused native hardware; debian does not. */
		CHECK_INT(c.require_hypervisor, i != 0);
		appconf_release(&c);
		strbuf_release(&err);
		strbuf_release(&dir);
	}
}

static void test_every_error_reported(void)
{
	struct appconf c = APPCONF_INIT;
	struct strbuf err = STRBUF_INIT;
	const char *dir = appdir("bad",
		"name = Bad_Name\n"                 /* 1 */
		"version = 1.0\n"                   /* 2 */
		"version = 2.0\n"                   /* 3 */
		"arch = x86_64\n"                   /* 4 */
		"bootstrap = yum\n"                 /* 5 */
		"kernel = no-such-profile\n"        /* 6 */
		"disk_size = 10K\n"                 /* 7 */
		"memory = lots\n"                   /* 8 */
		"disk_adapter = nvme\n"             /* 9 */
		"root_password = hunter2\n"         /* 10 */
		"hostname = -bad-\n"                /* 11 */
		"colour = blue\n"                   /* 12 */
		"repo = ftp://example.org/\n"       /* 13 */
		"require_hypervisor = maybe\n"      /* 14 */
		"garbage line\n"                    /* 15 */
		"title =\n",                        /* 16 */
		"ok-package\nbad/package\n");
	CHECK_INT(load(dir, &c, &err), -1);
	CHECK_CONTAINS(err.buf, "appliance.conf:1: error: name = 'Bad_Name': use lower-case");
	CHECK_CONTAINS(err.buf, "appliance.conf:3: error: 'version' is set again (first on line 2)");
	CHECK_CONTAINS(err.buf, "appliance.conf:4: error: arch = 'x86_64': expected one of i386, i686, i586");
	CHECK_CONTAINS(err.buf, "appliance.conf:5: error: bootstrap = 'yum': expected debootstrap");
	CHECK_CONTAINS(err.buf, "appliance.conf:6: error: kernel = 'no-such-profile': there is no");
	CHECK_CONTAINS(err.buf, "appliance.conf:7: error: disk_size = '10K': expected a whole number of MiB");
	CHECK_CONTAINS(err.buf, "appliance.conf:8: error: memory = 'lots'");
	CHECK_CONTAINS(err.buf, "appliance.conf:9: error: disk_adapter = 'nvme': expected one of ide");
	CHECK_CONTAINS(err.buf, "appliance.conf:10: error: root_password: expected 'locked' or a crypt(3) hash");
	CHECK(!strstr(err.buf, "hunter2")); /* never echo a password */
	CHECK_CONTAINS(err.buf, "appliance.conf:11: error: hostname = '-bad-'");
	CHECK_CONTAINS(err.buf, "appliance.conf:12: error: unknown key 'colour'");
	CHECK_CONTAINS(err.buf, "appliance.conf:13: error: repo = 'ftp://example.org/'");
	CHECK_CONTAINS(err.buf, "appliance.conf:14: error: require_hypervisor = 'maybe': expected yes or no");
	CHECK_CONTAINS(err.buf, "appliance.conf:15: error: cannot parse 'garbage line'");
	CHECK_CONTAINS(err.buf, "appliance.conf:16: error: 'title' has no value");
	CHECK_CONTAINS(err.buf, "/packages:2: error: 'bad/package' is not a package name");
	appconf_release(&c);
	strbuf_release(&err);
}

/* Found by fuzzing: the list of keys met stopped at 32, so a key set again
 * after 32 others was taken twice and its first value leaked (ASan's leak
 * check fails this test on the old code). */
static void test_set_again_after_many_keys(void)
{
	struct appconf c = APPCONF_INIT;
	struct strbuf err = STRBUF_INIT, text = STRBUF_INIT;
	strbuf_addstr(&text, "arch = i386\n");
	for (int i = 0; i < 40; i++)
		strbuf_addf(&text, "unknown%d = x\n", i);
	strbuf_addstr(&text, "arch = i686\n"); /* line 42 */
	CHECK_INT(load(appdir("many", text.buf, NULL), &c, &err), -1);
	CHECK_CONTAINS(err.buf, "appliance.conf:42: error: 'arch' is set again (first on line 1)");
	CHECK_STR(c.arch, "i386");
	appconf_release(&c);
	strbuf_release(&err);
	strbuf_release(&text);
}

static void test_missing_and_mismatched(void)
{
	struct appconf c = APPCONF_INIT;
	struct strbuf err = STRBUF_INIT;
	CHECK_INT(load(appdir("empty", "# nothing\n", NULL), &c, &err), -1);
	CHECK_CONTAINS(err.buf, "'name' is required; add a line 'name = ...'");
	CHECK_CONTAINS(err.buf, "'disk_size' is required (e.g. 1G)");
	appconf_release(&c);
	strbuf_reset(&err);

	CHECK_INT(load(appdir("dnfapp", "name = other\ntitle = t\nversion = 1\nbootstrap = dnf\n"
			      "kernel = paravirt-6.1\ndisk_size = 1G\nrepo = apt\nsuite = bookworm\n",
			      NULL), &c, &err), -1);
	CHECK_CONTAINS(err.buf, "appliance.conf:1: error: name = 'other' but the directory is 'dnfapp'");
	CHECK_CONTAINS(err.buf, "'release' is required by dnf");
	CHECK_CONTAINS(err.buf, "appliance.conf:7: error: repo = apt names the host's Debian mirror");
	CHECK_CONTAINS(err.buf, "appliance.conf:8: error: 'suite' is for the Debian backends");
	appconf_release(&c);
	strbuf_reset(&err);

	CHECK_INT(load("/nonexistent/app", &c, &err), -1);
	CHECK_CONTAINS(err.buf, "cannot open '/nonexistent/app/appliance.conf'");
	appconf_release(&c);
	strbuf_release(&err);
}

/* ova_manifest and the ProductSection's keys: taken when right, each
 * wrong one named at its line; absent, the table's choice (NULL). */
static void test_ova_keys(void)
{
	struct appconf c = APPCONF_INIT;
	struct strbuf conf = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&conf, "%sova_manifest = sha512\nvendor = Example & Co\n"
		    "product_url = https://example.org/\napp_url = http://localhost/\n", good);
	CHECK_INT(load(appdir("good", conf.buf, NULL), &c, &err), 0);
	CHECK_STR(c.ova_manifest, "sha512");
	CHECK_STR(c.vendor, "Example & Co");
	CHECK_STR(c.product_url, "https://example.org/");
	CHECK_STR(c.app_url, "http://localhost/");
	appconf_release(&c);
	CHECK_INT(load(appdir("good", good, NULL), &c, &err), 0);
	CHECK(c.ova_manifest == NULL && c.vendor == NULL && c.product_url == NULL);
	appconf_release(&c);
	strbuf_reset(&conf);
	strbuf_addf(&conf, "%sova_manifest = md5\nproduct_url = example.org\n", good);
	CHECK_INT(load(appdir("good", conf.buf, NULL), &c, &err), -1);
	CHECK_CONTAINS(err.buf, "ova_manifest = 'md5': expected one of sha1, sha256, sha512");
	CHECK_CONTAINS(err.buf, "product_url = 'example.org': expected an http:// or https:// URL");
	appconf_release(&c);
	strbuf_release(&conf);
	strbuf_release(&err);
}

/* update_sources and security_updates: good values, and the refusals. */
static void test_update_keys(void)
{
	struct appconf c = APPCONF_INIT;
	struct strbuf conf = STRBUF_INIT, err = STRBUF_INIT;
	const char *d;
	strbuf_addf(&conf, "%supdate_sources = mirror.sources\nsecurity_updates = no\n", good);
	d = appdir("good", conf.buf, NULL);
	test_write("good/mirror.sources", "Types: deb\n");
	CHECK_INT(load(d, &c, &err), 0);
	CHECK_STR(c.update_sources, "mirror.sources");
	for (size_t i = 0; i < c.packages.nr; i++) /* no unattended-upgrades */
		CHECK(strcmp(c.packages.v[i], "unattended-upgrades"));
	appconf_release(&c);
	strbuf_reset(&conf);
	strbuf_addf(&conf, "%supdate_sources = ../etc/x\nsecurity_updates = first-boot\n"
		    "updates_repo = http://updates.invalid/\n", good);
	CHECK_INT(load(appdir("good", conf.buf, NULL), &c, &err), -1);
	CHECK_CONTAINS(err.buf, "update_sources = '../etc/x': distribution, none, or a file");
	CHECK_CONTAINS(err.buf, "security_updates = first-boot is not built yet");
	CHECK_CONTAINS(err.buf, "updates_repo is for the RPM backends");
	appconf_release(&c);
	strbuf_reset(&err);
	CHECK_INT(load(appdir("rpm", "name = rpm\ntitle = R\nversion = 1\nbootstrap = zypper\n"
			      "repo = /srv/r\nupdates_repo = /srv/u\nkernel = paravirt-6.1\n"
			      "disk_size = 1G\nupdate_sources = nothere.repo\n"
			      "security_updates = unattended\n", NULL), &c, &err), -1);
	CHECK_CONTAINS(err.buf, "update_sources = 'nothere.repo': there is no file");
	CHECK_CONTAINS(err.buf, "security_updates = unattended is built for the Debian backends "
		       "only");
	appconf_release(&c);
	CHECK_INT(load(appdir("rpm", "name = rpm\ntitle = R\nversion = 1\nbootstrap = zypper\n"
			      "repo = /srv/r\nupdates_repo = /srv/u\nkernel = paravirt-6.1\n"
			      "disk_size = 1G\n", NULL), &c, &err), 0);
	CHECK_STR(c.security_updates, "no");
	CHECK_STR(c.updates_repo, "/srv/u");
	appconf_release(&c);
	strbuf_release(&conf);
	strbuf_release(&err);
}

/* end_of_support: a date that is one. */
static void test_end_of_support(void)
{
	struct appconf c = APPCONF_INIT;
	struct strbuf conf = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&conf, "%send_of_support = 2020-05-26\n", good);
	CHECK_INT(load(appdir("good", conf.buf, NULL), &c, &err), 0);
	CHECK_STR(c.end_of_support, "2020-05-26");
	appconf_release(&c);
	for (const char *const *bad = (const char *const[]){ "2020-02-30", "2020-5-26",
							      "26.05.2020", "2020-05-26x", NULL };
	     *bad; bad++) {
		strbuf_reset(&conf);
		strbuf_reset(&err);
		strbuf_addf(&conf, "%send_of_support = %s\n", good, *bad);
		CHECK_INT(load(appdir("good", conf.buf, NULL), &c, &err), -1);
		CHECK_CONTAINS(err.buf, "end_of_support = '");
		CHECK_CONTAINS(err.buf, "YYYY-MM-DD");
		appconf_release(&c);
	}
	strbuf_release(&conf);
	strbuf_release(&err);
}

static void test_sizes(void)
{
	uint64_t n;
	CHECK_INT(parse_size("1G", &n), 0);
	CHECK_INT(n, 1ull << 30);
	CHECK_INT(parse_size("512MiB", &n), 0);
	CHECK_INT(n, 512ull << 20);
	CHECK_INT(parse_size("4096", &n), 0);
	CHECK_INT(n, 4096);
	CHECK_INT(parse_size("1.5G", &n), -1);
	CHECK_INT(parse_size("G", &n), -1);
	CHECK_INT(parse_size("-1M", &n), -1);
	CHECK_INT(parse_size("99999999999999999999", &n), -1);
	CHECK_INT(parse_size("17179869184T", &n), -1);
}

int main(void)
{
	TEST(test_good_with_defaults);
	TEST(test_shipped_appliances);
	TEST(test_every_error_reported);
	TEST(test_set_again_after_many_keys);
	TEST(test_missing_and_mismatched);
	TEST(test_sizes);
	TEST(test_ova_keys);
	TEST(test_update_keys);
	TEST(test_end_of_support);
	return test_done();
}
