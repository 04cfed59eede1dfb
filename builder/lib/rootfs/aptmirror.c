/* Finding the host's Debian archives in apt's configuration. */
#include "rootfs/aptmirror.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static bool fetchable(const char *uri)
{
	return !strncmp(uri, "http://", 7) || !strncmp(uri, "https://", 8) ||
	       !strncmp(uri, "file:/", 6);
}

/* One deb entry: its URIs and suites (every URI serves every suite). */
typedef void entry_fn(const struct strvec *uris, const struct strvec *suites, void *arg);

/* deb822 stanzas: "Types: deb", "URIs: a b", "Suites: s t"; "Enabled: no" skips. */
static void from_deb822(const char *text, entry_fn *fn, void *arg)
{
	struct strvec uris = STRVEC_INIT, suites = STRVEC_INIT, types = STRVEC_INIT;
	bool enabled = true;
	const char *p = text;

	for (;;) {
		const char *nl = strchrnul(p, '\n');
		size_t n = (size_t)(nl - p);
		if (n == 0 || !*p) { /* end of a stanza */
			for (size_t i = 0; enabled && i < types.nr; i++)
				if (!strcmp(types.v[i], "deb"))
					fn(&uris, &suites, arg);
			strvec_clear(&uris);
			strvec_clear(&suites);
			strvec_clear(&types);
			enabled = true;
			if (!*p || !*nl)
				break;
		} else {
			static const struct { const char *field; size_t len; } fields[] = {
				{ "Types:", 6 }, { "URIs:", 5 }, { "Suites:", 7 },
			};
			struct strvec *into[] = { &types, &uris, &suites };
			for (size_t f = 0; f < 3; f++)
				if (!strncasecmp(p, fields[f].field, fields[f].len)) {
					char *line = strndup(p + fields[f].len, n - fields[f].len);
					strvec_split(into[f], line);
					free(line);
				}
			if (!strncasecmp(p, "Enabled:", 8)) {
				const char *v = p + 8 + strspn(p + 8, " \t");
				enabled = strncasecmp(v, "no", 2) != 0;
			}
		}
		p = *nl ? nl + 1 : nl;
	}
}

/* One-line format: "deb [options] URI suite components". */
static void from_list(const char *text, entry_fn *fn, void *arg)
{
	for (const char *p = text; *p;) {
		const char *nl = strchrnul(p, '\n');
		char *line = strndup(p, (size_t)(nl - p));
		struct strvec w = STRVEC_INIT;
		size_t i = 1;
		strvec_split(&w, line);
		if (w.nr > 1 && !strcmp(w.v[0], "deb")) {
			if (w.v[1][0] == '[') { /* skip "[options ...]" */
				while (i < w.nr && !strchr(w.v[i], ']'))
					i++;
				i++;
			}
			if (i + 1 < w.nr) {
				struct strvec uri = STRVEC_INIT, suite = STRVEC_INIT;
				strvec_push(&uri, w.v[i]);
				strvec_push(&suite, w.v[i + 1]);
				fn(&uri, &suite, arg);
				strvec_clear(&uri);
				strvec_clear(&suite);
			}
		}
		strvec_clear(&w);
		free(line);
		p = *nl ? nl + 1 : nl;
	}
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every deb entry of apt_etc's sources, in apt's order: sources.list
 * first, then sources.list.d/ in name order. */
static void each_entry(const char *apt_etc, entry_fn *fn, void *arg)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	struct strvec files = STRVEC_INIT;
	DIR *d;
	struct dirent *e;

	strbuf_addf(&path, "%s/sources.list", apt_etc);
	strvec_push(&files, path.buf);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/sources.list.d", apt_etc);
	if ((d = opendir(path.buf))) {
		struct strvec names = STRVEC_INIT;
		while ((e = readdir(d))) {
			size_t n = strlen(e->d_name);
			if ((n > 8 && !strcmp(e->d_name + n - 8, ".sources")) ||
			    (n > 5 && !strcmp(e->d_name + n - 5, ".list")))
				strvec_pushf(&names, "%s/%s", path.buf, e->d_name);
		}
		closedir(d);
		qsort(names.v, names.nr, sizeof(char *), cmp_names);
		for (size_t i = 0; i < names.nr; i++)
			strvec_push(&files, names.v[i]);
		strvec_clear(&names);
	}
	for (size_t i = 0; i < files.nr; i++) {
		const char *f = files.v[i];
		strbuf_reset(&text);
		if (access(f, R_OK) || strbuf_read_file(&text, f))
			continue;
		if (strlen(f) > 8 && !strcmp(f + strlen(f) - 8, ".sources"))
			from_deb822(text.buf, fn, arg);
		else
			from_list(text.buf, fn, arg);
	}
	strvec_clear(&files);
	strbuf_release(&path);
	strbuf_release(&text);
}

static void first_main(const struct strvec *uris, const struct strvec *suites, void *arg)
{
	struct strbuf *url = arg;
	(void)suites;
	/* The main archive, not debian-security or a backports/ports archive. */
	for (size_t i = 0; !url->len && i < uris->nr; i++)
		if (fetchable(uris->v[i]) && !strstr(uris->v[i], "-security") &&
		    !strstr(uris->v[i], "backports"))
			strbuf_addstr(url, uris->v[i]);
}

int apt_mirror(const char *apt_etc, struct strbuf *url)
{
	size_t before = url->len;
	struct strbuf found = STRBUF_INIT;
	each_entry(apt_etc, first_main, &found);
	strbuf_addstr(url, found.buf);
	strbuf_release(&found);
	if (url->len == before)
		return error("no Debian mirror found in %s/sources.list or "
			     "%s/sources.list.d/*.sources; configure apt, or set "
			     "'repo = http://.../debian' in the appliance.conf", apt_etc, apt_etc);
	return 0;
}

struct suite_query {
	const char *const *suites;
	struct strvec *uris, *found;
};

static void matching_suites(const struct strvec *uris, const struct strvec *suites, void *arg)
{
	struct suite_query *q = arg;
	for (size_t s = 0; s < suites->nr; s++)
		for (const char *const *w = q->suites; *w; w++)
			if (!strcmp(suites->v[s], *w))
				for (size_t u = 0; u < uris->nr; u++)
					if (fetchable(uris->v[u])) {
						strvec_push(q->uris, uris->v[u]);
						strvec_push(q->found, suites->v[s]);
					}
}

void apt_suite_uris(const char *apt_etc, const char *const *suites, struct strvec *uris,
		    struct strvec *found)
{
	struct suite_query q = { suites, uris, found };
	each_entry(apt_etc, matching_suites, &q);
}
