/* Deterministic ustar members (see tarwrite.h). */
#include "core/tarwrite.h"
#include "core/xalloc.h"

#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct archive *tar_open_fd(int fd, const char *what)
{
	return tar_open_fd_format(fd, what, false);
}

struct archive *tar_open_fd_format(int fd, const char *what, bool gnu)
{
	struct archive *a = archive_write_new();
	if ((gnu ? archive_write_set_format_gnutar(a) : archive_write_set_format_ustar(a)) !=
	    ARCHIVE_OK ||
	    archive_write_set_bytes_in_last_block(a, 1) != ARCHIVE_OK ||
	    archive_write_open_fd(a, fd) != ARCHIVE_OK) {
		error("cannot start '%s': %s", what, archive_error_string(a));
		archive_write_free(a);
		return NULL;
	}
	return a;
}

static int add_header(struct archive *a, const char *name, unsigned long long size,
		      long long epoch)
{
	struct archive_entry *e = archive_entry_new();
	int r;
	archive_entry_set_pathname(e, name);
	archive_entry_set_size(e, (la_int64_t)size);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	archive_entry_set_uname(e, "root");
	archive_entry_set_gname(e, "root");
	archive_entry_set_mtime(e, (time_t)epoch, 0);
	r = archive_write_header(a, e);
	archive_entry_free(e);
	return r == ARCHIVE_OK ? 0 : error("cannot add '%s' to the archive: %s", name,
					   archive_why(a));
}

const char *archive_why(struct archive *a)
{
	/* libarchive says "Write error" where errno says why. */
	int err = archive_errno(a);
	return err > 0 ? strerror(err) : archive_error_string(a);
}

int tar_add_buffer(struct archive *a, const char *name, const void *buf, size_t len,
		   long long epoch)
{
	if (add_header(a, name, len, epoch))
		return -1;
	if (archive_write_data(a, buf, len) != (la_ssize_t)len)
		return error("cannot write '%s' into the archive: %s", name, archive_why(a));
	return 0;
}

int tar_copy_data(struct archive *a, const char *name, int fd, const char *path,
		  struct sha256_ctx *sha)
{
	char *buf = xmalloc(1 << 20);
	int ret = -1;
	for (;;) {
		ssize_t n = read(fd, buf, 1 << 20);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error_errno("cannot read '%s'", path);
			goto out;
		}
		if (!n)
			break;
		if (sha)
			sha256_update(sha, buf, (size_t)n);
		if (archive_write_data(a, buf, (size_t)n) != n) {
			error("cannot write '%s' into the archive: %s", name, archive_why(a));
			goto out;
		}
	}
	ret = 0;
out:
	free(buf);
	return ret;
}

int tar_add_file(struct archive *a, const char *name, const char *path, long long epoch,
		 struct sha256_ctx *sha)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret = -1;

	if (fd < 0 || fstat(fd, &st) < 0)
		error_errno("cannot open '%s'", path);
	else if (!add_header(a, name, (unsigned long long)st.st_size, epoch))
		ret = tar_copy_data(a, name, fd, path, sha);
	if (fd >= 0)
		close(fd);
	return ret;
}

int tar_commit(struct archive *a, struct atomic_file *f)
{
	if (archive_write_close(a) != ARCHIVE_OK)
		return error("cannot finish '%s': %s", f->final.buf, archive_why(a));
	return atomic_commit(f);
}
