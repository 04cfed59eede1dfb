/* release.conf parsing, errors at file:line. */
#include "conf/relconf.h"
#include "conf/appconf.h"
#include "core/conffile.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

static bool url_ok(const char *u)
{
	return (!strncmp(u, "http://", 7) || !strncmp(u, "https://", 8)) && !strpbrk(u, " \t\"'<>");
}

static int once(char **slot, const char *file, unsigned line, const char *key, const char *v)
{
	if (*slot)
		return error_at(file, line, "'%s' is set twice; keep one", key);
	*slot = xstrdup(v);
	return 0;
}

/* A location listed twice would only be tried twice and split nothing. */
static bool listed(const struct relconf *r, const char *url)
{
	if (r->base_url && !strcmp(r->base_url, url))
		return true;
	for (size_t i = 0; i < r->mirrors.nr; i++)
		if (!strcmp(r->mirrors.v[i], url))
			return true;
	return false;
}

static int on_setting(const char *file, unsigned line, const char *key, const char *v,
		      void *data)
{
	struct relconf *r = data;
	if (!*v)
		return error_at(file, line, "'%s' has no value", key);
	if (!strcmp(key, "version")) {
		if (v[strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.+~-")] ||
		    v[0] == '.')
			return error_at(file, line, "version = '%s': letters, digits and . + ~ - "
					"(it names a directory)", v);
		return once(&r->version, file, line, key, v);
	}
	if (!strcmp(key, "title"))
		return once(&r->title, file, line, key, v);
	if (!strcmp(key, "base_url")) {
		if (!url_ok(v))
			return error_at(file, line, "base_url = '%s': an http:// or https:// URL",
					v);
		if (!r->base_url && listed(r, v))
			return error_at(file, line, "base_url '%s' is also a mirror", v);
		return once(&r->base_url, file, line, key, v);
	}
	if (!strcmp(key, "mirror")) {
		if (!url_ok(v))
			return error_at(file, line, "mirror = '%s': an http:// or https:// URL, the "
					"base of a copy of the release tree (like base_url)", v);
		if (listed(r, v))
			return error_at(file, line, "mirror '%s' is %s; list each copy once", v,
					r->base_url && !strcmp(r->base_url, v) ? "base_url itself"
									      : "listed twice");
		strvec_push(&r->mirrors, v);
		return 0;
	}
	if (!strcmp(key, "tracker")) {
		struct strvec t = STRVEC_INIT;
		strvec_split(&t, v);
		for (size_t i = 0; i < t.nr; i++)
			if (!url_ok(t.v[i]) && strncmp(t.v[i], "udp://", 6)) {
				strvec_clear(&t);
				return error_at(file, line, "tracker '%s': an http(s):// or udp:// "
						"announce URL", v);
			}
		strvec_clear(&t);
		strvec_push(&r->tiers, v);
		return 0;
	}
	if (!strcmp(key, "private")) {
		if (strcmp(v, "yes") && strcmp(v, "no"))
			return error_at(file, line, "private = '%s': yes or no", v);
		r->private_ = !strcmp(v, "yes");
		return 0;
	}
	if (!strcmp(key, "hybrid")) {
		if (strcmp(v, "yes") && strcmp(v, "no"))
			return error_at(file, line, "hybrid = '%s': yes (BitTorrent v1 + v2 torrents) "
					"or no (v1, which every client reads)", v);
		r->hybrid = !strcmp(v, "yes");
		return 0;
	}
	if (!strcmp(key, "sources")) {
		if (strcmp(v, "yes") && strcmp(v, "best-effort") && strcmp(v, "no"))
			return error_at(file, line, "sources = '%s': yes (publish every installed "
					"package's source, or fail), best-effort (list what cannot be "
					"had as missing) or no", v);
		r->sources = !strcmp(v, "yes") ? RELCONF_SOURCES_YES
			     : !strcmp(v, "best-effort") ? RELCONF_SOURCES_BEST_EFFORT
							  : RELCONF_SOURCES_NO;
		return 0;
	}
	if (!strcmp(key, "gpg_key")) {
		/* Passed to gpg as one argument; no blanks keeps it one key. */
		if (v[0] == '-' || strpbrk(v, " \t"))
			return error_at(file, line, "gpg_key = '%s': a key ID, fingerprint or "
					"e-mail address, as 'gpg --list-secret-keys' shows it", v);
		return once(&r->gpg_key, file, line, key, v);
	}
	if (!strcmp(key, "piece_length")) {
		uint64_t n;
		if (!strcmp(v, "auto"))
			return 0;
		if (parse_size(v, &n) || n < (16u << 10) || n > (16u << 20) || (n & (n - 1)))
			return error_at(file, line, "piece_length = '%s': auto, or a power of two "
					"from 16K to 16M", v);
		r->piece_length = n;
		return 0;
	}
	if (!strcmp(key, "formats")) {
		/* The outputs whose builder/outputs/FORMAT.mk row says
		 * OUTPUT_FORMAT_PUBLISH = optional; the Makefile reads this line too. */
		static const char *const optional[] = { "qcow2", "libvirt", "img", NULL };
		struct strvec t = STRVEC_INIT;
		int ret = 0;
		strvec_split(&t, v);
		for (size_t i = 0; !ret && i < t.nr; i++) {
			size_t k = 0;
			while (optional[k] && strcmp(optional[k], t.v[i]))
				k++;
			if (!optional[k])
				ret = error_at(file, line, "formats: '%s' is not an optional output; "
					       "known: qcow2 (KVM/QEMU disk), libvirt (its domain "
					       "XML), img (xz-compressed raw disk for dd)", t.v[i]);
			else
				strvec_push(&r->formats, t.v[i]);
		}
		strvec_clear(&t);
		return ret;
	}
	return error_at(file, line, "unknown key '%s'; known: version, title, base_url, mirror, "
			"tracker, private, piece_length, hybrid, gpg_key, formats, sources", key);
}

int relconf_load(struct relconf *r, const char *path)
{
	int ret;
	r->path = xstrdup(path);
	ret = conffile_read(path, on_setting, r);
	if (!r->version)
		ret = error_at(path, 0, "'version' is required");
	if (!r->title)
		ret = error_at(path, 0, "'title' is required");
	if (!r->base_url)
		ret = error_at(path, 0, "'base_url' is required (the HTTP mirror's release "
			       "directory, e.g. https://example.org/appliances)");
	return ret;
}

void relconf_release(struct relconf *r)
{
	free(r->path);
	free(r->version);
	free(r->title);
	free(r->base_url);
	free(r->gpg_key);
	strvec_clear(&r->tiers);
	strvec_clear(&r->mirrors);
	strvec_clear(&r->formats);
	memset(r, 0, sizeof(*r));
	strvec_init(&r->tiers);
	strvec_init(&r->mirrors);
	strvec_init(&r->formats);
}
