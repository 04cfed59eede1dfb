/*
 * index.json: the release for mirrors and programs, the same facts as the
 * page: the appliances and, per file, its size, sums, URLs (primary and
 * mirrors), torrent, metalink and magnet. It is in the sums, and so under
 * the signature. Its schema is tests/fixtures/index.schema.json.
 *
 * Tested by builder/t/publish/t-page.c and tests/t6060-page.sh (against its
 * schema).
 */
#include "publish/release.h"
#include "core/escape.h"
#include "core/hashalgo.h"
#include "publish/upkeep.h"

static const char *const role_names[] = {
	[ROLE_DOWNLOAD] = "download",
	[ROLE_PACKAGES] = "packages",
	[ROLE_SBOM] = "sbom",
	[ROLE_SOURCES] = "sources",
	[ROLE_SCREENSHOT] = "screenshot",
};

static void str(struct strbuf *j, const char *key, const char *value, const char *after)
{
	strbuf_addf(j, "\"%s\": \"", key);
	json_escape(j, value);
	strbuf_addf(j, "\"%s", after);
}

static void str_or_null(struct strbuf *j, const char *key, const char *value, const char *after)
{
	if (value)
		str(j, key, value, after);
	else
		strbuf_addf(j, "\"%s\": null%s", key, after);
}

/* How it stays patched (publish/upkeep.h): the page's facts. */
static void updates_entry(struct strbuf *j, const struct publish_opts *o, const struct appconf *app)
{
	struct upkeep u = UPKEEP_INIT;
	upkeep_read(&u, app, o->epoch, o->distro_info);
	strbuf_addstr(j, "\"updates\": {\n        ");
	str(j, "sources", u.sources, ",\n        \"suites\": [");
	for (size_t i = 0; i < u.suites.nr; i++) {
		strbuf_addstr(j, i ? ", \"" : "\"");
		json_escape(j, u.suites.v[i]);
		strbuf_addch(j, '"');
	}
	strbuf_addstr(j, "],\n        ");
	str(j, "security_updates", u.security_updates, ",\n        ");
	str(j, "kernel", "release", ",\n        ");
	str_or_null(j, "end_of_support", u.end, ",\n        ");
	str_or_null(j, "end_of_regular_support", u.regular_end, ",\n        ");
	str_or_null(j, "end_of_support_from", u.end_from, ",\n        ");
	strbuf_addf(j, "\"supported\": %s\n      }",
		    u.ended == 1 ? "false" : u.ended == 0 ? "true" : "null");
	upkeep_release(&u);
}

static void file_entry(struct strbuf *j, const struct relconf *c, const struct artifact *a)
{
	struct strvec urls = STRVEC_INIT;
	strbuf_addstr(j, "    {\n      ");
	str(j, "name", a->name, ",\n      ");
	strbuf_addf(j, "\"role\": \"%s\",\n      \"appliance\": ", role_names[a->role]);
	if (a->app) {
		strbuf_addch(j, '"');
		json_escape(j, a->app->name);
		strbuf_addch(j, '"');
	} else {
		strbuf_addstr(j, "null");
	}
	strbuf_addf(j, ",\n      \"size\": %llu,\n      \"md5\": \"%s\",\n      \"sha256\": \"%s\",\n"
		    "      \"urls\": [", (unsigned long long)a->d.size, a->md5.buf, a->sha256.buf);
	file_urls(&urls, c, a->name);
	for (size_t i = 0; i < urls.nr; i++) {
		strbuf_addstr(j, i ? ", \"" : "\"");
		json_escape(j, urls.v[i]);
		strbuf_addch(j, '"');
	}
	strbuf_addstr(j, "]");
	if (a->magnet.len) {
		strbuf_addstr(j, ",\n      \"torrent\": \"");
		json_escape(j, a->name);
		strbuf_addstr(j, ".torrent\",\n      \"metalink\": \"");
		json_escape(j, a->name);
		strbuf_addstr(j, ".meta4\",\n      \"btih\": \"");
		hex_append(j, a->ids.v1, sizeof(a->ids.v1));
		strbuf_addstr(j, "\",\n      ");
		str(j, "magnet", a->magnet.buf, "");
	}
	strbuf_addstr(j, "\n    }");
	strvec_clear(&urls);
}

void index_json(struct strbuf *j, const struct publish_opts *o, const struct artifact *a,
		size_t n, const char *fpr)
{
	const struct relconf *c = o->conf;
	strbuf_addstr(j, "{\n  \"format\": \"pvappliance-release-index\",\n  \"format_version\": 1,\n  ");
	str(j, "title", c->title, ",\n  ");
	str(j, "version", c->version, ",\n  ");
	str(j, "base_url", c->base_url, ",\n  \"mirrors\": [");
	for (size_t i = 0; i < c->mirrors.nr; i++) {
		strbuf_addstr(j, i ? ", \"" : "\"");
		json_escape(j, c->mirrors.v[i]);
		strbuf_addch(j, '"');
	}
	strbuf_addstr(j, "],\n  \"signature\": ");
	if (*fpr) {
		strbuf_addstr(j, "{\n    \"file\": \"SHA256SUMS.asc\",\n    \"key\": \"KEYS\",\n    ");
		str(j, "fingerprint", fpr, "\n  }");
	} else {
		strbuf_addstr(j, "null");
	}
	strbuf_addstr(j, ",\n  \"sums\": [\"MD5SUMS\", \"SHA256SUMS\"],\n  \"appliances\": [");
	for (size_t i = 0; o->notes && o->notes[i]; i++) {
		const struct appconf *app = o->notes[i];
		bool first = true;
		strbuf_addstr(j, i ? ",\n    {\n      " : "\n    {\n      ");
		str(j, "name", app->name, ",\n      ");
		str(j, "title", app->title, ",\n      ");
		str(j, "version", app->version, ",\n      ");
		str(j, "arch", app->arch, ",\n      ");
		updates_entry(j, o, app);
		strbuf_addstr(j, ",\n      \"files\": [");
		for (size_t k = 0; k < n; k++) {
			if (a[k].app != app)
				continue;
			strbuf_addstr(j, first ? "\"" : ", \"");
			json_escape(j, a[k].name);
			strbuf_addch(j, '"');
			first = false;
		}
		strbuf_addstr(j, "]\n    }");
	}
	strbuf_addstr(j, o->notes && o->notes[0] ? "\n  ],\n  \"files\": [\n" : "],\n  \"files\": [\n");
	for (size_t i = 0; i < n; i++) {
		file_entry(j, c, &a[i]);
		strbuf_addstr(j, i + 1 < n ? ",\n" : "\n");
	}
	strbuf_addstr(j, "  ]\n}\n");
}
