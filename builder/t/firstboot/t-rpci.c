/* Unit tests for firstboot/rpci.c and vmware.c against a fake VMware
 * (fake-vmware.h). */
#include "test.h"
#include "rpci.h"
#include "vmware.h"
#include "fake-vmware.h"

#include <signal.h>
#include <unistd.h>

static void test_get(void)
{
	struct fake f;
	struct rpci r;
	struct strbuf v = STRBUF_INIT;

	fake_init(&f);
	fake_var(&f, "system.hostname", "web1", 4);
	fake_var(&f, "odd", "abcdefg", 7);   /* not a multiple of 4 */
	CHECK_INT(rpci_open(&r, fake_backdoor, &f), 0);
	CHECK_INT(guestinfo_get(&r, "system.hostname", &v, 100), 1);
	CHECK_STR(v.buf, "web1");
	CHECK_INT(guestinfo_get(&r, "odd", &v, 100), 1);
	CHECK_STR(v.buf, "abcdefg");
	CHECK_INT(guestinfo_get(&r, "missing", &v, 100), 0);   /* value missing */
	CHECK_INT(v.len, 0);
	CHECK_INT(guestinfo_get(&r, "odd", &v, 6), -2);          /* too long */
	CHECK(!r.open);
	rpci_close(&r);
	CHECK_INT(f.protocol_errors, 0);
	CHECK(!f.open);

	/* Open fails: off VMware, or a host that refuses RPCI. */
	f.open_fails = 1;
	CHECK_INT(rpci_open(&r, fake_backdoor, &f), -1);
	fake_release(&f);
	strbuf_release(&v);
}

static void test_fetch_and_clear(void)
{
	struct fake f;
	struct creds c = CREDS_INIT;
	struct strvec used = STRVEC_INIT;
	struct strbuf err = STRBUF_INIT, ovf = STRBUF_INIT;

	fake_init(&f);
	fake_var(&f, "system.hostname", "web1", 4);
	fake_var(&f, "passwd.plaintext-password.root", "correct horse", 13);
	CHECK_INT(strbuf_read_file(&ovf, SRCDIR "/tests/fuzz/corpus/ovfenv/vsphere.xml"), 0);
	fake_var(&f, "ovfEnv", ovf.buf, ovf.len);
	/* In a child, as at boot. */
	test_stderr_begin();
	CHECK_INT(vmware_credentials(fake_backdoor, &f, &c, &used), 0);
	test_stderr_end(&err);
	CHECK_INT(c.invalid, 0);
	CHECK_STR(c.value[CRED_HOSTNAME], "web1");   /* guestinfo before the OVF environment */
	CHECK_STR(c.source[CRED_HOSTNAME], "guestinfo.system.hostname");
	CHECK_STR(c.value[CRED_PLAIN_PASSWORD_ROOT], "correct horse");
	CHECK_STR(c.source[CRED_HASHED_PASSWORD_ROOT], "OVF environment property passwd.hashed-password.root");
	CHECK_STR(c.source[CRED_AUTHORIZED_KEYS_ROOT], "OVF environment property ssh.authorized_keys.root");
	CHECK_INT(used.nr, 3);
	CHECK_STR(used.v[0], "passwd.plaintext-password.root");
	CHECK_STR(used.v[1], "system.hostname");
	CHECK_STR(used.v[2], "ovfEnv");
	CHECK(!strstr(err.buf, "correct horse"));
	creds_release(&c);

	/* Cleared after use (here, to see the fake's state). */
	CHECK_INT(vmware_clear_names(fake_backdoor, &f, &used), 0);
	CHECK_STR(fake_get(&f, "system.hostname")->buf, "");
	CHECK_STR(fake_get(&f, "passwd.plaintext-password.root")->buf, "");
	CHECK_STR(fake_get(&f, "ovfEnv")->buf, "");
	/* Fetched again: cleared values are empty, which is no value. */
	strvec_clear(&used);
	CHECK_INT(vmware_credentials(fake_backdoor, &f, &c, &used), 0);
	CHECK_INT(creds_count(&c), 0);
	CHECK_INT(used.nr, 0);

	/* A host that does not let the guest clear them: said, counted. */
	strvec_push(&used, "system.hostname");
	f.refuse_set = 1;
	strbuf_reset(&err);
	test_stderr_begin();
	CHECK_INT(vmware_clear_names(fake_backdoor, &f, &used), 1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "guestinfo.system.hostname: the host did not let it be cleared");
	CHECK_INT(f.protocol_errors, 0);
	strvec_clear(&used);
	strbuf_release(&ovf);
	strbuf_release(&err);
	fake_release(&f);
}

static void test_long_and_failing(void)
{
	struct fake f;
	struct creds c = CREDS_INIT;
	struct strvec used = STRVEC_INIT;
	struct strbuf err = STRBUF_INIT, big = STRBUF_INIT;

	fake_init(&f);
	while (big.len <= CRED_VALUE_MAX)
		strbuf_addstr(&big, "ssh-ed25519 AAAA\n");
	fake_var(&f, "ssh.authorized_keys.root", big.buf, big.len);
	fake_var(&f, "system.hostname", "web1", 4);
	test_stderr_begin();
	CHECK_INT(vmware_credentials(fake_backdoor, &f, &c, &used), 0);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "guestinfo.ssh.authorized_keys.root is longer than 65536 bytes");
	CHECK_INT(c.invalid, 1);   /* so nothing is applied */
	CHECK_STR(c.value[CRED_HOSTNAME], "web1");   /* read on a new channel */
	creds_release(&c);
	strvec_clear(&used);

	/* No VMware: open fails in the child. */
	f.open_fails = 1;
	CHECK_INT(vmware_credentials(fake_backdoor, &f, &c, &used), -1);
	CHECK_INT(creds_count(&c), 0);
	strbuf_release(&err);
	strbuf_release(&big);
	fake_release(&f);
}

/* The child that runs the backdoor dies of a fault: the caller lives. */
static void crashing_backdoor(struct bdoor_regs *r, void *ctx)
{
	(void)r;
	(void)ctx;
	raise(SIGSEGV);
}

static void test_fault_in_child(void)
{
	struct creds c = CREDS_INIT;
	struct strvec used = STRVEC_INIT;
	struct strbuf err = STRBUF_INIT;

	test_stderr_begin();
	CHECK_INT(vmware_credentials(crashing_backdoor, NULL, &c, &used), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "the VMware backdoor is not there (the reader died of signal 11)");
	strbuf_release(&err);
}

int main(void)
{
	TEST(test_get);
	TEST(test_fetch_and_clear);
	TEST(test_long_and_failing);
	TEST(test_fault_in_child);
	return test_done();
}
