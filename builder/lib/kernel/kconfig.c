/* Kernel .config parsing, merging, writing and policy checking. */
#include "kernel/kconfig.h"
#include "core/array.h"
#include "core/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void kconfig_release(struct kconfig *kc)
{
	for (size_t i = 0; i < kc->nr; i++) {
		free(kc->syms[i].name);
		free(kc->syms[i].value);
	}
	free(kc->syms);
	for (size_t i = 0; i < kc->nr_files; i++)
		free(kc->files[i]);
	free(kc->files);
	memset(kc, 0, sizeof(*kc));
}

static const char *intern_file(struct kconfig *kc, const char *file)
{
	if (!file)
		file = "(policy)";
	for (size_t i = 0; i < kc->nr_files; i++)
		if (!strcmp(kc->files[i], file))
			return kc->files[i];
	GROW(kc->files, kc->nr_files + 1, kc->alloc_files);
	return kc->files[kc->nr_files++] = xstrdup(file);
}

/* Linear lookup: a .config has a few thousand symbols and we look up a few
 * hundred, well under a millisecond; no index to keep in step. */
static struct ksym *find(const struct kconfig *kc, const char *name)
{
	for (size_t i = 0; i < kc->nr; i++)
		if (!strcmp(kc->syms[i].name, name))
			return &kc->syms[i];
	return NULL;
}

const struct ksym *kconfig_get(const struct kconfig *kc, const char *name)
{
	return find(kc, name);
}

static void set_sym(struct kconfig *kc, const char *name, const char *value,
		    const char *file, unsigned line, bool report)
{
	struct ksym *s = find(kc, name);
	file = intern_file(kc, file);
	if (s) {
		if (report && strcmp(s->value, value))
			warning_at(file, line, "CONFIG_%s=%s overrides CONFIG_%s=%s from %s:%u "
				   "(the later setting wins)", name, value, name, s->value,
				   s->file, s->line);
		free(s->value);
		s->value = xstrdup(value);
		s->file = file;
		s->line = line;
		return;
	}
	GROW(kc->syms, kc->nr + 1, kc->alloc);
	s = &kc->syms[kc->nr++];
	s->name = xstrdup(name);
	s->value = xstrdup(value);
	s->file = file;
	s->line = line;
}

void kconfig_set(struct kconfig *kc, const char *name, const char *value,
		 const char *file, unsigned line)
{
	set_sym(kc, name, value, file, line, false);
}

static size_t symbol_len(const char *p)
{
	size_t n = 0;
	while (isalnum((unsigned char)p[n]) || p[n] == '_')
		n++;
	return n;
}

static const char *skip_blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* A token byte: printable, or UTF-8 (>= 0x80); never a blank, a control
 * character or '#'. Kconfig's own conf strips only the "\r" of a "\r\n"
 * line end and rejects any other control character in a value, so "y\r"
 * inside a line is a bad value here too, not the value "y\r" (which a
 * writer could not write back: its "\r\n" would read as "y"). */
static bool token_byte(char c)
{
	unsigned char u = (unsigned char)c;
	return u > ' ' && u != 0x7f && c != '#';
}

/* A value is a double-quoted string (with \" and \\ escapes) or one token. */
static int parse_value(const char *p, const char *end, char **value)
{
	const char *q;
	if (p == end)
		return -1;
	if (*p == '"') {
		for (q = p + 1; q < end && *q != '"'; q++)
			if (*q == '\\' && q + 1 < end)
				q++;
		if (q >= end)
			return -1;
		q++;
	} else {
		for (q = p; q < end && token_byte(*q); q++)
			;
		if (q == p)
			return -1;
	}
	if (skip_blanks(q, end) != end)
		return -1;
	*value = xstrndup(p, (size_t)(q - p));
	return 0;
}

static int parse_line(struct kconfig *kc, const char *file, unsigned lineno,
		      const char *line, const char *end, bool report)
{
	const char *p = skip_blanks(line, end);
	size_t n;
	char *name, *value = NULL;

	if (p == end)
		return 0;
	if (*p == '#') {
		/* "# CONFIG_FOO is not set"; any other comment is ignored. */
		p = skip_blanks(p + 1, end);
		if (end - p < 7 || strncmp(p, "CONFIG_", 7))
			return 0;
		n = symbol_len(p + 7);
		if (!n)
			return 0;
		const char *rest = skip_blanks(p + 7 + n, end);
		if (end - rest >= 10 && !strncmp(rest, "is not set", 10) &&
		    skip_blanks(rest + 10, end) == end) {
			name = xstrndup(p + 7, n);
			set_sym(kc, name, "n", file, lineno, report);
			free(name);
		}
		return 0;
	}
	if (end - p < 7 || strncmp(p, "CONFIG_", 7) || !(n = symbol_len(p + 7)))
		return error_at(file, lineno, "cannot parse '%.*s': expected CONFIG_NAME=VALUE "
				"or '# CONFIG_NAME is not set'", (int)(end - line), line);
	name = xstrndup(p + 7, n);
	p = skip_blanks(p + 7 + n, end);
	if (p == end || *p != '=') {
		error_at(file, lineno, "'CONFIG_%s' has no '=VALUE'; write CONFIG_%s=y, "
			 "or '# CONFIG_%s is not set' to turn it off", name, name, name);
		free(name);
		return -1;
	}
	p = skip_blanks(p + 1, end);
	if (parse_value(p, end, &value) < 0) {
		error_at(file, lineno, "CONFIG_%s has a bad value '%.*s': expected y, m, n, "
			 "a number or a \"quoted string\"", name, (int)(end - p), p);
		free(name);
		return -1;
	}
	set_sym(kc, name, value, file, lineno, report);
	free(name);
	free(value);
	return 0;
}

