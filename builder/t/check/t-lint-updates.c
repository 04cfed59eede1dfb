/* Unit tests for check/lint-updates.c's text helpers: what counts as a
 * package source an appliance can update from. */
#include "test.h"
#include "check/lint-int.h"

static void test_apt_sources(void)
{
	CHECK(lint_has_apt_source("# a note\ndeb http://x.invalid/debian bookworm main\n", false));
	CHECK(lint_has_apt_source("  deb [trusted=yes] file:///r bookworm main", false));
	CHECK(!lint_has_apt_source("# deb http://x.invalid/debian bookworm main\n"
				   "deb-src http://x.invalid/debian bookworm main\n", false));
	CHECK(!lint_has_apt_source("", false));
	CHECK(lint_has_apt_source("Types: deb-src deb\nURIs: http://x.invalid/\n", true));
	CHECK(lint_has_apt_source("Types: deb\nEnabled: no\n\nTypes: deb\nURIs: u\n", true));
	CHECK(!lint_has_apt_source("Types: deb\nEnabled: no\nURIs: http://x.invalid/\n", true));
	CHECK(!lint_has_apt_source("Types: deb-src\nURIs: http://x.invalid/\n", true));
	CHECK(!lint_has_apt_source("# Types: deb\n", true));
}

static void test_repo_files(void)
{
	CHECK(lint_has_repo("[fedora]\nname=Fedora\nmetalink=https://x.invalid/metalink?repo=f\n"));
	CHECK(lint_has_repo("[oss]\nbaseurl = http://x.invalid/oss\n"));
	CHECK(!lint_has_repo("[oss]\n#baseurl=http://x.invalid/oss\nname=x\n"));
	CHECK(!lint_has_repo("[oss]\nbaseurlx=1\n"));
}

int main(void)
{
	TEST(test_apt_sources);
	TEST(test_repo_files);
	return test_done();
}
