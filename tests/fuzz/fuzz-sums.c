/* Fuzz the MD5SUMS/SHA256SUMS line parser and the name quoting: a name it
 * accepts, quoted for output, must stay on one line. */
#include "fuzz.h"
#include "formats/sumline.h"

FUZZ_QUIET_INITIALIZE

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	while (p <= end) {
		const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl ? nl : end) - p);
		struct sum_line l = { 0 };
		const char *why = NULL;
		int r = sum_line_parse((const char *)p, len, &l, &why);
		if (r == SUM_LINE_OK) {
			struct strbuf q = STRBUF_INIT;
			if (!l.algo || !l.name)
				abort();
			sum_name_quote(&q, l.name);
			if (memchr(q.buf, '\n', q.len))
				abort();
			strbuf_release(&q);
		} else if (r == SUM_LINE_BAD && !why) {
			abort();
		}
		free(l.name);
		if (!nl)
			break;
		p = nl + 1;
	}
	return 0;
}
