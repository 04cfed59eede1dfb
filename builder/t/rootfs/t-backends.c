/* Unit tests for lib/rootfs/backends/backends.c: every row of the bootstrap
 * backend table is whole and consistent, and what reads it lists and takes
 * every row. */
#include "test.h"
#include "conf/appconf.h"
#include "core/fsutil.h"
#include "core/strvec.h"
#include "core/tools.h"
#include "rootfs/backends/backends.h"

static void test_rows_are_whole(void)
{
	for (size_t i = 0; i < bootstrap_backends_nr; i++) {
		const struct bootstrap_backend *b = &bootstrap_backends[i];
		CHECK(b->name && *b->name);
		CHECK(b->run != NULL);
		CHECK(b->tool && *b->tool);
		CHECK(b->packages && *b->packages);
		CHECK(b->family >= BACKEND_DEBIAN && b->family <= BACKEND_IMPORT);
		CHECK(b->guest_os[0] && *b->guest_os[0]);
		CHECK(b->guest_os[BACKEND_GUESTS_MAX] == NULL); /* ends the list */
		for (size_t k = 0; k < sizeof(b->required) / sizeof(b->required[0]) &&
				   b->required[k].key; k++)
			CHECK(b->required[k].why && b->required[k].why[0] == ' ');
		for (size_t a = 0; a < sizeof(b->arches) / sizeof(b->arches[0]) && b->arches[a].arch;
		     a++)
			CHECK(b->arches[a].tool_arch && *b->arches[a].tool_arch);
		/* The last arches slot ends the list. */
		CHECK(b->arches[sizeof(b->arches) / sizeof(b->arches[0]) - 1].arch == NULL);
		CHECK(bootstrap_backend_find(b->name) == b);
		for (size_t j = 0; j < i; j++)
			CHECK(strcmp(bootstrap_backends[j].name, b->name) != 0);
	}
	CHECK(bootstrap_backend_find("none") == NULL);
	CHECK(bootstrap_backend_find("") == NULL);
}

static bool in(const struct strvec *v, const char *s)
{
	for (size_t i = 0; i < v->nr; i++)
		if (!strcmp(v->v[i], s))
			return true;
	return false;
}

/* A missing tool names its package, and make deps installs it. */
/* A backend that installs packages says which kind (what pkgdb reads and
 * appliance sources fetches) and how its tool reports progress; the
 * import backends install none and copy what they are given. */
static void test_progress_and_package_kind(void)
{
	for (size_t i = 0; i < bootstrap_backends_nr; i++) {
		const struct bootstrap_backend *b = &bootstrap_backends[i];
		if (b->family == BACKEND_IMPORT) {
			CHECK(b->package_kind == NULL);
			continue;
		}
		CHECK(b->package_kind && (!strcmp(b->package_kind, "deb") ||
					  !strcmp(b->package_kind, "rpm")));
		CHECK(b->family != BACKEND_DEBIAN || !strcmp(b->package_kind, "deb"));
		CHECK(b->progress && b->progress[0].prefix);
	}
}

static void test_packages_are_known(void)
{
	struct strbuf deps = STRBUF_INIT;
	struct strvec build = STRVEC_INIT;
	char *start, *end;
	CHECK_INT(strbuf_read_file(&deps, SRCDIR "/builder/deps.mk"), 0);
	/* DEPS_BUILD's words: from its ":=" to DEPS_TEST. */
	start = strstr(deps.buf, "DEPS_BUILD :=");
	end = start ? strstr(start, "DEPS_TEST") : NULL;
	CHECK(start && end);
	if (!start || !end) {
		strbuf_release(&deps);
		return;
	}
	*end = '\0';
	strvec_split(&build, start + strlen("DEPS_BUILD :="));
	for (size_t i = 0; i < bootstrap_backends_nr; i++) {
		const struct bootstrap_backend *b = &bootstrap_backends[i];
		struct strvec words = STRVEC_INIT;
		const char *known = tool_package(b->tool);
		CHECK(known != NULL);
		strvec_split(&words, b->packages);
		for (size_t w = 0; w < words.nr; w++)
			if (!in(&build, words.v[w]))
				test_fail(__FILE__, __LINE__, "bootstrap = %s: package %s is not in "
					  "DEPS_BUILD in builder/deps.mk", b->name, words.v[w]);
		if (known && words.nr && strncmp(known, words.v[0], strlen(words.v[0])))
			test_fail(__FILE__, __LINE__, "bootstrap = %s: core/tools.c says %s comes "
				  "from '%s', the table from '%s'", b->name, b->tool, known,
				  b->packages);
		strvec_clear(&words);
	}
	strvec_clear(&build);
	strbuf_release(&deps);
}

