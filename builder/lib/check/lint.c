/* appliance lint (see lint.h): the image and its root partition, the walk
 * over the filesystem tree (owners, modes, SSH host keys), the machine-id,
 * then the accounts, the build machine's details (other files) and an init
 * that would leave the serial console without a login. */
#include "check/lint-int.h"
#include "core/array.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/paths.h"
#include "image/mbr.h"
#include "image/vmdk/vmdk-read.h"
#include "core/xalloc.h"

#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_READ (4u << 20)   /* configuration files are small */
#define MAX_DEPTH 256

void lint_add(struct lint *l, const char *path, const char *fmt, ...)
{
	struct lint_report *rep = l->rep;
	struct strbuf what = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&what, fmt, ap);
	va_end(ap);
	GROW(rep->v, rep->nr + 1, rep->alloc);
	rep->v[rep->nr].path = xstrdup(path);
	rep->v[rep->nr].what = strbuf_detach(&what);
	rep->nr++;
}

void lint_report_release(struct lint_report *rep)
{
	for (size_t i = 0; i < rep->nr; i++) {
		free(rep->v[i].path);
		free(rep->v[i].what);
	}
	free(rep->v);
	*rep = (struct lint_report)LINT_REPORT_INIT;
}

/* ---- reading the image's files ---- */

int lint_lookup(struct lint *l, const char *path, ext2_ino_t *ino, struct ext2_inode *inode)
{
	errcode_t err = ext2fs_namei(l->fs, EXT2_ROOT_INO, EXT2_ROOT_INO, path, ino);
	if (err == EXT2_ET_FILE_NOT_FOUND || err == EXT2_ET_NO_DIRECTORY ||
	    err == EXT2_ET_SYMLINK_LOOP)
		return 0;
	if (!err)
		err = ext2fs_read_inode(l->fs, *ino, inode);
	if (err)
		return error("cannot look up '%s' in '%s': %s", path, l->image, error_message(err));
	return 1;
}

int lint_read(struct lint *l, const char *path, struct strbuf *out)
{
	struct ext2_inode inode;
	ext2_ino_t ino;
	ext2_file_t file;
	errcode_t err;
	size_t size;
	unsigned got = 0;
	int found = lint_lookup(l, path, &ino, &inode);

	strbuf_reset(out);
	if (found <= 0 || !LINUX_S_ISREG(inode.i_mode))
		return found < 0 ? -1 : 0;
	size = EXT2_I_SIZE(&inode) < MAX_READ ? (size_t)EXT2_I_SIZE(&inode) : MAX_READ;
	if ((err = ext2fs_file_open(l->fs, ino, 0, &file)))
		return error("cannot open '%s' in '%s': %s", path, l->image, error_message(err));
	strbuf_grow(out, size);
	err = ext2fs_file_read(file, out->buf, (unsigned)size, &got);
	ext2fs_file_close(file);
	if (err)
		return error("cannot read '%s' in '%s': %s", path, l->image, error_message(err));
	strbuf_setlen(out, got);
	return 1;
}

struct entry {
	char *name;
	ext2_ino_t ino;
};

struct entries {
	struct entry *v;
	size_t nr, alloc;
};

static int collect(struct ext2_dir_entry *de, int offset, int blocksize, char *buf, void *data)
{
	struct entries *es = data;
	int len = ext2fs_dirent_name_len(de);
	(void)offset;
	(void)blocksize;
	(void)buf;
	if (!de->inode || (len == 1 && de->name[0] == '.') ||
	    (len == 2 && de->name[0] == '.' && de->name[1] == '.'))
		return 0;
	GROW(es->v, es->nr + 1, es->alloc);
	es->v[es->nr].name = xstrndup(de->name, (size_t)len);
	es->v[es->nr].ino = de->inode;
	es->nr++;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static void entries_release(struct entries *es)
{
	for (size_t i = 0; i < es->nr; i++)
		free(es->v[i].name);
	free(es->v);
}

static int read_dir(struct lint *l, ext2_ino_t dir, const char *path, struct entries *es)
{
	errcode_t err = ext2fs_dir_iterate(l->fs, dir, 0, NULL, collect, es);
	if (err)
		return error("cannot read the directory '%s' in '%s': %s", path, l->image,
			     error_message(err));
	if (es->nr)
		qsort(es->v, es->nr, sizeof(*es->v), by_name);
	return 0;
}

int lint_list(struct lint *l, const char *dir, struct strvec *names)
{
	struct ext2_inode inode;
	struct entries es = { 0 };
	ext2_ino_t ino;
	int found = lint_lookup(l, dir, &ino, &inode);

	if (found <= 0 || !LINUX_S_ISDIR(inode.i_mode))
		return found < 0 ? -1 : 0;
	if (read_dir(l, ino, dir, &es)) {
		entries_release(&es);
		return -1;
	}
	for (size_t i = 0; i < es.nr; i++)
		strvec_push(names, es.v[i].name);
	entries_release(&es);
	return 0;
}

/* ---- the walk: owners, modes, host keys ---- */

/* Where a distribution owns every file as root. */
static const char *const root_owned[] = { "bin", "boot", "etc", "lib", "lib32", "sbin", "usr" };
/* Files there that a distribution gives another owner. None so far: the
 * debian, fedora and suse images have none; add a path with the reason. */
static const char *const owner_exceptions[] = { NULL };
/* World-writable sticky directories that are tmpfs mount points on a
 * running system (Debian's base files make /run/lock 1777 in the tree). */
static const char *const sticky_dirs[] = { "/run/lock", "/run/shm", "/dev/shm", "/var/lock" };

static bool in_list(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n && list[i]; i++)
		if (!strcmp(list[i], s))
			return true;
	return false;
}

