/* The files of one VMDK (see vmdk_files_open in vmdk.h). */
#ifndef VMDK_FILES_H
#define VMDK_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include "core/fsutil.h"
#include "image/vmdk/vmdk.h"

struct vmdk_file {
	char *suffix;
	struct atomic_file out;
	const char *basename;   /* points into out.final */
};

struct vmdk_files {
	char *stem;
	struct vmdk_file *files;
	size_t nr, alloc;
};

/* path is the main file, e.g. out/debian/debian.vmdk. */
void vmdk_files_init(struct vmdk_files *f, const char *path);
/* Close everything; when ok, sync all the temporaries, then rename each to
 * its final name (on any failure, and when !ok, remove them all). */
int vmdk_files_finish(struct vmdk_files *f, bool ok);
void vmdk_files_release(struct vmdk_files *f);

#endif
