/* The make dependency file of a kernel build (see kernel-int.h). Tested by
 * builder/t/kernel/t-kernel.c and tests/t2020-kernel-incremental.sh. */
#include "kernel/kernel-int.h"
#include "core/fsutil.h"

static void add_dep(struct strbuf *out, const char *path)
{
	strbuf_addch(out, ' ');
	for (; *path; path++) {
		if (*path == ' ' || *path == '#' || *path == ':')
			strbuf_addch(out, '\\');
		if (*path == '$')
			strbuf_addch(out, '$');
		strbuf_addch(out, *path);
	}
}

/* "TARGET: PROFILE FRAGMENTS... PATCHES... [TARBALL]" plus an empty rule for each, as
 * gcc -MP does, so a removed fragment does not break make. */
int kbuild_write_depfile(struct kbuild *b)
{
	struct strbuf d = STRBUF_INIT, deps = STRBUF_INIT;
	int ret;

	add_dep(&deps, b->prof.path);
	for (size_t i = 0; i < b->prof.fragments.nr; i++)
		add_dep(&deps, b->prof.fragments.v[i]);
	for (size_t i = 0; i < b->prof.patches.nr; i++)
		add_dep(&deps, b->prof.patches.v[i]);
	if (!is_dir(b->source.buf))
		add_dep(&deps, b->source.buf);
	add_dep(&d, b->o->dep_target);
	strbuf_addf(&d, ":%s\n", deps.buf);
	for (const char *p = deps.buf; *p;) {
		const char *q = p + 1;
		while (*q && !(*q == ' ' && q[-1] != '\\'))
			q++;
		strbuf_addf(&d, "%.*s:\n", (int)(q - p - 1), p + 1);
		p = q;
	}
	ret = write_file_atomic(b->o->depfile, d.buf + 1, d.len - 1, 0644);
	strbuf_release(&d);
	strbuf_release(&deps);
	return ret;
}
