/* Unit tests for firstboot/creds.c: the table, base64, and the validation
 * of each credential with good and bad values. */
#include "test.h"
#include "creds.h"
#include "core/array.h"

#include <crypt.h>

/* ssh-keygen -t ed25519 (a throwaway key made for this test). */
#define ED25519 "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOK6bvyAGCquvYCZmSyCW6GNUg67jqLXeXGW3Go0bXCR"
/* The start of an ssh-rsa key's blob (ssh-keygen -t rsa), for a mislabelled key. */
#define RSA_BLOB "AAAAB3NzaC1yc2EAAAADAQABAAAAgQCzSAnUdSqnzf1SkLoxMABUA0n/knCLpKAvz5heONOA1fP57s4Nl8/9CJo0lLaz46jdeeAhvFKpPdUCmSlKSGk5pH+J"

static int check(int (*fn)(const char *, size_t, struct strbuf *), const char *v,
		 struct strbuf *why)
{
	strbuf_reset(why);
	return fn(v, strlen(v), why);
}

static void test_table(void)
{
	CHECK_INT(cred_lookup("passwd.hashed-password.root"), CRED_HASHED_PASSWORD_ROOT);
	CHECK_INT(cred_lookup("system.hostname"), CRED_HOSTNAME);
	CHECK_INT(cred_lookup("firstboot.locale"), -1);
	CHECK(!cred_table[CRED_PLAIN_PASSWORD_ROOT].ovf);
	CHECK(cred_table[CRED_AUTHORIZED_KEYS_ROOT].ovf);
	CHECK(cred_name_valid("system.hostname", 15));
	CHECK(!cred_name_valid("", 0));
	CHECK(!cred_name_valid("..", 2));
	CHECK(!cred_name_valid("a/b", 3));
	CHECK(!cred_name_valid("a:b", 3));
	CHECK(!cred_name_valid("a b", 3));
}

static void test_base64(void)
{
	struct strbuf out = STRBUF_INIT;
	CHECK_INT(base64_decode("aGVsbG8=", 8, &out), 0);
	CHECK_STR(out.buf, "hello");
	strbuf_reset(&out);
	CHECK_INT(base64_decode("aGVs\nbG8", 8, &out), 0);   /* unpadded, wrapped */
	CHECK_STR(out.buf, "hello");
	strbuf_reset(&out);
	CHECK_INT(base64_decode("", 0, &out), 0);
	CHECK_INT(out.len, 0);
	CHECK_INT(base64_decode("a", 1, &out), -1);
	CHECK_INT(base64_decode("aGVsbG8=x", 9, &out), -1);
	CHECK_INT(base64_decode("aGVsb*8=", 8, &out), -1);
	CHECK_INT(base64_decode("aGVsbG===", 9, &out), -1);
	CHECK_INT(base64_decode("aG=", 3, &out), -1);
	strbuf_release(&out);
}

