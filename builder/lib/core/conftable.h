/*
 * Key tables for "key = value" files (core/conffile.h): one row per key
 * says everything about it, and the parser, the usage text, the
 * unknown-key message, the make variables, the list for man pages
 * (--keys) and the release of the stored values are all made from the
 * rows. conf/appconf.c (appliance.conf) and conf/relconf.c (release.conf)
 * each keep one table; how to add a key is written above each.
 */
#ifndef CONFTABLE_H
#define CONFTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include "core/strbuf.h"

/* How a key's value is stored at its offset in the file's struct: what
 * make is shown and what conf_release frees. */
enum conf_type {
	CONF_STRING,  /* char *, owned */
	CONF_BOOL,    /* bool: make sees yes or no */
	CONF_U64,     /* uint64_t */
	CONF_UINT,    /* unsigned */
	CONF_LIST,    /* struct strvec: make sees the items joined by blanks */
	CONF_OTHER,   /* set by the parse function; make sees what make_value appends */
};

struct conf_key;

/* What a parse function is given: where the line is, the row, and the
 * struct being filled (slot: the row's offset in it). */
struct conf_arg {
	const char *file;
	unsigned line;
	const struct conf_key *key;
	void *obj;
	void *slot;
	void *ctx;   /* the caller's, e.g. where kernel profiles are */
};

struct conf_key {
	const char *name;
	/* Check the value and store it; 0, or -1 after an error_at(). */
	int (*parse)(const struct conf_arg *a, const char *value);
	enum conf_type type;
	size_t offset;
	bool repeat;        /* may be set on several lines (each adds) */
	bool empty_ok;      /* "key =" with no value is allowed */
	bool required;
	const char *why;    /* after "'KEY' is required", e.g. " (e.g. 1G)" */
	const char *def;    /* the value an unset key gets (parsed like a line's), or NULL */
	const char *(*def_fn)(const void *obj); /* a default from other values, or NULL */
	const char *def_doc; /* the default in words, when it is not a literal */
	/* The values it takes: a fixed list, or a table's (sep between names,
	 * last between the last two). For conf_parse_choice and the docs. */
	const char *const *values;
	void (*list)(struct strbuf *out, const char *sep, const char *last);
	const char *chars;  /* conf_parse_word: the characters a value may have */
	const char *hint;   /* conf_parse_word: the error's explanation */
	const char *make_var; /* PREFIX_<make_var> := value, or NULL: make needs none */
	void (*make_value)(struct strbuf *out, const void *obj); /* CONF_OTHER */
	/* Variables derived from this key that follow its own (e.g. the qemu
	 * bus of a disk adapter): append "NAME", value pairs by conf_make_var. */
	void (*derived)(struct strbuf *out, const char *prefix, const void *obj);
	const char *doc;    /* one paragraph: --help, --keys and the man page */
};

/* Reading one file against a table (NULL-name-terminated). */
struct conf_load {
	const struct conf_key *keys;
	void *obj;
	void *ctx;
	const char *what;   /* "appliance.conf": for the errors' wording */
	unsigned *seen;     /* the line each key was first set on (0: unset) */
};

/* Read path with the table: every line's key is looked up, checked and
 * stored; then the defaults of unset keys are applied and every missing
 * required key is reported. 0, or -1 when anything was wrong (all of it
 * reported). l->seen is allocated here; conf_load_release frees it. */
int conf_load_file(struct conf_load *l, const char *path);
void conf_load_release(struct conf_load *l);

/* The line key was first set on, 0 when unset. */
unsigned conf_seen(const struct conf_load *l, const char *key);

/* Free what the rows' values own and zero them. */
void conf_release(const struct conf_key *keys, void *obj);

/* Append the usage text of the keys: one entry each, its doc wrapped
 * under it, its values and default. */
void conf_keys_help(struct strbuf *out, const struct conf_key *keys);

/* Append the keys machine-readably, one line each, tab-separated: name,
 * required (yes/no), default, make variable (PREFIX_VAR or -), values,
 * doc; a '#' header line names the columns. */
void conf_keys_list(struct strbuf *out, const struct conf_key *keys, const char *prefix);

/* Append "PREFIX_VAR := value" for every row with a make variable. */
void conf_make_vars(struct strbuf *out, const struct conf_key *keys, const char *prefix,
		    const void *obj);
/* One "PREFIX_NAME := value" line, the value escaped for make. */
void conf_make_var(struct strbuf *out, const char *prefix, const char *name, const char *value);

/* Parse functions for rows. */
int conf_parse_text(const struct conf_arg *a, const char *v);    /* any text */
int conf_parse_word(const struct conf_arg *a, const char *v);    /* key->chars, key->hint */
int conf_parse_choice(const struct conf_arg *a, const char *v);  /* one of key->values */
int conf_parse_yesno(const struct conf_arg *a, const char *v);   /* yes/no; key->hint */

#endif
