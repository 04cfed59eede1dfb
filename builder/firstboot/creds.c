/* The credential table and the validation of every value (see creds.h). */
#include "creds.h"
#include "core/xalloc.h"
#include "core/array.h"

#include <crypt.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct cred_kind cred_table[CRED_COUNT] = {
	[CRED_HASHED_PASSWORD_ROOT] = { "passwd.hashed-password.root", true, true, true,
					cred_check_hash },
	/* Not an OVF property: the OVA asks for a hash, never a password that
	 * vCenter would keep in clear in the VM's configuration. */
	[CRED_PLAIN_PASSWORD_ROOT] = { "passwd.plaintext-password.root", true, false, true,
				       cred_check_plain_password },
	[CRED_AUTHORIZED_KEYS_ROOT] = { "ssh.authorized_keys.root", true, true, false,
					cred_check_authorized_keys },
	[CRED_HOSTNAME] = { "system.hostname", true, true, false, cred_check_hostname },
};

int cred_lookup(const char *name)
{
	for (int i = 0; i < CRED_COUNT; i++)
		if (!strcmp(cred_table[i].name, name))
			return i;
	return -1;
}

bool cred_name_valid(const char *name, size_t len)
{
	if (!len || len > 255 || (len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.'))
		return false;
	for (size_t i = 0; i < len; i++)
		if (name[i] <= ' ' || name[i] > '~' || name[i] == '/' || name[i] == ':')
			return false;
	return true;
}

void fb_report(const char *fmt, ...)
{
	va_list ap;
	if (error_silent)
		return;
	fputs("pvappliance-firstboot: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

/* ---- base64 ---- */

static int b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

int base64_decode(const char *in, size_t len, struct strbuf *out)
{
	unsigned acc = 0, n = 0, pad = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)in[i];
		int v;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == '=') {
			pad++;
			if (pad > 2)
				return -1;
			continue;
		}
		if (pad || (v = b64_value(c)) < 0)
			return -1;   /* data after padding, or not base64 */
		acc = acc << 6 | (unsigned)v;
		if (++n == 4) {
			char b[3] = { (char)(acc >> 16), (char)(acc >> 8), (char)acc };
			strbuf_add(out, b, 3);
			acc = n = 0;
		}
	}
	/* What is left: 2 or 3 characters, padded to a group or not. */
	if (n == 1 || (pad && n + pad != 4))
		return -1;
	if (n == 2) {
		strbuf_addch(out, (char)(acc >> 4));
	} else if (n == 3) {
		char b[2] = { (char)(acc >> 10), (char)(acc >> 2) };
		strbuf_add(out, b, 2);
	}
	return 0;
}

/* ---- the values ---- */

/* crypt(5)'s alphabet for salts and hashes. */
static const char itoa64[] = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

static bool all_itoa64(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!s[i] || !strchr(itoa64, s[i]))
			return false;
	return true;
}

/* yescrypt's variable-length numbers in its parameter string (libxcrypt's
 * encoding): the first character's value says how many follow; each adds
 * 6 bits. NULL when a character is not of the alphabet. */
static const char *yescrypt_number(const char *p, uint32_t min, uint64_t *out)
{
	uint32_t start = 0, end = 47, chars = 1, bits = 0;
	const char *c = *p ? strchr(itoa64, *p) : NULL;
	uint64_t v = min;
	uint32_t d;

	if (!c)
		return NULL;
	d = (uint32_t)(c - itoa64);
	p++;
	while (d > end) {
		v += (uint64_t)(end + 1 - start) << bits;
		start = end + 1;
		end = start + (62 - end) / 2;
		chars++;
		bits += 6;
	}
	v += (uint64_t)(d - start) << bits;
	while (--chars) {
		c = *p ? strchr(itoa64, *p) : NULL;
		if (!c)
			return NULL;
		p++;
		bits -= 6;
		v += (uint64_t)(c - itoa64) << bits;
	}
	*out = v;
	return p;
}

/*
 * The limits of a yescrypt hash a root login is checked against: memory
 * 128 * r * N * p bytes and time that grows with it and with t. The
 * default ($y$j9T$: N 2^12, r 32, p 1, t 0) is 16 MiB; up to 4 times its
 * work is accepted. g (an upgraded hash) and a ROM are never ours.
 */