static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	return !strncmp(path, dir, n) && (path[n] == '/' || !path[n]);
}

static const char *kind(unsigned mode)
{
	return LINUX_S_ISDIR(mode) ? "directory" : LINUX_S_ISREG(mode) ? "file" :
	       LINUX_S_ISCHR(mode) ? "character device" : LINUX_S_ISBLK(mode) ? "block device" :
	       LINUX_S_ISFIFO(mode) ? "FIFO" : LINUX_S_ISSOCK(mode) ? "socket" : "file";
}

static void check_inode(struct lint *l, const char *path, const char *dir, const char *name,
			const struct ext2_inode *inode)
{
	unsigned mode = inode->i_mode, uid = inode_uid(*inode);
	size_t toplen = strcspn(path + 1, "/");
	char top[16] = "";

	if (toplen < sizeof(top))
		memcpy(top, path + 1, toplen);
	if (uid && in_list(root_owned, ARRAY_SIZE(root_owned), top) &&
	    !in_list(owner_exceptions, ARRAY_SIZE(owner_exceptions),
		     path))
		lint_add(l, path, "owned by uid %u, not root, in a system directory (the build "
			 "user's files in the tree? the overlay is copied as root's)", uid);

	if (!LINUX_S_ISLNK(mode) && (mode & 0002)) {
		bool sticky_dir = LINUX_S_ISDIR(mode) && (mode & 01000);
		if (under(path, "/tmp") || under(path, "/var/tmp")) {
			if (LINUX_S_ISDIR(mode) && !sticky_dir)
				lint_add(l, path, "world-writable directory without the sticky bit "
					 "(mode %04o): anyone can remove anyone's files", mode & 07777);
		} else if (sticky_dir && in_list(sticky_dirs, ARRAY_SIZE(sticky_dirs), path)) {
			/* a tmpfs mount point */
		} else if ((LINUX_S_ISCHR(mode) || LINUX_S_ISBLK(mode)) && under(path, "/dev")) {
			/* /dev/null, /dev/tty...: rw for all by design (and devtmpfs
			 * hides these at boot) */
		} else {
			lint_add(l, path, "world-writable %s (mode %04o): anyone on the appliance "
				 "can change it", kind(mode), mode & 07777);
		}
	}

	if (!strcmp(dir, "/etc/ssh") && !LINUX_S_ISDIR(mode) && !fnmatch("ssh_host_*key*", name, 0))
		lint_add(l, path, "SSH host key baked into the image (hygiene removes them; "
			 "regenerate on first boot)");
	lint_leftovers(l, path, dir, name, inode);
}

struct walk {
	struct lint *l;
	struct strbuf path;
	ext2fs_inode_bitmap seen;
};

