/* Unit tests for firstboot/rpci.c and vmware.c against a fake VMware: a
 * backdoor function that speaks the RPCI register protocol (checking
 * magic, port, channel and cookies on every call) over a table of
 * guestinfo variables. qemu's vmport has no RPCI, so this is the test. */
#include "test.h"
#include "rpci.h"
#include "vmware.h"

#include <signal.h>
#include <unistd.h>

struct fake {
	int open_fails;
	int refuse_set;
	const char *names[8];
	struct strbuf values[8];
	int set[8];
	/* the channel */
	int open;
	struct strbuf in, out;
	size_t in_size, out_pos;
	int protocol_errors;
	int calls;
};

static void fake_init(struct fake *f)
{
	memset(f, 0, sizeof(*f));
	for (int i = 0; i < 8; i++)
		strbuf_init(&f->values[i]);
	strbuf_init(&f->in);
	strbuf_init(&f->out);
}

static void fake_release(struct fake *f)
{
	for (int i = 0; i < 8; i++)
		strbuf_release(&f->values[i]);
	strbuf_release(&f->in);
	strbuf_release(&f->out);
}

static void fake_var(struct fake *f, const char *name, const char *value, size_t len)
{
	for (int i = 0; i < 8; i++)
		if (!f->names[i] || !strcmp(f->names[i], name)) {
			f->names[i] = name;
			strbuf_reset(&f->values[i]);
			strbuf_add(&f->values[i], value, len);
			f->set[i] = 1;
			return;
		}
}

static const struct strbuf *fake_get(struct fake *f, const char *name)
{
	for (int i = 0; i < 8 && f->names[i]; i++)
		if (!strcmp(f->names[i], name) && f->set[i])
			return &f->values[i];
	return NULL;
}

/* A command has arrived whole: the host's answer. */
static void fake_command(struct fake *f)
{
	const char *cmd = f->in.buf;
	strbuf_reset(&f->out);
	f->out_pos = 0;
	if (!strncmp(cmd, "info-get guestinfo.", 19)) {
		const struct strbuf *v = fake_get(f, cmd + 19);
		if (v) {
			strbuf_addstr(&f->out, "1 ");
			strbuf_add(&f->out, v->buf, v->len);
		} else {
			strbuf_addstr(&f->out, "0 No value found");
		}
	} else if (!strncmp(cmd, "info-set guestinfo.", 19) && strchr(cmd + 19, ' ')) {
		const char *sp = strchr(cmd + 19, ' ');
		if (f->refuse_set) {
			strbuf_addstr(&f->out, "0 Permission denied");
		} else {
			for (int i = 0; i < 8 && f->names[i]; i++)
				if (strlen(f->names[i]) == (size_t)(sp - cmd - 19) &&
				    !strncmp(f->names[i], cmd + 19, (size_t)(sp - cmd - 19))) {
					strbuf_reset(&f->values[i]);
					strbuf_addstr(&f->values[i], sp + 1);
				}
			strbuf_addstr(&f->out, "1 ");
		}
	} else {
		strbuf_addstr(&f->out, "0 Unknown command");
	}
}

#define OK ((uint32_t)MESSAGE_STATUS_SUCCESS << 16)

static void fake_backdoor(struct bdoor_regs *r, void *ctx)
{
	struct fake *f = ctx;
	unsigned type = r->ecx >> 16;

	f->calls++;
	if (r->eax != BDOOR_MAGIC || (r->ecx & 0xffff) != BDOOR_CMD_MESSAGE ||
	    (r->edx & 0xffff) != BDOOR_PORT) {
		f->protocol_errors++;
		r->ecx = 0;
		return;
	}
	if (type != MESSAGE_TYPE_OPEN && (!f->open || (r->edx >> 16) != 7 || r->esi != 0x1234 ||
					  r->edi != 0x5678)) {
		f->protocol_errors++;
		r->ecx = 0;
		return;
	}
	switch (type) {
	case MESSAGE_TYPE_OPEN:
		if (f->open_fails || r->ebx != (RPCI_PROTOCOL | GUESTMSG_FLAG_COOKIE)) {
			r->ecx = 0;
			return;
		}
		f->open = 1;
		r->ecx = OK;
		r->edx = 7u << 16;
		r->esi = 0x1234;
		r->edi = 0x5678;
		return;
	case MESSAGE_TYPE_SENDSIZE:
		strbuf_reset(&f->in);
		f->in_size = r->ebx;
		r->ecx = OK;
		if (!f->in_size)
			fake_command(f);
		return;
	case MESSAGE_TYPE_SENDPAYLOAD: {
		size_t n = f->in_size - f->in.len < 4 ? f->in_size - f->in.len : 4;
		strbuf_add(&f->in, &r->ebx, n);
		if (f->in.len == f->in_size)
			fake_command(f);
		r->ecx = OK;
		return;
	}
	case MESSAGE_TYPE_RECVSIZE:
		if (!f->out.len) {
			r->ecx = OK;
			return;
		}
		r->ecx = (uint32_t)(MESSAGE_STATUS_SUCCESS | MESSAGE_STATUS_DORECV) << 16;
		r->edx = (uint32_t)MESSAGE_TYPE_SENDSIZE << 16;
		r->ebx = (uint32_t)f->out.len;
		return;
	case MESSAGE_TYPE_RECVPAYLOAD: {
		uint32_t w = 0;
		size_t n = f->out.len - f->out_pos < 4 ? f->out.len - f->out_pos : 4;
		memcpy(&w, f->out.buf + f->out_pos, n);
		f->out_pos += n;
		r->ebx = w;
		r->edx = (uint32_t)MESSAGE_TYPE_SENDPAYLOAD << 16;
		r->ecx = OK;
		return;
	}
	case MESSAGE_TYPE_RECVSTATUS:
		r->ecx = OK;
		return;
	case MESSAGE_TYPE_CLOSE:
		f->open = 0;
		r->ecx = OK;
		return;
	}
	f->protocol_errors++;
	r->ecx = 0;
}

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
