/* Identifiers derived from an appliance's inputs. */
#include "core/ids.h"
#include "core/hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void digest(const char *name, const char *version, const char *purpose,
		   struct strbuf *hex)
{
	struct sha256_ctx *c = sha256_new();
	sha256_update_str(c, "pvappliance uuid 1");
	sha256_update_str(c, name);
	sha256_update_str(c, version);
	sha256_update_str(c, purpose);
	sha256_final_hex(c, hex);
}

uint32_t appliance_id32(const char *name, const char *version, const char *purpose)
{
	struct strbuf hex = STRBUF_INIT;
	uint32_t id;
	digest(name, version, purpose, &hex);
	id = (uint32_t)strtoul(strndupa(hex.buf, 8), NULL, 16);
	strbuf_release(&hex);
	return id ? id : 1;
}

void appliance_uuid(const char *name, const char *version, const char *purpose, char out[37])
{
	struct strbuf hex = STRBUF_INIT;
	char h[33];

	digest(name, version, purpose, &hex);
	memcpy(h, hex.buf, 32);
	h[32] = '\0';
	h[12] = '4';                            /* version 4 layout */
	h[16] = "89ab"[(h[16] - (h[16] >= 'a' ? 'a' - 10 : '0')) & 3]; /* RFC 4122 variant */
	snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", h, h + 8, h + 12, h + 16, h + 20);
	strbuf_release(&hex);
}