static int walk_dir(struct walk *w, ext2_ino_t dir, unsigned depth)
{
	struct entries es = { 0 };
	size_t base = w->path.len;
	char *dirpath;
	int ret = 0;

	if (depth > MAX_DEPTH)
		return error("'%s': directories nested more than %u deep at '%s': a damaged "
			     "filesystem", w->l->image, MAX_DEPTH, w->path.buf);
	/* A directory reached twice is a damaged filesystem: read it once. */
	if (ext2fs_test_inode_bitmap2(w->seen, dir))
		return 0;
	ext2fs_mark_inode_bitmap2(w->seen, dir);
	dirpath = xstrdup(base ? w->path.buf : "/");
	if (read_dir(w->l, dir, dirpath, &es)) {
		ret = -1;
		goto out;
	}
	for (size_t i = 0; i < es.nr && !ret; i++) {
		struct ext2_inode inode;
		errcode_t err;

		strbuf_setlen(&w->path, base);
		strbuf_addf(&w->path, "/%s", es.v[i].name);
		if (es.v[i].ino > w->l->fs->super->s_inodes_count ||
		    (err = ext2fs_read_inode(w->l->fs, es.v[i].ino, &inode))) {
			ret = error("cannot read the inode of '%s' in '%s': a damaged filesystem",
				    w->path.buf, w->l->image);
			break;
		}
		w->l->rep->files++;
		check_inode(w->l, w->path.buf, dirpath, es.v[i].name, &inode);
		if (LINUX_S_ISDIR(inode.i_mode))
			ret = walk_dir(w, es.v[i].ino, depth + 1);
	}
out:
	strbuf_setlen(&w->path, base);
	free(dirpath);
	entries_release(&es);
	return ret;
}

static int walk_tree(struct lint *l)
{
	struct walk w = { .l = l, .path = STRBUF_INIT };
	errcode_t err = ext2fs_allocate_inode_bitmap(l->fs, "directories seen", &w.seen);
	int ret;

	if (err)
		return error("'%s': %s", l->image, error_message(err));
	ret = walk_dir(&w, EXT2_ROOT_INO, 0);
	ext2fs_free_inode_bitmap(w.seen);
	strbuf_release(&w.path);
	return ret;
}

/* An empty machine-id is systemd's "make one on first boot"; so is the
 * word "uninitialized" (systemd 247 and later). */
static int machine_id(struct lint *l)
{
	static const char *const paths[] = { "/etc/machine-id", "/var/lib/dbus/machine-id" };
	struct strbuf id = STRBUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < 2 && !ret; i++) {
		int found = lint_read(l, paths[i], &id);
		if (found < 0)
			ret = -1;
		else if (found && id.len && strcmp(id.buf, "uninitialized\n"))
			lint_add(l, paths[i], "machine-id baked into the image: every copy would "
				 "share it (hygiene empties it; it is made on first boot)");
	}
	strbuf_release(&id);
	return ret;
}

/* The inode a path ends at, links followed (a merged /usr's /lib too):
 * 0 when there is none. */
static ext2_ino_t resolve(struct lint *l, const char *path)
{
	ext2_ino_t ino = 0;
	if (ext2fs_namei_follow(l->fs, EXT2_ROOT_INO, EXT2_ROOT_INO, path, &ino))
		return 0;
	return ino;
}

/* systemd as init without udev boots with no serial login at all:
 * serial-getty@ttyS0 is bound to dev-ttyS0.device, which only udev makes
 * (found by building one; minbase installs no Recommends, so systemd-sysv
 * alone does not bring udev). */
static void init_and_udev(struct lint *l)
{
	static const char *const systemd[] = { "/lib/systemd/systemd", "/usr/lib/systemd/systemd" };
	static const char *const udevd[] = { "/lib/systemd/systemd-udevd",
					     "/usr/lib/systemd/systemd-udevd", "/sbin/udevd" };
	ext2_ino_t init = resolve(l, "/sbin/init");
	bool is_systemd = false, has_udev = false;

	for (size_t i = 0; init && i < ARRAY_SIZE(systemd); i++)
		is_systemd |= resolve(l, systemd[i]) == init;
	for (size_t i = 0; i < ARRAY_SIZE(udevd); i++)
		has_udev |= resolve(l, udevd[i]) != 0;
	if (is_systemd && !has_udev)
		lint_add(l, "/sbin/init", "systemd is init but there is no udev (systemd-udevd): "
			 "serial-getty@ttyS0 waits for a device unit only udev makes, so the serial "
			 "console never gets a login; add the package udev to the appliance's "
			 "packages (systemd-udev on Fedora)");
}

/* ---- the image ---- */

static const char *host_tmpdir(const struct lint_opts *o)
{
	return o->tmpdir && *o->tmpdir ? o->tmpdir : temp_dir();
}

/* The root filesystem's byte offset: the first Linux (0x83) partition of
 * the MBR, or 0 for a bare filesystem image. */
