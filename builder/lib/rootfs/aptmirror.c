/* Finding the host's Debian mirror in apt's configuration. */
#include "rootfs/aptmirror.h"
#include "core/strvec.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static bool usable(const char *uri)
{
	if (strncmp(uri, "http://", 7) && strncmp(uri, "https://", 8) &&
	    strncmp(uri, "file:/", 6))
		return false;
	/* The main archive, not debian-security or a backports/ports archive. */
	return !strstr(uri, "-security") && !strstr(uri, "backports");
}

/* deb822 stanzas: "Types: deb" and "URIs: a b"; "Enabled: no" skips. */
static int from_deb822(const char *text, struct strbuf *url)
{
	struct strvec uris = STRVEC_INIT;
	bool deb = false, enabled = true;
	const char *p = text;

	for (;;) {
		const char *nl = strchrnul(p, '\n');
		size_t n = (size_t)(nl - p);
		if (n == 0 || !*p) { /* end of a stanza */
			for (size_t i = 0; deb && enabled && i < uris.nr; i++)
				if (usable(uris.v[i])) {
					strbuf_addstr(url, uris.v[i]);
					strvec_clear(&uris);
					return 0;
				}
			strvec_clear(&uris);
			deb = false;
			enabled = true;
			if (!*p || !*nl)
				break;
		} else if (!strncasecmp(p, "Types:", 6)) {
			struct strvec t = STRVEC_INIT;
			char *line = strndup(p + 6, n - 6);
			strvec_split(&t, line);
			for (size_t i = 0; i < t.nr; i++)
				deb |= !strcmp(t.v[i], "deb");
			strvec_clear(&t);
			free(line);
		} else if (!strncasecmp(p, "URIs:", 5)) {
			char *line = strndup(p + 5, n - 5);
			strvec_split(&uris, line);
			free(line);
		} else if (!strncasecmp(p, "Enabled:", 8)) {
			const char *v = p + 8 + strspn(p + 8, " \t");
			enabled = strncasecmp(v, "no", 2) != 0;
		}
		p = *nl ? nl + 1 : nl;
	}
	return -1;
}

/* One-line format: "deb [options] URI suite components". */
static int from_list(const char *text, struct strbuf *url)
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
			if (i < w.nr && usable(w.v[i])) {
				strbuf_addstr(url, w.v[i]);
				strvec_clear(&w);
				free(line);
				return 0;
			}
		}
		strvec_clear(&w);
		free(line);
		p = *nl ? nl + 1 : nl;
	}
	return -1;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int apt_mirror(const char *apt_etc, struct strbuf *url)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	struct strvec files = STRVEC_INIT;
	DIR *d;
	struct dirent *e;
	int ret = -1;

	/* apt reads sources.list first, then sources.list.d/ in name order. */
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
	for (size_t i = 0; i < files.nr && ret; i++) {
		const char *f = files.v[i];
		strbuf_reset(&text);
		if (access(f, R_OK) || strbuf_read_file(&text, f))
			continue;
		if (strlen(f) > 8 && !strcmp(f + strlen(f) - 8, ".sources"))
			ret = from_deb822(text.buf, url);
		else
			ret = from_list(text.buf, url);
	}
	if (ret)
		error("no Debian mirror found in %s/sources.list or %s/sources.list.d/*.sources; "
		      "configure apt, or set 'repo = http://.../debian' in the appliance.conf",
		      apt_etc, apt_etc);
	strvec_clear(&files);
	strbuf_release(&path);
	strbuf_release(&text);
	return ret;
}
