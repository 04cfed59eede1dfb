/* Metalink 4 documents (see metalink.h). */
#include "formats/metalink.h"
#include "core/escape.h"
#include "core/hashalgo.h"

#include <time.h>

void metalink_file(struct strbuf *out, const char *name, const struct digest *d,
		   uint64_t piece_length, const struct strvec *urls, const char *torrent_url,
		   long long published, const char *generator)
{
	strbuf_addstr(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		      "<metalink xmlns=\"urn:ietf:params:xml:ns:metalink\">\n  <generator>");
	xml_escape(out, generator);
	strbuf_addstr(out, "</generator>\n");
	if (published >= 0) {
		char date[32];
		time_t t = (time_t)published;
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);
		strbuf_addf(out, "  <published>%s</published>\n", date);
	}
	strbuf_addstr(out, "  <file name=\"");
	xml_escape(out, name);
	strbuf_addf(out, "\">\n    <size>%llu</size>\n    <hash type=\"md5\">",
		    (unsigned long long)d->size);
	hex_append(out, d->md5, 16);
	strbuf_addstr(out, "</hash>\n    <hash type=\"sha-256\">");
	hex_append(out, d->sha256, 32);
	strbuf_addf(out, "</hash>\n    <pieces length=\"%llu\" type=\"sha-1\">\n",
		    (unsigned long long)piece_length);
	for (size_t i = 0; i < d->npieces; i++) {
		strbuf_addstr(out, "      <hash>");
		hex_append(out, d->pieces + 20 * i, 20);
		strbuf_addstr(out, "</hash>\n");
	}
	strbuf_addstr(out, "    </pieces>\n");
	/* RFC 5854: a lower priority is tried first; the primary leads, the
	 * mirrors follow in release.conf's order, the swarm comes last. */
	for (size_t i = 0; i < urls->nr; i++) {
		strbuf_addf(out, "    <url priority=\"%zu\">", i + 1);
		xml_escape(out, urls->v[i]);
		strbuf_addstr(out, "</url>\n");
	}
	strbuf_addf(out, "    <metaurl mediatype=\"torrent\" priority=\"%zu\">", urls->nr + 1);
	xml_escape(out, torrent_url);
	strbuf_addstr(out, "</metaurl>\n  </file>\n</metalink>\n");
}
