/* release.conf: what a published release is called and where it is served. */
#ifndef RELCONF_H
#define RELCONF_H

#include <stdbool.h>
#include <stdint.h>
#include "core/strbuf.h"
#include "core/strvec.h"

struct relconf {
	char *path;
	char *version;        /* required: the release directory's name */
	char *title;          /* required */
	char *base_url;       /* required: files are at BASE_URL/VERSION/NAME */
	struct strvec mirrors; /* "mirror =" lines: more copies at MIRROR/VERSION/NAME */
	struct strvec tiers;  /* "tracker =" lines, one tier each */
	bool private_;
	uint64_t piece_length; /* 0: automatic */
	bool hybrid;          /* BitTorrent v1 + v2 torrents (BEP 52) */
	char *gpg_key;        /* sign SHA256SUMS with this key, or NULL */
	struct strvec formats; /* "formats =": optional outputs the release carries
				* (the Makefile picks the files) */
	/* sources = yes | best-effort | no: make publish writes each appliance's
	 * NAME-VERSION-sources.tar (publish/sources.h) */
	enum { RELCONF_SOURCES_NO, RELCONF_SOURCES_YES, RELCONF_SOURCES_BEST_EFFORT } sources;
};
#define RELCONF_INIT { .tiers = STRVEC_INIT, .mirrors = STRVEC_INIT, .formats = STRVEC_INIT }

/* Read and validate path. optional_formats: the names "formats =" may
 * use (make passes the rows of builder/outputs/ that are optional), or
 * NULL to take them unchecked. */
int relconf_load(struct relconf *r, const char *path, const struct strvec *optional_formats);
void relconf_release(struct relconf *r);

/* The keys for usage texts, and one a line for man pages (core/conftable.h). */
void relconf_keys_help(struct strbuf *out);
void relconf_keys_list(struct strbuf *out);

/* Append the release as make variables "REL_<KEY> := value". */
void relconf_make_vars(struct strbuf *out, const struct relconf *r);

#endif
