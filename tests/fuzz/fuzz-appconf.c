/* Fuzz the appliance.conf parser the way the build reads one: from a file
 * in an appliance directory (with its optional packages file absent). */
#include "fuzz.h"
#include "conf/appconf.h"
#include "core/error.h"

#include <unistd.h>

static char dir[64];
static char path[96];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	snprintf(dir, sizeof(dir), "%s", "/tmp/fuzz-appconf.XXXXXX");
	if (!mkdtemp(dir))
		abort();
	snprintf(path, sizeof(path), "%s/appliance.conf", dir);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct appconf c = APPCONF_INIT;
	struct strbuf vars = STRBUF_INIT;
	FILE *f = fopen(path, "w");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f))
		abort();
	if (appconf_load(&c, dir, NULL) == 0)
		appconf_make_vars(&vars, &c); /* a good file must also print */
	strbuf_release(&vars);
	appconf_release(&c);
	return 0;
}
