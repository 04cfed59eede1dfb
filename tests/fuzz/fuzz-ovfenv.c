/* Fuzz the OVF environment reader (guestinfo.ovfEnv, hostile as any
 * input from a hypervisor's user): no crash, hang or leak; every property
 * it reports has a NUL-terminated key and a value of the length it says. */
#include "fuzz.h"
#include "ovfenv.h"

FUZZ_QUIET_INITIALIZE

static void check(const char *key, const char *value, size_t len, void *arg)
{
	size_t *n = arg;
	if (strlen(value) > len || value[len] || strlen(key) > OVFENV_MAX)
		abort();
	(*n)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf err = STRBUF_INIT;
	struct creds c = CREDS_INIT;
	size_t n = 0;
	int r = ovfenv_parse((const char *)data, size, check, &n, &err);

	/* A refusal always says why; an acceptance never does. */
	if ((r == -1) != (err.len > 0))
		abort();
	ovfenv_credentials((const char *)data, size, &c);
	if (r == -1 && !c.invalid)
		abort();
	creds_release(&c);
	strbuf_release(&err);
	return 0;
}
