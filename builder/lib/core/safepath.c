/* Names from downloads, kept beneath their directory (see safepath.h). */
#include "core/safepath.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int path_component_check(const char *name, size_t len, const char **why)
{
	if (len == 0)
		*why = "it has an empty component";
	else if (memchr(name, '\0', len))
		*why = "it contains a NUL byte";
	else if (memchr(name, '/', len))
		*why = "a component contains '/'";
	else if (len == 1 && name[0] == '.')
		*why = "it has a '.' component";
	else if (len == 2 && name[0] == '.' && name[1] == '.')
		*why = "it has a '..' component";
	else if (len > 255)
		*why = "a component is longer than 255 bytes";
	else
		return 0;
	return -1;
}

int path_check(const char *path, size_t len, const char **why)
{
	size_t start = 0, real = 0;
	if (len == 0) {
		*why = "it is empty";
		return -1;
	}
	if (path[0] == '/') {
		*why = "it is absolute";
		return -1;
	}
	if (len >= SAFEPATH_MAX) {
		*why = "it is longer than 4095 bytes";
		return -1;
	}
	if (memchr(path, '\0', len)) {
		*why = "it contains a NUL byte";
		return -1;
	}
	for (size_t i = 0; i <= len; i++) {
		if (i < len && path[i] != '/')
			continue;
		/* "./a" and "a//b" are common in manifests (find . | xargs
		 * md5sum) and harmless: skip empty and "." components. */
		if (i - start == 0 || (i - start == 1 && path[start] == '.')) {
			start = i + 1;
			continue;
		}
		if (path_component_check(path + start, i - start, why))
			return -1;
		start = i + 1;
		real++;
	}
	if (!real) {
		*why = "it names the directory itself";
		return -1;
	}
	return 0;
}

/* Without openat2: open, then ask /proc where the file really is. */
static int open_beneath_fallback(int dirfd, const char *path, int flags)
{
	char link[64], dir[PATH_MAX], file[PATH_MAX];
	ssize_t dn, fn;
	int fd = openat(dirfd, path, flags), saved;

	if (fd < 0)
		return -1;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", dirfd);
	dn = readlink(link, dir, sizeof(dir) - 1);
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	fn = readlink(link, file, sizeof(file) - 1);
	if (dn > 0 && fn > 0) {
		dir[dn] = file[fn] = '\0';
		if (!strcmp(dir, "/") ? file[0] == '/'
				      : (!strncmp(file, dir, (size_t)dn) && file[dn] == '/'))
			return fd;
	}
	saved = dn > 0 && fn > 0 ? EXDEV : errno;
	close(fd);
	errno = saved;
	return -1;
}

int open_beneath(int dirfd, const char *path)
{
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
	struct open_how how = {
		.flags = (unsigned)flags,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
	};
	long fd = syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
	if (fd < 0 && (errno == ENOSYS || errno == EPERM))
		return open_beneath_fallback(dirfd, path, flags); /* old kernel or seccomp */
	return (int)fd;
}
