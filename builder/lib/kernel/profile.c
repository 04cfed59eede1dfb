/* Kernel profiles: source, baseline, fragments and policy. */
#include "kernel/profile.h"
#include "core/conffile.h"
#include "core/xalloc.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int kversion_parse(const char *s, unsigned *out)
{
	unsigned long part[3] = { 0, 0, 0 };
	int n = 0;

	while (n < 3) {
		char *end;
		if (*s < '0' || *s > '9')
			return -1;
		errno = 0;
		part[n++] = strtoul(s, &end, 10);
		if (errno || part[n - 1] > 255 * (n == 3 ? 1000 : 1))
			return -1;
		s = end;
		if (*s != '.')
			break;
		s++;
	}
	if (*s || n < 2)
		return -1;
	*out = KVERSION((unsigned)part[0], (unsigned)part[1], (unsigned)part[2]);
	return 0;
}

void kversion_format(struct strbuf *out, unsigned v)
{
	strbuf_addf(out, "%u.%u.", v >> 16, (v >> 8) & 0xff);
	if ((v & 0xff) == 0xff)
		strbuf_addch(out, 'x'); /* an upper bound "2.6" means any 2.6.x */
	else
		strbuf_addf(out, "%u", v & 0xff);
}

/* An upper bound without a sublevel ("2.6", "6.1") means any A.B.x. */
static int parse_bound(const char *word, bool upper, unsigned *out)
{
	if (kversion_parse(word, out))
		return -1;
	if (upper && !strchr(strchr(word, '.') + 1, '.'))
		*out |= 0xff;
	return 0;
}

/* "2.6.21 - 2.6.36", or "6.1" for one series. */
static int parse_versions(const char *value, unsigned *min, unsigned *max)
{
	struct strvec w = STRVEC_INIT;
	const char *dash = strchr(value, '-');
	int bad;

	strvec_split(&w, value);
	if (dash)
		bad = w.nr != 3 || strcmp(w.v[1], "-") || parse_bound(w.v[0], false, min) ||
		      parse_bound(w.v[2], true, max);
	else
		bad = w.nr != 1 || parse_bound(w.v[0], false, min) ||
		      parse_bound(w.v[0], true, max);
	strvec_clear(&w);
	return bad || *min > *max ? -1 : 0;
}

struct load_state {
	struct kprofile *p;
	struct strvec require, forbid; /* "FILE\tLINE\tWORD" */
	struct strvec apart;          /* "FILE\tLINE\tFRAGMENT" */
};

static int set_scalar(char **slot, const char *file, unsigned line, const char *key,
		      const char *value)
{
	if (*slot)
		return error_at(file, line, "'%s' is set twice; keep one line", key);
	if (!*value)
		return error_at(file, line, "'%s' needs a value", key);
	*slot = xstrdup(value);
	return 0;
}

static void push_words(struct strvec *sv, const char *file, unsigned line, const char *value)
{
	struct strvec words = STRVEC_INIT;
	strvec_split(&words, value);
	for (size_t i = 0; i < words.nr; i++)
		strvec_pushf(sv, "%s\t%u\t%s", file, line, words.v[i]);
	strvec_clear(&words);
}

