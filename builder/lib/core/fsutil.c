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
			ret = error("cannot create directory '%s': %s", p, strerror(errno));
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
		error("cannot create '%s': %s", tmp.buf, strerror(errno));
		goto out;
	}
	if (write_all(fd, data, len) < 0 || fchmod(fd, mode) < 0 || fsync(fd) < 0) {
		error("cannot write '%s': %s", tmp.buf, strerror(errno));
		goto out;
	}
	if (close(fd) < 0) {
		fd = -1;
		error("cannot write '%s': %s", tmp.buf, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp.buf, path) < 0) {
		error("cannot rename '%s' to '%s': %s", tmp.buf, path, strerror(errno));
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

int copy_file(const char *src, const char *dst, mode_t mode)
{
	int in = -1, out = -1, ret = -1;
	char buf[65536];

	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		error("cannot open '%s': %s", src, strerror(errno));
		goto out;
	}
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (out < 0) {
		error("cannot create '%s': %s", dst, strerror(errno));
		goto out;
	}
	for (;;) {
		ssize_t n = read(in, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error("cannot read '%s': %s", src, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		if (write_all(out, buf, (size_t)n) < 0) {
			error("cannot write '%s': %s", dst, strerror(errno));
			goto out;
		}
	}
	if (fchmod(out, mode) < 0 || fsync(out) < 0) {
		error("cannot write '%s': %s", dst, strerror(errno));
		goto out;
	}
	ret = close(out);
	out = -1;
	if (ret < 0)
		error("cannot write '%s': %s", dst, strerror(errno));
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
		error("cannot remove '%s': %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : error("cannot stat '%s': %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return unlink(path) < 0 ? error("cannot remove '%s': %s", path, strerror(errno)) : 0;
	return nftw(path, remove_one, 64, FTW_DEPTH | FTW_PHYS) ? -1 : 0;
}

int symlink_atomic(const char *target, const char *link)
{
	struct strbuf tmp = STRBUF_INIT;
	int ret = 0;

	strbuf_addf(&tmp, "%s.tmp.%ld", link, (long)getpid());
	unlink(tmp.buf);
	if (symlink(target, tmp.buf) < 0)
		ret = error("cannot create symlink '%s': %s", tmp.buf, strerror(errno));
	else if (rename(tmp.buf, link) < 0) {
		ret = error("cannot rename '%s' to '%s': %s", tmp.buf, link, strerror(errno));
		unlink(tmp.buf);
	}
	strbuf_release(&tmp);
	return ret;
}

int lock_file(const char *lockfile, const char *what)
{
	int fd = open(lockfile, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return error("cannot open lock '%s': %s", lockfile, strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return fd;
	progress("WAIT", "%s is in use by another build (lock '%s')", what, lockfile);
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			error("cannot lock '%s': %s", lockfile, strerror(errno));
			close(fd);
			return -1;
		}
	}
	return fd;
}
