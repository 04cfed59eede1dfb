/* Package manifests and SPDX SBOMs (see sbom.h). */
#include "publish/sbom.h"
#include "core/error.h"
#include "core/escape.h"
#include "core/hash.h"
#include "core/xalloc.h"
#include "kernel/kernel-info.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

int sbom_kernel_read(struct sbom_kernel *k, const char *dir)
{
	struct strbuf p = STRBUF_INIT, hex = STRBUF_INIT;
	struct kernel_info info = KERNEL_INFO_INIT;
	int ret = -1;
	if (kernel_info_read(&info, dir))
		goto out;
	k->version = info.version;
	k->profile = info.profile;
	info.version = info.profile = NULL;
	strbuf_addf(&p, "%s/config", dir);
	if (sha256_file_hex(p.buf, &hex))
		goto out;
	k->config_sha256 = strbuf_detach(&hex);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/bzImage", dir);
	if (sha256_file_hex(p.buf, &hex))
		goto out;
	k->image_sha256 = strbuf_detach(&hex);
	ret = 0;
out:
	kernel_info_release(&info);
	strbuf_release(&p);
	strbuf_release(&hex);
	return ret;
}

void sbom_kernel_release(struct sbom_kernel *k)
{
	free(k->version);
	free(k->profile);
	free(k->config_sha256);
	free(k->image_sha256);
	memset(k, 0, sizeof(*k));
}

void sbom_manifest(struct strbuf *out, const struct pkglist *l, const struct sbom_kernel *k)
{
	strbuf_addstr(out, SBOM_MANIFEST_HEADER);
	if (k)
		strbuf_addf(out, "# kernel %s %s\n", k->version, k->profile);
	for (size_t i = 0; i < l->nr; i++) {
		const struct pkg *p = &l->v[i];
		strbuf_addf(out, "%s %s %s %s %s\n", p->name, p->version, p->arch, p->source,
			    p->source_version);
	}
}

/* SPDX identifiers allow letters, digits, '.' and '-': every other byte,
 * and '-' itself, is written -XX (hex), so that two names never meet. */
static void spdx_id(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '.')
			strbuf_addch(out, (char)c);
		else
			strbuf_addf(out, "-%02X", c);
	}
}

static void json_str(struct strbuf *out, const char *key, const char *value, const char *after)
{
	strbuf_addf(out, "\"%s\": \"", key);
	json_escape(out, value);
	strbuf_addf(out, "\"%s", after);
}

/* "Name <mail>" (Debian's Maintainer) as SPDX's "Organization: Name
 * (mail)": maintainers are teams as often as persons, and SPDX has no
 * neutral word. */
