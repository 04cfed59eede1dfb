/*
 * Building a kernel for a profile: unpack the source once into the cache,
 * make the baseline config, apply the fragments, olddefconfig, check the
 * policy, and compile only when no kernel with the same key is cached. The
 * key is a hash of the source, the final .config, the toolchain and the
 * pinned build identity, so the same config never compiles twice, also
 * across clones.
 *
 * Cache layout under the cache root ($XDG_CACHE_HOME/pvappliance):
 *   src/SRCID/            unpacked source tarballs
 *   obj/SRCID-ARCH/       one out-of-tree object directory per source, shared
 *                         by every profile (a new config compiles incrementally)
 *   kernel/KEY/           bzImage, config, System.map, policy-report.txt,
 *                         build.log, kernel.info: the finished results
 */
#ifndef KERNEL_H
#define KERNEL_H

#include <stdbool.h>
#include "core/strbuf.h"

struct kernel_opts {
	const char *profile;     /* path of kernel-configs/NAME.profile */
	const char *source;      /* tarball or source tree; NULL: the profile's */
	const char *cache_root;  /* NULL: $XDG_CACHE_HOME/pvappliance or ~/.cache/... */
	const char *link;        /* NULL, or a symlink to point at the result */
	const char *depfile;     /* NULL, or a make dependency file to write... */
	const char *dep_target;  /* ...naming this target */
	const char *cc;          /* compiler command ("gcc", "ccache gcc"); NULL: gcc,
				    or "distcc gcc" when DISTCC_HOSTS is set */
	int jobs;                /* 0: one per CPU, or distcc's suggestion */
	long long epoch;         /* -1: the source's own date */
	bool config_only;        /* stop after the policy check */
};
#define KERNEL_OPTS_INIT { .epoch = -1 }

/* Build (or find) the kernel; on success the result directory is appended to
 * result_dir (when not NULL). */
int kernel_build(const struct kernel_opts *o, struct strbuf *result_dir);

/* The cache root the build uses when none is given. */
void kernel_default_cache_root(struct strbuf *out);

#endif
