/* Unit tests for firstboot/smbios.c: SMBIOS type 11 structures as
 * /sys/firmware/dmi/entries/11-N/raw shows them, and the credentials. */
#include "test.h"
#include "smbios.h"

/* A structure: header (type 11, length 5, handle 0x1100 as qemu numbers
 * type 11, count), then the strings and the final NUL. */
static size_t make(unsigned char *out, unsigned count, const char *const *strs, size_t n)
{
	size_t len = 5;
	out[0] = 11;
	out[1] = 5;
	out[2] = 0x00;
	out[3] = 0x11;
	out[4] = (unsigned char)count;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(strs[i]) + 1;
		memcpy(out + len, strs[i], l);
		len += l;
	}
	out[len++] = '\0';
	return len;
}

static struct strbuf seen = STRBUF_INIT;

static void collect(unsigned n, const char *s, size_t len, void *arg)
{
	(void)arg;
	strbuf_addf(&seen, "%u:%.*s|", n, (int)len, s);
}

static void test_strings(void)
{
	static const char *const strs[] = { "first", "second", "third" };
	unsigned char raw[256];
	size_t len = make(raw, 3, strs, 3);
	struct strbuf err = STRBUF_INIT;

	strbuf_reset(&seen);
	CHECK_INT(smbios11_strings(raw, len, "t", collect, NULL), 0);
	CHECK_STR(seen.buf, "1:first|2:second|3:third|");

	/* The count byte is not trusted: 255 said, 3 there. */
	raw[4] = 255;
	strbuf_reset(&seen);
	CHECK_INT(smbios11_strings(raw, len, "t", collect, NULL), 0);
	CHECK_STR(seen.buf, "1:first|2:second|3:third|");

	/* A formatted area longer than 5 (a future SMBIOS version). */
	{
		unsigned char r2[64] = { 11, 8, 0, 0x11, 1, 0xaa, 0xbb, 0xcc, 'x', 0, 0 };
		strbuf_reset(&seen);
		CHECK_INT(smbios11_strings(r2, 11, "t", collect, NULL), 0);
		CHECK_STR(seen.buf, "1:x|");
	}

	test_stderr_begin();
	/* Truncated in the middle of string 3: the two before it count. */
	strbuf_reset(&seen);
	CHECK_INT(smbios11_strings(raw, len - 4, "SMBIOS type 11 entry 0", collect, NULL), -1);
	CHECK_STR(seen.buf, "1:first|2:second|");
	/* No final empty string: kept, with a word. */
	strbuf_reset(&seen);
	CHECK_INT(smbios11_strings(raw, len - 1, "t", collect, NULL), 0);
	CHECK_STR(seen.buf, "1:first|2:second|3:third|");
	/* Not type 11, header cut, length past the data. */
	raw[0] = 1;
	CHECK_INT(smbios11_strings(raw, len, "t", collect, NULL), -1);
	raw[0] = 11;
	CHECK_INT(smbios11_strings(raw, 4, "t", collect, NULL), -1);
	CHECK_INT(smbios11_strings(raw, 0, "t", collect, NULL), -1);
	raw[1] = 200;
	CHECK_INT(smbios11_strings(raw, len, "t", collect, NULL), -1);
	raw[1] = 4;
	CHECK_INT(smbios11_strings(raw, len, "t", collect, NULL), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "SMBIOS type 11 entry 0: string 3 has no end (a truncated structure)");
	CHECK_CONTAINS(err.buf, "t is not an SMBIOS type 11 structure");
	strbuf_release(&err);
	strbuf_release(&seen);
}

static void test_credentials(void)
{
	static const char *const strs[] = {
		"vendor=example",
		"io.systemd.credential:system.hostname=web1",
		"io.systemd.credential:firstboot.locale=de_DE.UTF-8",   /* not ours */
		/* base64 of "correct horse battery" */
		"io.systemd.credential.binary:passwd.plaintext-password.root=Y29ycmVjdCBob3JzZSBiYXR0ZXJ5",
		"io.systemd.credential:system.hostname=web2",            /* first wins */
		"io.systemd.credential:bad/name=x",
		"io.systemd.credential:noequals",
	};
	unsigned char raw[512];
	size_t len = make(raw, 7, strs, 7);
	struct creds c = CREDS_INIT;
	struct strbuf err = STRBUF_INIT;

	test_stderr_begin();
	CHECK_INT(smbios11_credentials(raw, len, 0, &c), 0);
	test_stderr_end(&err);
	CHECK_INT(c.invalid, 0);
	CHECK_STR(c.value[CRED_HOSTNAME], "web1");
	CHECK_STR(c.source[CRED_HOSTNAME], "SMBIOS type 11 string 2");
	CHECK_STR(c.value[CRED_PLAIN_PASSWORD_ROOT], "correct horse battery");
	CHECK_STR(c.source[CRED_PLAIN_PASSWORD_ROOT], "SMBIOS type 11 string 4");
	CHECK_CONTAINS(err.buf, "SMBIOS type 11 string 5: system.hostname ignored");
	CHECK_CONTAINS(err.buf, "SMBIOS type 11 string 6: not a credential NAME=VALUE with a valid name");
	CHECK_CONTAINS(err.buf, "SMBIOS type 11 string 7: not a credential");
	CHECK(!strstr(err.buf, "correct horse"));
	creds_release(&c);

	/* Bad values: bad base64, a binary value, a bad hash; in entry 1. */
	{
		static const char *const bad[] = {
			"io.systemd.credential.binary:system.hostname=!!!",
			"io.systemd.credential.binary:passwd.plaintext-password.root=cGFzcwB3b3JkLWxvbmc=",
			"io.systemd.credential:passwd.hashed-password.root=$1$ab$y7VUjtUTBsvsk./AavCBV/",
		};
		strbuf_reset(&err);
		len = make(raw, 3, bad, 3);
		test_stderr_begin();
		CHECK_INT(smbios11_credentials(raw, len, 1, &c), 0);
		test_stderr_end(&err);
		CHECK_INT(c.invalid, 3);
		CHECK_INT(creds_count(&c), 0);
		CHECK_CONTAINS(err.buf, "SMBIOS type 11 entry 1 string 1: system.hostname is not valid base64");
		CHECK_CONTAINS(err.buf, "SMBIOS type 11 entry 1 string 2: passwd.plaintext-password.root holds a NUL byte");
		CHECK_CONTAINS(err.buf, "SMBIOS type 11 entry 1 string 3: passwd.hashed-password.root is not a crypt(5) hash");
		creds_release(&c);
	}
	strbuf_release(&err);
}

int main(void)
{
	TEST(test_strings);
	TEST(test_credentials);
	return test_done();
}
