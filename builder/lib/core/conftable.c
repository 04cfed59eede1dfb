/* Key tables: parsing, usage, make variables and docs from one row per key. */
#include "core/conftable.h"
#include "core/conffile.h"
#include "core/error.h"
#include "core/strvec.h"
#include "core/xalloc.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t nr_keys(const struct conf_key *keys)
{
	size_t n = 0;
	while (keys[n].name)
		n++;
	return n;
}

static void *slot_of(const struct conf_key *k, void *obj)
{
	return (char *)obj + k->offset;
}

static const void *cslot_of(const struct conf_key *k, const void *obj)
{
	return (const char *)obj + k->offset;
}

/* "a, b, c" (or with the row's list function's separators). */
static void add_values(struct strbuf *out, const struct conf_key *k, const char *sep,
		       const char *last)
{
	if (k->list) {
		k->list(out, sep, last);
	} else if (k->values) {
		struct strvec v = STRVEC_INIT;
		for (size_t i = 0; k->values[i]; i++)
			strvec_push(&v, k->values[i]);
		strvec_join_list(&v, out, sep, last);
		strvec_clear(&v);
	}
}

static int on_setting(const char *file, unsigned line, const char *key, const char *value,
		      void *data)
{
	struct conf_load *l = data;
	struct strbuf known = STRBUF_INIT;
	size_t i;

	for (i = 0; l->keys[i].name && strcmp(l->keys[i].name, key); i++)
		;
	if (!l->keys[i].name) {
		for (size_t k = 0; l->keys[k].name; k++)
			strbuf_addf(&known, "%s%s", k ? ", " : "", l->keys[k].name);
		error_at(file, line, "unknown key '%s'; known: %s", key, known.buf);
		strbuf_release(&known);
		return -1;
	}
	if (l->seen[i] && !l->keys[i].repeat)
		return error_at(file, line, "'%s' is set again (first on line %u); keep one",
				key, l->seen[i]);
	if (!l->seen[i])
		l->seen[i] = line;
	if (!*value && !l->keys[i].empty_ok)
		return error_at(file, line, "'%s' has no value", key);
	return l->keys[i].parse(&(struct conf_arg){ .file = file, .line = line, .key = &l->keys[i],
						    .obj = l->obj,
						    .slot = slot_of(&l->keys[i], l->obj),
						    .ctx = l->ctx }, value);
}

int conf_load_file(struct conf_load *l, const char *path)
{
	size_t n = nr_keys(l->keys);
	int ret;

	l->seen = xcalloc(n + 1, sizeof(*l->seen));
	ret = conffile_read(path, on_setting, l);
	for (size_t i = 0; i < n; i++) {
		const struct conf_key *k = &l->keys[i];
		const char *def = k->def_fn ? k->def_fn(l->obj) : k->def;
		struct strbuf why = STRBUF_INIT;
		if (l->seen[i])
			continue;
		if (def && k->parse(&(struct conf_arg){ .file = path, .line = 0, .key = k,
							.obj = l->obj, .slot = slot_of(k, l->obj),
							.ctx = l->ctx }, def))
			ret = -1;
		if (!k->required)
			continue;
		if (k->why) {
			strbuf_addstr(&why, k->why);
		} else if (k->list || k->values) {
			strbuf_addstr(&why, " (");
			add_values(&why, k, ", ", " or ");
			strbuf_addch(&why, ')');
		}
		ret = error_at(path, 0, "'%s' is required%s; add a line '%s = ...'", k->name,
			       why.buf, k->name);
		strbuf_release(&why);
	}
	return ret;
}

void conf_load_release(struct conf_load *l)
{
	free(l->seen);
	l->seen = NULL;
}

unsigned conf_seen(const struct conf_load *l, const char *key)
{
	for (size_t i = 0; l->keys[i].name; i++)
		if (!strcmp(l->keys[i].name, key))
			return l->seen[i];
	return 0;
}

void conf_release(const struct conf_key *keys, void *obj)
{
	for (const struct conf_key *k = keys; k->name; k++) {
		void *slot = slot_of(k, obj);
		if (k->type == CONF_STRING) {
			free(*(char **)slot);
			*(char **)slot = NULL;
		} else if (k->type == CONF_LIST) {
			strvec_clear(slot);
		}
	}
}

/* The default as the docs say it: the literal, or in words, or none. */
static const char *doc_default(const struct conf_key *k)
{
	return k->def ? k->def : k->def_doc;
}

/* Wrap text at 78 columns under a 22-column indent (the first line goes
 * after the name when the name fits). */
static void add_wrapped(struct strbuf *out, const char *name, const char *text)
{
	const size_t indent = 22, width = 78;
	size_t col;

	strbuf_addf(out, "  %s", name);
	col = 2 + strlen(name);
	if (col + 1 >= indent) {
		strbuf_addch(out, '\n');
		col = 0;
	}
	for (; col < indent; col++)
		strbuf_addch(out, ' ');
	while (*text) {
		size_t n = strcspn(text, " ");
		if (col > indent && col + 1 + n > width) {
			strbuf_addf(out, "\n%*s", (int)indent, "");
			col = indent;
		} else if (col > indent) {
			strbuf_addch(out, ' ');
			col++;
		}
		strbuf_add(out, text, n);
		col += n;
		text += n;
		text += strspn(text, " ");
	}
	strbuf_addch(out, '\n');
}

/* The doc, then the values and the default, as one paragraph. */
static void add_paragraph(struct strbuf *out, const struct conf_key *k)
{
	strbuf_addstr(out, k->doc);
	if (k->values || k->list) {
		strbuf_addstr(out, " Values: ");
		add_values(out, k, ", ", " or ");
		strbuf_addch(out, '.');
	}
	if (doc_default(k))
		strbuf_addf(out, " Default: %s.", doc_default(k));
	if (k->repeat)
		strbuf_addstr(out, " May be given on several lines.");
}