static int root_offset(struct vmdk_reader *r, const char *image, uint64_t *offset)
{
	struct mbr m;
	unsigned char magic[2];
	uint64_t size = vmdk_reader_size(r);
	struct strbuf types = STRBUF_INIT;
	int ret = -1;

	if (size < 2048)
		return error("'%s' is %llu bytes: too small for a disk", image,
			     (unsigned long long)size);
	if (vmdk_reader_pread(r, &m, sizeof(m), 0))
		return -1;
	if (m.boot_signature[0] == 0x55 && m.boot_signature[1] == 0xaa) {
		for (int i = 0; i < 4; i++) {
			const struct mbr_partition *p = &m.part[i];
			uint64_t first = le32toh(p->lba_first), n = le32toh(p->sectors);
			if (p->type)
				strbuf_addf(&types, "%s0x%02x", types.len ? ", " : "", p->type);
			if (p->type == 0xee)
				return error("'%s' has a GPT; lint reads MBR disks (as appliance disk "
					     "makes them)", image);
			if (p->type != 0x83)
				continue;
			if (!first || (first + n) * 512 > size) {
				error("'%s': partition %d (sectors %llu to %llu) is not inside the "
				      "disk (%llu sectors)", image, i + 1, (unsigned long long)first,
				      (unsigned long long)(first + n), (unsigned long long)(size / 512));
				goto out;
			}
			*offset = first * 512;
			ret = 0;
			goto out;
		}
	}
	/* No Linux partition: maybe a bare filesystem (ext magic 0xEF53). */
	if (vmdk_reader_pread(r, magic, 2, 1024 + 56))
		goto out;
	if (magic[0] == 0x53 && magic[1] == 0xef) {
		*offset = 0;
		ret = 0;
	} else {
		if (types.len)
			error("'%s' has no Linux partition (MBR type 0x83; its partitions are of "
			      "types %s) and is no ext2/3/4 filesystem", image, types.buf);
		else
			error("'%s' has no partition table and is no ext2/3/4 filesystem", image);
	}
out:
	strbuf_release(&types);
	return ret;
}

/* A VMDK becomes a sparse raw file, unlinked at once so that nothing is left
 * behind whatever happens; libext2fs opens it through /proc/self/fd. */
static int decode(struct vmdk_reader *r, const struct lint_opts *o, int *fd,
		  struct strbuf *path)
{
	*fd = make_temp_file(path, host_tmpdir(o), "lint");
	if (*fd < 0)
		return error_errno("cannot create a temporary file in '%s'", host_tmpdir(o));
	progress("LINT", "%s: %s, decoded to a temporary raw disk in %s", o->image,
		 vmdk_reader_format(r), host_tmpdir(o));
	if (!access("/proc/self/fd", X_OK)) {
		unlink(path->buf);
		strbuf_reset(path);
		strbuf_addf(path, "/proc/self/fd/%d", *fd);
	}
	return vmdk_reader_to_raw(r, *fd, path->buf);
}

static int by_path(const void *a, const void *b)
{
	const struct lint_finding *x = a, *y = b;
	int c = strcmp(x->path, y->path);
	return c ? c : strcmp(x->what, y->what);
}

int lint_image(const struct lint_opts *o, struct lint_report *rep)
{
	struct lint l = { .o = o, .rep = rep, .image = o->image };
	struct vmdk_reader *r = NULL;
	struct strbuf fspath = STRBUF_INIT;
	char opts[64];
	uint64_t offset = 0;
	int fd = -1, ret = -1;
	errcode_t err;

	if (vmdk_reader_open(o->image, &r) || root_offset(r, o->image, &offset))
		goto out;
	if (strcmp(vmdk_reader_format(r), "raw")) {
		if (decode(r, o, &fd, &fspath))
			goto out;
	} else {
		strbuf_addstr(&fspath, o->image);
	}
	vmdk_reader_close(r);
	r = NULL;
	snprintf(opts, sizeof(opts), "offset=%llu", (unsigned long long)offset);
	err = ext2fs_open2(fspath.buf, opts, EXT2_FLAG_64BITS, 0, 0, unix_io_manager, &l.fs);
	if (err) {
		error("cannot open the ext2/3/4 filesystem of '%s' at byte %llu: %s", o->image,
		      (unsigned long long)offset, error_message(err));
		goto out;
	}
	if (walk_tree(&l) || machine_id(&l) || lint_accounts(&l) || lint_host_details(&l) ||
	    lint_update_sources(&l))
		goto out;
	init_and_udev(&l);
	if (rep->nr)
		qsort(rep->v, rep->nr, sizeof(*rep->v), by_path);
	ret = 0;
out:
	if (l.fs)
		ext2fs_close_free(&l.fs);
	vmdk_reader_close(r);
	if (fd >= 0) {
		if (strncmp(fspath.buf, "/proc/", 6))
			unlink(fspath.buf);
		close(fd);
	}
	strbuf_release(&fspath);
	return ret;
}