int kconfig_parse(struct kconfig *kc, const char *file, const char *text,
		  bool report_overrides)
{
	unsigned lineno = 0;
	int ret = 0;
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		const char *end = nl ? nl : p + strlen(p);
		const char *e = end;
		lineno++;
		if (e > p && e[-1] == '\r')
			e--;
		while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (parse_line(kc, file, lineno, p, e, report_overrides) < 0)
			ret = -1; /* keep going: report every bad line at once */
		p = nl ? nl + 1 : end;
	}
	return ret;
}

int kconfig_read(struct kconfig *kc, const char *path, bool report_overrides)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = strbuf_read_file(&sb, path);
	if (!ret && memchr(sb.buf, '\0', sb.len))
		ret = error("'%s' is not a text file (it contains NUL bytes)", path);
	if (!ret)
		ret = kconfig_parse(kc, path, sb.buf, report_overrides);
	strbuf_release(&sb);
	return ret;
}

void kconfig_merge(struct kconfig *dst, const struct kconfig *src, bool report_overrides)
{
	for (size_t i = 0; i < src->nr; i++)
		set_sym(dst, src->syms[i].name, src->syms[i].value, src->syms[i].file,
			src->syms[i].line, report_overrides);
}

void kconfig_write(struct strbuf *out, const struct kconfig *kc)
{
	for (size_t i = 0; i < kc->nr; i++) {
		const struct ksym *s = &kc->syms[i];
		if (!strcmp(s->value, "n"))
			strbuf_addf(out, "# CONFIG_%s is not set\n", s->name);
		else
			strbuf_addf(out, "CONFIG_%s=%s\n", s->name, s->value);
	}
}

void kpolicy_release(struct kpolicy *p)
{
	kconfig_release(&p->want);
	for (size_t i = 0; i < p->nr_optional; i++)
		free(p->optional[i]);
	free(p->optional);
	for (size_t i = 0; i < p->nr_parts; i++) {
		free(p->parts[i].name);
		free(p->parts[i].file);
		kconfig_release(&p->parts[i].syms);
	}
	free(p->parts);
	memset(p, 0, sizeof(*p));
}

void kpolicy_add_optional(struct kpolicy *p, const char *name)
{
	GROW(p->optional, p->nr_optional + 1, p->alloc_optional);
	p->optional[p->nr_optional++] = xstrdup(name);
}

void kpolicy_add_part(struct kpolicy *p, const char *name, const char *file,
		      const struct kconfig *syms)
{
	struct kpolicy_part *part;

	GROW(p->parts, p->nr_parts + 1, p->alloc_parts);
	part = &p->parts[p->nr_parts++];
	*part = (struct kpolicy_part){ .name = xstrdup(name), .file = xstrdup(file),
				       .syms = KCONFIG_INIT };
	kconfig_merge(&part->syms, syms, false);
}

static bool is_optional(const struct kpolicy *p, const char *name)
{
	for (size_t i = 0; i < p->nr_optional; i++)
		if (!strcmp(p->optional[i], name))
			return true;
	return false;
}

static bool is_off(const struct ksym *s)
{
	return !s || !strcmp(s->value, "n");
}

/* Where a requirement's report line goes: a part's index, or nr_parts for
 * the rest. */
static size_t part_of(const struct kpolicy *policy, const char *name)
{
	for (size_t i = 0; i < policy->nr_parts; i++)
		if (kconfig_get(&policy->parts[i].syms, name))
			return i;
	return policy->nr_parts;
}

/* A tally of one part of the report. */
struct tally {
	struct strbuf lines;
	size_t checked, failed, skipped;
};

static void add_summary(struct strbuf *report, const char *name, const struct tally *t)
{
	strbuf_addf(report, "%s: %zu requirements checked, %zu met, %zu failed", name,
		    t->checked, t->checked - t->failed, t->failed);
	if (t->skipped)
		strbuf_addf(report, ", %zu optional skipped", t->skipped);
	strbuf_addch(report, '\n');
}

