/* The licence summary of an appliance (see licenses.h). */
#include "image/licenses.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/strvec.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char full_texts[] =
	"The full licence texts are in /usr/share/doc/*/copyright inside the appliance "
	"(one file per package); the sources are published with the release.";

static bool listed(const struct strvec *v, const char *s)
{
	for (size_t i = 0; i < v->nr; i++)
		if (!strcmp(v->v[i], s))
			return true;
	return false;
}

/* The short names on a DEP-5 file's "License:" lines ("GPL-2+ or LGPL"
 * counts as one name: it is how the package states it). */
static void add_names(struct strvec *names, const char *text)
{
	for (const char *p = text; *p;) {
		const char *nl = strchrnul(p, '\n');
		if (!strncmp(p, "License:", 8)) {
			const char *v = p + 8;
			while (v < nl && (*v == ' ' || *v == '\t'))
				v++;
			const char *end = nl;
			while (end > v && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
				end--;
			if (end > v && end - v < 64) {
				char *name = strndup(v, (size_t)(end - v));
				if (!name)
					die_oom();
				if (!listed(names, name))
					strvec_push(names, name);
				free(name);
			}
		}
		p = *nl ? nl + 1 : nl;
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int licenses_summary(struct strbuf *out, const char *rootfs)
{
	struct strvec names = STRVEC_INIT;
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	unsigned packages = 0;
	DIR *d = NULL;
	int ret = 0;

	if (rootfs) {
		strbuf_addf(&path, "%s/usr/share/doc", rootfs);
		if (!(d = opendir(path.buf)) && errno != ENOENT) {
			ret = error_errno("cannot read '%s'", path.buf);
			goto out;
		}
	}
	for (struct dirent *e; d && (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/usr/share/doc/%s/copyright", rootfs, e->d_name);
		strbuf_reset(&text);
		if (!path_exists(path.buf) || strbuf_read_file(&text, path.buf))
			continue; /* a symlinked doc directory, or none: not a package's */
		packages++;
		add_names(&names, text.buf);
	}
	if (!packages) {
		strbuf_addf(out, "This appliance is free software: the Linux kernel (GPL-2.0), "
			    "pvinit (the project's licence) and the packages of its distribution, "
			    "each under its own free licence. %s", full_texts);
		goto out;
	}
	qsort(names.v, names.nr, sizeof(*names.v), cmp_str);
	strbuf_addf(out, "This appliance contains the Linux kernel (GPL-2.0) and %u packages "
		    "of free software, each under its own licence", packages);
	if (names.nr) {
		strbuf_addstr(out, "; those that state them in machine-readable form name: ");
		for (size_t i = 0; i < names.nr; i++)
			strbuf_addf(out, "%s%s", i ? ", " : "", names.v[i]);
	}
	strbuf_addf(out, ". %s", full_texts);
out:
	if (d)
		closedir(d);
	strvec_clear(&names);
	strbuf_release(&path);
	strbuf_release(&text);
	return ret;
}
