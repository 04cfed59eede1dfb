/* release.conf parsing, errors at file:line, from one key table. */
#include "conf/relconf.h"
#include "conf/appconf.h"
#include "core/conftable.h"
#include "core/xalloc.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static bool url_ok(const char *u)
{
	return (!strncmp(u, "http://", 7) || !strncmp(u, "https://", 8)) && !strpbrk(u, " \t\"'<>");
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

static int parse_version(const struct conf_arg *a, const char *v)
{
	if (v[strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.+~-")] ||
	    v[0] == '.')
		return error_at(a->file, a->line, "version = '%s': letters, digits and . + ~ - "
				"(it names a directory)", v);
	return conf_parse_text(a, v);
}

static int parse_base_url(const struct conf_arg *a, const char *v)
{
	if (!url_ok(v))
		return error_at(a->file, a->line, "base_url = '%s': an http:// or https:// URL", v);
	if (listed(a->obj, v))
		return error_at(a->file, a->line, "base_url '%s' is also a mirror", v);
	return conf_parse_text(a, v);
}

static int parse_mirror(const struct conf_arg *a, const char *v)
{
	const struct relconf *r = a->obj;
	if (!url_ok(v))
		return error_at(a->file, a->line, "mirror = '%s': an http:// or https:// URL, the "
				"base of a copy of the release tree (like base_url)", v);
	if (listed(r, v))
		return error_at(a->file, a->line, "mirror '%s' is %s; list each copy once", v,
				r->base_url && !strcmp(r->base_url, v) ? "base_url itself"
								      : "listed twice");
	strvec_push(a->slot, v);
	return 0;
}

static int parse_tracker(const struct conf_arg *a, const char *v)
{
	struct strvec t = STRVEC_INIT;
	strvec_split(&t, v);
	for (size_t i = 0; i < t.nr; i++)
		if (!url_ok(t.v[i]) && strncmp(t.v[i], "udp://", 6)) {
			strvec_clear(&t);
			return error_at(a->file, a->line, "tracker '%s': an http(s):// or udp:// "
					"announce URL", v);
		}
	strvec_clear(&t);
	strvec_push(a->slot, v);
	return 0;
}

static int parse_piece_length(const struct conf_arg *a, const char *v)
{
	uint64_t n;
	if (!strcmp(v, "auto"))
		return 0;
	if (parse_size(v, &n) || n < (16u << 10) || n > (16u << 20) || (n & (n - 1)))
		return error_at(a->file, a->line, "piece_length = '%s': auto, or a power of two "
				"from 16K to 16M", v);
	*(uint64_t *)a->slot = n;
	return 0;
}

static int parse_gpg_key(const struct conf_arg *a, const char *v)
{
	/* Passed to gpg as one argument; no blanks keeps it one key. */
	if (v[0] == '-' || strpbrk(v, " \t"))
		return error_at(a->file, a->line, "gpg_key = '%s': a key ID, fingerprint or "
				"e-mail address, as 'gpg --list-secret-keys' shows it", v);
	return conf_parse_text(a, v);
}

/* ctx: the optional output formats (the rows of builder/outputs/ that say
 * OUTPUT_FORMAT_PUBLISH = optional, which make passes), or NULL: the
 * names are taken as they are (the Makefile checks them through appliance
 * release-config before it runs anything that reads this file). */
static int parse_formats(const struct conf_arg *a, const char *v)
{
	const struct strvec *optional = a->ctx;
	struct strvec t = STRVEC_INIT;
	int ret = 0;
	strvec_split(&t, v);
	for (size_t i = 0; !ret && i < t.nr; i++) {
		size_t k = 0;
		while (optional && k < optional->nr && strcmp(optional->v[k], t.v[i]))
			k++;
		if (optional && k == optional->nr) {
			struct strbuf known = STRBUF_INIT;
			strvec_join_list(optional, &known, ", ", ", ");
			ret = error_at(a->file, a->line, "formats: '%s' is not an optional output; "
				       "known: %s (make formats says what each is)", t.v[i],
				       optional->nr ? known.buf : "none");
			strbuf_release(&known);
		} else {
			strvec_push(a->slot, t.v[i]);
		}
	}
	strvec_clear(&t);
	return ret;
}

static const char *const sources_names[] = {
	[RELCONF_SOURCES_NO] = "no",
	[RELCONF_SOURCES_YES] = "yes",
	[RELCONF_SOURCES_BEST_EFFORT] = "best-effort",
	NULL,
};

static int parse_sources(const struct conf_arg *a, const char *v)
{
	struct relconf *r = a->obj;
	for (size_t i = 0; sources_names[i]; i++)
		if (!strcmp(v, sources_names[i])) {
			r->sources = i;
			return 0;
		}
	return error_at(a->file, a->line, "sources = '%s': yes (publish every installed "
			"package's source, or fail), best-effort (list what cannot be had as "
			"missing) or no", v);
}

static void sources_value(struct strbuf *out, const void *obj)
{
	strbuf_addstr(out, sources_names[((const struct relconf *)obj)->sources]);
}

/*
 * The keys of release.conf, one row each (core/conftable.h): appliance
 * release-config's --help, --keys and make variables (REL_VAR), the
 * unknown-key and required-key messages, and relconf_release() are made
 * from the rows, in their order.
 *
 * To add a key:
 *  1. Add its field to struct relconf in conf/relconf.h.
 *  2. Add its row here: name, parse (core/conftable.h's or a parse_KEY
 *     above), type and offset, repeat/required/def, make_var when make
 *     needs it, and doc.
 *  3. Use it: publish/ reads struct relconf; make reads $(REL_VAR) (from
 *     builder/release.mk's include of appliance release-config).
 *  4. Add tests: builder/t/conf/t-relconf.c; tests/t0020-tables.sh checks
 *     that a new row reaches --help, --keys, the unknown-key message and
 *     the make variables by itself.
 */
#define KEY(n, t, field) .name = n, .type = t, .offset = offsetof(struct relconf, field)
static const struct conf_key relconf_keys[] = {
	{ KEY("version", CONF_STRING, version), .parse = parse_version, .required = true,
	  .make_var = "VERSION",
	  .doc = "The release's version: the directory it is published in "
		 "(out/release/VERSION, checksums/VERSION)." },
	{ KEY("title", CONF_STRING, title), .parse = conf_parse_text, .required = true,
	  .make_var = "TITLE",
	  .doc = "The release's title, on its page and in its metalinks." },
	{ KEY("base_url", CONF_STRING, base_url), .parse = parse_base_url, .required = true,
	  .why = " (the HTTP mirror's release directory, e.g. https://example.org/appliances)",
	  .make_var = "BASE_URL",
	  .doc = "The http:// or https:// URL the release tree is served under: "
		 "files are at BASE_URL/VERSION/NAME." },
	{ KEY("mirror", CONF_LIST, mirrors), .parse = parse_mirror, .repeat = true,
	  .make_var = "MIRRORS",
	  .doc = "Another copy of the release tree, files at MIRROR/VERSION/NAME like "
		 "base_url's: torrents list it as a web seed after base_url's, "
		 "metalinks as a URL (priority 2, 3, ...; the torrent after them), "
		 "magnets as a ws=, the page as a mirror." },
	{ KEY("tracker", CONF_LIST, tiers), .parse = parse_tracker, .repeat = true,
	  .doc = "A tier of BitTorrent trackers: http(s):// or udp:// announce URLs "
		 "separated by blanks." },
	{ KEY("private", CONF_BOOL, private_), .parse = conf_parse_yesno, .hint = "yes or no",
	  .def = "no", .make_var = "PRIVATE",
	  .doc = "yes: the torrents are private (BEP 27: no DHT, no peer exchange)." },
	{ KEY("piece_length", CONF_U64, piece_length), .parse = parse_piece_length,
	  .def = "auto",
	  .doc = "The torrents' piece size: auto (about 1500 pieces), or a power of "
		 "two from 16K to 16M." },
	{ KEY("hybrid", CONF_BOOL, hybrid), .parse = conf_parse_yesno,
	  .hint = "yes (BitTorrent v1 + v2 torrents) or no (v1, which every client reads)",
	  .def = "no", .make_var = "HYBRID",
	  .doc = "yes: BitTorrent v1 + v2 torrents (BEP 52) and magnets with both "
		 "hashes; no: v1, which every client reads (Debian 12's aria2 and "
		 "transmission read only v1)." },
	{ KEY("gpg_key", CONF_STRING, gpg_key), .parse = parse_gpg_key, .make_var = "GPG_KEY",
	  .doc = "Sign SHA256SUMS with this key (an ID, fingerprint or e-mail address, "
		 "as 'gpg --list-secret-keys' shows it) as SHA256SUMS.asc." },
	{ KEY("formats", CONF_LIST, formats), .parse = parse_formats, .repeat = true,
	  .make_var = "FORMATS",
	  .doc = "The optional outputs the release carries, separated by blanks: the "
		 "rows of builder/outputs/ whose OUTPUT_FORMAT_PUBLISH is optional "
		 "(make formats lists them)." },
	{ KEY("sources", CONF_OTHER, sources), .parse = parse_sources, .def = "no",
	  .values = sources_names, .make_var = "SOURCES", .make_value = sources_value,
	  .doc = "Each appliance's NAME-VERSION-sources.tar, the source packages of "
		 "everything installed: yes publishes them or fails, best-effort "
		 "lists what cannot be had as missing." },
	{ .name = NULL },
};
#undef KEY

int relconf_load(struct relconf *r, const char *path, const struct strvec *optional_formats)
{
	struct conf_load l = { .keys = relconf_keys, .obj = r, .ctx = (void *)optional_formats };
	int ret;
	r->path = xstrdup(path);
	ret = conf_load_file(&l, path);
	conf_load_release(&l);
	return ret;
}

void relconf_release(struct relconf *r)
{
	free(r->path);
	conf_release(relconf_keys, r);
	memset(r, 0, sizeof(*r));
	strvec_init(&r->tiers);
	strvec_init(&r->mirrors);
	strvec_init(&r->formats);
}

void relconf_keys_help(struct strbuf *out)
{
	conf_keys_help(out, relconf_keys);
}

void relconf_keys_list(struct strbuf *out)
{
	conf_keys_list(out, relconf_keys, "REL");
}

void relconf_make_vars(struct strbuf *out, const struct relconf *r)
{
	strbuf_addf(out, "# %s, validated by appliance release-config\n", r->path);
	conf_make_vars(out, relconf_keys, "REL", r);
}