#define YESCRYPT_FLAVOUR_MAX 47   /* YESCRYPT_RW + the flavour bits: 'j' */
#define YESCRYPT_N_LOG2_MAX 13
#define YESCRYPT_R_MAX 32
#define YESCRYPT_P_MAX 4
#define YESCRYPT_T_MAX 3
#define YESCRYPT_WORK_MAX (64ull << 20)   /* 128 * N * r * p * (t + 1) bytes */

static bool yescrypt_params_ok(const char *params, const char *end)
{
	uint64_t flavour, n_log2, r, have = 0, p = 1, t = 0;
	const char *s = params;

	if (!(s = yescrypt_number(s, 0, &flavour)) || s > end || flavour > YESCRYPT_FLAVOUR_MAX ||
	    !(s = yescrypt_number(s, 1, &n_log2)) || s > end || n_log2 > YESCRYPT_N_LOG2_MAX ||
	    !(s = yescrypt_number(s, 1, &r)) || s > end || r > YESCRYPT_R_MAX)
		return false;
	if (s < end) {
		if (!(s = yescrypt_number(s, 1, &have)) || s > end || have & ~3ull)
			return false;   /* only p and t: no g (4), no ROM (8) */
		if ((have & 1) && (!(s = yescrypt_number(s, 2, &p)) || s > end || p > YESCRYPT_P_MAX))
			return false;
		if ((have & 2) && (!(s = yescrypt_number(s, 1, &t)) || s > end || t > YESCRYPT_T_MAX))
			return false;
	}
	return s == end && 128 * (1ull << n_log2) * r * p * (t + 1) <= YESCRYPT_WORK_MAX;
}

/* The shape of each method, and every cost parameter bounded. */
static bool hash_shape_ok(const char *hash, size_t len)
{
	const char *p, *salt_end;

	if (!strncmp(hash, "$2b$", 4)) {
		/* $2b$CC$ + 22 salt + 31 hash characters; cost 4 to 14 */
		int cost;
		if (len != 60 || !isdigit((unsigned char)hash[4]) || !isdigit((unsigned char)hash[5]) ||
		    hash[6] != '$')
			return false;
		cost = (hash[4] - '0') * 10 + (hash[5] - '0');
		return cost >= 4 && cost <= 14 && all_itoa64(hash + 7, 53);
	}
	if (!strncmp(hash, "$6$", 3) || !strncmp(hash, "$5$", 3)) {
		/* [rounds=N$] salt (1-16) $ hash (86 for SHA-512, 43 for SHA-256) */
		size_t want = hash[1] == '6' ? 86 : 43;
		p = hash + 3;
		if (!strncmp(p, "rounds=", 7)) {
			char *end;
			unsigned long rounds;
			if (!isdigit((unsigned char)p[7]))
				return false;
			rounds = strtoul(p + 7, &end, 10);
			if (*end != '$' || rounds < 1000 || rounds > 1000000)
				return false;
			p = end + 1;
		}
		salt_end = strchr(p, '$');
		return salt_end && salt_end > p && salt_end - p <= 16 && all_itoa64(p, (size_t)(salt_end - p)) &&
		       strlen(salt_end + 1) == want && all_itoa64(salt_end + 1, want);
	}
	if (!strncmp(hash, "$y$", 3)) {
		/* $y$PARAMS$SALT$HASH, the hash 43 characters */
		const char *params = hash + 3, *pe = strchr(params, '$');
		if (!pe || pe == params || !yescrypt_params_ok(params, pe))
			return false;
		p = pe + 1;
		salt_end = strchr(p, '$');
		return salt_end && salt_end > p && salt_end - p <= 86 &&
		       all_itoa64(p, (size_t)(salt_end - p)) && strlen(salt_end + 1) == 43 &&
		       all_itoa64(salt_end + 1, 43);
	}
	return false;
}

/*
 * The shape and costs first, without hashing: the hash's own parameters
 * decide how long hashing takes, and a hash handed in by anyone may ask for
 * days (bcrypt $2b$31$) or gigabytes (yescrypt with a large N or r). Then,
 * with the costs known to be small, crypt_r hashes a test string with the
 * hash as its setting: a hash that libxcrypt cannot compute again (a salt
 * or parameter it does not take) would match no password, a lockout.
 */
