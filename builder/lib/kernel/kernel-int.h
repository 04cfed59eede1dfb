/* What the kernel build's files share (see kernel.h): the state of one
 * build and the steps kernel.c runs in order. kernel-tree.c finds and
 * unpacks the source, kernel-compile.c configures and compiles it,
 * kernel-cache.c keys and fills the cache, kernel-depfile.c writes make's
 * dependencies. */
#ifndef KERNEL_INT_H
#define KERNEL_INT_H

#include "kernel/kernel.h"
#include "kernel/kconfig.h"
#include "kernel/profile.h"
#include "core/logwatch.h"
#include "core/strvec.h"

/* Who and where the kernel says it was built: nothing of the build machine. */
#define KBUILD_USER "pvappliance"
#define KBUILD_HOST "pvappliance"
/* Bump when the cache's contents or key change meaning. */
#define CACHE_FORMAT "pvappliance-kernel-cache 1"

struct kbuild {
	const struct kernel_opts *o;
	struct kprofile prof;
	struct strbuf root, source, srcid, tree, version, obj, log, timestamp;
	struct strvec cc;
	long long epoch;
	int jobs;
	int log_fd, lock_fd;
	struct logwatch *watch; /* progress of the current kmake, or NULL */
};

/* kernel-tree.c: the source's identity (b->srcid), the unpacked tree
 * (b->tree) and its version (b->version and *kv). */
int kbuild_identify_source(struct kbuild *b);
int kbuild_unpack_source(struct kbuild *b);
int kbuild_read_version(struct kbuild *b, unsigned *kv);

/* kernel-compile.c: the final .config, checked against the profile's
 * policy (its report in report); the compile in the object directory. */
int kbuild_configure(struct kbuild *b, struct kconfig *final, struct strbuf *report);
int kbuild_compile(struct kbuild *b);

/* kernel-cache.c: the key of this source, config and toolchain; the
 * compiled results copied into dest (KEY's directory) atomically. */
int kbuild_cache_key(struct kbuild *b, struct strbuf *key);
int kbuild_install_result(struct kbuild *b, const char *dest, const char *key,
			  const struct strbuf *report, double seconds);

/* kernel-depfile.c: o->depfile for o->dep_target. */
int kbuild_write_depfile(struct kbuild *b);

#endif
