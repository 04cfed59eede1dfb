/* appliance.conf parsing and validation. */
#include "conf/appconf.h"
#include "core/conftable.h"
#include "core/fsutil.h"
#include "core/xalloc.h"
#include "image/adapters.h"
#include "rootfs/backends/backends.h"
#include "core/array.h"

#include <ctype.h>
#include <stddef.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long n;
	unsigned shift = 0;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno)
		return -1;
	switch (*end) {
	case '\0': break;
	case 'K': case 'k': shift = 10; end++; break;
	case 'M': shift = 20; end++; break;
	case 'G': shift = 30; end++; break;
	case 'T': shift = 40; end++; break;
	default: return -1;
	}
	if (*end == 'i' && end[1] == 'B')
		end += 2;
	if (*end || (shift && n > (UINT64_MAX >> shift)))
		return -1;
	*out = (uint64_t)n << shift;
	return 0;
}

static bool all_chars(const char *s, const char *allowed)
{
	return *s && !s[strspn(s, allowed)];
}

#define LOWER "abcdefghijklmnopqrstuvwxyz"
#define UPPER "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#define DIGITS "0123456789"

static bool valid_hostname(const char *h)
{
	/* RFC 1123 labels: letters, digits, inner hyphens; 63 per label. */
	size_t total = strlen(h);
	if (!total || total > 253)
		return false;
	while (*h) {
		size_t n = strcspn(h, ".");
		if (!n || n > 63 || h[0] == '-' || h[n - 1] == '-')
			return false;
		for (size_t i = 0; i < n; i++)
			if (!isalnum((unsigned char)h[i]) && h[i] != '-')
				return false;
		h += n;
		if (*h == '.' && !*++h)
			return false;
	}
	return true;
}

static bool valid_crypt_hash(const char *s)
{
	/* crypt(3) hashes in modular format: $id$...; yescrypt ($y$), SHA-512
	 * ($6$), SHA-256 ($5$), bcrypt ($2b$). Plain text is never accepted. */
	static const char *const ids[] = { "$y$", "$gy$", "$7$", "$6$", "$5$", "$2b$", "$2y$" };
	for (size_t i = 0; i < ARRAY_SIZE(ids); i++)
		if (!strncmp(s, ids[i], strlen(ids[i])))
			return strlen(s) > strlen(ids[i]) + 20 &&
			       all_chars(s, LOWER UPPER DIGITS "./$=");
	return false;
}

/* The defaults that depend on other things: the adapter table's first
 * row, the appliance's name. */
static const char *default_adapter(const void *obj)
{
	(void)obj;
	return disk_adapters[0].name;
}

static const char *default_hostname(const void *obj)
{
	return ((const struct appconf *)obj)->name;
}

static void list_backends(struct strbuf *out, const char *sep, const char *last)
{
	bootstrap_backend_names(out, BACKEND_ANY, sep, last);
}

static void list_adapters(struct strbuf *out, const char *sep, const char *last)
{
	disk_adapter_list(out, ADAPTER_NAME, sep, last);
}

static int parse_name(const struct conf_arg *a, const char *v)
{
	if (!all_chars(v, LOWER DIGITS "-") || v[0] == '-')
		return error_at(a->file, a->line, "name = '%s': use lower-case letters, digits "
				"and '-' (it names files and make targets)", v);
	return conf_parse_text(a, v);
}

static int parse_version(const struct conf_arg *a, const char *v)
{
	if (!all_chars(v, LOWER UPPER DIGITS ".+~-") || !isalnum((unsigned char)v[0]))
		return error_at(a->file, a->line, "version = '%s': use letters, digits and . + ~ -, "
				"starting with a letter or digit (e.g. 1.0)", v);
	return conf_parse_text(a, v);
}

static int parse_bootstrap(const struct conf_arg *a, const char *v)
{
	struct appconf *c = a->obj;
	struct strbuf list = STRBUF_INIT;
	if ((c->bootstrap = bootstrap_backend_find(v)))
		return 0;
	bootstrap_backend_names(&list, BACKEND_ANY, ", ", " or ");
	error_at(a->file, a->line, "bootstrap = '%s': expected %s", v, list.buf);
	strbuf_release(&list);
	return -1;
}

