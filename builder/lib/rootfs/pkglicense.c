/*
 * Licences as packages declare them, mapped to SPDX identifiers only where
 * the mapping is exact (see pkgdb.h): an SBOM that says NOASSERTION is
 * honest; one that guesses GPL-2.0-only for "GPL" is not.
 *
 * Tested by builder/t/rootfs/t-pkgdb.c.
 */
#include "rootfs/pkgdb.h"
#include "core/array.h"
#include "core/strvec.h"
#include "core/xalloc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * Names with one exact SPDX identifier, compared without case (DEP-5 short
 * names are case-insensitive). The SPDX identifiers themselves are in the
 * right-hand column and match too.
 *
 * To add a licence: one row, { "NAME", "SPDX-ID" }, when NAME means that
 * licence and no other (DEP-5's list of short names, Fedora's old short
 * names where they are unambiguous); a name that may mean several licences
 * ("GPL", "BSD", "LGPLv2+" in Fedora, "Artistic") stays out, and a unit test
 * in builder/t/rootfs/t-pkgdb.c names it.
 */
static const struct { const char *name, *spdx; } licenses[] = {
	{ "AGPL-3", "AGPL-3.0-only" },
	{ "AGPL-3+", "AGPL-3.0-or-later" },
	{ "Apache-2.0", "Apache-2.0" },
	{ "Artistic-2.0", "Artistic-2.0" },
	{ "BSD-2-clause", "BSD-2-Clause" },
	{ "BSD-3-clause", "BSD-3-Clause" },
	{ "BSD-4-clause", "BSD-4-Clause" },
	{ "BSL-1.0", "BSL-1.0" },
	{ "CC0-1.0", "CC0-1.0" },
	{ "Expat", "MIT" },
	{ "MIT", "MIT" },
	{ "GFDL-1.2+", "GFDL-1.2-or-later" },
	{ "GFDL-1.3+", "GFDL-1.3-or-later" },
	{ "GPL-1", "GPL-1.0-only" },
	{ "GPL-1+", "GPL-1.0-or-later" },
	{ "GPL-2", "GPL-2.0-only" },
	{ "GPL-2+", "GPL-2.0-or-later" },
	{ "GPL-2.0", "GPL-2.0-only" },
	{ "GPL-2.0+", "GPL-2.0-or-later" },
	{ "GPL-2.0-only", "GPL-2.0-only" },
	{ "GPL-2.0-or-later", "GPL-2.0-or-later" },
	{ "GPL-3", "GPL-3.0-only" },
	{ "GPL-3+", "GPL-3.0-or-later" },
	{ "GPL-3.0", "GPL-3.0-only" },
	{ "GPL-3.0+", "GPL-3.0-or-later" },
	{ "GPL-3.0-only", "GPL-3.0-only" },
	{ "GPL-3.0-or-later", "GPL-3.0-or-later" },
	{ "GPLv2", "GPL-2.0-only" },
	{ "GPLv2+", "GPL-2.0-or-later" },
	{ "GPLv3", "GPL-3.0-only" },
	{ "GPLv3+", "GPL-3.0-or-later" },
	{ "ISC", "ISC" },
	{ "LGPL-2", "LGPL-2.0-only" },
	{ "LGPL-2+", "LGPL-2.0-or-later" },
	{ "LGPL-2.0-only", "LGPL-2.0-only" },
	{ "LGPL-2.0-or-later", "LGPL-2.0-or-later" },
	{ "LGPL-2.1", "LGPL-2.1-only" },
	{ "LGPL-2.1+", "LGPL-2.1-or-later" },
	{ "LGPL-2.1-only", "LGPL-2.1-only" },
	{ "LGPL-2.1-or-later", "LGPL-2.1-or-later" },
	{ "LGPL-3", "LGPL-3.0-only" },
	{ "LGPL-3+", "LGPL-3.0-or-later" },
	{ "LGPL-3.0-only", "LGPL-3.0-only" },
	{ "LGPL-3.0-or-later", "LGPL-3.0-or-later" },
	{ "MPL-1.1", "MPL-1.1" },
	{ "MPL-2.0", "MPL-2.0" },
	{ "OpenSSL", "OpenSSL" },
	{ "Python-2.0", "Python-2.0" },
	{ "X11", "X11" },
	{ "Zlib", "Zlib" },
};

const char *spdx_license_id(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(licenses); i++)
		if (!strcasecmp(name, licenses[i].name) || !strcasecmp(name, licenses[i].spdx))
			return licenses[i].spdx;
	return NULL;
}