/* Check one requirement w, counting it in t. */
static void check_one(const struct kconfig *final, const char *final_name,
		      const struct kpolicy *policy, const struct ksym *w, struct tally *t)
{
	const struct ksym *got = kconfig_get(final, w->name);
	bool want_off = !strcmp(w->value, "n");
	struct strbuf *out = &t->lines;

	if (!got && is_optional(policy, w->name)) {
		t->skipped++;
		strbuf_addf(out, "skip CONFIG_%s=%s (%s:%u): optional, and not in %s\n",
			    w->name, w->value, w->file, w->line, final_name);
		return;
	}
	t->checked++;
	if (want_off ? is_off(got) : got && !strcmp(got->value, w->value)) {
		strbuf_addf(out, "ok   CONFIG_%s=%s (%s:%u)\n", w->name, w->value,
			    w->file, w->line);
		return;
	}
	t->failed++;
	if (want_off)
		strbuf_addf(out, "FAIL CONFIG_%s: requested off (%s:%u), but %s:%u "
			    "has CONFIG_%s=%s\n", w->name, w->file, w->line, final_name,
			    got->line, w->name, got->value);
	else if (!got)
		strbuf_addf(out, "FAIL CONFIG_%s: requested %s (%s:%u), but it is "
			    "missing from %s: its dependencies are not met (olddefconfig "
			    "drops such requests silently) or this kernel has no such symbol\n",
			    w->name, w->value, w->file, w->line, final_name);
	else if (!strcmp(got->value, "n"))
		strbuf_addf(out, "FAIL CONFIG_%s: requested %s (%s:%u), but %s:%u has "
			    "it not set: its dependencies are not met\n", w->name, w->value,
			    w->file, w->line, final_name, got->line);
	else
		strbuf_addf(out, "FAIL CONFIG_%s: requested %s (%s:%u), but %s:%u has "
			    "%s\n", w->name, w->value, w->file, w->line, final_name,
			    got->line, got->value);
}

size_t kconfig_check(const struct kconfig *final, const char *final_name,
		     const struct kpolicy *policy, struct strbuf *report)
{
	/* tallies[policy->nr_parts] is the rest; all sums them up. */
	struct tally *tallies = xcalloc(policy->nr_parts + 1, sizeof(*tallies));
	struct tally *rest = &tallies[policy->nr_parts], all = { .checked = 0 };

	for (size_t i = 0; i <= policy->nr_parts; i++)
		strbuf_init(&tallies[i].lines);

	/* The product is 32-bit only. With ARCH=x86 a missing
	 * "# CONFIG_64BIT is not set" silently yields a 64-bit kernel. */
	static const char *const bits64[] = { "64BIT", "X86_64" };
	for (size_t i = 0; i < ARRAY_SIZE(bits64); i++) {
		const struct ksym *s = kconfig_get(final, bits64[i]);
		rest->checked++;
		if (!is_off(s)) {
			rest->failed++;
			strbuf_addf(&rest->lines, "FAIL CONFIG_%s=%s (%s:%u): a 64-bit configuration; "
				    "the appliances are 32-bit: build with ARCH=i386 and keep "
				    "'# CONFIG_64BIT is not set'\n", s->name, s->value,
				    final_name, s->line);
		} else {
			strbuf_addf(&rest->lines, "ok   CONFIG_%s off (32-bit only)\n", bits64[i]);
		}
	}
	const struct ksym *x86_32 = kconfig_get(final, "X86_32");
	rest->checked++;
	if (!x86_32 || strcmp(x86_32->value, "y")) {
		rest->failed++;
		strbuf_addf(&rest->lines, "FAIL CONFIG_X86_32: %s in %s; the appliances need a "
			    "32-bit x86 kernel (ARCH=i386)\n", x86_32 ? x86_32->value : "missing",
			    final_name);
	} else {
		strbuf_addf(&rest->lines, "ok   CONFIG_X86_32=y (32-bit only)\n");
	}

	for (size_t i = 0; i < policy->want.nr; i++) {
		const struct ksym *w = &policy->want.syms[i];
		check_one(final, final_name, policy, w, &tallies[part_of(policy, w->name)]);
	}

	strbuf_add(report, rest->lines.buf, rest->lines.len);
	for (size_t i = 0; i <= policy->nr_parts; i++) {
		const struct tally *t = &tallies[i];
		if (i < policy->nr_parts) {
			strbuf_addf(report, "%s (%s):\n", policy->parts[i].name,
				    policy->parts[i].file);
			strbuf_add(report, t->lines.buf, t->lines.len);
			add_summary(report, policy->parts[i].name, t);
		}
		all.checked += t->checked;
		all.failed += t->failed;
		all.skipped += t->skipped;
		strbuf_release(&tallies[i].lines);
	}
	free(tallies);
	add_summary(report, final_name, &all);
	return all.failed;
}
