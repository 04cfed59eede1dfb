/* The kernel source: its identity, unpacked once into the cache, and its
 * version (see kernel-int.h). Tested by builder/t/kernel/t-kernel.c. */
#include "kernel/kernel-int.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/hash.h"
#include "core/run.h"
#include "core/tools.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Newest mtime under a source tree: a user's tree has no content hash we
 * could afford, so an edit anywhere in it changes the source identity. */
static long long newest_mtime;
static int note_mtime(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)type;
	if (ftw->level == 1 && !strcmp(path + ftw->base, ".git"))
		return FTW_SKIP_SUBTREE;
	if ((long long)st->st_mtime > newest_mtime)
		newest_mtime = st->st_mtime;
	return FTW_CONTINUE;
}

int kbuild_identify_source(struct kbuild *b)
{
	struct stat st;
	const char *src = b->source.buf;

	if (stat(src, &st) < 0) {
		if (b->o->source || !b->prof.source_package)
			return error_errno("kernel source '%s'", src);
		return error("kernel source '%s' is missing; install it with: apt-get install %s "
			     "(or run 'make deps'), or pass KERNEL_SRC=/path/to/linux", src,
			     b->prof.source_package);
	}
	if (S_ISDIR(st.st_mode)) {
		struct sha256_ctx *c;

		/* A tree of one's own is built as it is: patching it in place
		 * would change the person's files. */
		if (b->prof.patches.nr)
			return error("profile '%s' patches the kernel source ('%s'), and '%s' "
				     "is a directory: pass a tarball, or apply the patches to "
				     "your tree and remove 'patches =' from a copy of the profile",
				     b->prof.name, b->prof.patches.v[0], src);
		c = sha256_new();
		char *real = realpath(src, NULL);
		struct strbuf mk = STRBUF_INIT, hex = STRBUF_INIT;

		if (!real)
			die_oom();
		strbuf_addf(&mk, "%s/Makefile", real);
		if (stat(mk.buf, &st) < 0) {
			free(real);
			strbuf_release(&mk);
			sha256_free(c);
			return error("'%s' is not a kernel source tree: it has no Makefile", src);
		}
		newest_mtime = 0;
		progress("KERNEL", "scanning source tree %s", real);
		if (nftw(real, note_mtime, 64, FTW_PHYS | FTW_ACTIONRETVAL) < 0)
			warning_errno("cannot scan all of '%s'", real);
		sha256_update_str(c, real);
		sha256_update(c, &newest_mtime, sizeof(newest_mtime));
		sha256_final_hex(c, &hex);
		strbuf_addf(&b->srcid, "dir-%.16s", hex.buf);
		strbuf_addstr(&b->tree, real);
		if (b->epoch < 0)
			b->epoch = st.st_mtime; /* the tree's Makefile: its release date */
		free(real);
		strbuf_release(&mk);
		strbuf_release(&hex);
		return 0;
	}
	/* A tarball: identified by its content; its date (dpkg keeps the
	 * package's mtimes) is the kernel's build timestamp, so the cache key
	 * and the bytes agree whoever builds it and whenever. */
	struct strbuf hex = STRBUF_INIT;
	if (sha256_file_hex(src, &hex) < 0)
		return -1;
	strbuf_addf(&b->srcid, "tar-%.16s", hex.buf);
	/* A patched source is another source: its own tree, objects and key. */
	if (b->prof.patches.nr) {
		struct sha256_ctx *c = sha256_new();
		for (size_t i = 0; i < b->prof.patches.nr; i++) {
			strbuf_reset(&hex);
			if (sha256_file_hex(b->prof.patches.v[i], &hex) < 0) {
				sha256_free(c);
				strbuf_release(&hex);
				return -1;
			}
			sha256_update_str(c, hex.buf);
		}
		strbuf_reset(&hex);
		sha256_final_hex(c, &hex);
		strbuf_addf(&b->srcid, "-p%.12s", hex.buf);
	}
	strbuf_release(&hex);
	if (b->epoch < 0)
		b->epoch = st.st_mtime;
	return 0;
}

/* The single directory a kernel tarball unpacks to. */
static int find_top_dir(const char *dir, struct strbuf *out)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int found = 0;

	if (!d)
		return error_errno("cannot open '%s'", dir);
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (found++)
			break;
		strbuf_addf(out, "%s/%s", dir, e->d_name);
	}
	closedir(d);
	if (found != 1)
		return error("'%s' should hold exactly one directory (the unpacked kernel "
			     "source); remove it and build again", dir);
	return 0;
}

/* The profile's patches, in order, on the tree unpacked into dir, with GNU
 * patch: all of each must apply, or the unpack fails (nothing half-patched
 * is renamed into place). */