static void bootstrap_value(struct strbuf *out, const void *obj)
{
	const struct appconf *c = obj;
	if (c->bootstrap)
		strbuf_addstr(out, c->bootstrap->name);
}

static int parse_repo(const struct conf_arg *a, const char *v)
{
	if (strcmp(v, "apt") && strncmp(v, "http://", 7) && strncmp(v, "https://", 8) &&
	    strncmp(v, "file:///", 8) && v[0] != '/')
		return error_at(a->file, a->line, "repo = '%s': expected an http://, https:// or "
				"file:/// URL, an absolute path, or 'apt' (the mirror this "
				"machine's apt uses)", v);
	if (strpbrk(v, " \t\"'"))
		return error_at(a->file, a->line, "repo = '%s': no blanks or quotes in a URL", v);
	return conf_parse_text(a, v);
}

static int parse_gpgkey(const struct conf_arg *a, const char *v)
{
	if (strncmp(v, "https://", 8) && strncmp(v, "http://", 7) && strncmp(v, "file:///", 8) &&
	    v[0] != '/')
		return error_at(a->file, a->line, "gpgkey = '%s': a URL or an absolute path to "
				"the distribution's signing key", v);
	return conf_parse_text(a, v);
}

static int parse_packages(const struct conf_arg *a, const char *v)
{
	struct strvec words = STRVEC_INIT;
	int ret = 0;
	strvec_split(&words, v);
	for (size_t i = 0; i < words.nr; i++) {
		if (!all_chars(words.v[i], LOWER UPPER DIGITS ".+-_:")) {
			ret = error_at(a->file, a->line, "package '%s': not a package name",
				       words.v[i]);
			continue;
		}
		strvec_push(a->slot, words.v[i]);
	}
	strvec_clear(&words);
	return ret;
}

/* ctx: where kernel profiles are looked up, or NULL. */
static int parse_kernel(const struct conf_arg *a, const char *v)
{
	const char *kernel_configs = a->ctx;
	if (!all_chars(v, LOWER UPPER DIGITS ".-_"))
		return error_at(a->file, a->line, "kernel = '%s': a profile name in kernel-configs/",
				v);
	if (kernel_configs) {
		struct strbuf p = STRBUF_INIT;
		bool ok;
		strbuf_addf(&p, "%s/%s.profile", kernel_configs, v);
		ok = path_exists(p.buf);
		strbuf_release(&p);
		if (!ok)
			return error_at(a->file, a->line, "kernel = '%s': there is no %s/%s.profile",
					v, kernel_configs, v);
	}
	return conf_parse_text(a, v);
}

static int parse_disk_size(const struct conf_arg *a, const char *v)
{
	uint64_t *size = a->slot;
	if (parse_size(v, size) || *size < (64ull << 20) || *size > (2ull << 40) ||
	    *size % (1 << 20))
		return error_at(a->file, a->line, "disk_size = '%s': expected a whole number of "
				"MiB from 64M to 2T, e.g. 1G or 768M", v);
	return 0;
}

static int parse_memory(const struct conf_arg *a, const char *v)
{
	char *end;
	unsigned long m;
	errno = 0;
	m = strtoul(v, &end, 10);
	if (!isdigit((unsigned char)v[0]) || errno || *end || m < 32 || m > 65536)
		return error_at(a->file, a->line, "memory = '%s': MiB from 32 to 65536 (a 32-bit "
				"kernel uses at most 4096 without PAE)", v);
	*(unsigned *)a->slot = (unsigned)m;
	return 0;
}

/* The qemu bus make NAME-boot-test boots the disk on. */
static void boot_bus(struct strbuf *out, const char *prefix, const void *obj)
{
	const struct appconf *c = obj;
	const struct disk_adapter *adapter = c->disk_adapter ? disk_adapter_find(c->disk_adapter)
							     : NULL;
	conf_make_var(out, prefix, "BOOT_BUS", adapter ? adapter->qemu_bus : NULL);
}