bool hash_is_acceptable(const char *hash)
{
	size_t len = strlen(hash);
	struct crypt_data *cd;
	const char *h;
	size_t setting;
	bool ok;

	if (!len || crypt_checksalt(hash) == CRYPT_SALT_INVALID ||
	    strspn(hash, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789./$=") != len ||
	    !hash_shape_ok(hash, len))
		return false;
	cd = xcalloc(1, sizeof(*cd));
	h = crypt_r("pvappliance-firstboot self-check", hash, cd);
	/* The same setting back and a digest as long: the setting is all up
	 * to the last '$', bcrypt's the cost and its 22 salt characters. */
	setting = !strncmp(hash, "$2b$", 4) ? 29 : (size_t)(strrchr(hash, '$') - hash) + 1;
	ok = h && *h != '*' && strlen(h) == len && !strncmp(h, hash, setting);
	explicit_bzero(cd, sizeof(*cd));
	free(cd);
	return ok;
}

int cred_check_hash(const char *v, size_t len, struct strbuf *why)
{
	(void)len;
	if (!hash_is_acceptable(v)) {
		strbuf_addstr(why, "is not a crypt(5) hash of an accepted method (yescrypt $y$, "
			      "SHA-512 $6$, SHA-256 $5$ or bcrypt $2b$; make one with "
			      "'mkpasswd -m yescrypt' or 'openssl passwd -6')");
		return -1;
	}
	return 0;
}

int cred_check_plain_password(const char *v, size_t len, struct strbuf *why)
{
	if (len < 8) {
		strbuf_addstr(why, "is shorter than 8 characters");
		return -1;
	}
	if (memchr(v, '\n', len)) {
		strbuf_addstr(why, "holds a line break");
		return -1;
	}
	return 0;
}

/* The key types root may log in with; each key's blob starts with its type. */
static const char *const key_types[] = {
	"ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
	"ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com",
	"sk-ecdsa-sha2-nistp256@openssh.com",
};

static bool known_type(const char *s, size_t n)
{
	for (size_t i = 0; i < ARRAY_SIZE(key_types); i++)
		if (strlen(key_types[i]) == n && !memcmp(key_types[i], s, n))
			return true;
	return false;
}

/* The end of an options field: the first blank outside double quotes. */
static const char *options_end(const char *p, const char *end)
{
	bool quoted = false;
	for (; p < end; p++) {
		if (*p == '\\' && quoted && p + 1 < end)
			p++;
		else if (*p == '"')
			quoted = !quoted;
		else if (!quoted && (*p == ' ' || *p == '\t'))
			return p;
	}
	return quoted ? NULL : end;
}

/* One authorized_keys line: [options] type base64 [comment]. */
static int key_line(const char *p, const char *end, struct strbuf *why)
{
	const char *type, *type_end, *b64, *b64_end;
	struct strbuf blob = STRBUF_INIT;
	uint32_t n;
	int ret = -1;

	type = p;
	type_end = type + strcspn(type, " \t");
	if (type_end > end)
		type_end = end;
	if (!known_type(type, (size_t)(type_end - type))) {
		/* Options first, then the type. */
		const char *o = options_end(p, end);
		if (!o || o == end) {
			strbuf_addstr(why, "is not an OpenSSH public key (no known key type such as "
				      "ssh-ed25519, ssh-rsa or ecdsa-sha2-nistp256)");
			return -1;
		}
		type = o + strspn(o, " \t");
		type_end = type + strcspn(type, " \t");
		if (type_end > end)
			type_end = end;
		if (!known_type(type, (size_t)(type_end - type))) {
			strbuf_addstr(why, "is not an OpenSSH public key (no known key type such as "
				      "ssh-ed25519, ssh-rsa or ecdsa-sha2-nistp256)");
			return -1;
		}
	}
	b64 = type_end + strspn(type_end, " \t");
	if (b64 > end)
		b64 = end;
	b64_end = b64 + strcspn(b64, " \t");
	if (b64_end > end)
		b64_end = end;
	if (b64 == b64_end || base64_decode(b64, (size_t)(b64_end - b64), &blob)) {
		strbuf_addf(why, "has a %.*s key whose key data is not base64",
			    (int)(type_end - type), type);
		goto out;
	}
	if (blob.len < 4 || (n = (uint32_t)(unsigned char)blob.buf[0] << 24 |
			     (uint32_t)(unsigned char)blob.buf[1] << 16 |
			     (uint32_t)(unsigned char)blob.buf[2] << 8 |
			     (uint32_t)(unsigned char)blob.buf[3]) != (size_t)(type_end - type) ||
	    blob.len < 4 + n || memcmp(blob.buf + 4, type, n) || blob.len < 4 + n + 16) {
		strbuf_addf(why, "has key data that is not a %.*s key", (int)(type_end - type), type);
		goto out;
	}
	ret = 0;
out:
	strbuf_release(&blob);
	return ret;
}

int cred_check_authorized_keys(const char *v, size_t len, struct strbuf *why)
{
	const char *p = v, *end = v + len;
	unsigned line = 0, keys = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *e = nl ? nl : end;
		const char *s = p;
		line++;
		if (e > s && e[-1] == '\r')
			e--;
		s += strspn(s, " \t");
		if (s < e && *s != '#') {
			struct strbuf w = STRBUF_INIT;
			if (key_line(s, e, &w)) {
				strbuf_addf(why, "line %u %s", line, w.buf);
				strbuf_release(&w);
				return -1;
			}
			keys++;
		}
		p = nl ? nl + 1 : end;
	}
	if (!keys) {
		strbuf_addstr(why, "holds no key (only blank or # lines)");
		return -1;
	}
	return 0;
}

