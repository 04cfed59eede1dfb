/* Names of places (see paths.h). Tested by builder/t/image/t-ziparchive.c,
 * builder/t/check/t-lint.c and tests/t7010-verify-signature.sh. */
#include "core/paths.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

const char *temp_dir(void)
{
	const char *t = getenv("TMPDIR");
	return t && *t ? t : "/tmp";
}

static void temp_name(struct strbuf *path, const char *dir, const char *what)
{
	strbuf_addf(path, "%s/pvappliance-%s.XXXXXX", dir && *dir ? dir : temp_dir(), what);
}

int make_temp_dir(struct strbuf *path, const char *dir, const char *what)
{
	temp_name(path, dir, what);
	return mkdtemp(path->buf) ? 0 : -1;
}

int make_temp_file(struct strbuf *path, const char *dir, const char *what)
{
	temp_name(path, dir, what);
	return mkostemp(path->buf, O_CLOEXEC);
}

const char *path_base(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}
