/* Fuzz the kernel .config parser, then write back what it read and parse
 * that again: a round trip must be accepted and give the same text. */
#include "fuzz.h"
#include "kernel/kconfig.h"

FUZZ_QUIET_INITIALIZE

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kconfig a = KCONFIG_INIT, b = KCONFIG_INIT;
	struct strbuf out = STRBUF_INIT, again = STRBUF_INIT;
	char *text;
	if (memchr(data, '\0', size))
		return 0; /* kconfig_read refuses NUL bytes before parsing */
	text = fuzz_cstring(data, size);
	if (kconfig_parse(&a, "fuzz.config", text, true) == 0) {
		kconfig_write(&out, &a);
		if (kconfig_parse(&b, "written.config", out.buf, false) != 0)
			abort();
		kconfig_write(&again, &b);
		if (strcmp(out.buf, again.buf))
			abort();
	}
	kconfig_release(&a);
	kconfig_release(&b);
	strbuf_release(&out);
	strbuf_release(&again);
	free(text);
	return 0;
}
