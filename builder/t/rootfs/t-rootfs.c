/* Unit tests for builder/lib/rootfs/rootfs.c: the dir backend, atomic replacement, errors.
 * (debootstrap and mmdebstrap run in tests/t3000 and t3010.) */
#include "test.h"
#include "core/fsutil.h"
#include "rootfs/rootfs.h"

#include <unistd.h>

static char app[512], out[600];

static void setup(const char *name, const char *conf)
{
	char path[700];
	snprintf(app, sizeof(app), "%s/%s", test_tmpdir(), name);
	snprintf(path, sizeof(path), "%s/tree/sbin", app);
	mkdir_p(path);
	snprintf(path, sizeof(path), "%s/tree/etc", app);
	mkdir_p(path);
	snprintf(path, sizeof(path), "%s/tree/sbin/init", name);
	test_write(path, "#!/bin/sh\n");
	snprintf(path, sizeof(path), "%s/tree/etc/shadow", name);
	test_write(path, "root:*:1::::::\n");
	snprintf(path, sizeof(path), "%s/appliance.conf", name);
	test_write(path, conf);
	snprintf(out, sizeof(out), "%s/out", app);
}

static int build(struct strbuf *err)
{
	struct rootfs_opts o = { .appdir = app, .out = out, .epoch = 0,
				 .pvinit = test_write("pvinit", "fake"), .builder_version = "t",
				 .cache_root = test_tmpdir() };
	int ret;
	test_stderr_begin();
	ret = rootfs_build(&o);
	test_stderr_end(err);
	return ret;
}

static void test_dir_backend_replaces_atomically(void)
{
	struct strbuf err = STRBUF_INIT, conf = STRBUF_INIT, sb = STRBUF_INIT;
	if (geteuid() != 0) {
		setup("nonroot", "name = nonroot\n");
		CHECK_INT(build(&err), -1);
		CHECK_CONTAINS(err.buf, "needs root");
		strbuf_release(&err);
		return;
	}
	strbuf_addf(&conf, "name = app\ntitle = t\nversion = 1\nbootstrap = dir\n"
		    "repo = %s/app/tree\nkernel = k\ndisk_size = 64M\n", test_tmpdir());
	setup("app", conf.buf);
	CHECK_INT(build(&err), 0);
	CHECK_CONTAINS(err.buf, "ROOTFS  app: copying");
	strbuf_addf(&sb, "%s/etc/hostname", out);
	CHECK(path_exists(sb.buf));
	/* Again: the old tree is replaced, and no .tmp or .old stays. */
	CHECK_INT(build(&err), 0);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s.tmp", out);
	CHECK(!path_exists(sb.buf));
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s.old", out);
	CHECK(!path_exists(sb.buf));
	strbuf_release(&err);
	strbuf_release(&conf);
	strbuf_release(&sb);
}

static void test_errors(void)
{
	struct strbuf err = STRBUF_INIT;
	if (geteuid() != 0)
		return;
	setup("dnfapp", "name = dnfapp\ntitle = t\nversion = 1\nbootstrap = dnf\nrelease = 30\n"
	      "repo = file:///nonexistent\nkernel = k\ndisk_size = 64M\n");
	CHECK_INT(build(&err), -1);
	CHECK_CONTAINS(err.buf, "bootstrap = dnf needs 'packages ='");
	strbuf_reset(&err);
	setup("signed", "name = signed\ntitle = t\nversion = 1\nbootstrap = dnf\nrelease = 30\n"
	      "repo = https://example.invalid/f30/\npackages = bash\nkernel = k\ndisk_size = 64M\n");
	CHECK_INT(build(&err), -1);
	CHECK_CONTAINS(err.buf, "dnf checks the signatures of packages from "
		       "'https://example.invalid/f30/': set 'gpgkey ='");
	CHECK(!path_exists(out));
	strbuf_reset(&err);
	setup("missing", "name = missing\ntitle = t\nversion = 1\nbootstrap = tarball\n"
	      "repo = /nonexistent/tree.tar\nkernel = k\ndisk_size = 64M\n");
	CHECK_INT(build(&err), -1);
	CHECK_CONTAINS(err.buf, "the root filesystem archive '/nonexistent/tree.tar' does not exist");
	CHECK(!path_exists(out));
	strbuf_reset(&err);
	setup("remote", "name = remote\ntitle = t\nversion = 1\nbootstrap = tarball\n"
	      "repo = https://example.invalid/tree.tar\nkernel = k\ndisk_size = 64M\n");
	CHECK_INT(build(&err), -1);
	CHECK_CONTAINS(err.buf, "takes a local archive");
	strbuf_release(&err);
}

int main(void)
{
	TEST(test_dir_backend_replaces_atomically);
	TEST(test_errors);
	return test_done();
}