static int parse_root_password(const struct conf_arg *a, const char *v)
{
	if (strcmp(v, "locked") && !valid_crypt_hash(v))
		return error_at(a->file, a->line, "root_password: expected 'locked' or a crypt(3) "
				"hash such as one from 'mkpasswd -m yescrypt'; plain-text "
				"passwords are never accepted");
	return conf_parse_text(a, v);
}

static int parse_hostname(const struct conf_arg *a, const char *v)
{
	if (!valid_hostname(v))
		return error_at(a->file, a->line, "hostname = '%s': letters, digits and inner '-' "
				"per label (RFC 1123)", v);
	return conf_parse_text(a, v);
}

static int parse_url(const struct conf_arg *a, const char *v)
{
	if (strncmp(v, "http://", 7) && strncmp(v, "https://", 8))
		return error_at(a->file, a->line, "%s = '%s': expected an http:// or https:// "
				"URL (the OVF's ProductSection shows it)", a->key->name, v);
	return conf_parse_text(a, v);
}

/* distribution, none, or a file in the appliance directory. */
static int parse_update_sources(const struct conf_arg *a, const char *v)
{
	const struct appconf *c = a->obj;
	struct strbuf p = STRBUF_INIT;
	bool ok;
	if (!strcmp(v, "distribution") || !strcmp(v, "none"))
		return conf_parse_text(a, v);
	if (v[0] == '/' || strstr(v, ".."))
		return error_at(a->file, a->line, "update_sources = '%s': distribution, none, or "
				"a file of source lines relative to the appliance directory (no "
				"'/' at the start, no '..')", v);
	strbuf_addf(&p, "%s/%s", c->dir, v);
	ok = path_exists(p.buf) && !is_dir(p.buf);
	if (!ok)
		error_at(a->file, a->line, "update_sources = '%s': there is no file '%s' (write "
			 "your mirror's source lines there, or use update_sources = "
			 "distribution)", v, p.buf);
	strbuf_release(&p);
	return ok ? conf_parse_text(a, v) : -1;
}

/* Debian's own mechanism is unattended-upgrades; the others have none here yet. */
static const char *default_security_updates(const void *obj)
{
	const struct appconf *c = obj;
	return c->bootstrap && c->bootstrap->family == BACKEND_DEBIAN ? "unattended" : "no";
}

static int parse_security_updates(const struct conf_arg *a, const char *v)
{
	const struct appconf *c = a->obj;
	if (conf_parse_choice(a, v))
		return -1;
	if (!strcmp(v, "first-boot"))
		return error_at(a->file, a->line, "security_updates = first-boot is not built "
				"yet (see the README); use unattended (the distribution's "
				"unattended-upgrades, daily) or no");
	if (!strcmp(v, "unattended") && c->bootstrap && c->bootstrap->family != BACKEND_DEBIAN)
		return error_at(a->file, a->line, "security_updates = unattended is built for the "
				"Debian backends only (unattended-upgrades); use no with "
				"bootstrap = %s", c->bootstrap->name);
	return 0;
}

/* A date, YYYY-MM-DD, that is one (2020-02-30 is not). */
static int parse_date(const struct conf_arg *a, const char *v)
{
	struct tm tm = { 0 };
	char back[16];
	const char *end = strlen(v) == 10 ? strptime(v, "%Y-%m-%d", &tm) : NULL;
	time_t t;

	if (!end || *end)
		return error_at(a->file, a->line, "%s = '%s': expected a date, YYYY-MM-DD "
				"(e.g. 2020-05-26)", a->key->name, v);
	/* strptime takes 02-30, which timegm moves to 03-01. */
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	strftime(back, sizeof(back), "%Y-%m-%d", &tm);
	if (strcmp(back, v))
		return error_at(a->file, a->line, "%s = '%s': there is no such day (expected "
				"YYYY-MM-DD)", a->key->name, v);
	return conf_parse_text(a, v);
}

