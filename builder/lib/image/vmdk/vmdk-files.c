/* The files a VMDK writer makes: created as temporaries beside their final
 * names (atomic_begin), all synced before any is renamed (none appears until
 * every one's data is on disk), removed when the writer failed.
 * Tested by builder/t/image/vmdk/t-vmdk.c and tests/t9010-faults.sh (a full
 * disk, kill -9). */
#include "image/vmdk/vmdk-files.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void vmdk_files_init(struct vmdk_files *f, const char *path)
{
	size_t n = strlen(path);
	memset(f, 0, sizeof(*f));
	/* out/NAME.vmdk -> stem out/NAME; extents are out/NAME-flat.vmdk, ... */
	f->stem = n > 5 && !strcmp(path + n - 5, ".vmdk") ? xstrndup(path, n - 5) : xstrdup(path);
}

int vmdk_files_open(struct vmdk_files *f, const char *suffix, int *fd, const char **basename)
{
	struct strbuf path = STRBUF_INIT;
	struct vmdk_file *e;
	const char *slash;
	int ret;

	for (size_t i = 0; i < f->nr; i++) {
		if (!strcmp(f->files[i].suffix, suffix)) {
			*fd = f->files[i].out.fd;
			*basename = f->files[i].basename;
			return 0;
		}
	}
	GROW(f->files, f->nr + 1, f->alloc);
	e = &f->files[f->nr];
	memset(e, 0, sizeof(*e));
	strbuf_addf(&path, "%s%s.vmdk", f->stem, suffix);
	ret = atomic_begin(&e->out, path.buf, 0644);
	if (ret) {
		atomic_abort(&e->out);
		goto out;
	}
	e->suffix = xstrdup(suffix);
	slash = strrchr(e->out.final.buf, '/');
	e->basename = slash ? slash + 1 : e->out.final.buf;
	f->nr++;
	*fd = e->out.fd;
	*basename = e->basename;
out:
	strbuf_release(&path);
	return ret;
}

int vmdk_files_finish(struct vmdk_files *f, bool ok)
{
	int ret = ok ? 0 : -1;
	for (size_t i = 0; i < f->nr && ret == 0; i++)
		ret = atomic_sync(&f->files[i].out);
	for (size_t i = 0; i < f->nr && ret == 0; i++)
		ret = atomic_commit(&f->files[i].out);
	/* Remove what a failure left uncommitted (a no-op for the committed). */
	for (size_t i = 0; i < f->nr && ret; i++)
		atomic_abort(&f->files[i].out);
	return ret;
}

void vmdk_files_release(struct vmdk_files *f)
{
	for (size_t i = 0; i < f->nr; i++) {
		free(f->files[i].suffix);
		atomic_abort(&f->files[i].out);
	}
	free(f->files);
	free(f->stem);
	memset(f, 0, sizeof(*f));
}
