/* Fuzz the .torrent reader (bencode, then v1/v2/hybrid metainfo checks):
 * what it accepts must be self-consistent. */
#include "fuzz.h"
#include "formats/torrent-read.h"

FUZZ_QUIET_INITIALIZE

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct torrent_info t = TORRENT_INFO_INIT;
	if (torrent_info_parse(data, size, "fuzz.torrent", &t) == 0) {
		uint64_t end = 0;
		if (!t.piece_length || (t.total + t.piece_length - 1) / t.piece_length != t.npieces)
			abort();
		for (size_t i = 0; i < t.nfiles; i++) {
			const char *p = t.files[i].path;
			if (!fuzz_path_is_safe(p) || t.files[i].offset < end)
				abort();
			end = t.files[i].offset + t.files[i].length;
		}
		if (end > t.total)
			abort();
	}
	torrent_info_release(&t);
	return 0;
}
