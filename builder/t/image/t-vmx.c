/* Unit tests for lib/vmx.c. */
#include "test.h"
#include "image/vmx.h"

static struct appconf conf(const char *adapter, enum bootstrap b)
{
	struct appconf c = APPCONF_INIT;
	c.name = "t";
	c.title = "A | \"title\" #1";
	c.version = "1";
	c.bootstrap = b;
	c.memory = 384;
	c.disk_adapter = (char *)adapter;
	c.path = "t/appliance.conf";
	return c;
}

static void test_quote(void)
{
	struct strbuf sb = STRBUF_INIT;
	vmx_quote(&sb, "a \"b\" | c # d\ne\x01");
	CHECK_STR(sb.buf, "\"a |22b|22 |7C c |23 d|0Ae|01\"");
	strbuf_release(&sb);
}

static void test_guest_os(void)
{
	struct appconf d = conf("ide", BOOTSTRAP_DEBOOTSTRAP), s = conf("ide", BOOTSTRAP_ZYPPER);
	CHECK_STR(vmx_guest_os(&d, false), "debian12");
	CHECK_STR(vmx_guest_os(&d, true), "other26xlinux");
	CHECK_STR(vmx_guest_os(&s, true), "suse");
	CHECK_STR(vmx_guest_os(&s, false), "opensuse");
}

static void test_render(void)
{
	struct appconf c = conf("buslogic", BOOTSTRAP_DNF);
	struct strbuf out = STRBUF_INIT;
	const char *t = test_write("t.vmx.in", "# notes\nvirtualHW.version = \"7\"\n"
				   "displayName = @TITLE@\nmemsize = @MEMORY@\n@DISK@\n"
				   "x = @GUEST_OS@ @GUEST_OS_2006@\nannotation = @ANNOTATION@\n");
	CHECK_INT(vmx_render(t, &c, "t.vmdk", "6.1.1", &out), 0);
	CHECK_CONTAINS(out.buf, "virtualHW.version = \"7\"\ndisplayName = \"A |7C |22title|22 |231\"\n"
		  "memsize = \"384\"\nscsi0.present = \"TRUE\"\nscsi0.virtualDev = \"buslogic\"\n"
		  "scsi0:0.present = \"TRUE\"\nscsi0:0.fileName = \"t.vmdk\"\n"
		  "x = \"fedora\" \"fedora\"\n");
	CHECK_CONTAINS(out.buf, "annotation = \"A |7C |22title|22 |231 1, a paravirtualized");
	strbuf_release(&out);
}

static void test_unused_values(void)
{
	struct appconf c = conf("ide", BOOTSTRAP_DIR);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	const char *t = test_write("bare.vmx.in", "virtualHW.version = \"4\"\n@DISK@\n"
				   "displayName = @TITLE@\nannotation = @ANNOTATION@\nmemsize = @MEMORY@\n");
	test_stderr_begin();
	CHECK_INT(vmx_render(t, &c, "t.vmdk", "6.1", &out), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "never uses @GUEST_OS@ or @GUEST_OS_2006@: every VM needs it");
	strbuf_release(&out);
	strbuf_release(&err);
}

static void test_render_errors(void)
{
	struct appconf c = conf("sata", BOOTSTRAP_DIR);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	const char *t = test_write("old.vmx.in", "virtualHW.version = \"4\"\n@DISK@\nx = @NOPE@\n"
				   "y = a@b\n");
	test_stderr_begin();
	CHECK_INT(vmx_render(t, &c, "t.vmdk", "6.1", &out), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "old.vmx.in:2: error: disk_adapter = sata needs virtualHW.version 10");
	CHECK_CONTAINS(err.buf, "old.vmx.in:3: error: unknown placeholder @NOPE@");
	CHECK_CONTAINS(err.buf, "old.vmx.in:4: error: a stray '@'");
	strbuf_release(&out);
	strbuf_release(&err);
}

int main(void)
{
	TEST(test_quote);
	TEST(test_guest_os);
	TEST(test_render);
	TEST(test_unused_values);
	TEST(test_render_errors);
	return test_done();
}