static void supplier(struct strbuf *out, const char *who)
{
	struct strbuf s = STRBUF_INIT;
	const char *lt = strchr(who, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	strbuf_addstr(&s, "Organization: ");
	if (lt && gt) {
		const char *end = lt;
		while (end > who && end[-1] == ' ')
			end--;
		strbuf_add(&s, who, (size_t)(end - who));
		strbuf_addstr(&s, " (");
		strbuf_add(&s, lt + 1, (size_t)(gt - lt - 1));
		strbuf_addch(&s, ')');
	} else {
		strbuf_addstr(&s, who);
	}
	json_str(out, "supplier", s.buf, ",\n");
	strbuf_release(&s);
}

static void package(struct strbuf *out, const struct pkglist *l, const struct pkg *p)
{
	struct strbuf t = STRBUF_INIT;
	strbuf_addstr(out, "    {\n      \"SPDXID\": \"SPDXRef-Package-");
	spdx_id(out, l->kind);
	strbuf_addch(out, '-');
	spdx_id(out, p->name);
	strbuf_addch(out, '-');
	spdx_id(out, p->arch);
	strbuf_addstr(out, "\",\n      ");
	json_str(out, "name", p->name, ",\n      ");
	json_str(out, "versionInfo", p->version, ",\n      ");
	if (p->supplier) {
		supplier(out, p->supplier);
		strbuf_addstr(out, "      ");
	}
	strbuf_addstr(out, "\"downloadLocation\": \"NOASSERTION\",\n      \"filesAnalyzed\": false,\n"
		      "      \"licenseConcluded\": \"NOASSERTION\",\n      ");
	json_str(out, "licenseDeclared", p->license ? p->license : "NOASSERTION", ",\n      ");
	strbuf_addstr(out, "\"copyrightText\": \"NOASSERTION\",\n      ");
	strbuf_addf(&t, "built package from: %s %s", p->source, p->source_version);
	json_str(out, "sourceInfo", t.buf, ",\n      ");
	/* The package URL: the name a scanner looks vulnerabilities up by. */
	strbuf_reset(&t);
	strbuf_addf(&t, "pkg:%s/", l->kind);
	if (l->distro) {
		url_escape(&t, l->distro);
		strbuf_addch(&t, '/');
	}
	url_escape(&t, p->name);
	strbuf_addch(&t, '@');
	url_escape(&t, p->version);
	strbuf_addstr(&t, "?arch=");
	url_escape(&t, p->arch);
	strbuf_addstr(out, "\"externalRefs\": [\n        {\n          \"referenceCategory\": "
		      "\"PACKAGE-MANAGER\",\n          \"referenceType\": \"purl\",\n          ");
	json_str(out, "referenceLocator", t.buf, "\n        }\n      ]\n    }");
	strbuf_release(&t);
}

static void contains(struct strbuf *out, const char *kind, const struct pkg *p)
{
	strbuf_addstr(out, ",\n    {\n      \"spdxElementId\": \"SPDXRef-Appliance\",\n"
		      "      \"relationshipType\": \"CONTAINS\",\n      \"relatedSpdxElement\": "
		      "\"SPDXRef-Package-");
	spdx_id(out, kind);
	strbuf_addch(out, '-');
	spdx_id(out, p->name);
	strbuf_addch(out, '-');
	spdx_id(out, p->arch);
	strbuf_addstr(out, "\"\n    }");
}

void sbom_spdx(struct strbuf *out, const struct sbom_opts *o)
{
	struct strbuf body = STRBUF_INIT, hex = STRBUF_INIT;
	struct sha256_ctx *h;
	char date[32];
	time_t t = (time_t)o->epoch;
	struct tm tm;

	/* Everything after the namespace first: the namespace is its hash,
	 * with the appliance's name and version, so the same content always
	 * gets the same URI and different content another. */
	strbuf_addstr(&body, "  \"packages\": [\n    {\n      \"SPDXID\": \"SPDXRef-Appliance\",\n"
		      "      ");
	json_str(&body, "name", o->name, ",\n      ");
	json_str(&body, "versionInfo", o->version, ",\n      ");
	json_str(&body, "description", o->title, ",\n      ");
	strbuf_addstr(&body, "\"downloadLocation\": \"NOASSERTION\",\n      \"filesAnalyzed\": false,\n"
		      "      \"licenseConcluded\": \"NOASSERTION\",\n      \"licenseDeclared\": "
		      "\"NOASSERTION\",\n      \"copyrightText\": \"NOASSERTION\",\n      "
		      "\"primaryPackagePurpose\": \"OPERATING_SYSTEM\"\n    }");
	if (o->kernel) {
		struct strbuf c = STRBUF_INIT;
		strbuf_addstr(&body, ",\n    {\n      \"SPDXID\": \"SPDXRef-Kernel\",\n      "
			      "\"name\": \"linux\",\n      ");
		json_str(&body, "versionInfo", o->kernel->version, ",\n      ");
		strbuf_addstr(&body, "\"downloadLocation\": \"NOASSERTION\",\n      \"filesAnalyzed\": "
			      "false,\n      \"checksums\": [\n        {\n          \"algorithm\": "
			      "\"SHA256\",\n          ");
		json_str(&body, "checksumValue", o->kernel->image_sha256, "\n        }\n      ],\n"
			 "      ");
		strbuf_addstr(&body, "\"licenseConcluded\": \"NOASSERTION\",\n      \"licenseDeclared\": "
			      "\"GPL-2.0-only WITH Linux-syscall-note\",\n      \"copyrightText\": "
			      "\"NOASSERTION\",\n      ");
		strbuf_addf(&c, "compiled for the appliance: kernel profile %s, .config SHA256 %s; "
			    "the checksum is the bzImage's", o->kernel->profile,
			    o->kernel->config_sha256);
		json_str(&body, "comment", c.buf, ",\n      ");
		strbuf_reset(&c);
		strbuf_addf(&c, ".config SHA256 %s", o->kernel->config_sha256);
		json_str(&body, "sourceInfo", c.buf, ",\n      ");
		strbuf_addstr(&body, "\"primaryPackagePurpose\": \"OPERATING_SYSTEM\"\n    }");
		strbuf_release(&c);
	}
	for (size_t i = 0; i < o->pkgs->nr; i++) {
		strbuf_addstr(&body, ",\n");
		package(&body, o->pkgs, &o->pkgs->v[i]);
	}
	strbuf_addstr(&body, "\n  ],\n  \"relationships\": [\n    {\n      \"spdxElementId\": "
		      "\"SPDXRef-DOCUMENT\",\n      \"relationshipType\": \"DESCRIBES\",\n"
		      "      \"relatedSpdxElement\": \"SPDXRef-Appliance\"\n    }");
	if (o->kernel)
		strbuf_addstr(&body, ",\n    {\n      \"spdxElementId\": \"SPDXRef-Appliance\",\n"
			      "      \"relationshipType\": \"CONTAINS\",\n      "
			      "\"relatedSpdxElement\": \"SPDXRef-Kernel\"\n    }");
	for (size_t i = 0; i < o->pkgs->nr; i++)
		contains(&body, o->pkgs->kind, &o->pkgs->v[i]);
	strbuf_addstr(&body, "\n  ]\n}\n");

	h = sha256_new();
	sha256_update_str(h, o->name);
	sha256_update(h, "", 1);
	sha256_update_str(h, o->version);
	sha256_update(h, "", 1);
	sha256_update(h, body.buf, body.len);
	sha256_final_hex(h, &hex);

	gmtime_r(&t, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	strbuf_addstr(out, "{\n  \"spdxVersion\": \"SPDX-2.3\",\n  \"dataLicense\": \"CC0-1.0\",\n"
		      "  \"SPDXID\": \"SPDXRef-DOCUMENT\",\n  \"name\": \"");
	json_escape(out, o->name);
	strbuf_addch(out, '-');
	json_escape(out, o->version);
	strbuf_addstr(out, "\",\n  \"documentNamespace\": \"https://spdx.org/spdxdocs/");
	url_escape(out, o->name);
	strbuf_addch(out, '-');
	url_escape(out, o->version);
	strbuf_addf(out, "-%s\",\n  \"creationInfo\": {\n    \"created\": \"%s\",\n    "
		    "\"creators\": [\n      \"Tool: ", hex.buf, date);
	json_escape(out, o->tool);
	strbuf_addstr(out, "\"\n    ]\n  },\n");
	strbuf_add(out, body.buf, body.len);
	strbuf_release(&body);
	strbuf_release(&hex);
}