/*
 * The keys of appliance.conf, one row each: its parser and where it is
 * stored, whether it is required, its default, its choices, its make
 * variable (APP_<name>_VAR) and its documentation. appliance config's
 * --help and --keys, the unknown-key and required-key messages, the make
 * variables and appconf_release() are made from these rows; the order of
 * the rows is the order all of them list the keys in.
 *
 * To add a key:
 *  1. Add its field to struct appconf in conf/appconf.h (a char * when it
 *     is text: appconf_release frees it by the row's type).
 *  2. Add its row here: name, parse (conf_parse_text/word/choice/yesno
 *     from core/conftable.h, or a parse_KEY above), type and offset,
 *     required/def/def_doc, values or list, make_var when make needs it,
 *     and doc, one paragraph saying what it does for the appliance.
 *  3. Use it where it matters (the stage that reads struct appconf), and
 *     in make through APP_<name>_VAR.
 *  4. Add tests: builder/t/conf/t-appconf.c (a good and a bad value);
 *     tests/t0020-tables.sh checks that a new row reaches --help, --keys,
 *     the unknown-key message and the make variables by itself.
 */
#define KEY(n, t, field) .name = n, .type = t, .offset = offsetof(struct appconf, field)
static const struct conf_key appconf_keys[] = {
	{ KEY("name", CONF_STRING, name), .parse = parse_name, .required = true,
	  .make_var = "NAME",
	  .doc = "The appliance's name: the same as its directory under appliances/ "
		 "(make NAME builds it, and it names the output files). Lower-case "
		 "letters, digits and '-'." },
	{ KEY("title", CONF_STRING, title), .parse = conf_parse_text, .required = true,
	  .make_var = "TITLE",
	  .doc = "A line for people: shown in the release notes, the .vmx annotation "
		 "and the OVF." },
	{ KEY("version", CONF_STRING, version), .parse = parse_version, .required = true,
	  .make_var = "VERSION",
	  .doc = "The appliance's version (letters, digits and . + ~ -), in the names "
		 "of its zip, package list and SBOM." },
	{ KEY("arch", CONF_STRING, arch), .parse = conf_parse_choice, .def = "i386",
	  .values = (const char *const[]){ "i386", "i686", "i586", NULL },
	  .make_var = "ARCH",
	  .doc = "The 32-bit x86 architecture the packages are for; each bootstrap "
		 "backend names it its own way." },
	{ KEY("bootstrap", CONF_OTHER, bootstrap), .parse = parse_bootstrap, .required = true,
	  .list = list_backends, .make_var = "BOOTSTRAP", .make_value = bootstrap_value,
	  .doc = "The bootstrap backend that fills the root filesystem: the Debian "
		 "ones take suite and variant, the RPM ones release and repo, the "
		 "import ones repo (an archive or a directory)." },
	{ KEY("suite", CONF_STRING, suite), .parse = conf_parse_word,
	  .chars = LOWER DIGITS "-", .hint = "a Debian suite such as bookworm",
	  .make_var = "SUITE",
	  .doc = "The Debian backends' suite, e.g. bookworm." },
	{ KEY("release", CONF_STRING, release), .parse = conf_parse_word,
	  .chars = LOWER UPPER DIGITS ".-_", .hint = "a release such as 30",
	  .make_var = "RELEASE",
	  .doc = "The RPM backends' release (dnf's releasever, e.g. 30; optional "
		 "for zypper)." },
	{ KEY("repo", CONF_STRING, repo), .parse = parse_repo, .def_doc = "apt for the Debian "
	  "backends", .make_var = "REPO",
	  .doc = "Where packages come from: an http://, https:// or file:/// URL, an "
		 "absolute path, or 'apt' (the mirror this machine's apt uses; Debian "
		 "backends only). For the import backends, the archive or directory "
		 "to import. NAME_REPO=URL on make's command line overrides it." },
	{ KEY("gpgkey", CONF_STRING, gpgkey), .parse = parse_gpgkey, .make_var = "GPGKEY",
	  .doc = "dnf: the URL or absolute path of the key a remote repository's "
		 "packages are checked against." },
	{ KEY("updates_repo", CONF_STRING, updates_repo), .parse = parse_repo,
	  .def_doc = "none", .make_var = "UPDATES_REPO",
	  .doc = "The RPM backends: the release's updates repository (a URL or an "
		 "absolute path), installed from with repo, so the appliance is built "
		 "with the updates published since the release. The Debian backends "
		 "find SUITE-updates and SUITE-security themselves." },
	{ KEY("update_sources", CONF_STRING, update_sources), .parse = parse_update_sources,
	  .def = "distribution", .make_var = "UPDATE_SOURCES",
	  .doc = "The package sources the appliance ships, so that its users get "
		 "updates: distribution (the distribution's own, with its security and "
		 "updates suites, from its files in the tree, never the build "
		 "machine's mirror), none, or a file of your own source lines (your "
		 "mirror), relative to the appliance directory: a .sources or .list "
		 "file for apt, a .repo file for dnf or zypper. Lint fails an image "
		 "without one unless this is none." },
	{ KEY("end_of_support", CONF_STRING, end_of_support), .parse = parse_date,
	  .def_doc = "for the Debian backends, distro-info-data's date for the suite "
		     "(LTS's end, else the regular end); else unknown",
	  .doc = "The last day the distribution release gets security updates "
		 "(YYYY-MM-DD), for the release page and index.json, which say plainly "
		 "when it has passed (Fedora 30: 2020-05-26). Debian appliances take "
		 "it from distro-info-data's debian.csv when it is installed; set it "
		 "to override that." },
	{ KEY("security_updates", CONF_STRING, security_updates), .parse = parse_security_updates,
	  .values = (const char *const[]){ "unattended", "first-boot", "no", NULL },
	  .def_fn = default_security_updates,
	  .def_doc = "unattended for the Debian backends, else no",
	  .make_var = "SECURITY_UPDATES",
	  .doc = "How a downloaded appliance gets security updates without anyone "
		 "logging in: unattended (Debian: unattended-upgrades, added to the "
		 "packages, security suite only, its apt timers daily) or no. "
		 "first-boot (apply them once at the first boot) is not built yet and "
		 "is refused." },
	{ KEY("variant", CONF_STRING, variant), .parse = conf_parse_word,
	  .chars = LOWER DIGITS "-", .hint = "e.g. minbase",
	  .def_doc = "minbase for the Debian backends", .make_var = "VARIANT",
	  .doc = "The Debian backends' variant (debootstrap --variant)." },
	{ KEY("packages", CONF_LIST, packages), .parse = parse_packages, .repeat = true,
	  .empty_ok = true, .make_var = "PACKAGES",
	  .doc = "Extra packages to install, separated by blanks; the file "
		 "APPLIANCE_DIR/packages (one or more a line, '#' comments) adds more." },
	{ KEY("kernel", CONF_STRING, kernel), .parse = parse_kernel, .required = true,
	  .why = " (a profile in kernel-configs/, e.g. paravirt-6.1)", .make_var = "KERNEL",
	  .doc = "The kernel profile, a NAME.profile in kernel-configs/, e.g. "
		 "paravirt-6.1." },
	{ KEY("require_hypervisor", CONF_BOOL, require_hypervisor), .parse = conf_parse_yesno,
	  .def = "no", .make_var = "REQUIRE_HYPERVISOR",
	  .doc = "yes: pvinit refuses to boot on native hardware (no hypervisor "
		 "found)." },
	{ KEY("disk_size", CONF_U64, disk_size), .parse = parse_disk_size, .required = true,
	  .why = " (e.g. 1G)", .make_var = "DISK_SIZE",
	  .doc = "The disk's size, a whole number of MiB from 64M to 2T, e.g. 1G or "
		 "768M (make sees bytes)." },
	{ KEY("rootfs", CONF_STRING, rootfs), .parse = conf_parse_choice, .def = "ext3",
	  .values = (const char *const[]){ "ext3", "ext4", "ext2", NULL },
	  .make_var = "ROOTFS",
	  .doc = "The root filesystem's type." },
	{ KEY("memory", CONF_UINT, memory), .parse = parse_memory, .def = "256",
	  .make_var = "MEMORY",
	  .doc = "The virtual machine's memory in MiB, from 32 to 65536 (a 32-bit "
		 "kernel uses at most 4096 without PAE)." },
	{ KEY("vmx_template", CONF_STRING, vmx_template), .parse = conf_parse_word,
	  .chars = LOWER DIGITS "-_.", .hint = "a name in vmx-templates/",
	  .def = "workstation", .make_var = "VMX_TEMPLATE",
	  .doc = "The .vmx template, a NAME.vmx.in in vmx-templates/ (its hardware "
		 "version decides which VMware products open the appliance)." },
	{ KEY("disk_adapter", CONF_STRING, disk_adapter), .parse = conf_parse_choice,
	  .def_fn = default_adapter, .def_doc = "the first adapter", .list = list_adapters,
	  .make_var = "DISK_ADAPTER", .derived = boot_bus,
	  .doc = "The virtual disk controller the VMDK, the .vmx and the OVF describe "
		 "(boot tests use the closest bus qemu has)." },
	{ KEY("root_password", CONF_STRING, root_password), .parse = parse_root_password,
	  .def = "locked", .make_var = "ROOT_PASSWORD",
	  .doc = "locked, or a crypt(3) hash such as one from 'mkpasswd -m yescrypt'; "
		 "never plain text." },
	{ KEY("hostname", CONF_STRING, hostname), .parse = parse_hostname,
	  .def_fn = default_hostname, .def_doc = "the name", .make_var = "HOSTNAME",
	  .doc = "The appliance's host name (RFC 1123 labels)." },
	{ KEY("ova_manifest", CONF_STRING, ova_manifest), .parse = conf_parse_choice,
	  /* What VMware's mkova.sh writes; the default comes from image/compat.c. */
	  .values = (const char *const[]){ "sha1", "sha256", "sha512", NULL },
	  .def_doc = "as VMware's mkova.sh picks for the OVA's hardware version",
	  .make_var = "OVA_MANIFEST",
	  .doc = "The hash of the OVA's manifest." },
	{ KEY("vendor", CONF_STRING, vendor), .parse = conf_parse_text,
	  .def_doc = "pvappliance",
	  .doc = "The vendor the OVF's ProductSection names." },
	{ KEY("product_url", CONF_STRING, product_url), .parse = parse_url,
	  .def_doc = "none (left out)",
	  .doc = "The product's http:// or https:// URL in the OVF's ProductSection." },
	{ KEY("app_url", CONF_STRING, app_url), .parse = parse_url,
	  .def_doc = "none (left out)",
	  .doc = "The appliance's own http:// or https:// URL in the OVF's "
		 "ProductSection." },
	{ .name = NULL },
};
#undef KEY
/* A package the appliance's settings need, once. */
static void add_package(struct appconf *c, const char *name)
{
	for (size_t i = 0; i < c->packages.nr; i++)
		if (!strcmp(c->packages.v[i], name))
			return;
	strvec_push(&c->packages, name);
}