static void test_names(void)
{
	struct strbuf sb = STRBUF_INIT;
	bootstrap_backend_names(&sb, BACKEND_ANY, ", ", " or ");
	CHECK_STR(sb.buf, "debootstrap, mmdebstrap, dnf, zypper, tarball or dir");
	strbuf_reset(&sb);
	bootstrap_backend_names(&sb, BACKEND_DEBIAN, ", ", " or ");
	CHECK_STR(sb.buf, "debootstrap or mmdebstrap");
	strbuf_reset(&sb);
	bootstrap_backend_names(&sb, BACKEND_RPM, "/", "/");
	CHECK_STR(sb.buf, "dnf/zypper");
	strbuf_release(&sb);
}

static void test_tool_arch(void)
{
	CHECK_STR(bootstrap_tool_arch(bootstrap_backend_find("debootstrap"), "i686"), "i386");
	CHECK_STR(bootstrap_tool_arch(bootstrap_backend_find("dnf"), "i386"), "i686");
	CHECK_STR(bootstrap_tool_arch(bootstrap_backend_find("zypper"), "i386"), "i586");
	CHECK_STR(bootstrap_tool_arch(bootstrap_backend_find("dir"), "i586"), "i586");
	CHECK(bootstrap_tool_arch(bootstrap_backend_find("dnf"), "x86_64") == NULL);
}

/* The usage of appliance config and the "expected" error list every row. */
static void test_every_row_is_listed(void)
{
	struct strbuf help = STRBUF_INIT, err = STRBUF_INIT, dir = STRBUF_INIT;
	struct appconf c = APPCONF_INIT;
	appconf_keys_help(&help);
	strbuf_addf(&dir, "%s/bad", test_tmpdir());
	mkdir_p(dir.buf);
	test_write("bad/appliance.conf", "name = bad\nbootstrap = yum\n");
	test_stderr_begin();
	CHECK_INT(appconf_load(&c, dir.buf, NULL), -1);
	test_stderr_end(&err);
	appconf_release(&c);
	for (size_t i = 0; i < bootstrap_backends_nr; i++) {
		char word[64];
		snprintf(word, sizeof(word), " %s", bootstrap_backends[i].name);
		CHECK_CONTAINS(help.buf, word);
		CHECK_CONTAINS(err.buf, word);
	}
	CHECK_CONTAINS(err.buf, "bootstrap = 'yum': expected debootstrap, mmdebstrap, dnf, "
		       "zypper, tarball or dir");
	strbuf_release(&help);
	strbuf_release(&err);
	strbuf_release(&dir);
}

/* Every row loads with its required keys, and without them each missing
 * one is named with the row's text; the Debian family's defaults. */
