/* Raw disk assembly (see disk.h). */
#include "image/disk.h"
#include "image/e2times.h"
#include "core/fsutil.h"
#include "core/ids.h"
#include "image/mbr.h"
#include "core/run.h"
#include "core/strvec.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SYSLINUX_MBR "/usr/lib/syslinux/mbr/mbr.bin"
#define SECTOR 512ull

void disk_kernel_cmdline(const struct appconf *c, struct strbuf *out)
{
	/* root= by partition: PARTUUID needs no initramfs. rootfstype=ext4:
	 * the ext4 driver mounts ext3 and ext2 (EXT3_FS itself is not built).
	 * apm=power-off: with SMP the APM driver will not power off by
	 * default, and without ACPI APM is what powers the appliance off. */
	strbuf_addf(out, "console=tty0 console=ttyS0,115200 root=PARTUUID=%08x-02 ro "
		    "rootfstype=ext4 init=/sbin/pvinit panic=10 apm=power-off",
		    appliance_id32(c->name, c->version, "disk-signature"));
}

/* Blocks a tree needs: file data in 4 KiB blocks plus an inode each. */
static unsigned long long tree_bytes, tree_inodes;
static int add_usage(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)path;
	(void)type;
	(void)ftw;
	tree_bytes += ((unsigned long long)st->st_size + 4095) / 4096 * 4096;
	tree_inodes++;
	return 0;
}

static int check_fits(const struct disk_opts *o, unsigned long long root_bytes)
{
	unsigned long long need;
	tree_bytes = tree_inodes = 0;
	if (nftw(o->rootfs, add_usage, 64, FTW_PHYS) < 0)
		return error_errno("cannot read the tree '%s'", o->rootfs);
	/* Inode tables (256 bytes per 16 KiB by default), the journal (up to
	 * 64 MiB) and metadata: a tenth of the partition and 16 MiB spare. */
	need = tree_bytes + tree_inodes * 256 + root_bytes / 10 + (16ull << 20);
	if (need > root_bytes)
		return error("the root filesystem of '%s' needs about %llu MiB, but disk_size = "
			     "%llu MiB leaves %llu MiB for it; raise disk_size in %s",
			     o->conf->name, need >> 20, (unsigned long long)o->conf->disk_size >> 20,
			     root_bytes >> 20, o->conf->path);
	return 0;
}

static int write_mbr(const struct disk_opts *o, int fd, uint32_t total_sectors)
{
	struct strbuf code = STRBUF_INIT;
	struct mbr m;
	int ret;

	if (strbuf_read_file(&code, SYSLINUX_MBR))
		return error("syslinux's MBR code is missing; install it with: apt-get install "
			     "syslinux-common");
	mbr_init(&m, code.buf, code.len,
		 appliance_id32(o->conf->name, o->conf->version, "disk-signature"));
	mbr_set_partition(&m, 0, DISK_BOOT_START, DISK_BOOT_SECTORS, 0x06, 1);
	mbr_set_partition(&m, 1, DISK_ROOT_START, total_sectors - DISK_ROOT_START, 0x83, 0);
	ret = pwrite(fd, &m, sizeof(m), 0) == (ssize_t)sizeof(m) ? 0 :
	      error_errno("cannot write the MBR");
	strbuf_release(&code);
	return ret;
}

/* Run a tool with the build's pinned environment; its output goes to a
 * log whose end is shown when it fails. */
static int run_tool(const char *const *argv, const char *log, long long epoch)
{
	struct strbuf sde = STRBUF_INIT, fake = STRBUF_INIT;
	struct run_opts ro = RUN_OPTS_INIT;
	int fd, rc;

	strbuf_addf(&sde, "SOURCE_DATE_EPOCH=%lld", epoch);
	strbuf_addf(&fake, "E2FSPROGS_FAKE_TIME=%lld", epoch);
	char *env[] = { sde.buf, fake.buf, "MTOOLS_SKIP_CHECK=1", "TZ=UTC", "LC_ALL=C", NULL };
	fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0) {
		rc = error_errno("cannot open '%s'", log);
		goto out;
	}
	ro.out_fd = fd;
	ro.setenv = env;
	rc = run_command(argv, &ro);
	close(fd);
	if (rc > 0) {
		run_show_log_tail(log, 10);
		error("'%s' failed (exit %d); the whole log is '%s'", argv[0], rc, log);
	}
out:
	strbuf_release(&sde);
	strbuf_release(&fake);
	return rc ? -1 : 0;
}

