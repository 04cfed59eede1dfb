/* SMBIOS type 11 strings and the systemd credentials in them (smbios.h). */
#include "smbios.h"

#include <stdio.h>
#include <string.h>

int smbios11_strings(const unsigned char *raw, size_t len, const char *what,
		     smbios_string_fn fn, void *arg)
{
	size_t off;
	unsigned n = 0;

	if (len < 5 || raw[0] != 11 || raw[1] < 5 || raw[1] > len) {
		fb_report("%s is not an SMBIOS type 11 structure "
			"(%zu bytes, type %u, header length %u); ignored\n", what, len,
			len ? raw[0] : 0, len > 1 ? raw[1] : 0);
		return -1;
	}
	off = raw[1];
	while (off < len) {
		const unsigned char *nul = memchr(raw + off, '\0', len - off);
		if (!nul) {
			fb_report("%s: string %u has no end (a "
				"truncated structure); ignored\n", what, n + 1);
			return -1;
		}
		if (nul == raw + off)
			return 0;   /* the empty string that ends the set */
		n++;
		fn(n, (const char *)raw + off, (size_t)(nul - (raw + off)), arg);
		off = (size_t)(nul - raw) + 1;
	}
	/* Strings ran to the end of the data without the final empty one:
	 * the kernel gives whole structures, so say so, but keep them. */
	if (n)
		fb_report("%s: no terminating empty string after "
			"string %u\n", what, n);
	return 0;
}

struct walk {
	struct creds *c;
	unsigned entry;
};

static void one_string(unsigned n, const char *s, size_t len, void *arg)
{
	static const char text[] = "io.systemd.credential:", binary[] = "io.systemd.credential.binary:";
	struct walk *w = arg;
	char source[64];
	const char *name, *eq;
	bool is_binary;
	int id;

	if (len >= sizeof(text) - 1 && !memcmp(s, text, sizeof(text) - 1)) {
		name = s + sizeof(text) - 1;
		is_binary = false;
	} else if (len >= sizeof(binary) - 1 && !memcmp(s, binary, sizeof(binary) - 1)) {
		name = s + sizeof(binary) - 1;
		is_binary = true;
	} else {
		return;
	}
	if (w->entry)
		snprintf(source, sizeof(source), "SMBIOS type 11 entry %u string %u", w->entry, n);
	else
		snprintf(source, sizeof(source), "SMBIOS type 11 string %u", n);
	eq = memchr(name, '=', len - (size_t)(name - s));
	if (!eq || !cred_name_valid(name, (size_t)(eq - name))) {
		fb_report("%s: not a credential NAME=VALUE with a "
			"valid name; ignored\n", source);
		return;
	}
	{
		char nm[256];
		memcpy(nm, name, (size_t)(eq - name));
		nm[eq - name] = '\0';
		id = cred_lookup(nm);
	}
	if (id < 0)
		return;   /* someone else's credential */
	eq++;
	if (is_binary) {
		struct strbuf data = STRBUF_INIT;
		if (base64_decode(eq, len - (size_t)(eq - s), &data)) {
			fb_report("%s: %s is not valid base64; "
				"nothing will be applied\n", source, cred_table[id].name);
			w->c->invalid++;
		} else {
			creds_offer(w->c, id, source, data.buf, data.len);
		}
		explicit_bzero(data.buf, data.len);
		strbuf_release(&data);
	} else {
		creds_offer(w->c, id, source, eq, len - (size_t)(eq - s));
	}
}

int smbios11_credentials(const unsigned char *raw, size_t len, unsigned entry, struct creds *c)
{
	struct walk w = { c, entry };
	char what[48];
	snprintf(what, sizeof(what), "SMBIOS type 11 entry %u", entry);
	return smbios11_strings(raw, len, what, one_string, &w);
}