static bool is_op(const char *w, const char *op)
{
	return !strcasecmp(w, op);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Append the strings of sv sorted, without repeats, between sep. */
static size_t join_sorted(struct strvec *sv, const char *sep, struct strbuf *out)
{
	size_t kept = 0;
	qsort(sv->v, sv->nr, sizeof(char *), str_cmp);
	for (size_t i = 0; i < sv->nr; i++)
		if (!i || strcmp(sv->v[i], sv->v[i - 1]))
			strbuf_addf(out, "%s%s", kept++ ? sep : "", sv->v[i]);
	return kept;
}

/* One licence line ("GPL-2+ or Artistic", "BSD-3-clause and MIT") as an
 * SPDX expression, its names sorted; -1 when a name has no exact
 * identifier, when "and" and "or" are mixed (DEP-5 leaves their precedence
 * to commas, which we do not guess at) or "with" names an exception. */
static int one_line(const char *line, struct strbuf *out)
{
	struct strvec w = STRVEC_INIT, ids = STRVEC_INIT;
	const char *op = NULL;
	int ret = -1;
	strvec_split(&w, line);
	for (size_t i = 0; i < w.nr; i++) {
		char *t = w.v[i];
		size_t n = strlen(t);
		if (n && t[n - 1] == ',')
			t[--n] = '\0';
		if (i % 2) {
			const char *o = is_op(t, "or") ? " OR " : is_op(t, "and") ? " AND " : NULL;
			if (!o || (op && strcmp(op, o)))
				goto out;
			op = o;
			continue;
		}
		const char *id = spdx_license_id(t);
		if (!id)
			goto out;
		strvec_push(&ids, id);
	}
	/* ends on a name, not an operator */
	if (w.nr % 2) {
		join_sorted(&ids, op ? op : "", out);
		ret = 0;
	}
out:
	strvec_clear(&w);
	strvec_clear(&ids);
	return ret;
}

/* Join the expressions sorted, without repeats, with AND; an expression
 * with OR inside gets parentheses when there is more than one. */
static void join_and(struct strvec *exprs, struct strbuf *out)
{
	struct strvec wrapped = STRVEC_INIT;
	struct strbuf probe = STRBUF_INIT;
	bool several = join_sorted(exprs, " AND ", &probe) > 1;
	for (size_t i = 0; i < exprs->nr; i++)
		if (several && strstr(exprs->v[i], " OR "))
			strvec_pushf(&wrapped, "(%s)", exprs->v[i]);
		else
			strvec_push(&wrapped, exprs->v[i]);
	join_sorted(&wrapped, " AND ", out);
	strvec_clear(&wrapped);
	strbuf_release(&probe);
}

int dep5_license(const char *text, struct strbuf *out)
{
	struct strvec exprs = STRVEC_INIT;
	struct strbuf e = STRBUF_INIT;
	const char *s = text;
	int ret = -1;
	/* DEP-5's first field is Format:, its URL naming the format. */
	if (strncasecmp(s, "Format:", 7) || !strstr(s, "copyright-format"))
		return -1;
	while (*s) {
		char *lic = NULL;
		bool files = false;
		while (*s && *s != '\n') {
			const char *eol = strchr(s, '\n');
			size_t len = eol ? (size_t)(eol - s) : strlen(s);
			if (!strncasecmp(s, "Files:", 6))
				files = true;
			else if (!strncasecmp(s, "License:", 8) && !lic)
				lic = xstrndup(s + 8, len - 8);
			s += len + (eol ? 1 : 0);
		}
		while (*s == '\n')
			s++;
		/* The Files paragraphs say what the package's files are under;
		 * stand-alone License paragraphs only hold texts. */
		if (files) {
			strbuf_reset(&e);
			if (!lic || one_line(lic, &e)) {
				free(lic);
				goto out;
			}
			strvec_push(&exprs, e.buf);
		}
		free(lic);
	}
	if (!exprs.nr)
		goto out;
	join_and(&exprs, out);
	ret = 0;
out:
	strvec_clear(&exprs);
	strbuf_release(&e);
	return ret;
}

int rpm_license(const char *tag, struct strbuf *out)
{
	struct strbuf t = STRBUF_INIT, e = STRBUF_INIT;
	struct strvec w = STRVEC_INIT;
	int ret = -1, depth = 0;
	bool want_name = true;
	/* Parentheses as words of their own. */
	for (const char *p = tag; *p; p++) {
		if (*p == '(' || *p == ')')
			strbuf_addf(&t, " %c ", *p);
		else
			strbuf_addch(&t, *p);
	}
	strvec_split(&w, t.buf);
	for (size_t i = 0; i < w.nr; i++) {
		const char *x = w.v[i], *id;
		if (!strcmp(x, "(") && want_name) {
			depth++;
			strbuf_addch(&e, '(');
		} else if (!strcmp(x, ")") && !want_name && depth) {
			depth--;
			strbuf_addch(&e, ')');
		} else if (!want_name && (is_op(x, "and") || is_op(x, "or"))) {
			strbuf_addstr(&e, is_op(x, "and") ? " AND " : " OR ");
			want_name = true;
		} else if (want_name && (id = spdx_license_id(x))) {
			strbuf_addstr(&e, id);
			want_name = false;
		} else {
			goto out;
		}
	}
	if (want_name || depth)
		goto out;
	strbuf_add(out, e.buf, e.len);
	ret = 0;
out:
	strvec_clear(&w);
	strbuf_release(&t);
	strbuf_release(&e);
	return ret;
}
