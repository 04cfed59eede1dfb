/* The licence summary of an appliance (see licenses.h). */
#include "image/licenses.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

static const char full_texts[] =
	"The full licence texts are in /usr/share/doc/*/copyright inside the appliance "
	"(one file per package); the kernel's source is published with the release.";

struct tally {
	char *name;
	unsigned packages;
};

/* The package's own licence: the "License:" of its "Files: *" paragraph
 * (DEP-5), else its first "License:" line; NULL when it states none. */
static char *main_license(const char *text)
{
	const char *first = NULL, *star = NULL;
	bool in_star = false;
	for (const char *p = text; *p;) {
		const char *nl = strchrnul(p, '\n');
		if (p == nl)
			in_star = false; /* a blank line ends a paragraph */
		else if (!strncmp(p, "Files:", 6))
			in_star = !strncmp(p + 6 + strspn(p + 6, " \t"), "*", 1) &&
				  (size_t)(nl - p) == 6 + strspn(p + 6, " \t") + 1;
		else if (!strncmp(p, "License:", 8)) {
			if (!first)
				first = p + 8;
			if (in_star && !star)
				star = p + 8;
		}
		p = *nl ? nl + 1 : nl;
	}
	const char *v = star ? star : first;
	if (!v)
		return NULL;
	v += strspn(v, " \t");
	size_t n = strcspn(v, "\r\n");
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	return n && n < 64 ? xstrndup(v, n) : NULL;
}

static void count(struct tally **t, size_t *nr, char *name)
{
	for (size_t i = 0; i < *nr; i++)
		if (!strcmp((*t)[i].name, name)) {
			(*t)[i].packages++;
			free(name);
			return;
		}
	*t = xrealloc(*t, (*nr + 1) * sizeof(**t));
	(*t)[(*nr)++] = (struct tally){ name, 1 };
}

/* Most packages first, then by name: the same tree, the same text. */
static int by_count(const void *a, const void *b)
{
	const struct tally *x = a, *y = b;
	if (x->packages != y->packages)
		return x->packages < y->packages ? 1 : -1;
	return strcmp(x->name, y->name);
}

#define SHOWN 12 /* licences named in the summary; the rest are counted */

int licenses_summary(struct strbuf *out, const char *rootfs)
{
	struct tally *t = NULL;
	size_t nr = 0, stated = 0;
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
		char *name = main_license(text.buf);
		if (name) {
			count(&t, &nr, name);
			stated++;
		}
	}
	if (!packages) {
		strbuf_addf(out, "This appliance is free software: the Linux kernel (GPL-2.0), "
			    "pvinit (the project's licence) and the packages of its distribution, "
			    "each under its own free licence. %s", full_texts);
		goto out;
	}
	qsort(t, nr, sizeof(*t), by_count);
	strbuf_addf(out, "This appliance contains the Linux kernel (GPL-2.0) and %u packages "
		    "of free software, each under its own licence", packages);
	if (nr) {
		strbuf_addf(out, "; the %zu that state their main licence in machine-readable "
			    "form (DEP-5) are under ", stated);
		for (size_t i = 0; i < nr && i < SHOWN; i++)
			strbuf_addf(out, "%s%s (%u)", i ? ", " : "", t[i].name, t[i].packages);
		if (nr > SHOWN)
			strbuf_addf(out, " and %zu other licences", nr - SHOWN);
	}
	strbuf_addf(out, ". %s", full_texts);
out:
	if (d)
		closedir(d);
	for (size_t i = 0; i < nr; i++)
		free(t[i].name);
	free(t);
	strbuf_release(&path);
	strbuf_release(&text);
	return ret;
}