static int boot_partition(const struct disk_opts *o, const char *img, const char *log)
{
	struct strbuf at = STRBUF_INIT, cfg = STRBUF_INIT;
	struct strbuf cfgpath = STRBUF_INIT, cmdline = STRBUF_INIT;
	int ret = -1;

	/* --invariant fixes the volume id and every time-based field. */
	const char *mkfs[] = { "mkfs.fat", "-F", "16", "-n", "BOOT", "--invariant",
			       "--offset=2048", "-h", "2048", img, "32768", NULL };
	if (run_tool(mkfs, log, o->epoch))
		goto out;

	disk_kernel_cmdline(o->conf, &cmdline);
	if (o->extra_append)
		strbuf_addf(&cmdline, " %s", o->extra_append);
	strbuf_addf(&cfg, "# The appliance's boot: serial and VGA consoles (pvappliance).\n"
		    "SERIAL 0 115200\nDEFAULT appliance\nPROMPT 0\nTIMEOUT 0\n\n"
		    "LABEL appliance\n  KERNEL /bzImage\n  APPEND %s\n", cmdline.buf);
	strbuf_addf(&cfgpath, "%s.syslinux.cfg", img);
	if (write_file_atomic(cfgpath.buf, cfg.buf, cfg.len, 0644))
		goto out;
	strbuf_addf(&at, "%s@@%llu", img, DISK_BOOT_START * SECTOR);
	const char *copy_kernel[] = { "mcopy", "-i", at.buf, o->kernel, "::bzImage", NULL };
	const char *copy_cfg[] = { "mcopy", "-i", at.buf, cfgpath.buf, "::syslinux.cfg", NULL };
	char offset[32];
	snprintf(offset, sizeof(offset), "%llu", DISK_BOOT_START * SECTOR);
	const char *syslinux[] = { "syslinux", "--install", "--offset", offset, img, NULL };
	ret = run_tool(copy_kernel, log, o->epoch) || run_tool(copy_cfg, log, o->epoch) ||
	      run_tool(syslinux, log, o->epoch) ? -1 : 0;
	unlink(cfgpath.buf);
out:
	strbuf_release(&at);
	strbuf_release(&cfg);
	strbuf_release(&cfgpath);
	strbuf_release(&cmdline);
	return ret;
}

static int root_partition(const struct disk_opts *o, const char *img, const char *log,
			  unsigned long long root_bytes)
{
	char uuid[37], ext[256], size[32];
	unsigned long long offset = DISK_ROOT_START * SECTOR;

	appliance_uuid(o->conf->name, o->conf->version, "rootfs", uuid);
	snprintf(ext, sizeof(ext), "offset=%llu,nodiscard,root_owner=0:0,hash_seed=%s",
		 offset, uuid);
	snprintf(size, sizeof(size), "%lluk", root_bytes >> 10);
	const char *mke2fs[] = { "mke2fs", "-q", "-F", "-t", o->conf->rootfs, "-b", "4096",
				 "-L", "root", "-U", uuid, "-E", ext, "-d", o->rootfs, img, size,
				 NULL };
	if (run_tool(mke2fs, log, o->epoch)) {
		error("mke2fs could not build the root filesystem; if it ran out of space, "
		      "raise disk_size in %s", o->conf->path);
		return -1;
	}
	return e2fs_clamp_times(img, offset, o->epoch);
}

int disk_build(const struct disk_opts *o)
{
	struct atomic_file img = ATOMIC_FILE_INIT;
	struct strbuf log = STRBUF_INIT;
	unsigned long long total = o->conf->disk_size;
	unsigned long long root_bytes = total - DISK_ROOT_START * SECTOR;
	int ret = -1;

	if (total / SECTOR > 0xffffffffull)
		return error("disk_size %llu MiB is past what an MBR can address (2 TiB)",
			     total >> 20);
	if (!is_dir(o->rootfs))
		return error("the root filesystem tree '%s' does not exist; build it first "
			     "(make %s)", o->rootfs, o->conf->name);
	if (check_fits(o, root_bytes))
		return -1;
	strbuf_addf(&log, "%s.log", o->out);
	unlink(log.buf);
	if (atomic_begin(&img, o->out, 0644))
		goto out;
	if (ftruncate(img.fd, (off_t)total) < 0) { /* sparse */
		error_errno("cannot create '%s'", img.tmp.buf);
		goto out;
	}
	progress("DISK", "%s: MBR, FAT16 boot partition, syslinux", o->conf->name);
	if (write_mbr(o, img.fd, (uint32_t)(total / SECTOR)))
		goto out;
	/* The tools write through the path; img.fd stays open so that the
	 * commit's fsync puts their writes on disk too (fsync is per file). */
	if (boot_partition(o, img.tmp.buf, log.buf))
		goto out;
	progress("DISK", "%s: %s root filesystem, %llu MiB", o->conf->name, o->conf->rootfs,
		 root_bytes >> 20);
	if (root_partition(o, img.tmp.buf, log.buf, root_bytes))
		goto out;
	ret = atomic_commit(&img);
out:
	atomic_abort(&img);
	strbuf_release(&log);
	return ret;
}
