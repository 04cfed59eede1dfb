/* qcow2 and xz-compressed raw disks through their own tools (see qcow2.h).
 * Tested by tests/t4030-kvm.sh (qemu-img check and a boot). */
#include "image/qcow2.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/run.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int qcow2_write(const char *raw, const char *out)
{
	struct atomic_file f = ATOMIC_FILE_INIT;
	int ret = -1, st;

	if (atomic_begin(&f, out, 0644))
		goto out;
	/* -c: zlib clusters, for download; -W is not given, so clusters are
	 * written in order and the file is the same every time. */
	const char *argv[] = { "qemu-img", "convert", "-q", "-f", "raw", "-O", "qcow2", "-c",
			       "-o", "compat=1.1", raw, f.tmp.buf, NULL };
	st = run_command(argv, NULL);
	if (st) {
		if (st > 0)
			error("qemu-img convert '%s' to qcow2 failed (exit %d)", raw, st);
		goto out;
	}
	ret = atomic_commit(&f);
out:
	atomic_abort(&f);
	return ret;
}

int rawxz_write(const char *raw, const char *out, int level)
{
	struct atomic_file f = ATOMIC_FILE_INIT;
	struct run_opts o = RUN_OPTS_INIT;
	char lv[8];
	int ret = -1, st;

	snprintf(lv, sizeof(lv), "-%d", level);
	if (atomic_begin(&f, out, 0644))
		goto out;
	o.in_fd = open(raw, O_RDONLY | O_CLOEXEC);
	if (o.in_fd < 0) {
		error_errno("cannot open '%s'", raw);
		goto out;
	}
	o.out_fd = f.fd;
	/* xz's stdout and stderr both go to out_fd: -q keeps its words out. */
	const char *argv[] = { "xz", "-q", "-c", "-T1", lv, "--check=crc64", NULL };
	st = run_command(argv, &o);
	close(o.in_fd);
	if (st) {
		if (st > 0)
			error("xz '%s' failed (exit %d)", raw, st);
		goto out;
	}
	ret = atomic_commit(&f);
out:
	atomic_abort(&f);
	return ret;
}