static int on_setting(const char *file, unsigned line, const char *key, const char *value,
		      void *data)
{
	struct load_state *st = data;
	struct kprofile *p = st->p;

	if (!strcmp(key, "description"))
		return set_scalar(&p->description, file, line, key, value);
	if (!strcmp(key, "source"))
		return set_scalar(&p->source, file, line, key, value);
	if (!strcmp(key, "source-package"))
		return set_scalar(&p->source_package, file, line, key, value);
	if (!strcmp(key, "baseline"))
		return set_scalar(&p->baseline, file, line, key, value);
	if (!strcmp(key, "update")) {
		if (strcmp(value, "olddefconfig") && strcmp(value, "oldconfig"))
			return error_at(file, line, "update = '%s': expected olddefconfig, or "
					"oldconfig for trees older than 3.7", value);
		return set_scalar(&p->update, file, line, key, value);
	}
	if (!strcmp(key, "target"))
		return set_scalar(&p->target, file, line, key, value);
	if (!strcmp(key, "arch")) {
		if (strcmp(value, "i386"))
			return error_at(file, line, "arch = '%s': the appliances are 32-bit x86; "
					"use arch = i386", value);
		return set_scalar(&p->arch, file, line, key, value);
	}
	if (!strcmp(key, "versions")) {
		if (p->min_version)
			return error_at(file, line, "'versions' is set twice; keep one line");
		if (parse_versions(value, &p->min_version, &p->max_version))
			return error_at(file, line, "versions = '%s': expected 'A.B[.C] - A.B[.C]' "
					"or one series 'A.B'", value);
		return 0;
	}
	if (!strcmp(key, "fragments") || !strcmp(key, "patches")) {
		struct strvec *list = key[0] == 'f' ? &p->fragments : &p->patches;
		struct strvec words = STRVEC_INIT;
		int ret = 0;
		strvec_split(&words, value);
		for (size_t i = 0; i < words.nr && !ret; i++) {
			if (strchr(words.v[i], '/'))
				ret = error_at(file, line, "%s '%s': name a file beside the "
					       "profile, without a directory", key, words.v[i]);
			else
				strvec_push(list, words.v[i]);
		}
		strvec_clear(&words);
		return ret;
	}
	if (!strcmp(key, "optional")) {
		struct strvec words = STRVEC_INIT;
		strvec_split(&words, value);
		for (size_t i = 0; i < words.nr; i++) {
			const char *n = words.v[i];
			if (!strncmp(n, "CONFIG_", 7))
				n += 7;
			kpolicy_add_optional(&p->policy, n);
		}
		strvec_clear(&words);
		return 0;
	}
	if (!strcmp(key, "require")) {
		push_words(&st->require, file, line, value);
		return 0;
	}
	if (!strcmp(key, "forbid")) {
		push_words(&st->forbid, file, line, value);
		return 0;
	}
	if (!strcmp(key, "report-apart")) {
		push_words(&st->apart, file, line, value);
		return 0;
	}
	return error_at(file, line, "unknown key '%s'; known: description, source, "
			"source-package, versions, arch, baseline, update, fragments, patches, "
			"optional, require, forbid, report-apart, target", key);
}

/* Split "FILE\tLINE\tWORD" back up. */
static const char *split_entry(char *entry, const char **file, unsigned *line)
{
	char *t1 = strchr(entry, '\t'), *t2;
	*t1 = '\0';
	t2 = strchr(t1 + 1, '\t');
	*t2 = '\0';
	*file = entry;
	*line = (unsigned)strtoul(t1 + 1, NULL, 10);
	return t2 + 1;
}