static void test_hash(void)
{
	struct strbuf why = STRBUF_INIT;
	char *y = crypt_gensalt_ra("$y$", 0, NULL, 0);
	struct crypt_data cd = { 0 };
	const char *yh = crypt_r("secret-pw", y, &cd);
	static const char *const good[] = {
		/* openssl passwd -6 -salt abcdefgh root; -5 -salt abcdefgh root */
		"$6$abcdefgh$cnW4XDznaFa1hR9LnqrjoiAqed87oTXop3rUraOEgMC9xZ8cZ4bnv81B/PgWNFtDN0PNbtGZlCIhm8Jws2OPr0",
		"$5$abcdefgh$R6RGSMgggXQz2wdKz0HpXWjK9oI5Hjvxad6awq8YNS4",
		/* python3 crypt.crypt("root", "$2b$04$abcdefghijklmnopqrstuu") */
		"$2b$04$abcdefghijklmnopqrstuufAkr.oEPMKRzIoj4GvblEuuKtPZm.pq",
	};
	static const char *const bad[] = {
		"", "*", "!", "!!", "!$6$abcdefgh$x", "abJnggxhB/yWI",   /* DES */
		"$1$ab$y7VUjtUTBsvsk./AavCBV/",                        /* MD5 */
		"$6$abcdefgh$cnW4XDznaFa1hR9LnqrjoiAqed87oTXop3rUraOEgMC9xZ8",   /* cut */
		"$6$abcdefgh$cnW4XDznaFa1hR9LnqrjoiAqed87oTXop3rUraOEgMC9xZ8cZ4bnv81B/PgWNFtDN0PNbtGZlCIhm8Jws2OPr0\nx",
		"$6$abc:def$x", "garbage", "$y$", "$9$x$y",
	};

	CHECK(yh && *yh == '$');
	CHECK_INT(check(cred_check_hash, yh, &why), 0);
	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		if (check(cred_check_hash, good[i], &why))
			test_fail(__FILE__, __LINE__, "good hash %zu refused: %s", i, why.buf);
	}
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		if (!check(cred_check_hash, bad[i], &why))
			test_fail(__FILE__, __LINE__, "bad hash '%s' accepted", bad[i]);
	CHECK_CONTAINS(why.buf, "not a crypt(5) hash");

	/* Costs that would hang the boot (or every login) are refused without
	 * hashing anything: bcrypt 2^31 rounds, SHA-512 a billion rounds,
	 * yescrypt with N = 2^63. */
	{
		struct strbuf h = STRBUF_INIT;
		strbuf_addf(&h, "$2b$31$%s", good[2] + 7);
		CHECK(!hash_is_acceptable(h.buf));
		strbuf_reset(&h);
		strbuf_addf(&h, "$6$rounds=1000000000$%s", good[0] + 3);
		CHECK(!hash_is_acceptable(h.buf));
		strbuf_reset(&h);
		strbuf_addf(&h, "$6$rounds=10000$%s", good[0] + 3);
		CHECK(hash_is_acceptable(h.buf));
		strbuf_reset(&h);
		strbuf_addf(&h, "$y$jzT$%s", yh + 7);
		CHECK(!hash_is_acceptable(h.buf));
		strbuf_reset(&h);
		strbuf_addf(&h, "$y$jAT$%s", yh + 7);   /* N = 2^13: accepted */
		CHECK(hash_is_acceptable(h.buf));
		/* Every parameter is decoded and bounded, not N alone. */
		static const struct { const char *params; bool ok; } y_params[] = {
			{ "j9T..", true },      /* p = 2 */
			{ "j9T.s4q", false },   /* p = 1000 */
			{ "j9T//", true },      /* t = 1 */
			{ "j9T/kn", false },    /* t = 100 */
			{ "j9s5D", false },     /* r = 1024 */
			{ "j9T1.", false },     /* g = 1: an upgraded hash */
			{ "j9T5.", false },     /* a ROM */
			{ "jAT.4", false },     /* N 2^13, p = 8: 256 MiB */
			{ "z", false },         /* a number cut short */
			{ "j9", false },        /* no r */
			{ "j9T.", false },      /* p announced, not given */
			{ "k9T", false },       /* a flavour libxcrypt does not know */
		};
		const char *salt_hash = strchr(yh + 3, '$');
		for (size_t i = 0; i < ARRAY_SIZE(y_params); i++) {
			strbuf_reset(&h);
			strbuf_addf(&h, "$y$%s%s", y_params[i].params, salt_hash);
			if (hash_is_acceptable(h.buf) != y_params[i].ok)
				test_fail(__FILE__, __LINE__, "yescrypt '%s' %s", h.buf,
					  y_params[i].ok ? "refused" : "accepted");
		}
		/* A salt crypt_r cannot take (one character, 6 bits): no password
		 * would ever match it; refused after hashing a test string. */
		strbuf_reset(&h);
		strbuf_addf(&h, "$y$j9T$a$%s", strrchr(yh, '$') + 1);
		CHECK(!hash_is_acceptable(h.buf));
		/* bcrypt: a salt whose last character carries bits bcrypt drops
		 * is what crypt_r gives back changed (u is 48, v 49). */
		strbuf_reset(&h);
		strbuf_addf(&h, "$2b$04$abcdefghijklmnopqrstuv%s", good[2] + 29);
		CHECK(!hash_is_acceptable(h.buf));
		strbuf_release(&h);
	}
	free(y);
	strbuf_release(&why);
}

static void test_plain_password(void)
{
	struct strbuf why = STRBUF_INIT;
	CHECK_INT(check(cred_check_plain_password, "correct horse", &why), 0);
	CHECK_INT(check(cred_check_plain_password, "short", &why), -1);
	CHECK_CONTAINS(why.buf, "shorter than 8");
	CHECK_INT(check(cred_check_plain_password, "two\nlines here", &why), -1);
	CHECK_CONTAINS(why.buf, "line break");
	strbuf_release(&why);
}

