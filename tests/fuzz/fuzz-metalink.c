/* Fuzz the Metalink 4 reader (our small XML parser): no crash, no leak,
 * and what it accepts has safe names and consistent pieces. */
#include "fuzz.h"
#include "formats/metalink-read.h"

FUZZ_QUIET_INITIALIZE

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct metalink m = { 0 };
	if (metalink_parse((const char *)data, size, "fuzz.meta4", &m) == 0) {
		for (size_t i = 0; i < m.nfiles; i++) {
			const struct ml_file *f = &m.files[i];
			if (!fuzz_path_is_safe(f->name))
				abort();
			if (f->piece_length && (!f->piece_algo || (f->npieces && !f->pieces)))
				abort();
		}
	}
	metalink_release(&m);
	return 0;
}
