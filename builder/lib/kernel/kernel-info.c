/* Reading kernel.info (see kernel-info.h). Tested by
 * builder/t/kernel/t-kernel-source.c and tests/t6000-publish.sh. */
#include "kernel/kernel-info.h"
#include "core/conffile.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/array.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static int on_key(const char *file, unsigned line, const char *key, const char *value,
		  void *data)
{
	struct kernel_info *k = data;
	static const struct {
		const char *key;
		size_t offset;
	} keys[] = {
		{ "version", offsetof(struct kernel_info, version) },
		{ "profile", offsetof(struct kernel_info, profile) },
		{ "source", offsetof(struct kernel_info, source) },
		{ "build-timestamp", offsetof(struct kernel_info, timestamp) },
	};
	(void)file;
	(void)line;
	/* The other keys (the cache key, the fragments, ...) are for people. */
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		char **slot = (char **)((char *)k + keys[i].offset);
		if (!strcmp(key, keys[i].key) && !*slot)
			*slot = xstrdup(value);
	}
	return 0;
}

int kernel_info_read(struct kernel_info *k, const char *dir)
{
	struct strbuf p = STRBUF_INIT;
	int ret = 0;
	strbuf_addf(&p, "%s/kernel.info", dir);
	if (conffile_read(p.buf, on_key, k))
		ret = -1;
	else if (!k->version || !k->profile)
		ret = error("'%s' names no %s: rebuild the kernel (make kernel)", p.buf,
			    !k->version ? "version" : "profile");
	strbuf_release(&p);
	return ret;
}

void kernel_info_release(struct kernel_info *k)
{
	free(k->version);
	free(k->profile);
	free(k->source);
	free(k->timestamp);
	memset(k, 0, sizeof(*k));
}
