/* Fuzz the NoCloud seed reader (a cidata volume is anyone's to attach):
 * the input is meta-data, a NUL, then user-data (no NUL: user-data only).
 * No crash, hang or leak; a refused seed offers nothing; the ds= and label
 * readers take the same bytes. */
#include "fuzz.h"
#include "nocloud.h"

FUZZ_QUIET_INITIALIZE

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *nul = memchr(text, '\0', size);
	struct creds c = CREDS_INIT;
	struct strbuf seed = STRBUF_INIT, why = STRBUF_INIT, cmdline = STRBUF_INIT;
	int r;

	if (nul)
		r = nocloud_credentials(text, (size_t)(nul - text), nul + 1,
					size - (size_t)(nul - text) - 1, "fuzz", &c);
	else
		r = nocloud_credentials(NULL, 0, text, size, "fuzz", &c);
	if (r == -1 && (creds_count(&c) || !c.invalid))
		abort();
	creds_release(&c);

	strbuf_add(&cmdline, text, nul ? (size_t)(nul - text) : size);
	r = nocloud_ds(cmdline.buf, &seed, &why);
	if ((r == -1) != (why.len > 0) || (r == 1 && seed.len && seed.buf[0] != '/'))
		abort();
	nocloud_label_is_cidata(data, size);
	strbuf_release(&seed);
	strbuf_release(&why);
	strbuf_release(&cmdline);
	return 0;
}
