/* The files a VMDK writer makes: created as temporaries beside their final
 * names, renamed together when the writer succeeded, removed otherwise. */
#include "image/vmdk/vmdk-files.h"
#include "core/error.h"
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
	struct vmdk_file *e;
	const char *slash;

	for (size_t i = 0; i < f->nr; i++) {
		if (!strcmp(f->files[i].suffix, suffix)) {
			*fd = f->files[i].fd;
			*basename = f->files[i].basename;
			return 0;
		}
	}
	GROW(f->files, f->nr + 1, f->alloc);
	e = &f->files[f->nr];
	memset(e, 0, sizeof(*e));
	e->suffix = xstrdup(suffix);
	strbuf_init(&e->final);
	strbuf_init(&e->tmp);
	strbuf_addf(&e->final, "%s%s.vmdk", f->stem, suffix);
	strbuf_addf(&e->tmp, "%s.tmp", e->final.buf);
	slash = strrchr(e->final.buf, '/');
	e->basename = slash ? slash + 1 : e->final.buf;
	e->fd = open(e->tmp.buf, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (e->fd < 0) {
		error_errno("cannot create '%s'", e->tmp.buf);
		free(e->suffix);
		strbuf_release(&e->final);
		strbuf_release(&e->tmp);
		return -1;
	}
	f->nr++;
	*fd = e->fd;
	*basename = e->basename;
	return 0;
}

int vmdk_files_finish(struct vmdk_files *f, bool ok)
{
	int ret = ok ? 0 : -1;
	for (size_t i = 0; i < f->nr; i++) {
		struct vmdk_file *e = &f->files[i];
		if (ret == 0 && (fsync(e->fd) < 0 || close(e->fd) < 0)) {
			ret = error_errno("cannot write '%s'", e->tmp.buf);
			e->fd = -1;
		} else if (e->fd >= 0) {
			if (ret)
				close(e->fd);
		}
		e->fd = -1;
	}
	for (size_t i = 0; i < f->nr; i++) {
		struct vmdk_file *e = &f->files[i];
		if (ret == 0 && rename(e->tmp.buf, e->final.buf) < 0)
			ret = error_errno("cannot rename '%s' to '%s'", e->tmp.buf, e->final.buf);
		if (ret)
			unlink(e->tmp.buf);
	}
	return ret;
}

void vmdk_files_release(struct vmdk_files *f)
{
	for (size_t i = 0; i < f->nr; i++) {
		free(f->files[i].suffix);
		strbuf_release(&f->files[i].final);
		strbuf_release(&f->files[i].tmp);
	}
	free(f->files);
	free(f->stem);
	memset(f, 0, sizeof(*f));
}

const char *vmdk_files_path(const struct vmdk_files *f, size_t i)
{
	return i < f->nr ? f->files[i].final.buf : NULL;
}
