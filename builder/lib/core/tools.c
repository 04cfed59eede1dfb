/* Where our external programs come from, so a missing one names its package. */
#include "core/tools.h"
#include "core/array.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct {
	const char *tool;
	const char *package;
} tool_packages[] = {
	{ "bc", "bc" },
	{ "bison", "bison" },
	{ "chroot", "coreutils" },
	{ "cp", "coreutils" },
	{ "ccache", "ccache" },
	{ "debootstrap", "debootstrap" },
	{ "distcc", "distcc" },
	{ "dnf", "dnf" },
	{ "file", "file" },
	{ "flex", "flex" },
	{ "gcc", "gcc" },
	{ "gpg", "gpg" },
	{ "gpgv", "gpgv" },
	{ "ld", "binutils" },
	{ "make", "make" },
	{ "patch", "patch" },
	{ "qemu-system-i386", "qemu-system-x86" },
	{ "qemu-img", "qemu-utils" },
	{ "mcopy", "mtools" },
	{ "mke2fs", "e2fsprogs" },
	{ "mkfs.fat", "dosfstools" },
	{ "mmdebstrap", "mmdebstrap (and arch-test for i386)" },
	{ "perl", "perl-base" },
	{ "syslinux", "syslinux" },
	{ "tar", "tar" },
	{ "xz", "xz-utils" },
	{ "zypper", "zypper" },
};

const char *tool_package(const char *name)
{
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	for (size_t i = 0; i < ARRAY_SIZE(tool_packages); i++)
		if (!strcmp(tool_packages[i].tool, base))
			return tool_packages[i].package;
	return NULL;
}

int tool_find(const char *name, struct strbuf *path)
{
	const char *p = getenv("PATH");

	if (strchr(name, '/')) {
		if (access(name, X_OK))
			return -1;
		strbuf_addstr(path, name);
		return 0;
	}
	if (!p || !*p)
		p = "/usr/local/bin:/usr/bin:/bin";
	while (*p) {
		size_t n = strcspn(p, ":");
		size_t mark = path->len;
		if (n)
			strbuf_add(path, p, n);
		else
			strbuf_addch(path, '.');
		strbuf_addf(path, "/%s", name);
		if (!access(path->buf, X_OK))
			return 0;
		strbuf_setlen(path, mark);
		p += n;
		if (*p == ':')
			p++;
	}
	return -1;
}

int tool_require(const char *name)
{
	struct strbuf path = STRBUF_INIT;
	int ret = tool_find(name, &path);
	const char *pkg;

	strbuf_release(&path);
	if (!ret)
		return 0;
	pkg = tool_package(name);
	if (pkg)
		return error("'%s' not found in PATH; install it with: apt-get install %s "
			     "(or run 'make deps')", name, pkg);
	return error("'%s' not found in PATH", name);
}
