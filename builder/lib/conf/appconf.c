/* appliance.conf parsing and validation. */
#include "conf/appconf.h"
#include "core/conffile.h"
#include "core/fsutil.h"
#include "core/xalloc.h"
#include "image/adapters.h"
#include "rootfs/backends/backends.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

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

/* Lines where each key was set, to report duplicates and missing ones. */
struct seen {
	const char *key;
	unsigned line;
};

struct load {
	struct appconf *c;
	const char *kernel_configs;
	/* Every key met, however many: a fixed-size list stopped recording
	 * after 32 (found by fuzzing), so a key set again after 32 others was
	 * not refused and its first value leaked. */
	struct seen *seen;
	size_t nr_seen, alloc_seen;
	unsigned repo_line;
};

static unsigned seen_line(const struct load *l, const char *key)
{
	for (size_t i = 0; i < l->nr_seen; i++)
		if (!strcmp(l->seen[i].key, key))
			return l->seen[i].line;
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
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if (!strncmp(s, ids[i], strlen(ids[i])))
			return strlen(s) > strlen(ids[i]) + 20 &&
			       all_chars(s, LOWER UPPER DIGITS "./$=");
	return false;
}

static int one_of(const char *file, unsigned line, const char *key, const char *value,
		  const char *const *allowed, char **slot)
{
	struct strbuf list = STRBUF_INIT;
	for (size_t i = 0; allowed[i]; i++) {
		if (!strcmp(value, allowed[i])) {
			*slot = xstrdup(value);
			strbuf_release(&list);
			return 0;
		}
		strbuf_addf(&list, "%s%s", i ? ", " : "", allowed[i]);
	}
	error_at(file, line, "%s = '%s': expected one of %s", key, value, list.buf);
	strbuf_release(&list);
	return -1;
}