static void test_authorized_keys(void)
{
	struct strbuf why = STRBUF_INIT;
	CHECK_INT(check(cred_check_authorized_keys, ED25519 " me@laptop\n", &why), 0);
	CHECK_INT(check(cred_check_authorized_keys, "# mine\n\n  " ED25519 "\n"
			"from=\"10.0.0.1,10.0.0.2\",command=\"echo a b\" " ED25519 " c d\n"
			"no-pty " ED25519, &why), 0);
	CHECK_INT(check(cred_check_authorized_keys, ED25519 "\r\n", &why), 0);
	CHECK_INT(check(cred_check_authorized_keys, "", &why), -1);
	CHECK_CONTAINS(why.buf, "no key");
	CHECK_INT(check(cred_check_authorized_keys, "# only a comment\n\n", &why), -1);
	CHECK_INT(check(cred_check_authorized_keys, ED25519 "\nhello world\n", &why), -1);
	CHECK_CONTAINS(why.buf, "line 2 is not an OpenSSH public key");
	CHECK_INT(check(cred_check_authorized_keys, "ssh-ed25519 !!!notbase64", &why), -1);
	CHECK_CONTAINS(why.buf, "not base64");
	CHECK_INT(check(cred_check_authorized_keys, "ssh-ed25519 " RSA_BLOB, &why), -1);
	CHECK_CONTAINS(why.buf, "not a ssh-ed25519 key");
	CHECK_INT(check(cred_check_authorized_keys, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5", &why), -1);
	CHECK_INT(check(cred_check_authorized_keys, "ssh-dss " RSA_BLOB, &why), -1);
	CHECK_INT(check(cred_check_authorized_keys, "command=\"unterminated " ED25519, &why), -1);
	CHECK_INT(check(cred_check_authorized_keys, "ssh-ed25519", &why), -1);
	strbuf_release(&why);
}

static void test_hostname(void)
{
	struct strbuf why = STRBUF_INIT;
	char long_label[70], long_name[300];

	CHECK_INT(check(cred_check_hostname, "web1", &why), 0);
	CHECK_INT(check(cred_check_hostname, "web-1.example.org", &why), 0);
	CHECK_INT(check(cred_check_hostname, "1a", &why), 0);
	CHECK_INT(check(cred_check_hostname, "", &why), -1);
	CHECK_INT(check(cred_check_hostname, "-web", &why), -1);
	CHECK_INT(check(cred_check_hostname, "web-", &why), -1);
	CHECK_INT(check(cred_check_hostname, "a..b", &why), -1);
	CHECK_INT(check(cred_check_hostname, "a.", &why), -1);
	CHECK_INT(check(cred_check_hostname, "under_score", &why), -1);
	CHECK_INT(check(cred_check_hostname, "sp ace", &why), -1);
	memset(long_label, 'a', 64);
	long_label[64] = '\0';
	CHECK_INT(check(cred_check_hostname, long_label, &why), -1);
	long_label[63] = '\0';
	CHECK_INT(check(cred_check_hostname, long_label, &why), 0);
	/* 4 labels of 63 and the dots: 255 > 253 */
	snprintf(long_name, sizeof(long_name), "%s.%s.%s.%s", long_label, long_label, long_label,
		 long_label);
	CHECK_INT(check(cred_check_hostname, long_name, &why), -1);
	CHECK_CONTAINS(why.buf, "253");
	strbuf_release(&why);
}

static void test_offer(void)
{
	struct creds c = CREDS_INIT;
	struct strbuf err = STRBUF_INIT;
	char big[CRED_VALUE_MAX + 2];

	test_stderr_begin();
	CHECK_INT(creds_offer(&c, CRED_HOSTNAME, "SMBIOS type 11 string 1", "web1\n", 5), 0);
	CHECK_STR(c.value[CRED_HOSTNAME], "web1");
	CHECK_INT(creds_offer(&c, CRED_HOSTNAME, "guestinfo.system.hostname", "web2", 4), 1);
	CHECK_STR(c.value[CRED_HOSTNAME], "web1");
	CHECK_INT(creds_offer(&c, CRED_PLAIN_PASSWORD_ROOT, "S", "pass\0word-long", 14), -1);
	memset(big, 'a', sizeof(big));
	CHECK_INT(creds_offer(&c, CRED_AUTHORIZED_KEYS_ROOT, "T", big, sizeof(big)), -1);
	CHECK_INT(creds_offer(&c, CRED_HASHED_PASSWORD_ROOT, "U", "$6$\x01x", 5), -1);
	CHECK_INT(creds_offer(&c, CRED_HASHED_PASSWORD_ROOT, "V", "*", 1), -1);
	test_stderr_end(&err);
	CHECK_INT(c.invalid, 4);
	CHECK_INT(creds_count(&c), 1);
	CHECK_CONTAINS(err.buf, "guestinfo.system.hostname: system.hostname ignored (already "
		       "given by SMBIOS type 11 string 1)");
	CHECK_CONTAINS(err.buf, "S: passwd.plaintext-password.root holds a NUL byte");
	CHECK_CONTAINS(err.buf, "T: ssh.authorized_keys.root is 65538 bytes (at most 65536");
	CHECK_CONTAINS(err.buf, "U: passwd.hashed-password.root holds the control byte 0x01");
	CHECK_CONTAINS(err.buf, "V: passwd.hashed-password.root is not a crypt(5) hash");
	CHECK(!strstr(err.buf, "word-long"));   /* no value is ever printed */
	creds_release(&c);
	CHECK_INT(creds_count(&c), 0);
	strbuf_release(&err);
}

int main(void)
{
	TEST(test_table);
	TEST(test_base64);
	TEST(test_hash);
	TEST(test_plain_password);
	TEST(test_authorized_keys);
	TEST(test_hostname);
	TEST(test_offer);
	return test_done();
}
