/*
 * What publish.c knows of each file of a release, for the writers of the
 * page (page.c) and of index.json (index-json.c), which present the same
 * facts to people and to programs.
 */
#ifndef RELEASE_H
#define RELEASE_H

#include "core/strbuf.h"
#include "core/strvec.h"
#include "formats/torrent.h"
#include "publish/digest.h"
#include "publish/publish.h"

/* What a file is to a downloader, from its name (how to add one: a row in
 * file_roles[] in page.c, and its place on the page and in index.json's
 * schema, tests/fixtures/index.schema.json). */
enum file_role {
	ROLE_DOWNLOAD,   /* an appliance to run: .ova, .zip, .qcow2 */
	ROLE_PACKAGES,   /* NAME-VERSION.packages */
	ROLE_SBOM,       /* NAME-VERSION.spdx.json */
	ROLE_SOURCES,    /* source archives: the kernel's, NAME-VERSION-sources.tar */
	ROLE_SCREENSHOT, /* NAME-screen.png */
};

struct artifact {
	const char *name;            /* basename, points into the input path */
	uint64_t piece_length;
	struct digest d;
	struct torrent_ids ids;
	struct strbuf magnet, md5, sha256; /* magnet empty: no torrent (extras) */
	enum file_role role;
	const struct appconf *app;   /* the appliance it belongs to, or NULL */
};

/* Where a file of the release is served: the primary's URL, then each
 * mirror's, in release.conf's order. */
void file_urls(struct strvec *out, const struct relconf *c, const char *name);

/* The role and appliance of a file, from its name: the longest appliance
 * name of o->notes that the name starts with, followed by '-' or '.'. */
void artifact_classify(struct artifact *a, const struct publish_opts *o);

/* "1.5 MiB" */
void human_size(struct strbuf *out, uint64_t n);

/* index.html: a[0..n) are the artifacts and extras; fpr the release key's
 * fingerprint, or "" when the sums are not signed. */
void page_html(struct strbuf *h, const struct publish_opts *o, const struct artifact *a, size_t n,
	       const char *fpr);

/* index.json: the same facts for mirrors and programs. */
void index_json(struct strbuf *j, const struct publish_opts *o, const struct artifact *a,
		size_t n, const char *fpr);

#endif