void conf_keys_help(struct strbuf *out, const struct conf_key *keys)
{
	struct strvec req = STRVEC_INIT;
	struct strbuf para = STRBUF_INIT;

	for (const struct conf_key *k = keys; k->name; k++)
		if (k->required)
			strvec_push(&req, k->name);
	strbuf_addstr(out, "Keys");
	if (req.nr) {
		strbuf_addstr(out, " (required: ");
		strvec_join_list(&req, out, ", ", ", ");
		strbuf_addch(out, ')');
	}
	strbuf_addstr(out, ":\n");
	for (const struct conf_key *k = keys; k->name; k++) {
		strbuf_reset(&para);
		add_paragraph(&para, k);
		add_wrapped(out, k->name, para.buf);
	}
	strvec_clear(&req);
	strbuf_release(&para);
}

void conf_keys_list(struct strbuf *out, const struct conf_key *keys, const char *prefix)
{
	strbuf_addstr(out, "# key\trequired\tdefault\tmake variable\tvalues\tdescription\n");
	for (const struct conf_key *k = keys; k->name; k++) {
		strbuf_addf(out, "%s\t%s\t%s\t", k->name, k->required ? "yes" : "no",
			    doc_default(k) ? doc_default(k) : "-");
		if (k->make_var)
			strbuf_addf(out, "%s_%s\t", prefix, k->make_var);
		else
			strbuf_addstr(out, "-\t");
		if (k->values || k->list)
			add_values(out, k, " ", " ");
		else
			strbuf_addch(out, '-');
		strbuf_addf(out, "\t%s%s\n", k->doc, k->repeat ? " May be given on several lines." : "");
	}
}

/* A value as make reads it after ":=": '$' doubled, '#' escaped; a
 * backslash is literal to make except before '#' and at the end. */
static void add_make_value(struct strbuf *out, const char *v)
{
	for (; v && *v; v++) {
		if (*v == '\\' && !v[1]) {
			/* Not a line continuation: "\$()" is a backslash and nothing. */
			strbuf_addstr(out, "\\$()");
			break;
		}
		if (*v == '$' || (*v == '\\' && v[1] == '#'))
			strbuf_addch(out, *v);
		else if (*v == '#')
			strbuf_addch(out, '\\');
		strbuf_addch(out, *v);
	}
}

void conf_make_var(struct strbuf *out, const char *prefix, const char *name, const char *value)
{
	strbuf_addf(out, "%s_%s := ", prefix, name);
	add_make_value(out, value);
	strbuf_addch(out, '\n');
}

void conf_make_vars(struct strbuf *out, const struct conf_key *keys, const char *prefix,
		    const void *obj)
{
	struct strbuf v = STRBUF_INIT;

	for (const struct conf_key *k = keys; k->name; k++) {
		const void *slot = cslot_of(k, obj);
		if (!k->make_var)
			continue;
		strbuf_reset(&v);
		switch (k->type) {
		case CONF_STRING:
			strbuf_addstr(&v, *(char *const *)slot ? *(char *const *)slot : "");
			break;
		case CONF_BOOL:
			strbuf_addstr(&v, *(const bool *)slot ? "yes" : "no");
			break;
		case CONF_U64:
			strbuf_addf(&v, "%" PRIu64, *(const uint64_t *)slot);
			break;
		case CONF_UINT:
			strbuf_addf(&v, "%u", *(const unsigned *)slot);
			break;
		case CONF_LIST: {
			const struct strvec *sv = slot;
			for (size_t i = 0; i < sv->nr; i++)
				strbuf_addf(&v, "%s%s", i ? " " : "", sv->v[i]);
			break;
		}
		case CONF_OTHER:
			k->make_value(&v, obj);
			break;
		}
		conf_make_var(out, prefix, k->make_var, v.buf);
		if (k->derived)
			k->derived(out, prefix, obj);
	}
	strbuf_release(&v);
}

int conf_parse_text(const struct conf_arg *a, const char *v)
{
	*(char **)a->slot = xstrdup(v);
	return 0;
}

int conf_parse_word(const struct conf_arg *a, const char *v)
{
	if (!*v || v[strspn(v, a->key->chars)])
		return error_at(a->file, a->line, "%s = '%s': %s", a->key->name, v, a->key->hint);
	*(char **)a->slot = xstrdup(v);
	return 0;
}

int conf_parse_choice(const struct conf_arg *a, const char *v)
{
	struct strbuf list = STRBUF_INIT;
	bool ok = false;

	/* One name a line, whether the row lists them or a table does. */
	add_values(&list, a->key, "\n", "\n");
	for (const char *p = list.buf; *p && !ok;) {
		size_t n = strcspn(p, "\n");
		ok = n == strlen(v) && !strncmp(p, v, n);
		p += n + !!p[n];
	}
	if (ok) {
		strbuf_release(&list);
		*(char **)a->slot = xstrdup(v);
		return 0;
	}
	strbuf_reset(&list);
	add_values(&list, a->key, ", ", ", ");
	error_at(a->file, a->line, "%s = '%s': expected one of %s", a->key->name, v, list.buf);
	strbuf_release(&list);
	return -1;
}

int conf_parse_yesno(const struct conf_arg *a, const char *v)
{
	if (strcmp(v, "yes") && strcmp(v, "no"))
		return error_at(a->file, a->line, "%s = '%s': %s", a->key->name, v,
				a->key->hint ? a->key->hint : "expected yes or no");
	*(bool *)a->slot = !strcmp(v, "yes");
	return 0;
}
