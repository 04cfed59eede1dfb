/* The kernel's corresponding source archive (see kernel-source.h). */
#include "kernel/kernel-source.h"
#include "kernel/kernel-info.h"
#include "kernel/profile.h"
#include "core/fsutil.h"
#include "core/paths.h"
#include "core/strbuf.h"
#include "core/tarwrite.h"
#include "core/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add DIR/FILE as PREFIX/FILE; the caller's names are built here. */
static int add(struct archive *a, const char *prefix, const char *path, long long epoch)
{
	struct strbuf name = STRBUF_INIT;
	int ret;
	strbuf_addf(&name, "%s/%s", prefix, path_base(path));
	ret = tar_add_file(a, name.buf, path, epoch, NULL);
	strbuf_release(&name);
	return ret;
}

/* pvinit's *.c and *.h, in name order. */
static int add_pvinit(struct archive *a, const char *dir, long long epoch)
{
	struct strvec names = STRVEC_INIT;
	struct dirent *e;
	DIR *d = opendir(dir);
	int ret = 0;
	if (!d)
		return error_errno("cannot open '%s'", dir);
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n > 2 && (!strcmp(e->d_name + n - 2, ".c") || !strcmp(e->d_name + n - 2, ".h")))
			strvec_pushf(&names, "%s/%s", dir, e->d_name);
	}
	closedir(d);
	qsort(names.v, names.nr, sizeof(char *), cmp_names);
	for (size_t i = 0; i < names.nr && !ret; i++)
		ret = add(a, "source/pvinit", names.v[i], epoch);
	strvec_clear(&names);
	return ret;
}

int kernel_source_archive(const struct kernel_source_opts *o)
{
	struct kernel_info info = KERNEL_INFO_INIT;
	struct kprofile prof = KPROFILE_INIT;
	struct strbuf p = STRBUF_INIT, readme = STRBUF_INIT;
	struct atomic_file out = ATOMIC_FILE_INIT;
	struct archive *a = NULL;
	struct stat st;
	int ret = -1;

	if (kernel_info_read(&info, o->kernel_dir) || kprofile_load(&prof, o->profile))
		goto out;
	if (!info.source || stat(info.source, &st) < 0 || !S_ISREG(st.st_mode)) {
		error("the kernel in '%s' was built from '%s', not a source tarball; archive that "
		      "tree yourself to publish its source", o->kernel_dir,
		      info.source ? info.source : "(unknown)");
		goto out;
	}
	strbuf_addf(&readme,
		"The corresponding source of the appliances' kernel (Linux %s, profile %s) and of\n"
		"pvinit, their init shim. Both are GPL-2.0.\n\n"
		"  %s   the kernel source, as built\n"
		"  config               the final .config (after olddefconfig)\n"
		"  kernel-configs/      the profile, the fragments and the patches it was made from\n"
		"  policy-report.txt    every requirement the final .config was checked against\n"
		"  pvinit/              pvinit's source (gcc -m32 -static)\n\n"
		"To rebuild the same bzImage on Debian 12 (gcc 12, binutils 2.40):\n"
		"  tar -xf %s && mkdir obj && cp config obj/.config\n"
		"  make -C linux-source-* O=$PWD/obj ARCH=i386 olddefconfig\n"
		"  make -C linux-source-* O=$PWD/obj ARCH=i386 bzImage \\\n"
		"    KBUILD_BUILD_TIMESTAMP='%s' \\\n"
		"    KBUILD_BUILD_USER=pvappliance KBUILD_BUILD_HOST=pvappliance KBUILD_BUILD_VERSION=1\n",
		info.version ? info.version : "?", prof.name, path_base(info.source),
		path_base(info.source), info.timestamp ? info.timestamp : "?");

	if (atomic_begin(&out, o->out, 0644))
		goto out;
	if (!(a = tar_open_fd(out.fd, o->out)) ||
	    tar_add_buffer(a, "source/README", readme.buf, readme.len, o->epoch))
		goto out;
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/config", o->kernel_dir);
	if (add(a, "source", p.buf, o->epoch))
		goto out;
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/policy-report.txt", o->kernel_dir);
	if (add(a, "source", p.buf, o->epoch) || add(a, "source/kernel-configs", prof.path, o->epoch))
		goto out;
	for (size_t i = 0; i < prof.fragments.nr; i++)
		if (add(a, "source/kernel-configs", prof.fragments.v[i], o->epoch))
			goto out;
	for (size_t i = 0; i < prof.patches.nr; i++)
		if (add(a, "source/kernel-configs", prof.patches.v[i], o->epoch))
			goto out;
	if (add_pvinit(a, o->pvinit_dir, o->epoch) || add(a, "source", info.source, o->epoch))
		goto out;
	ret = tar_commit(a, &out);
out:
	if (a)
		archive_write_free(a);
	atomic_abort(&out);
	kernel_info_release(&info);
	kprofile_release(&prof);
	strbuf_release(&p);
	strbuf_release(&readme);
	return ret;
}
