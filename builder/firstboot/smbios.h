/*
 * SMBIOS type 11 (OEM strings) structures as the kernel shows them in
 * /sys/firmware/dmi/entries/11-N/raw, and the systemd credentials in them
 * (systemd.system-credentials(7)): "io.systemd.credential:NAME=VALUE" and
 * "io.systemd.credential.binary:NAME=BASE64". qemu sets them with
 * -smbios type=11,value=... Pure logic: natively built for tests and fuzzing.
 */
#ifndef FIRSTBOOT_SMBIOS_H
#define FIRSTBOOT_SMBIOS_H

#include "creds.h"

#include <stddef.h>

/* Called for string number n (from 1) of the structure, s of len bytes
 * (NUL-terminated at s[len]). */
typedef void (*smbios_string_fn)(unsigned n, const char *s, size_t len, void *arg);

/*
 * Walk the strings of one type 11 structure: header (type 11, length >= 5,
 * handle, count), formatted area up to `length`, then NUL-terminated strings
 * ending with an empty one. The count byte is not trusted: the strings
 * present are walked. -1 with a message naming what (e.g. "SMBIOS type 11
 * entry 0") on a structure that is not type 11, is shorter than its header
 * or has an unterminated string (the strings before it are still walked).
 */
int smbios11_strings(const unsigned char *raw, size_t len, const char *what,
		     smbios_string_fn fn, void *arg);

/*
 * Offer the credentials of one structure to c (creds_offer): the entry's
 * strings in systemd's two forms with a name of cred_table; other strings
 * and other names are left alone (systemd's own import may use them).
 * entry is N of 11-N, for the source name. Returns what smbios11_strings
 * does; bad values are counted in c->invalid.
 */
int smbios11_credentials(const unsigned char *raw, size_t len, unsigned entry, struct creds *c);

#endif
