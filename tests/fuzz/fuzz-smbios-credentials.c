/* Fuzz the SMBIOS type 11 reader and the credential validation behind it
 * (the raw structure as /sys/firmware/dmi/entries/11-N/raw gives it, which
 * the VM's owner fills): no crash, hang or leak; a credential taken passes
 * its validation again, and is never larger than the limit. */
#include "fuzz.h"
#include "smbios.h"

FUZZ_QUIET_INITIALIZE

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct creds c = CREDS_INIT;

	smbios11_credentials(data, size, 0, &c);
	for (int i = 0; i < CRED_COUNT; i++) {
		struct strbuf why = STRBUF_INIT;
		if (!c.value[i])
			continue;
		if (c.len[i] > CRED_VALUE_MAX || strlen(c.value[i]) != c.len[i] || !c.source[i] ||
		    cred_table[i].validate(c.value[i], c.len[i], &why))
			abort();
		strbuf_release(&why);
	}
	creds_release(&c);
	return 0;
}
