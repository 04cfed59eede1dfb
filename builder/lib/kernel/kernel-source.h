/* The kernel's corresponding source, as the 2006 release offered its GPL
 * source: one deterministic tar holding the kernel source tarball that was
 * built, the profile and its fragments, the final .config, the policy
 * report, the pvinit source and a README saying how to rebuild. */
#ifndef KERNEL_SOURCE_H
#define KERNEL_SOURCE_H

struct kernel_source_opts {
	const char *kernel_dir;   /* a kernel result: kernel.info, config, ... */
	const char *profile;      /* kernel-configs/NAME.profile */
	const char *pvinit_dir;   /* builder/pvinit */
	const char *out;          /* the .tar */
	long long epoch;
};

int kernel_source_archive(const struct kernel_source_opts *o);

#endif
