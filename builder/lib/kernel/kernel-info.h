/*
 * DIR/kernel.info, what kernel_build() writes beside each kernel it makes
 * (kernel/kernel.h): the one reader of it, for every command that needs
 * the kernel's version, profile or source (make passes the directory,
 * never a value it read itself).
 */
#ifndef KERNEL_INFO_H
#define KERNEL_INFO_H

struct kernel_info {
	char *version;   /* "6.1.192" */
	char *profile;   /* the profile's name */
	char *source;    /* the tarball or tree it was built from */
	char *timestamp; /* build-timestamp: KBUILD_BUILD_TIMESTAMP */
};
#define KERNEL_INFO_INIT { 0 }

/* Read dir/kernel.info; 0, or -1 with an error naming the file (also when
 * it names no version or profile: an old or foreign file). */
int kernel_info_read(struct kernel_info *k, const char *dir);
void kernel_info_release(struct kernel_info *k);

#endif
