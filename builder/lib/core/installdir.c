/* The installed tool's data and lib directories, found from its own path.
 * Tested by tests/t0030-install.sh (an installed copy, moved). */
#include "core/installdir.h"
#include "core/error.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const install_dirs[] = {
	[INSTALL_DATA] = "share/pvappliance",
	[INSTALL_LIB] = "lib/pvappliance",
};

static int find(enum install_dir which, const char *sub, struct strbuf *out, int quiet)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	struct stat st;
	char *slash;

	strbuf_reset(out);
	if (n < 0)
		return quiet ? -1 : error_errno("cannot read '/proc/self/exe'");
	exe[n] = '\0';
	/* PREFIX/bin/appliance: drop the name, then bin. */
	for (int i = 0; i < 2; i++) {
		if (!(slash = strrchr(exe, '/')))
			return quiet ? -1 : error("'%s': not PREFIX/bin/appliance", exe);
		*slash = '\0';
	}
	strbuf_addf(out, "%s/%s", exe, install_dirs[which]);
	if (sub)
		strbuf_addf(out, "/%s", sub);
	if (stat(out->buf, &st) == 0)
		return 0;
	if (quiet)
		return -1;
	return error("'%s': %s (this appliance is not installed: 'make install' puts it "
		     "there; in the source tree, make passes every path itself)",
		     out->buf, strerror(errno));
}

int install_path(enum install_dir which, const char *sub, struct strbuf *out)
{
	return find(which, sub, out, 0);
}

int install_path_quiet(enum install_dir which, const char *sub, struct strbuf *out)
{
	return find(which, sub, out, 1);
}
