/* Escaping text for the formats we write: XML and HTML text and attribute
 * values (OVF, metalink, the download page), JSON strings (SBOMs,
 * index.json), and URL components (magnet
 * links, web seeds, hrefs). */
#ifndef ESCAPE_H
#define ESCAPE_H

#include "core/strbuf.h"

/* Append s with <, >, & and " written as entities. */
void xml_escape(struct strbuf *out, const char *s);

/* Append s as the inside of a JSON string: '"', '\\' and control characters
 * escaped, everything else (UTF-8 included) as it is. */
void json_escape(struct strbuf *out, const char *s);

/* Append s percent-encoded, all but RFC 3986's unreserved characters. */
void url_escape(struct strbuf *out, const char *s);

#endif
