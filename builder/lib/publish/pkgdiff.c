/* Comparing two package manifests (see pkgdiff.h). */
#include "publish/pkgdiff.h"
#include "core/error.h"
#include "core/strvec.h"
#include "core/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

int manifest_parse(struct pkglist *l, const char *text, const char *file)
{
	const char *s = text;
	unsigned line = 0;
	l->kind = "deb";
	while (*s) {
		const char *eol = strchr(s, '\n');
		size_t len = eol ? (size_t)(eol - s) : strlen(s);
		char *copy = xstrndup(s, len);
		struct strvec w = STRVEC_INIT;
		line++;
		s += len + (eol ? 1 : 0);
		strvec_split(&w, copy);
		free(copy);
		if (!w.nr || w.v[0][0] == '#') {
			strvec_clear(&w);
			continue;
		}
		if (w.nr != 5) {
			size_t words = w.nr;
			strvec_clear(&w);
			return error("%s:%u: expected 'name version architecture source "
				     "source-version', 5 words, not %zu: is it a package manifest "
				     "(NAME-VERSION.packages)?", file, line, words);
		}
		l->v = xrealloc(l->v, (l->nr + 1) * sizeof(*l->v));
		l->v[l->nr++] = (struct pkg){ .name = xstrdup(w.v[0]), .version = xstrdup(w.v[1]),
					      .arch = xstrdup(w.v[2]), .source = xstrdup(w.v[3]),
					      .source_version = xstrdup(w.v[4]) };
		l->alloc = l->nr;
		strvec_clear(&w);
	}
	pkglist_sort(l);
	for (size_t i = 1; i < l->nr; i++)
		if (!strcmp(l->v[i].name, l->v[i - 1].name) &&
		    !strcmp(l->v[i].arch, l->v[i - 1].arch))
			return error("%s: '%s' (%s) is listed twice", file, l->v[i].name,
				     l->v[i].arch);
	return 0;
}

/* dpkg's order of characters in a version's non-digit parts: '~' before
 * everything (the end included), then the end, letters, everything else. */
static int order(int c)
{
	if (isdigit(c))
		return 0;
	if (isalpha(c))
		return c;
	if (c == '~')
		return -1;
	if (c)
		return c + 256;
	return 0;
}

/* dpkg's verrevcmp: alternate non-digit and digit runs. */
static int part_cmp(const char *a, const char *b)
{
	while (*a || *b) {
		int first_diff = 0;
		while ((*a && !isdigit((unsigned char)*a)) || (*b && !isdigit((unsigned char)*b))) {
			int ac = order((unsigned char)*a), bc = order((unsigned char)*b);
			if (ac != bc)
				return ac - bc;
			a++;
			b++;
		}
		while (*a == '0')
			a++;
		while (*b == '0')
			b++;
		while (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			if (!first_diff)
				first_diff = *a - *b;
			a++;
			b++;
		}
		if (isdigit((unsigned char)*a))
			return 1;
		if (isdigit((unsigned char)*b))
			return -1;
		if (first_diff)
			return first_diff;
	}
	return 0;
}

/* Split "E:U-R" into epoch, upstream and revision (copies). */
static void split_version(const char *v, long *epoch, char **up, char **rev)
{
	const char *colon = strchr(v, ':'), *dash;
	*epoch = 0;
	if (colon) {
		*epoch = strtol(v, NULL, 10);
		v = colon + 1;
	}
	dash = strrchr(v, '-');
	*up = dash ? xstrndup(v, (size_t)(dash - v)) : xstrdup(v);
	*rev = xstrdup(dash ? dash + 1 : "");
}

int version_cmp(const char *a, const char *b)
{
	long ea, eb;
	char *ua, *ra, *ub, *rb;
	int r;
	split_version(a, &ea, &ua, &ra);
	split_version(b, &eb, &ub, &rb);
	r = ea != eb ? (ea < eb ? -1 : 1) : part_cmp(ua, ub);
	if (!r)
		r = part_cmp(ra, rb);
	free(ua);
	free(ra);
	free(ub);
	free(rb);
	return r;
}

static int key_cmp(const struct pkg *x, const struct pkg *y)
{
	int c = strcmp(x->name, y->name);
	return c ? c : strcmp(x->arch, y->arch);
}

void pkgdiff(struct strbuf *out, const struct pkglist *old, const struct pkglist *new,
	     struct pkgdiff_counts *c)
{
	size_t i = 0, j = 0;
	memset(c, 0, sizeof(*c));
	while (i < old->nr || j < new->nr) {
		int k = i == old->nr ? 1 : j == new->nr ? -1 : key_cmp(&old->v[i], &new->v[j]);
		if (k < 0) {
			strbuf_addf(out, "removed %s %s %s\n", old->v[i].name, old->v[i].arch,
				    old->v[i].version);
			c->removed++;
			i++;
		} else if (k > 0) {
			strbuf_addf(out, "added %s %s %s\n", new->v[j].name, new->v[j].arch,
				    new->v[j].version);
			c->added++;
			j++;
		} else {
			int v = version_cmp(old->v[i].version, new->v[j].version);
			if (v) {
				strbuf_addf(out, "%s %s %s %s %s\n", v < 0 ? "upgraded" : "downgraded",
					    new->v[j].name, new->v[j].arch, old->v[i].version,
					    new->v[j].version);
				if (v < 0)
					c->upgraded++;
				else
					c->downgraded++;
			}
			i++;
			j++;
		}
	}
}