static void test_every_row_loads(void)
{
	for (size_t i = 0; i < bootstrap_backends_nr; i++) {
		const struct bootstrap_backend *b = &bootstrap_backends[i];
		struct strbuf conf = STRBUF_INIT, dir = STRBUF_INIT, err = STRBUF_INIT;
		struct strbuf path = STRBUF_INIT, vars = STRBUF_INIT;
		struct appconf c = APPCONF_INIT;

		strbuf_addf(&dir, "%s/row-%s", test_tmpdir(), b->name);
		mkdir_p(dir.buf);
		strbuf_addf(&path, "row-%s/appliance.conf", b->name);
		strbuf_addf(&conf, "name = row-%s\ntitle = t\nversion = 1\nbootstrap = %s\n"
			    "kernel = k\ndisk_size = 64M\n", b->name, b->name);
		test_write(path.buf, conf.buf);
		test_stderr_begin();
		CHECK_INT(appconf_load(&c, dir.buf, NULL), -1);
		test_stderr_end(&err);
		appconf_release(&c);
		for (size_t k = 0; k < sizeof(b->required) / sizeof(b->required[0]) &&
				   b->required[k].key; k++) {
			struct strbuf want = STRBUF_INIT;
			strbuf_addf(&want, "'%s' is required%s; add a line '%s = ...'",
				    b->required[k].key, b->required[k].why, b->required[k].key);
			CHECK_CONTAINS(err.buf, want.buf);
			strbuf_addf(&conf, "%s = %s\n", b->required[k].key,
				    !strcmp(b->required[k].key, "suite") ? "bookworm" :
				    !strcmp(b->required[k].key, "repo") ? "/srv/repo" : "30");
			strbuf_release(&want);
		}
		/* Each of its arches is one appliance.conf takes. */
		for (size_t a = 0; a < sizeof(b->arches) / sizeof(b->arches[0]) &&
				   b->arches[a].arch; a++) {
			struct strbuf with_arch = STRBUF_INIT;
			strbuf_reset(&err);
			strbuf_addf(&with_arch, "%sarch = %s\n", conf.buf, b->arches[a].arch);
			test_write(path.buf, with_arch.buf);
			test_stderr_begin();
			CHECK_INT(appconf_load(&c, dir.buf, NULL), 0);
			test_stderr_end(&err);
			CHECK_STR(err.buf, "");
			appconf_release(&c);
			strbuf_release(&with_arch);
		}
		strbuf_reset(&err);
		test_write(path.buf, conf.buf);
		test_stderr_begin();
		CHECK_INT(appconf_load(&c, dir.buf, NULL), 0);
		test_stderr_end(&err);
		CHECK_STR(err.buf, "");
		CHECK(c.bootstrap == b);
		if (b->family == BACKEND_DEBIAN) {
			CHECK_STR(c.repo, "apt");
			CHECK_STR(c.variant, "minbase");
		}
		appconf_make_vars(&vars, &c);
		strbuf_reset(&conf);
		strbuf_addf(&conf, "APP_row-%s_BOOTSTRAP := %s\n", b->name, b->name);
		CHECK_CONTAINS(vars.buf, conf.buf);
		appconf_release(&c);
		strbuf_release(&conf);
		strbuf_release(&dir);
		strbuf_release(&err);
		strbuf_release(&path);
		strbuf_release(&vars);
	}
}

/* What only the Debian family takes is refused for the others, naming the
 * Debian rows. */
static void test_debian_settings_elsewhere(void)
{
	for (size_t i = 0; i < bootstrap_backends_nr; i++) {
		const struct bootstrap_backend *b = &bootstrap_backends[i];
		struct strbuf conf = STRBUF_INIT, dir = STRBUF_INIT, err = STRBUF_INIT;
		struct strbuf path = STRBUF_INIT;
		struct appconf c = APPCONF_INIT;
		if (b->family == BACKEND_DEBIAN)
			continue;
		strbuf_addf(&dir, "%s/deb-%s", test_tmpdir(), b->name);
		mkdir_p(dir.buf);
		strbuf_addf(&path, "deb-%s/appliance.conf", b->name);
		strbuf_addf(&conf, "name = deb-%s\ntitle = t\nversion = 1\nbootstrap = %s\n"
			    "kernel = k\ndisk_size = 64M\nrelease = 30\nrepo = apt\nvariant = x\n",
			    b->name, b->name);
		test_write(path.buf, conf.buf);
		test_stderr_begin();
		CHECK_INT(appconf_load(&c, dir.buf, NULL), -1);
		test_stderr_end(&err);
		CHECK_CONTAINS(err.buf, "appliance.conf:8: error: repo = apt names the host's Debian "
			       "mirror; it only fits bootstrap = debootstrap or mmdebstrap");
		strbuf_reset(&conf);
		strbuf_addf(&conf, "appliance.conf:9: error: 'variant' is for the Debian backends, "
			    "not bootstrap = %s", b->name);
		CHECK_CONTAINS(err.buf, conf.buf);
		appconf_release(&c);
		strbuf_release(&conf);
		strbuf_release(&dir);
		strbuf_release(&err);
		strbuf_release(&path);
	}
}

int main(void)
{
	TEST(test_rows_are_whole);
	TEST(test_progress_and_package_kind);
	TEST(test_packages_are_known);
	TEST(test_names);
	TEST(test_tool_arch);
	TEST(test_every_row_is_listed);
	TEST(test_every_row_loads);
	TEST(test_debian_settings_elsewhere);
	return test_done();
}
