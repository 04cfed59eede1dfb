/*
 * Kernel .config files and config fragments: parse, merge, write, and check
 * a final .config against what was requested.
 *
 * A symbol's value is kept as kconfig writes it after "CONFIG_NAME=":
 * "y", "m", "\"string\"", "123", "0x10"; "# CONFIG_NAME is not set" (and
 * "CONFIG_NAME=n") is stored as "n".
 */
#ifndef KCONFIG_H
#define KCONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include "core/strbuf.h"

struct ksym {
	char *name;        /* without the CONFIG_ prefix */
	char *value;       /* "n" for "is not set" */
	const char *file;  /* where it was set; owned by the kconfig */
	unsigned line;
};

struct kconfig {
	struct ksym *syms; /* in file order; later files' new symbols appended */
	size_t nr, alloc;
	char **files;      /* file names the syms point into */
	size_t nr_files, alloc_files;
};
#define KCONFIG_INIT { 0 }

void kconfig_release(struct kconfig *kc);

/*
 * Parse text (a .config or a fragment) named file into kc, replacing values
 * of symbols already there. Lenient about blanks around '=' and after '#';
 * strict about anything else: an unparsable line is an error at file:line.
 * When report_overrides is set, a symbol set again to another value is
 * reported as a warning naming both places (later wins).
 */
int kconfig_parse(struct kconfig *kc, const char *file, const char *text,
		  bool report_overrides);
int kconfig_read(struct kconfig *kc, const char *path, bool report_overrides);

/* The symbol named name (without CONFIG_), or NULL. */
const struct ksym *kconfig_get(const struct kconfig *kc, const char *name);
/* Set name = value (file and line say why; file NULL means "(policy)"). */
void kconfig_set(struct kconfig *kc, const char *name, const char *value,
		 const char *file, unsigned line);

/* Merge src into dst, later wins, reporting overrides when asked. */
void kconfig_merge(struct kconfig *dst, const struct kconfig *src, bool report_overrides);

/* Append kc in kconfig's own syntax, one symbol a line, in kc's order. */
void kconfig_write(struct strbuf *out, const struct kconfig *kc);

/* What a final .config must satisfy. */
struct kpolicy {
	struct kconfig want;   /* NAME -> exact value ("n": absent or not set) */
	char **optional;       /* names checked only when the final config has them */
	size_t nr_optional, alloc_optional;
	struct kpolicy_part *parts; /* shown apart in the report */
	size_t nr_parts, alloc_parts;
};
/* A part of the policy that the report shows on its own, with its own
 * summary (a profile's "report-apart" fragments, such as the hardening):
 * every requirement on a symbol the fragment sets belongs to it. */
struct kpolicy_part {
	char *name;            /* the fragment's name, e.g. "hardening" */
	char *file;            /* its path */
	struct kconfig syms;   /* what it sets */
};
#define KPOLICY_INIT { .want = KCONFIG_INIT }
void kpolicy_release(struct kpolicy *p);
void kpolicy_add_optional(struct kpolicy *p, const char *name);
/* Add a part; syms is copied. */
void kpolicy_add_part(struct kpolicy *p, const char *name, const char *file,
		      const struct kconfig *syms);

/*
 * Check the final .config against the policy, and that it is a 32-bit x86
 * configuration. Appends a report (one "ok"/"FAIL" line per requirement;
 * then each part under a "NAME (FILE):" heading with its lines and a
 * "NAME: ..." summary; then the summary of all) to report. Returns the
 * number of failed requirements.
 */
size_t kconfig_check(const struct kconfig *final, const char *final_name,
		     const struct kpolicy *policy, struct strbuf *report);

#endif