int cred_check_hostname(const char *v, size_t len, struct strbuf *why)
{
	size_t label = 0;

	if (!len || len > 253) {
		strbuf_addf(why, "is %zu characters long (a host name has 1 to 253)", len);
		return -1;
	}
	for (size_t i = 0; i <= len; i++) {
		char c = i < len ? v[i] : '.';
		if (c == '.') {
			if (!label || label > 63 || v[i - 1] == '-') {
				strbuf_addstr(why, "is not an RFC 1123 host name (labels of 1 to 63 "
					      "letters, digits and inner hyphens, separated by dots)");
				return -1;
			}
			label = 0;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			   (c >= '0' && c <= '9') || (c == '-' && label)) {
			label++;
		} else {
			strbuf_addstr(why, "is not an RFC 1123 host name (labels of 1 to 63 letters, "
				      "digits and inner hyphens, separated by dots)");
			return -1;
		}
	}
	return 0;
}

/* ---- collecting ---- */

int creds_offer(struct creds *c, int id, const char *source, const void *value, size_t len)
{
	const struct cred_kind *k = &cred_table[id];
	struct strbuf why = STRBUF_INIT;
	const char *v = value;
	char *copy;

	if (c->value[id]) {
		fb_report("%s: %s ignored (already given by %s)\n",
			source, k->name, c->source[id]);
		return 1;
	}
	/* A value read from a file may end in a line break. */
	while (len && (v[len - 1] == '\n' || v[len - 1] == '\r') && id != CRED_AUTHORIZED_KEYS_ROOT)
		len--;
	if (len > CRED_VALUE_MAX) {
		strbuf_addf(&why, "is %zu bytes (at most %u are accepted)", len, CRED_VALUE_MAX);
	} else if (memchr(v, '\0', len)) {
		strbuf_addstr(&why, "holds a NUL byte (binary data)");
	} else {
		for (size_t i = 0; i < len; i++) {
			unsigned char ch = (unsigned char)v[i];
			if ((ch < 0x20 && ch != '\n' && ch != '\t' && ch != '\r') || ch == 0x7f) {
				strbuf_addf(&why, "holds the control byte 0x%02x at offset %zu", ch, i);
				break;
			}
		}
	}
	copy = xmalloc(len + 1);
	memcpy(copy, v, len);
	copy[len] = '\0';
	if (!why.len)
		k->validate(copy, len, &why);
	if (why.len) {
		fb_report("%s: %s %s; nothing will be applied\n",
			source, k->name, why.buf);
		strbuf_release(&why);
		explicit_bzero(copy, len);
		free(copy);
		c->invalid++;
		return -1;
	}
	c->value[id] = copy;
	c->len[id] = len;
	c->source[id] = xstrdup(source);
	return 0;
}

void creds_release(struct creds *c)
{
	for (int i = 0; i < CRED_COUNT; i++) {
		if (c->value[i])
			explicit_bzero(c->value[i], c->len[i]);
		free(c->value[i]);
		free(c->source[i]);
		c->value[i] = c->source[i] = NULL;
		c->len[i] = 0;
	}
	c->invalid = 0;
}

int creds_count(const struct creds *c)
{
	int n = 0;
	for (int i = 0; i < CRED_COUNT; i++)
		n += c->value[i] != NULL;
	return n;
}
