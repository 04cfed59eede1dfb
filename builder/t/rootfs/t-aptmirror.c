/* Unit tests for builder/lib/rootfs/aptmirror.c, on fixture apt configurations. */
#include "test.h"
#include "rootfs/aptmirror.h"
#include "core/fsutil.h"

static const char *etc(const char *name, const char *list, const char *file, const char *sources)
{
	static char dir[512];
	char path[700];
	snprintf(dir, sizeof(dir), "%s/%s", test_tmpdir(), name);
	snprintf(path, sizeof(path), "%s/sources.list.d", dir);
	mkdir_p(path);
	if (list) {
		snprintf(path, sizeof(path), "%s/sources.list", name);
		test_write(path, list);
	}
	if (file) {
		snprintf(path, sizeof(path), "%s/sources.list.d/%s", name, file);
		test_write(path, sources);
	}
	return dir;
}

static void test_deb822(void)
{
	struct strbuf url = STRBUF_INIT;
	const char *d = etc("deb822", NULL, "debian.sources",
		"Types: deb-src\nURIs: http://src.invalid/debian\nSuites: bookworm\n\n"
		"Types: deb\n# a comment\nURIs: http://security.invalid/debian-security\n"
		"Suites: bookworm-security\n\n"
		"Types: deb deb-src\nEnabled: no\nURIs: http://off.invalid/debian\n\n"
		"Types: deb\nURIs: http://mirror.invalid/debian\nSuites: bookworm\n");
	CHECK_INT(apt_mirror(d, &url), 0);
	CHECK_STR(url.buf, "http://mirror.invalid/debian");
	strbuf_release(&url);
}

static void test_one_line_format_first(void)
{
	struct strbuf url = STRBUF_INIT;
	const char *d = etc("list", "# deb http://commented.invalid/debian bookworm main\n"
			    "deb-src http://src.invalid/debian bookworm main\n"
			    "deb [arch=amd64 signed-by=/k.gpg] https://one.invalid/debian bookworm main\n",
			    "z.sources", "Types: deb\nURIs: http://later.invalid/debian\n");
	CHECK_INT(apt_mirror(d, &url), 0);
	CHECK_STR(url.buf, "https://one.invalid/debian");
	strbuf_release(&url);
}

static void test_none(void)
{
	struct strbuf url = STRBUF_INIT, err = STRBUF_INIT;
	const char *d = etc("none", "deb cdrom:[Debian]/ bookworm main\n", NULL, NULL);
	test_stderr_begin();
	CHECK_INT(apt_mirror(d, &url), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "no Debian mirror found in");
	CHECK_CONTAINS(err.buf, "set 'repo = http://.../debian' in the appliance.conf");
	strbuf_release(&url);
	strbuf_release(&err);
}

/* The suite, its updates and its security archive, each where apt finds it. */
static void test_suite_uris(void)
{
	struct strvec uris = STRVEC_INIT, suites = STRVEC_INIT;
	const char *d = etc("suites", "deb [signed-by=/k.gpg] http://one.invalid/debian bookworm main\n"
			    "deb cdrom:[Debian]/ bookworm main\n",
			    "debian.sources",
			    "Types: deb\nURIs: http://two.invalid/debian\n"
			    "Suites: bookworm bookworm-updates bookworm-backports\n\n"
			    "Types: deb\nEnabled: no\nURIs: http://off.invalid/debian\n"
			    "Suites: bookworm-security\n\n"
			    "Types: deb-src deb\nURIs: http://sec.invalid/debian-security\n"
			    "Suites: bookworm-security\n");
	const char *want[] = { "bookworm", "bookworm-updates", "bookworm-security", NULL };
	apt_suite_uris(d, want, &uris, &suites);
	CHECK_INT(uris.nr, 4);
	CHECK_INT(suites.nr, 4);
	CHECK_STR(uris.v[0], "http://one.invalid/debian");
	CHECK_STR(suites.v[0], "bookworm");
	CHECK_STR(uris.v[1], "http://two.invalid/debian");
	CHECK_STR(suites.v[2], "bookworm-updates");
	CHECK_STR(uris.v[3], "http://sec.invalid/debian-security");
	CHECK_STR(suites.v[3], "bookworm-security");
	strvec_clear(&uris);
	strvec_clear(&suites);
}

int main(void)
{
	TEST(test_suite_uris);
	TEST(test_deb822);
	TEST(test_one_line_format_first);
	TEST(test_none);
	return test_done();
}
