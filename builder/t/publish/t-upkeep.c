/* Unit tests for builder/lib/publish/upkeep.c and its place on the page
 * and in index.json. */
#include "test.h"
#include "conf/appconf.h"
#include "publish/release.h"
#include "publish/upkeep.h"
#include "rootfs/backends/backends.h"

/* distro-info-data's columns, with one more at the end as a newer table
 * might have, and a row without eol-lts. */
static const char csv[] =
	"version,codename,series,created,release,eol,eol-lts,eol-elts,extra\n"
	"11,Bullseye,bullseye,2019-07-06,2021-08-14,2024-08-14,2026-08-31,2029-06-30,x\n"
	"12,Bookworm,bookworm,2021-08-14,2023-06-10,2026-07-11,2028-06-30,2033-06-30,x\n"
	"13,Trixie,trixie,2023-06-10,2025-08-09,2028-08-09,,,\n";

/* 2026-12-08 00:00 UTC, and 2020-05-26 12:00 UTC */
#define DEC_2026 1796688000LL
#define MAY_2020 1590494400LL

static void test_debian(void)
{
	const char *table = test_write("debian.csv", csv);
	struct appconf c = { .bootstrap = bootstrap_backend_find("mmdebstrap"), .suite = "bookworm",
			     .update_sources = "distribution", .security_updates = "unattended" };
	struct upkeep u = UPKEEP_INIT;

	upkeep_read(&u, &c, DEC_2026, table);
	CHECK_STR(u.sources, "distribution");
	CHECK_INT(u.suites.nr, 3);
	if (u.suites.nr == 3)
		CHECK_STR(u.suites.v[2], "bookworm-security");
	CHECK_STR(u.end, "2028-06-30");
	CHECK_STR(u.regular_end, "2026-07-11");
	CHECK_STR(u.end_from, "distro-info-data");
	CHECK_INT(u.ended, 0);
	CHECK(u.regular_ended);
	upkeep_release(&u);

	/* no LTS date: the regular end is the end */
	c.suite = "trixie";
	upkeep_read(&u, &c, DEC_2026, table);
	CHECK_STR(u.end, "2028-08-09");
	CHECK(!u.regular_end);
	upkeep_release(&u);

	/* a suite the table does not know, or no table: unknown, no error */
	c.suite = "stable";
	upkeep_read(&u, &c, DEC_2026, table);
	CHECK(!u.end);
	CHECK_INT(u.ended, -1);
	upkeep_release(&u);
	c.suite = "bookworm";
	upkeep_read(&u, &c, DEC_2026, "/nonexistent/debian.csv");
	CHECK(!u.end);
	upkeep_release(&u);

	/* no sources shipped: no suites */
	c.update_sources = "none";
	upkeep_read(&u, &c, DEC_2026, table);
	CHECK_STR(u.sources, "none");
	CHECK_INT(u.suites.nr, 0);
	upkeep_release(&u);
}

static void test_rpm_end_of_life(void)
{
	struct appconf c = { .name = "fedora", .title = "F", .version = "1", .arch = "i686",
			     .bootstrap = bootstrap_backend_find("dnf"), .update_sources = "own.repo",
			     .security_updates = "no", .end_of_support = "2020-05-26",
			     .rootfs = "ext3", .disk_adapter = "lsilogic" };
	struct upkeep u = UPKEEP_INIT;

	/* good through its day */
	upkeep_read(&u, &c, MAY_2020, NULL);
	CHECK_STR(u.sources, "own");
	CHECK_STR(u.end_from, "appliance.conf");
	CHECK_INT(u.ended, 0);
	upkeep_release(&u);
	upkeep_read(&u, &c, MAY_2020 + 86400, NULL);
	CHECK_INT(u.ended, 1);
	upkeep_release(&u);
	upkeep_read(&u, &c, -1, NULL);
	CHECK_INT(u.ended, -1);
	upkeep_release(&u);

	/* the page says it plainly; index.json says supported: false */
	const struct appconf *notes[] = { &c, NULL };
	struct relconf rc = RELCONF_INIT;
	rc.version = "1";
	rc.title = "T";
	rc.base_url = "http://h/r";
	struct publish_opts o = { .conf = &rc, .notes = notes, .epoch = DEC_2026 };
	struct strbuf h = STRBUF_INIT;
	page_html(&h, &o, NULL, 0, "");
	CHECK_CONTAINS(h.buf, "<strong>Its distribution release reached its end of life on "
		       "2020-05-26: it gets no security updates any more.");
	CHECK_CONTAINS(h.buf, "security updates are not installed by themselves");
	strbuf_reset(&h);
	index_json(&h, &o, NULL, 0, "");
	CHECK_CONTAINS(h.buf, "\"end_of_support\": \"2020-05-26\"");
	CHECK_CONTAINS(h.buf, "\"end_of_support_from\": \"appliance.conf\"");
	CHECK_CONTAINS(h.buf, "\"supported\": false");
	CHECK_CONTAINS(h.buf, "\"suites\": []");
	strbuf_release(&h);
}

int main(void)
{
	TEST(test_debian);
	TEST(test_rpm_end_of_life);
	return test_done();
}
