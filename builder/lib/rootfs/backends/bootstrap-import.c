/* The import backends: tarball (an archive) and dir (a directory), as they are.
 * Tested by builder/t/rootfs/t-rootfs.c and tests/t3000-rootfs-debian.sh. */
#include "rootfs/bootstrap.h"
#include "core/fsutil.h"
#include "core/run.h"

int bootstrap_tarball(struct rfs *r)
{
	const char *path = local_repo_path(r->mirror.buf);
	if (!path)
		return error("bootstrap = tarball takes a local archive (a path or file:/// URL), "
			     "not '%s'; download it first (%s)", r->mirror.buf, r->conf.path);
	if (!path_exists(path))
		return error("the root filesystem archive '%s' does not exist (repo = in %s)",
			     path, r->conf.path);
	progress("ROOTFS", "%s: importing %s", r->conf.name, path);
	return extract_archive(path, r->tmp.buf);
}

int bootstrap_dir(struct rfs *r)
{
	const char *path = local_repo_path(r->mirror.buf);
	struct strbuf from = STRBUF_INIT;
	int ret;
	if (!path || !is_dir(path))
		return error("bootstrap = dir: '%s' is not a directory (repo = in %s)",
			     r->mirror.buf, r->conf.path);
	progress("ROOTFS", "%s: copying %s", r->conf.name, path);
	strbuf_addf(&from, "%s/.", path);
	const char *argv[] = { "cp", "-a", "--reflink=auto", from.buf, r->tmp.buf, NULL };
	ret = run_command(argv, NULL) ? error("cannot copy '%s'", path) : 0;
	strbuf_release(&from);
	return ret;
}