static int on_setting(const char *file, unsigned line, const char *key, const char *value,
		      void *data)
{
	struct load *l = data;
	struct appconf *c = l->c;
	unsigned prev = seen_line(l, key);
	static const char *const arches[] = { "i386", "i686", "i586", NULL };
	static const char *const rootfses[] = { "ext3", "ext4", "ext2", NULL };
	/* What VMware's mkova.sh writes; the default comes from image/compat.c. */
	static const char *const manifests[] = { "sha1", "sha256", "sha512", NULL };

	if (prev && strcmp(key, "packages"))
		return error_at(file, line, "'%s' is set again (first on line %u); keep one",
				key, prev);
	if (!prev) {
		GROW(l->seen, l->nr_seen + 1, l->alloc_seen);
		l->seen[l->nr_seen++] = (struct seen){ .key = xstrdup(key), .line = line };
	}
	if (!*value && strcmp(key, "packages"))
		return error_at(file, line, "'%s' has no value", key);

	if (!strcmp(key, "name")) {
		if (!all_chars(value, LOWER DIGITS "-") || value[0] == '-')
			return error_at(file, line, "name = '%s': use lower-case letters, digits "
					"and '-' (it names files and make targets)", value);
		c->name = xstrdup(value);
	} else if (!strcmp(key, "title")) {
		c->title = xstrdup(value);
	} else if (!strcmp(key, "version")) {
		if (!all_chars(value, LOWER UPPER DIGITS ".+~-") || !isalnum((unsigned char)value[0]))
			return error_at(file, line, "version = '%s': use letters, digits and . + ~ -, "
					"starting with a letter or digit (e.g. 1.0)", value);
		c->version = xstrdup(value);
	} else if (!strcmp(key, "arch")) {
		return one_of(file, line, key, value, arches, &c->arch);
	} else if (!strcmp(key, "bootstrap")) {
		if (!(c->bootstrap = bootstrap_backend_find(value))) {
			struct strbuf list = STRBUF_INIT;
			bootstrap_backend_names(&list, BACKEND_ANY, ", ", " or ");
			error_at(file, line, "bootstrap = '%s': expected %s", value, list.buf);
			strbuf_release(&list);
			return -1;
		}
	} else if (!strcmp(key, "suite")) {
		if (!all_chars(value, LOWER DIGITS "-"))
			return error_at(file, line, "suite = '%s': a Debian suite such as bookworm",
					value);
		c->suite = xstrdup(value);
	} else if (!strcmp(key, "release")) {
		if (!all_chars(value, LOWER UPPER DIGITS ".-_"))
			return error_at(file, line, "release = '%s': a release such as 30", value);
		c->release = xstrdup(value);
	} else if (!strcmp(key, "repo")) {
		if (strcmp(value, "apt") && strncmp(value, "http://", 7) &&
		    strncmp(value, "https://", 8) && strncmp(value, "file:///", 8) &&
		    value[0] != '/')
			return error_at(file, line, "repo = '%s': expected an http://, https:// or "
					"file:/// URL, an absolute path, or 'apt' (the mirror this "
					"machine's apt uses)", value);
		if (strpbrk(value, " \t\"'"))
			return error_at(file, line, "repo = '%s': no blanks or quotes in a URL", value);
		c->repo = xstrdup(value);
		l->repo_line = line;
	} else if (!strcmp(key, "gpgkey")) {
		if (strncmp(value, "https://", 8) && strncmp(value, "http://", 7) &&
		    strncmp(value, "file:///", 8) && value[0] != '/')
			return error_at(file, line, "gpgkey = '%s': a URL or an absolute path to "
					"the distribution's signing key", value);
		c->gpgkey = xstrdup(value);
	} else if (!strcmp(key, "variant")) {
		if (!all_chars(value, LOWER DIGITS "-"))
			return error_at(file, line, "variant = '%s': e.g. minbase", value);
		c->variant = xstrdup(value);
	} else if (!strcmp(key, "packages")) {
		struct strvec words = STRVEC_INIT;
		int ret = 0;
		strvec_split(&words, value);
		for (size_t i = 0; i < words.nr; i++) {
			if (!all_chars(words.v[i], LOWER UPPER DIGITS ".+-_:")) {
				ret = error_at(file, line, "package '%s': not a package name",
					       words.v[i]);
				continue;
			}
			strvec_push(&c->packages, words.v[i]);
		}
		strvec_clear(&words);
		return ret;
	} else if (!strcmp(key, "kernel")) {
		if (!all_chars(value, LOWER UPPER DIGITS ".-_"))
			return error_at(file, line, "kernel = '%s': a profile name in kernel-configs/",
					value);
		if (l->kernel_configs) {
			struct strbuf p = STRBUF_INIT;
			bool ok;
			strbuf_addf(&p, "%s/%s.profile", l->kernel_configs, value);
			ok = path_exists(p.buf);
			strbuf_release(&p);
			if (!ok)
				return error_at(file, line, "kernel = '%s': there is no %s/%s.profile",
						value, l->kernel_configs, value);
		}
		c->kernel = xstrdup(value);
	} else if (!strcmp(key, "require_hypervisor")) {
		if (strcmp(value, "yes") && strcmp(value, "no"))
			return error_at(file, line, "require_hypervisor = '%s': expected yes or no",
					value);
		c->require_hypervisor = !strcmp(value, "yes");
	} else if (!strcmp(key, "disk_size")) {
		if (parse_size(value, &c->disk_size) || c->disk_size < (64ull << 20) ||
		    c->disk_size > (2ull << 40) || c->disk_size % (1 << 20))
			return error_at(file, line, "disk_size = '%s': expected a whole number of "
					"MiB from 64M to 2T, e.g. 1G or 768M", value);
	} else if (!strcmp(key, "rootfs")) {
		return one_of(file, line, key, value, rootfses, &c->rootfs);
	} else if (!strcmp(key, "memory")) {
		char *end;
		unsigned long m;
		errno = 0;
		m = strtoul(value, &end, 10);
		if (!isdigit((unsigned char)value[0]) || errno || *end || m < 32 || m > 65536)
			return error_at(file, line, "memory = '%s': MiB from 32 to 65536 (a 32-bit "
					"kernel uses at most 4096 without PAE)", value);
		c->memory = (unsigned)m;
	} else if (!strcmp(key, "vmx_template")) {
		if (!all_chars(value, LOWER DIGITS "-_."))
			return error_at(file, line, "vmx_template = '%s': a name in vmx-templates/",
					value);
		c->vmx_template = xstrdup(value);
	} else if (!strcmp(key, "disk_adapter")) {
		if (!disk_adapter_find(value)) {
			struct strbuf list = STRBUF_INIT;
			disk_adapter_list(&list, ADAPTER_NAME, ", ", ", ");
			error_at(file, line, "disk_adapter = '%s': expected one of %s", value, list.buf);
			strbuf_release(&list);
			return -1;
		}
		c->disk_adapter = xstrdup(value);
	} else if (!strcmp(key, "root_password")) {
		if (strcmp(value, "locked") && !valid_crypt_hash(value))
			return error_at(file, line, "root_password: expected 'locked' or a crypt(3) "
					"hash such as one from 'mkpasswd -m yescrypt'; plain-text "
					"passwords are never accepted");
		c->root_password = xstrdup(value);
	} else if (!strcmp(key, "hostname")) {
		if (!valid_hostname(value))
			return error_at(file, line, "hostname = '%s': letters, digits and inner '-' "
					"per label (RFC 1123)", value);
		c->hostname = xstrdup(value);
	} else if (!strcmp(key, "ova_manifest")) {
		return one_of(file, line, key, value, manifests, &c->ova_manifest);
	} else if (!strcmp(key, "vendor")) {
		c->vendor = xstrdup(value);
	} else if (!strcmp(key, "product_url") || !strcmp(key, "app_url")) {
		if (strncmp(value, "http://", 7) && strncmp(value, "https://", 8))
			return error_at(file, line, "%s = '%s': expected an http:// or https:// "
					"URL (the OVF's ProductSection shows it)", key, value);
		*(!strcmp(key, "app_url") ? &c->app_url : &c->product_url) = xstrdup(value);
	} else {
		return error_at(file, line, "unknown key '%s'; known: name, title, version, arch, "
				"bootstrap, suite, release, repo, gpgkey, variant, packages, kernel, "
				"require_hypervisor, disk_size, rootfs, memory, vmx_template, "
				"disk_adapter, root_password, hostname, ova_manifest, vendor, "
				"product_url, app_url", key);
	}
	return 0;
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

static int require(const struct load *l, const char *key, const char *why)
{
	if (seen_line(l, key))
		return 0;
	return error_at(l->c->path, 0, "'%s' is required%s; add a line '%s = ...'", key,
			why, key);
}

int appconf_load(struct appconf *c, const char *dir, const char *kernel_configs)
{
	struct load l = { .c = c, .kernel_configs = kernel_configs };
	struct strbuf overlay = STRBUF_INIT, list = STRBUF_INIT, why = STRBUF_INIT;
	const struct bootstrap_backend *b;
	const char *base;
	int ret;

	c->dir = xstrdup(dir);
	c->path = xmalloc(strlen(dir) + sizeof("/appliance.conf"));
	strcpy(c->path, dir);
	strcat(c->path, "/appliance.conf");
	c->memory = 256;
	ret = conffile_read(c->path, on_setting, &l);
	if (read_packages_file(c))
		ret = -1;

	/* Each missing key is its own error: report them all at once. */
	ret |= require(&l, "name", "");
	ret |= require(&l, "title", "");
	ret |= require(&l, "version", "");
	bootstrap_backend_names(&list, BACKEND_ANY, ", ", " or ");
	strbuf_addf(&why, " (%s)", list.buf);
	ret |= require(&l, "bootstrap", why.buf);
	ret |= require(&l, "kernel", " (a profile in kernel-configs/, e.g. paravirt-6.1)");
	ret |= require(&l, "disk_size", " (e.g. 1G)");
	/* What the backend requires and takes: its row says. */
	b = c->bootstrap;
	for (size_t i = 0; b && i < sizeof(b->required) / sizeof(b->required[0]) &&
			   b->required[i].key; i++)
		ret |= require(&l, b->required[i].key, b->required[i].why);
	if (b && b->family == BACKEND_DEBIAN) {
		if (!c->repo)
			c->repo = xstrdup("apt");
		if (!c->variant)
			c->variant = xstrdup("minbase");
	} else if (b) {
		strbuf_reset(&list);
		bootstrap_backend_names(&list, BACKEND_DEBIAN, ", ", " or ");
		if (c->repo && !strcmp(c->repo, "apt"))
			ret = error_at(c->path, l.repo_line, "repo = apt names the host's Debian "
				       "mirror; it only fits bootstrap = %s", list.buf);
		if (c->suite || c->variant)
			ret = error_at(c->path, seen_line(&l, c->suite ? "suite" : "variant"),
				       "'%s' is for the Debian backends, not bootstrap = %s",
				       c->suite ? "suite" : "variant", b->name);
	}

	base = strrchr(dir, '/');
	base = base && base[1] ? base + 1 : dir;
	if (c->name && strcmp(c->name, base))
		ret = error_at(c->path, seen_line(&l, "name"), "name = '%s' but the directory is "
			       "'%s'; they must match (make %s builds appliances/%s)", c->name,
			       base, base, base);

	/* Defaults. */
	if (!c->arch)
		c->arch = xstrdup("i386");
	if (!c->rootfs)
		c->rootfs = xstrdup("ext3");
	if (!c->vmx_template)
		c->vmx_template = xstrdup("workstation");
	if (!c->disk_adapter)
		c->disk_adapter = xstrdup(disk_adapters[0].name);
	if (!c->root_password)
		c->root_password = xstrdup("locked");
	if (!c->hostname && c->name)
		c->hostname = xstrdup(c->name);
	if (b && !bootstrap_tool_arch(b, c->arch)) {
		strbuf_reset(&list);
		for (size_t i = 0; i < sizeof(b->arches) / sizeof(b->arches[0]) &&
				   b->arches[i].arch; i++)
			strbuf_addf(&list, "%s%s", i ? ", " : "", b->arches[i].arch);
		ret = error_at(c->path, seen_line(&l, "arch"), "arch = %s: bootstrap = %s builds "
			       "%s", c->arch, b->name, list.buf);
	}
	strbuf_addf(&overlay, "%s/overlay", dir);
	c->has_overlay = is_dir(overlay.buf);
	strbuf_release(&overlay);

	for (size_t i = 0; i < l.nr_seen; i++)
		free((char *)l.seen[i].key);
	free(l.seen);
	strbuf_release(&list);
	strbuf_release(&why);
	return ret;
}

void appconf_release(struct appconf *c)
{
	char **strs[] = { &c->dir, &c->path, &c->name, &c->title, &c->version, &c->arch,
			  &c->suite, &c->release, &c->repo, &c->gpgkey, &c->variant, &c->kernel,
			  &c->rootfs,
			  &c->vmx_template, &c->disk_adapter, &c->root_password, &c->hostname,
			  &c->ova_manifest, &c->vendor, &c->product_url, &c->app_url };
	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		free(*strs[i]);
	strvec_clear(&c->packages);
	memset(c, 0, sizeof(*c));
	strvec_init(&c->packages);
}

/* A format: the backends, the RPM ones, the import ones, the adapters. */
#define KEYS_HELP \
	"Keys (required: name, title, version, bootstrap, kernel, disk_size):\n" \
	"  name                the directory's name; lower case, digits, '-'\n" \
	"  title, version      shown in the release notes and the .vmx\n" \
	"  arch                i386 (default), i686 or i586\n" \
	"  bootstrap           %s\n" \
	"  suite, variant      for the Debian backends: bookworm; minbase (default)\n" \
	"  release             for %s: the releasever, e.g. 30\n" \
	"  repo                repository URL, or 'apt' for the mirror this machine's\n" \
	"                      apt uses (Debian backends; the default there), or the\n" \
	"                      archive/directory for %s\n" \
	"  gpgkey              dnf: the signing key of a remote repository\n" \
	"  packages            extra packages (several lines add up; also the file\n" \
	"                      APPLIANCE_DIR/packages)\n" \
	"  kernel              a profile in kernel-configs/, e.g. paravirt-6.1\n" \
	"  require_hypervisor  yes: pvinit refuses to run on native hardware\n" \
	"  disk_size           e.g. 1G; memory: MiB (default 256)\n" \
	"  rootfs              ext3 (default), ext4 or ext2\n" \
	"  vmx_template        a template in vmx-templates/ (default workstation)\n" \
	"  disk_adapter        %s\n" \
	"  root_password       locked (default) or a crypt(3) hash; never plain text\n" \
	"  hostname            default: the name\n" \
	"  ova_manifest        sha1, sha256 or sha512: the OVA's manifest (default: as\n" \
	"                      VMware's mkova.sh picks for the OVA's hardware version)\n" \
	"  vendor, product_url, app_url  the OVF's ProductSection (vendor default:\n" \
	"                      pvappliance; the URLs are left out unless given)\n"

void appconf_keys_help(struct strbuf *out)
{
	struct strbuf all = STRBUF_INIT, rpm = STRBUF_INIT, import = STRBUF_INIT;
	struct strbuf adapters = STRBUF_INIT;
	struct strvec names = STRVEC_INIT;

	bootstrap_backend_names(&all, BACKEND_ANY, ", ", " or ");
	bootstrap_backend_names(&rpm, BACKEND_RPM, "/", "/");
	bootstrap_backend_names(&import, BACKEND_IMPORT, "/", "/");
	for (size_t i = 0; i < disk_adapters_nr; i++)
		strvec_pushf(&names, "%s%s", disk_adapters[i].name, !i ? " (default)" : "");
	strvec_join_list(&names, &adapters, ", ", " or ");
	strvec_clear(&names);
	strbuf_addf(out, KEYS_HELP, all.buf, rpm.buf, import.buf, adapters.buf);
	strbuf_release(&all);
	strbuf_release(&rpm);
	strbuf_release(&import);
	strbuf_release(&adapters);
}

/* A value as make reads it after ":=": '$' doubled, '#' escaped; a
 * backslash is literal to make except before '#' and at the end. */
static void add_make_value(struct strbuf *out, const char *v)
{
	for (; v && *v; v++) {
		if (*v == '\\' && !v[1]) {
			/* Not a line continuation: "\$()" is a backslash and nothing. */
			strbuf_addstr(out, "\\$()");
			break;
		}
		if (*v == '$' || (*v == '\\' && v[1] == '#'))
			strbuf_addch(out, *v);
		else if (*v == '#')
			strbuf_addch(out, '\\');
		strbuf_addch(out, *v);
	}
}

static void var(struct strbuf *out, const struct appconf *c, const char *key, const char *v)
{
	strbuf_addf(out, "APP_%s_%s := ", c->name, key);
	add_make_value(out, v);
	strbuf_addch(out, '\n');
}

void appconf_make_vars(struct strbuf *out, const struct appconf *c)
{
	struct strbuf tmp = STRBUF_INIT;
	const struct disk_adapter *adapter;

	strbuf_addf(out, "# %s, validated by appliance config\n", c->path);
	var(out, c, "NAME", c->name);
	var(out, c, "TITLE", c->title);
	var(out, c, "VERSION", c->version);
	var(out, c, "ARCH", c->arch);
	var(out, c, "BOOTSTRAP", c->bootstrap ? c->bootstrap->name : NULL);
	var(out, c, "SUITE", c->suite);
	var(out, c, "RELEASE", c->release);
	var(out, c, "REPO", c->repo);
	var(out, c, "GPGKEY", c->gpgkey);
	var(out, c, "VARIANT", c->variant);
	for (size_t i = 0; i < c->packages.nr; i++)
		strbuf_addf(&tmp, "%s%s", i ? " " : "", c->packages.v[i]);
	var(out, c, "PACKAGES", tmp.buf);
	var(out, c, "KERNEL", c->kernel);
	var(out, c, "REQUIRE_HYPERVISOR", c->require_hypervisor ? "yes" : "no");
	strbuf_reset(&tmp);
	strbuf_addf(&tmp, "%llu", (unsigned long long)c->disk_size);
	var(out, c, "DISK_SIZE", tmp.buf);
	var(out, c, "ROOTFS", c->rootfs);
	strbuf_reset(&tmp);
	strbuf_addf(&tmp, "%u", c->memory);
	var(out, c, "MEMORY", tmp.buf);
	var(out, c, "VMX_TEMPLATE", c->vmx_template);
	var(out, c, "DISK_ADAPTER", c->disk_adapter);
	/* The qemu bus make NAME-boot-test boots the disk on. */
	adapter = c->disk_adapter ? disk_adapter_find(c->disk_adapter) : NULL;
	var(out, c, "BOOT_BUS", adapter ? adapter->qemu_bus : NULL);
	var(out, c, "ROOT_PASSWORD", c->root_password);
	var(out, c, "HOSTNAME", c->hostname);
	var(out, c, "OVA_MANIFEST", c->ova_manifest);
	var(out, c, "OVERLAY", c->has_overlay ? "yes" : "no");
	strbuf_release(&tmp);
}