static int apply_patches(struct kbuild *b, const char *dir)
{
	struct strbuf top = STRBUF_INIT;
	int ret = 0;

	if (!b->prof.patches.nr)
		return 0;
	if (find_top_dir(dir, &top) || tool_require("patch")) {
		strbuf_release(&top);
		return -1;
	}
	for (size_t i = 0; i < b->prof.patches.nr && !ret; i++) {
		/* patch -d changes directory: the patch's own path must be absolute. */
		char *abs = realpath(b->prof.patches.v[i], NULL);
		const char *argv[] = { "patch", "-p1", "--batch", "--forward", "--quiet",
				       "-d", top.buf, "-i", abs, NULL };
		int rc;
		if (!abs) {
			ret = error_errno("patch '%s'", b->prof.patches.v[i]);
			break;
		}
		progress("PATCH", "%s", b->prof.patches.v[i]);
		rc = run_command(argv, NULL);
		free(abs);
		if (rc != 0) {
			if (rc > 0)
				error("patch '%s' does not apply to '%s' (patch exited with %d): "
				      "refresh it for this kernel, or remove it from the profile's "
				      "'patches =' line", b->prof.patches.v[i], b->source.buf, rc);
			ret = -1;
		}
	}
	strbuf_release(&top);
	return ret;
}

int kbuild_unpack_source(struct kbuild *b)
{
	struct strbuf dir = STRBUF_INIT, tmp = STRBUF_INIT, lock = STRBUF_INIT;
	int lock_fd = -1, ret = -1;

	if (b->tree.len)
		return 0; /* a directory: used in place */
	strbuf_addf(&dir, "%s/src/%s", b->root.buf, b->srcid.buf);
	if (is_dir(dir.buf) && !find_top_dir(dir.buf, &b->tree)) {
		ret = 0;
		goto out;
	}
	strbuf_reset(&b->tree);
	strbuf_addf(&lock, "%s.lock", dir.buf);
	if (mkdir_p(b->root.buf) || mkdir_p(dir.buf) < 0)
		goto out;
	rmdir(dir.buf); /* mkdir_p checked we may create it; the rename makes it */
	if ((lock_fd = lock_file(lock.buf, "the kernel source cache")) < 0)
		goto out;
	if (is_dir(dir.buf) && !find_top_dir(dir.buf, &b->tree)) {
		ret = 0; /* another build unpacked it while we waited */
		goto out;
	}
	strbuf_reset(&b->tree);
	remove_tree(dir.buf);
	strbuf_addf(&tmp, "%s.tmp.%ld", dir.buf, (long)getpid());
	if (remove_tree(tmp.buf) || mkdir_p(tmp.buf))
		goto out;
	progress("UNPACK", "%s (once, into %s)", b->source.buf, dir.buf);
	const char *argv[] = { "tar", "-xf", b->source.buf, "-C", tmp.buf, NULL };
	int rc = run_command(argv, NULL);
	if (rc != 0) {
		if (rc > 0)
			error("cannot unpack '%s' (tar exited with %d); is it a kernel source "
			      "tarball, and is there space in '%s'?", b->source.buf, rc, b->root.buf);
		goto out;
	}
	if (apply_patches(b, tmp.buf))
		goto out;
	if (rename(tmp.buf, dir.buf) < 0) {
		error_errno("cannot rename '%s' to '%s'", tmp.buf, dir.buf);
		goto out;
	}
	ret = find_top_dir(dir.buf, &b->tree);
out:
	if (ret && tmp.len)
		remove_tree(tmp.buf);
	if (lock_fd >= 0)
		close(lock_fd);
	strbuf_release(&dir);
	strbuf_release(&tmp);
	strbuf_release(&lock);
	return ret;
}

/* VERSION.PATCHLEVEL.SUBLEVEL from the tree's Makefile. */
int kbuild_read_version(struct kbuild *b, unsigned *kv)
{
	struct strbuf mk = STRBUF_INIT, path = STRBUF_INIT;
	long part[3] = { -1, -1, -1 };
	static const char *const keys[] = { "VERSION", "PATCHLEVEL", "SUBLEVEL" };
	int ret = -1;

	strbuf_addf(&path, "%s/Makefile", b->tree.buf);
	if (strbuf_read_file(&mk, path.buf))
		goto out;
	for (const char *p = mk.buf; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p)) {
		for (int i = 0; i < 3; i++) {
			size_t n = strlen(keys[i]);
			if (part[i] < 0 && !strncmp(p, keys[i], n)) {
				const char *q = p + n;
				q += strspn(q, " \t");
				if (*q == '=')
					part[i] = strtol(q + 1, NULL, 10);
			}
		}
	}
	if (part[0] < 0 || part[1] < 0 || part[2] < 0) {
		error("'%s' has no VERSION/PATCHLEVEL/SUBLEVEL: not a kernel source tree", path.buf);
		goto out;
	}
	strbuf_addf(&b->version, "%ld.%ld.%ld", part[0], part[1], part[2]);
	*kv = KVERSION((unsigned)part[0], (unsigned)part[1], (unsigned)part[2]);
	ret = 0;
out:
	strbuf_release(&mk);
	strbuf_release(&path);
	return ret;
}
