/* File system helpers: every finished file appears by rename. */
#include "core/fsutil.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

bool path_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int mkdir_p(const char *path)
{
	char *p = xstrdup(path);
	int ret = 0;

	for (char *s = p + 1;; s++) {
		if (*s && *s != '/')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST) {
			ret = error_errno("cannot create directory '%s'", p);
			break;
		}
		if (!c)
			break;
		*s = c;
	}
	if (!ret && !is_dir(path))
		ret = error("'%s' exists and is not a directory", path);
	free(p);
	return ret;
}

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int write_file_atomic(const char *path, const void *data, size_t len, mode_t mode)
{
	struct strbuf tmp = STRBUF_INIT;
	int fd = -1, ret = -1;

	strbuf_addf(&tmp, "%s.tmp.%ld", path, (long)getpid());
	fd = open(tmp.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0) {
		error_errno("cannot create '%s'", tmp.buf);
		goto out;
	}
	if (write_all(fd, data, len) < 0 || fchmod(fd, mode) < 0 || fsync(fd) < 0) {
		error_errno("cannot write '%s'", tmp.buf);
		goto out;
	}
	if (close(fd) < 0) {
		fd = -1;
		error_errno("cannot write '%s'", tmp.buf);
		goto out;
	}
	fd = -1;
	if (rename(tmp.buf, path) < 0) {
		error_errno("cannot rename '%s' to '%s'", tmp.buf, path);
		goto out;
	}
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	if (ret)
		unlink(tmp.buf);
	strbuf_release(&tmp);
	return ret;
}

int atomic_begin(struct atomic_file *f, const char *path, mode_t mode)
{
	int ret = -1;

	strbuf_init(&f->final);
	strbuf_init(&f->tmp);
	strbuf_addstr(&f->final, path);
	strbuf_addf(&f->tmp, "%s.tmp", path);
	/* A stale temporary (a killed run's, or a link planted there) is never
	 * written through: remove it and make a new file. If it cannot be
	 * removed, O_EXCL makes the open below say why. */
	unlink(f->tmp.buf);
	f->fd = open(f->tmp.buf, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (f->fd < 0 || fchmod(f->fd, mode) < 0) {
		error_errno("cannot create '%s'", f->tmp.buf);
		goto out;
	}
	ret = 0;
out:
	if (ret) {
		if (f->fd >= 0) {
			close(f->fd);
			unlink(f->tmp.buf);
		}
		f->fd = -1;
		/* Nothing of ours left to remove: atomic_abort only frees. */
		strbuf_release(&f->tmp);
	}
	return ret;
}

int atomic_sync(struct atomic_file *f)
{
	int fd = f->fd, ret = 0;

	if (fd < 0)
		return 0;
	f->fd = -1;
	if (fsync(fd) < 0)
		ret = error_errno("cannot write '%s'", f->tmp.buf);
	/* close reports the delayed write errors of some file systems (NFS). */
	if (close(fd) < 0 && !ret)
		ret = error_errno("cannot write '%s'", f->tmp.buf);
	return ret;
}

int atomic_commit(struct atomic_file *f)
{
	int ret = -1;
	if (!f->tmp.len)
		return error("'%s' has no temporary to commit", f->final.buf);
	if (atomic_sync(f))
		goto out;
	if (rename(f->tmp.buf, f->final.buf) < 0) {
		error_errno("cannot rename '%s' to '%s'", f->tmp.buf, f->final.buf);
		goto out;
	}
	ret = 0;
out:
	if (ret)
		unlink(f->tmp.buf);
	/* Committed or removed: nothing left for atomic_abort to remove. */
	strbuf_release(&f->tmp);
	return ret;
}

void atomic_abort(struct atomic_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	if (f->tmp.len)
		unlink(f->tmp.buf);
	strbuf_release(&f->tmp);
	strbuf_release(&f->final);
}

int copy_file(const char *src, const char *dst, mode_t mode)
{
	int in = -1, out = -1, ret = -1;
	char buf[65536];

	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		error_errno("cannot open '%s'", src);
		goto out;
	}
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (out < 0) {
		error_errno("cannot create '%s'", dst);
		goto out;
	}
	for (;;) {
		ssize_t n = read(in, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error_errno("cannot read '%s'", src);
			goto out;
		}
		if (n == 0)
			break;
		if (write_all(out, buf, (size_t)n) < 0) {
			error_errno("cannot write '%s'", dst);
			goto out;
		}
	}
	if (fchmod(out, mode) < 0 || fsync(out) < 0) {
		error_errno("cannot write '%s'", dst);
		goto out;
	}
	ret = close(out);
	out = -1;
	if (ret < 0)
		error_errno("cannot write '%s'", dst);
out:
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return ret;
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if ((type == FTW_DP ? rmdir(path) : unlink(path)) < 0 && errno != ENOENT) {
		error_errno("cannot remove '%s'", path);
		return -1;
	}
	return 0;
}

int remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : error_errno("cannot stat '%s'", path);
	if (!S_ISDIR(st.st_mode))
		return unlink(path) < 0 ? error_errno("cannot remove '%s'", path) : 0;
	return nftw(path, remove_one, 64, FTW_DEPTH | FTW_PHYS) ? -1 : 0;
}

int symlink_atomic(const char *target, const char *link)
{
	struct strbuf tmp = STRBUF_INIT;
	int ret = 0;

	strbuf_addf(&tmp, "%s.tmp.%ld", link, (long)getpid());
	unlink(tmp.buf);
	if (symlink(target, tmp.buf) < 0)
		ret = error_errno("cannot create symlink '%s'", tmp.buf);
	else if (rename(tmp.buf, link) < 0) {
		ret = error_errno("cannot rename '%s' to '%s'", tmp.buf, link);
		unlink(tmp.buf);
	}
	strbuf_release(&tmp);
	return ret;
}

int lock_file(const char *lockfile, const char *what)
{
	int fd = open(lockfile, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return error_errno("cannot open lock '%s'", lockfile);
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return fd;
	progress("WAIT", "%s is in use by another build (lock '%s')", what, lockfile);
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			error_errno("cannot lock '%s'", lockfile);
			close(fd);
			return -1;
		}
	}
	return fd;
}
