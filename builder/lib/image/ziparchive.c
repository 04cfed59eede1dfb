/* Deterministic zip archives through libarchive (see ziparchive.h). */
#include "image/ziparchive.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/strbuf.h"
#include "core/strvec.h"
#include "core/tarwrite.h"
#include "core/xalloc.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *base(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

static int by_base(const void *a, const void *b)
{
	return strcmp(base(*(char *const *)a), base(*(char *const *)b));
}

static int add_file(struct archive *a, const char *folder, const char *path, long long epoch)
{
	struct archive_entry *e;
	struct strbuf name = STRBUF_INIT;
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret = -1;

	if (fd < 0 || fstat(fd, &st) < 0) {
		error_errno("cannot open '%s'", path);
		goto out;
	}
	strbuf_addf(&name, "%s/%s", folder, base(path));
	e = archive_entry_new();
	archive_entry_set_pathname(e, name.buf);
	archive_entry_set_size(e, (la_int64_t)st.st_size);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_mtime(e, (time_t)epoch, 0);
	if (archive_write_header(a, e) != ARCHIVE_OK)
		error("cannot add '%s': %s", name.buf, archive_why(a));
	else
		ret = tar_copy_data(a, name.buf, fd, path, NULL);
	archive_entry_free(e);
out:
	if (fd >= 0)
		close(fd);
	strbuf_release(&name);
	return ret;
}

/* A VMDK descriptor file's extents ("RW 2097152 VMFS \"NAME-flat.vmdk\""),
 * beside it: a disk in a zip is whole only with them. Anything else (a
 * sparse VMDK, a .vmx) adds nothing. */
static int add_extents(struct strvec *v, const char *path)
{
	static const char magic[] = "# Disk DescriptorFile";
	struct strbuf text = STRBUF_INIT, dir = STRBUF_INIT;
	char head[sizeof(magic) - 1];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, head, sizeof(head));

	if (fd >= 0)
		close(fd);
	if (n != (ssize_t)sizeof(head) || memcmp(head, magic, sizeof(head)))
		return 0;
	if (strbuf_read_file(&text, path))
		return -1;
	strbuf_add(&dir, path, (size_t)(base(path) - path));
	for (char *p = text.buf; *p;) {
		char *nl = strchrnul(p, '\n'), *q, *end;
		if ((!strncmp(p, "RW ", 3) || !strncmp(p, "RDONLY ", 7)) &&
		    (q = memchr(p, '"', (size_t)(nl - p))) && (end = memchr(q + 1, '"', (size_t)(nl - q - 1))))
			strvec_pushf(v, "%s%.*s", dir.buf, (int)(end - q - 1), q + 1);
		p = *nl ? nl + 1 : nl;
	}
	strbuf_release(&text);
	strbuf_release(&dir);
	return 0;
}

int zip_folder(const char *out, const char *folder, char *const *files, long long epoch)
{
	struct atomic_file f = ATOMIC_FILE_INIT;
	struct archive *a = archive_write_new();
	struct strvec all = STRVEC_INIT;
	size_t n;
	char **sorted = NULL;
	int ret = -1;

	for (size_t i = 0; files[i]; i++) {
		strvec_push(&all, files[i]);
		if (add_extents(&all, files[i]))
			goto out;
	}
	n = all.nr;
	sorted = xmalloc((n + 1) * sizeof(char *));
	memcpy(sorted, all.v, n * sizeof(char *));
	sorted[n] = NULL;
	qsort(sorted, n, sizeof(char *), by_base);
	if (atomic_begin(&f, out, 0644))
		goto out;
	/* No extra fields: they would carry this machine's owners and times. */
	if (archive_write_set_format_zip(a) != ARCHIVE_OK ||
	    archive_write_set_options(a, "zip:compression=deflate,zip:experimental=0") < 0 ||
	    archive_write_open_fd(a, f.fd) != ARCHIVE_OK) {
		error("cannot start '%s': %s", out, archive_error_string(a));
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if (add_file(a, folder, sorted[i], epoch)) {
			error("'%s' is not written", out);
			goto out;
		}
	ret = tar_commit(a, &f);
out:
	archive_write_free(a);
	atomic_abort(&f);
	free(sorted);
	strvec_clear(&all);
	return ret;
}
