/* The kernel cache: where it is, the key of a build and the results stored
 * under it (see kernel.h for the layout, kernel-int.h). Tested by
 * builder/t/kernel/t-kernel.c and tests/t2010-kernel.sh. */
#include "kernel/kernel-int.h"
#include "core/array.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/hash.h"
#include "core/run.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void kernel_default_cache_root(struct strbuf *out)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	if (xdg && *xdg == '/')
		strbuf_addf(out, "%s/pvappliance", xdg);
	else
		strbuf_addf(out, "%s/.cache/pvappliance", home && *home ? home : "/tmp");
}

int kbuild_cache_key(struct kbuild *b, struct strbuf *key)
{
	struct strvec argv = STRVEC_INIT;
	struct strbuf out = STRBUF_INIT, config = STRBUF_INIT, path = STRBUF_INIT;
	struct run_opts ro = RUN_OPTS_INIT;
	struct sha256_ctx *c = NULL;
	int ret = -1;

	/* The compiler's and the linker's identity: a new gcc or binutils
	 * compiles anew (the .config records the compiler, not the linker). */
	for (size_t i = 0; i < b->cc.nr; i++)
		strvec_push(&argv, b->cc.v[i]);
	strvec_push(&argv, "--version");
	ro.capture = &out;
	if (run_command((const char *const *)argv.v, &ro) != 0) {
		error("cannot ask the compiler '%s' for its version", b->cc.v[b->cc.nr - 1]);
		goto out;
	}
	const char *ld_argv[] = { "ld", "--version", NULL };
	if (run_command(ld_argv, &ro) != 0)
		goto out;
	strbuf_addf(&path, "%s/.config", b->obj.buf);
	if (strbuf_read_file(&config, path.buf))
		goto out;

	c = sha256_new();
	sha256_update_str(c, CACHE_FORMAT);
	sha256_update_str(c, b->srcid.buf);
	sha256_update_str(c, b->version.buf);
	sha256_update_str(c, b->prof.arch);
	sha256_update_str(c, b->prof.target);
	sha256_update_str(c, b->timestamp.buf);
	sha256_update_str(c, KBUILD_USER "@" KBUILD_HOST);
	sha256_update_str(c, out.buf);
	sha256_update_str(c, config.buf);
	strbuf_reset(&out);
	sha256_final_hex(c, &out);
	strbuf_add(key, out.buf, 32);
	ret = 0;
out:
	strvec_clear(&argv);
	strbuf_release(&out);
	strbuf_release(&config);
	strbuf_release(&path);
	return ret;
}

int kbuild_install_result(struct kbuild *b, const char *dest, const char *key,
			  const struct strbuf *report, double seconds)
{
	struct strbuf tmp = STRBUF_INIT, src = STRBUF_INIT, dst = STRBUF_INIT, info = STRBUF_INIT;
	static const char *const image_paths[] = { "arch/i386/boot/bzImage",
						   "arch/x86/boot/bzImage" };
	static const struct { const char *from, *to; } files[] = {
		{ ".config", "config" },
		{ "System.map", "System.map" },
	};
	int ret = -1;

	strbuf_addf(&tmp, "%s.tmp.%ld", dest, (long)getpid());
	if (remove_tree(tmp.buf) || mkdir_p(tmp.buf))
		goto out;
	for (size_t i = 0; i < 2; i++) {
		strbuf_reset(&src);
		strbuf_addf(&src, "%s/%s", b->obj.buf, image_paths[i]);
		if (path_exists(src.buf))
			break;
	}
	strbuf_addf(&dst, "%s/bzImage", tmp.buf);
	if (copy_file(src.buf, dst.buf, 0644))
		goto out;
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		strbuf_reset(&src);
		strbuf_reset(&dst);
		strbuf_addf(&src, "%s/%s", b->obj.buf, files[i].from);
		strbuf_addf(&dst, "%s/%s", tmp.buf, files[i].to);
		if (copy_file(src.buf, dst.buf, 0644))
			goto out;
	}
	strbuf_reset(&dst);
	strbuf_addf(&dst, "%s/build.log", tmp.buf);
	if (copy_file(b->log.buf, dst.buf, 0644))
		goto out;
	strbuf_reset(&dst);
	strbuf_addf(&dst, "%s/policy-report.txt", tmp.buf);
	if (write_file_atomic(dst.buf, report->buf, report->len, 0644))
		goto out;

	strbuf_addf(&info, "# What this kernel is and how it was built.\n"
		    "key = %s\nprofile = %s\nversion = %s\narch = %s\nsource = %s\n"
		    "source-id = %s\nbuild-timestamp = %s\nbuild-user = %s\nbuild-host = %s\n"
		    "compile-seconds = %.0f\nfragments =", key, b->prof.name, b->version.buf,
		    b->prof.arch, b->source.buf, b->srcid.buf, b->timestamp.buf, KBUILD_USER,
		    KBUILD_HOST, seconds);
	for (size_t i = 0; i < b->prof.fragments.nr; i++) {
		const char *f = strrchr(b->prof.fragments.v[i], '/');
		strbuf_addf(&info, " %s", f ? f + 1 : b->prof.fragments.v[i]);
	}
	strbuf_addstr(&info, "\npatches =");
	for (size_t i = 0; i < b->prof.patches.nr; i++) {
		const char *f = strrchr(b->prof.patches.v[i], '/');
		strbuf_addf(&info, " %s", f ? f + 1 : b->prof.patches.v[i]);
	}
	strbuf_addch(&info, '\n');
	strbuf_reset(&dst);
	strbuf_addf(&dst, "%s/kernel.info", tmp.buf);
	if (write_file_atomic(dst.buf, info.buf, info.len, 0644))
		goto out;
	if (rename(tmp.buf, dest) < 0) {
		if (errno == EEXIST || errno == ENOTEMPTY) {
			ret = 0; /* an identical kernel landed meanwhile */
			goto out;
		}
		error_errno("cannot rename '%s' to '%s'", tmp.buf, dest);
		goto out;
	}
	strbuf_reset(&tmp);
	ret = 0;
out:
	if (tmp.len)
		remove_tree(tmp.buf);
	strbuf_release(&tmp);
	strbuf_release(&src);
	strbuf_release(&dst);
	strbuf_release(&info);
	return ret;
}