/* DIR/packages: one or more names a line, '#' comments. */
static int read_packages_file(struct appconf *c)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	unsigned lineno = 0;
	int ret = 0;

	strbuf_addf(&path, "%s/packages", c->dir);
	if (!path_exists(path.buf))
		goto out;
	if (strbuf_read_file(&text, path.buf)) {
		ret = -1;
		goto out;
	}
	for (char *p = text.buf; *p;) {
		char *nl = strchrnul(p, '\n'), *hash;
		struct strvec words = STRVEC_INIT;
		char save = *nl;
		lineno++;
		*nl = '\0';
		if ((hash = strchr(p, '#')))
			*hash = '\0';
		strvec_split(&words, p);
		for (size_t i = 0; i < words.nr; i++) {
			if (!all_chars(words.v[i], LOWER UPPER DIGITS ".+-_:"))
				ret = error_at(path.buf, lineno, "'%s' is not a package name",
					       words.v[i]);
			else
				strvec_push(&c->packages, words.v[i]);
		}
		strvec_clear(&words);
		p = save ? nl + 1 : nl;
	}
out:
	strbuf_release(&path);
	strbuf_release(&text);
	return ret;
}

int appconf_load(struct appconf *c, const char *dir, const char *kernel_configs)
{
	struct conf_load l = { .keys = appconf_keys, .obj = c, .ctx = (void *)kernel_configs };
	struct strbuf overlay = STRBUF_INIT, list = STRBUF_INIT;
	const struct bootstrap_backend *b;
	const char *base;
	int ret;

	c->dir = xstrdup(dir);
	c->path = xmalloc(strlen(dir) + sizeof("/appliance.conf"));
	strcpy(c->path, dir);
	strcat(c->path, "/appliance.conf");
	/* The keys every appliance needs, and the defaults, from the table. */
	ret = conf_load_file(&l, c->path);
	if (read_packages_file(c))
		ret = -1;

	/* What the backend requires and takes: its row says. */
	b = c->bootstrap;
	for (size_t i = 0; b && i < sizeof(b->required) / sizeof(b->required[0]) &&
			   b->required[i].key; i++)
		if (!conf_seen(&l, b->required[i].key))
			ret = error_at(c->path, 0, "'%s' is required%s; add a line '%s = ...'",
				       b->required[i].key, b->required[i].why, b->required[i].key);
	if (b && b->family == BACKEND_DEBIAN) {
		if (!c->repo)
			c->repo = xstrdup("apt");
		if (!c->variant)
			c->variant = xstrdup("minbase");
		if (c->updates_repo)
			ret = error_at(c->path, conf_seen(&l, "updates_repo"), "updates_repo is for "
				       "the RPM backends; the Debian backends build from SUITE, "
				       "SUITE-updates and SUITE-security themselves");
		if (c->security_updates && !strcmp(c->security_updates, "unattended"))
			add_package(c, "unattended-upgrades");
	} else if (b) {
		bootstrap_backend_names(&list, BACKEND_DEBIAN, ", ", " or ");
		if (c->repo && !strcmp(c->repo, "apt"))
			ret = error_at(c->path, conf_seen(&l, "repo"), "repo = apt names the host's "
				       "Debian mirror; it only fits bootstrap = %s", list.buf);
		if (c->updates_repo && !strcmp(c->updates_repo, "apt"))
			ret = error_at(c->path, conf_seen(&l, "updates_repo"), "updates_repo = apt: "
				       "name the updates repository's URL");
		if (c->suite || c->variant)
			ret = error_at(c->path, conf_seen(&l, c->suite ? "suite" : "variant"),
				       "'%s' is for the Debian backends, not bootstrap = %s",
				       c->suite ? "suite" : "variant", b->name);
	}

	base = strrchr(dir, '/');
	base = base && base[1] ? base + 1 : dir;
	if (c->name && strcmp(c->name, base))
		ret = error_at(c->path, conf_seen(&l, "name"), "name = '%s' but the directory is "
			       "'%s'; they must match (make %s builds appliances/%s)", c->name,
			       base, base, base);

	if (b && c->arch && !bootstrap_tool_arch(b, c->arch)) {
		strbuf_reset(&list);
		for (size_t i = 0; i < sizeof(b->arches) / sizeof(b->arches[0]) &&
				   b->arches[i].arch; i++)
			strbuf_addf(&list, "%s%s", i ? ", " : "", b->arches[i].arch);
		ret = error_at(c->path, conf_seen(&l, "arch"), "arch = %s: bootstrap = %s builds "
			       "%s", c->arch, b->name, list.buf);
	}
	strbuf_addf(&overlay, "%s/overlay", dir);
	c->has_overlay = is_dir(overlay.buf);
	strbuf_release(&overlay);

	conf_load_release(&l);
	strbuf_release(&list);
	return ret;
}

void appconf_release(struct appconf *c)
{
	free(c->dir);
	free(c->path);
	conf_release(appconf_keys, c);
	memset(c, 0, sizeof(*c));
	strvec_init(&c->packages);
}

void appconf_keys_help(struct strbuf *out)
{
	conf_keys_help(out, appconf_keys);
}

void appconf_keys_list(struct strbuf *out)
{
	conf_keys_list(out, appconf_keys, "APP_<name>");
}

void appconf_make_vars(struct strbuf *out, const struct appconf *c)
{
	struct strbuf prefix = STRBUF_INIT;

	strbuf_addf(out, "# %s, validated by appliance config\n", c->path);
	strbuf_addf(&prefix, "APP_%s", c->name);
	conf_make_vars(out, appconf_keys, prefix.buf, c);
	/* Not a key: whether DIR/overlay/ exists. */
	conf_make_var(out, prefix.buf, "OVERLAY", c->has_overlay ? "yes" : "no");
	strbuf_release(&prefix);
}