static int add_policy(struct kprofile *p, const char *file, unsigned line, const char *word,
		      bool forbid)
{
	char *name, *eq;
	const char *value = "n";
	const struct ksym *req;
	int ret = 0;

	if (!strncmp(word, "CONFIG_", 7))
		word += 7;
	name = xstrdup(word);
	eq = strchr(name, '=');
	if (forbid ? eq != NULL : eq == NULL || !eq[1]) {
		ret = error_at(file, line, forbid ? "forbid '%s': list symbol names only"
				: "require '%s': write NAME=VALUE, e.g. PARAVIRT=y", word);
		goto out;
	}
	if (eq) {
		*eq = '\0';
		value = eq + 1;
	}
	if (!*name || name[strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_abcdefghijklmnopqrstuvwxyz")]) {
		ret = error_at(file, line, "'%s' is not a kconfig symbol name", name);
		goto out;
	}
	req = kconfig_get(&p->requested, name);
	if (req && strcmp(req->value, value)) {
		ret = error_at(file, line, "the policy wants CONFIG_%s=%s but fragment %s:%u "
			       "sets %s; change one of them", name, value, req->file, req->line,
			       req->value);
		goto out;
	}
	kconfig_set(&p->policy.want, name, value, file, line);
out:
	free(name);
	return ret;
}

/* "report-apart = NAME": fragment NAME's requirements get their own part
 * of the policy report (the hardening, say, which a reader wants to see at
 * a glance). NAME must be one of the profile's fragments. */
static int add_part(struct kprofile *p, const char *file, unsigned line, const char *name)
{
	struct kconfig syms = KCONFIG_INIT;
	const char *path = NULL;
	int ret;

	for (size_t i = 0; i < p->fragments.nr && !path; i++) {
		const char *base = strrchr(p->fragments.v[i], '/');
		base = base ? base + 1 : p->fragments.v[i];
		if (!strncmp(base, name, strlen(name)) && !strcmp(base + strlen(name), ".config"))
			path = p->fragments.v[i];
	}
	if (!path)
		return error_at(file, line, "report-apart '%s': not one of this profile's "
				"fragments; name a fragment from its 'fragments =' line", name);
	ret = kconfig_read(&syms, path, false);
	if (!ret)
		kpolicy_add_part(&p->policy, name, path, &syms);
	kconfig_release(&syms);
	return ret;
}

int kprofile_load(struct kprofile *p, const char *path)
{
	struct load_state st = { .p = p, .require = STRVEC_INIT, .forbid = STRVEC_INIT,
				 .apart = STRVEC_INIT };
	const char *base = strrchr(path, '/');
	size_t dirlen = base ? (size_t)(base - path + 1) : 0;
	struct strbuf frag = STRBUF_INIT;
	int ret;

	base = base ? base + 1 : path;
	p->path = xstrdup(path);
	p->name = xstrdup(base);
	if (strlen(p->name) > 8 && !strcmp(p->name + strlen(p->name) - 8, ".profile"))
		p->name[strlen(p->name) - 8] = '\0';

	ret = conffile_read(path, on_setting, &st);
	if (ret)
		goto out;
	if (!p->fragments.nr)
		ret = error_at(path, 0, "no 'fragments =' line: a profile lists the config "
			       "fragments it applies");
	if (!p->baseline)
		p->baseline = xstrdup("tinyconfig");
	if (!p->update)
		p->update = xstrdup("olddefconfig");
	if (!p->target)
		p->target = xstrdup("bzImage");
	if (!p->arch)
		p->arch = xstrdup("i386");

	/* Fragment paths are resolved beside the profile. */
	for (size_t i = 0; i < p->fragments.nr; i++) {
		strbuf_reset(&frag);
		strbuf_addf(&frag, "%.*s%s.config", (int)dirlen, path, p->fragments.v[i]);
		free(p->fragments.v[i]);
		p->fragments.v[i] = xstrdup(frag.buf);
		if (kconfig_read(&p->requested, frag.buf, true))
			ret = -1;
	}
	/* Patches too, NAME.patch; they must exist now, not at unpack time. */
	for (size_t i = 0; i < p->patches.nr; i++) {
		strbuf_reset(&frag);
		strbuf_addf(&frag, "%.*s%s.patch", (int)dirlen, path, p->patches.v[i]);
		free(p->patches.v[i]);
		p->patches.v[i] = xstrdup(frag.buf);
		if (access(frag.buf, R_OK) < 0)
			ret = error_errno("patch '%s' of profile '%s'", frag.buf, path);
	}
	if (ret)
		goto out;
	kconfig_merge(&p->policy.want, &p->requested, false);
	for (size_t i = 0; i < st.require.nr; i++) {
		const char *file;
		unsigned line;
		const char *w = split_entry(st.require.v[i], &file, &line);
		if (add_policy(p, file, line, w, false))
			ret = -1;
	}
	for (size_t i = 0; i < st.forbid.nr; i++) {
		const char *file;
		unsigned line;
		const char *w = split_entry(st.forbid.v[i], &file, &line);
		if (add_policy(p, file, line, w, true))
			ret = -1;
	}
	for (size_t i = 0; i < st.apart.nr; i++) {
		const char *file;
		unsigned line;
		const char *w = split_entry(st.apart.v[i], &file, &line);
		if (add_part(p, file, line, w))
			ret = -1;
	}
out:
	strvec_clear(&st.require);
	strvec_clear(&st.forbid);
	strvec_clear(&st.apart);
	strbuf_release(&frag);
	return ret;
}

void kprofile_release(struct kprofile *p)
{
	free(p->name);
	free(p->path);
	free(p->description);
	free(p->source);
	free(p->source_package);
	free(p->baseline);
	free(p->update);
	free(p->target);
	free(p->arch);
	strvec_clear(&p->fragments);
	strvec_clear(&p->patches);
	kconfig_release(&p->requested);
	kpolicy_release(&p->policy);
	memset(p, 0, sizeof(*p));
	strvec_init(&p->fragments);
	strvec_init(&p->patches);
}
