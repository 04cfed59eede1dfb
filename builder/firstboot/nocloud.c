/* cloud-init NoCloud seeds (see nocloud.h). */
#include "nocloud.h"
#include "accounts.h"
#include "core/fsutil.h"
#include "core/strvec.h"
#include "core/xalloc.h"
#include "core/array.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

/* ---- YAML, into a small tree with limits ---- */

enum ykind { Y_SCALAR, Y_SEQ, Y_MAP };

struct ynode {
	enum ykind kind;
	char *s;               /* a scalar's bytes, NUL-terminated */
	size_t len;
	bool plain;            /* an unquoted scalar: true/false/null are words */
	unsigned line;         /* from 1 */
	struct ynode *kids;    /* a sequence's items; a mapping's keys and values, in turn */
	size_t n, alloc;
};

struct yload {
	yaml_parser_t parser;
	const char *file;      /* "user-data", for messages */
	size_t nodes;
	struct strbuf *why;
};

static void ynode_release(struct ynode *y)
{
	for (size_t i = 0; i < y->n; i++)
		ynode_release(&y->kids[i]);
	if (y->s)
		explicit_bzero(y->s, y->len);
	free(y->s);
	free(y->kids);
	memset(y, 0, sizeof(*y));
}

static int yerror(struct yload *l, unsigned line, const char *fmt, ...) PRINTF_LIKE(3, 4);
static int yerror(struct yload *l, unsigned line, const char *fmt, ...)
{
	va_list ap;
	if (l->why->len)
		return -1;
	strbuf_addf(l->why, "%s line %u: ", l->file, line);
	va_start(ap, fmt);
	strbuf_vaddf(l->why, fmt, ap);
	va_end(ap);
	return -1;
}

static int next(struct yload *l, yaml_event_t *e)
{
	if (yaml_parser_parse(&l->parser, e))
		return 0;
	if (!l->why->len)
		strbuf_addf(l->why, "%s line %zu: not YAML (%s)", l->file,
			    l->parser.problem_mark.line + 1,
			    l->parser.problem ? l->parser.problem : "a parse error");
	return -1;
}

/* The node that event e starts (e is taken over). */
static int load_node(struct yload *l, yaml_event_t *e, unsigned depth, struct ynode *out)
{
	unsigned line = (unsigned)e->start_mark.line + 1;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	out->line = line;
	if (++l->nodes > NOCLOUD_NODES_MAX) {
		yaml_event_delete(e);
		return yerror(l, line, "more than %u YAML nodes", NOCLOUD_NODES_MAX);
	}
	switch (e->type) {
	case YAML_ALIAS_EVENT:
		/* An alias can make a few bytes mean gigabytes (a billion
		 * laughs); cloud-config needs none. */
		yaml_event_delete(e);
		return yerror(l, line, "a YAML alias (*name): aliases are not accepted");
	case YAML_SCALAR_EVENT:
		if (e->data.scalar.length > CRED_VALUE_MAX) {
			size_t n = e->data.scalar.length;
			yaml_event_delete(e);
			return yerror(l, line, "a value of %zu bytes (at most %u)", n, CRED_VALUE_MAX);
		}
		if (memchr(e->data.scalar.value, '\0', e->data.scalar.length)) {
			/* "\0" in a quoted scalar: binary, and it would cut the
			 * value short where C strings are used. */
			yaml_event_delete(e);
			return yerror(l, line, "a value holding a NUL byte (binary data)");
		}
		out->kind = Y_SCALAR;
		out->len = e->data.scalar.length;
		out->s = xmalloc(out->len + 1);
		memcpy(out->s, e->data.scalar.value, out->len);
		out->s[out->len] = '\0';
		out->plain = e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !e->data.scalar.tag;
		explicit_bzero(e->data.scalar.value, e->data.scalar.length);
		yaml_event_delete(e);
		return 0;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		yaml_event_type_t end = e->type == YAML_SEQUENCE_START_EVENT ? YAML_SEQUENCE_END_EVENT :
							    YAML_MAPPING_END_EVENT;
		out->kind = e->type == YAML_SEQUENCE_START_EVENT ? Y_SEQ : Y_MAP;
		yaml_event_delete(e);
		if (depth >= NOCLOUD_DEPTH_MAX)
			return yerror(l, line, "nested more than %d deep", NOCLOUD_DEPTH_MAX);
		for (;;) {
			yaml_event_t k;
			if (next(l, &k))
				return -1;
			if (k.type == end) {
				yaml_event_delete(&k);
				break;
			}
			GROW(out->kids, out->n + 1, out->alloc);
			if (load_node(l, &k, depth + 1, &out->kids[out->n])) {
				/* Not counted in n yet: its parts are freed here. */
				ynode_release(&out->kids[out->n]);
				return -1;
			}
			out->n++;
		}
		if (out->kind == Y_MAP) {
			/* YAML says keys are unique; libyaml does not check, and
			 * two answers for one key must not be a guess. */
			for (size_t i = 0; i < out->n; i += 2) {
				if (out->kids[i].kind != Y_SCALAR)
					return yerror(l, out->kids[i].line, "a key that is not a word");
				for (size_t j = 0; j < i; j += 2)
					if (!strcmp(out->kids[i].s, out->kids[j].s))
						return yerror(l, out->kids[i].line, "the key '%.64s' given "
							      "twice (also line %u)", out->kids[i].s,
							      out->kids[j].line);
			}
		}
		ret = 0;
		break;
	}
	default:
		yaml_event_delete(e);
		return yerror(l, line, "an unexpected YAML event");
	}
	return ret;
}

/* One YAML document from text into out (an empty one: a mapping of
 * nothing). */
static int load(const char *text, size_t len, const char *file, struct ynode *out,
		struct strbuf *why)
{
	struct yload l = { .file = file, .why = why };
	yaml_event_t e;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	out->kind = Y_MAP;
	if (len > NOCLOUD_FILE_MAX) {
		strbuf_addf(why, "%s is %zu bytes (at most %u are read)", file, len, NOCLOUD_FILE_MAX);
		return -1;
	}
	if (!yaml_parser_initialize(&l.parser)) {
		strbuf_addstr(why, "libyaml could not start");
		return -1;
	}
	yaml_parser_set_input_string(&l.parser, (const unsigned char *)text, len);
	if (next(&l, &e))
		goto out;
	yaml_event_delete(&e);   /* STREAM_START */
	if (next(&l, &e))
		goto out;
	if (e.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&e);
		ret = 0;
		goto out;
	}
	yaml_event_delete(&e);   /* DOCUMENT_START */
	if (next(&l, &e))
		goto out;
	if (load_node(&l, &e, 0, out))
		goto out;
	if (next(&l, &e))
		goto out;
	yaml_event_delete(&e);   /* DOCUMENT_END */
	if (next(&l, &e))
		goto out;
	if (e.type != YAML_STREAM_END_EVENT) {
		yerror(&l, (unsigned)e.start_mark.line + 1, "a second YAML document (---)");
		yaml_event_delete(&e);
		goto out;
	}
	yaml_event_delete(&e);
	if (out->kind != Y_MAP) {
		strbuf_addf(why, "%s is not a mapping of keys", file);
		goto out;
	}
	ret = 0;
out:
	yaml_parser_delete(&l.parser);
	if (ret)
		ynode_release(out);
	return ret;
}

/* ---- what a seed says ---- */

struct nocloud {
	const char *hash, *plain;           /* root's password, the first given */
	struct strvec owned;                /* passwords cut from chpasswd.list lines */
	struct strbuf keys;                 /* authorized_keys lines */
	const char *fqdn, *hostname, *local_hostname;
	struct strvec unsupported;          /* "runcmd", "users: bob" */
	struct strbuf why;                  /* why refused */
	const char *file;
};

static bool word(const struct ynode *y, const char *const *words)
{
	if (y->kind != Y_SCALAR || !y->plain)
		return false;
	for (; *words; words++)
		if (!strcmp(y->s, *words))
			return true;
	return false;
}

static bool yes(const struct ynode *y)
{
	static const char *const w[] = { "true", "True", "TRUE", "yes", "Yes", "on", NULL };
	return word(y, w);
}

static bool no(const struct ynode *y)
{
	static const char *const w[] = { "false", "False", "FALSE", "no", "No", "off", NULL };
	return word(y, w);
}

static int wrong(struct nocloud *nc, const struct ynode *y, const char *key, const char *want)
{
	if (!nc->why.len)
		strbuf_addf(&nc->why, "%s line %u: %s must be %s", nc->file, y->line, key, want);
	return -1;
}

static const struct ynode *get(const struct ynode *map, const char *key)
{
	for (size_t i = 0; map->kind == Y_MAP && i + 1 < map->n; i += 2)
		if (!strcmp(map->kids[i].s, key))
			return &map->kids[i + 1];
	return NULL;
}

static void password(struct nocloud *nc, const char *s, bool hashed)
{
	if (hashed && !nc->hash)
		nc->hash = s;
	else if (!hashed && !nc->plain)
		nc->plain = s;
}

static int keys(struct nocloud *nc, const struct ynode *v, const char *key)
{
	if (v->kind != Y_SEQ)
		return wrong(nc, v, key, "a list of SSH public keys");
	for (size_t i = 0; i < v->n; i++) {
		if (v->kids[i].kind != Y_SCALAR)
			return wrong(nc, &v->kids[i], key, "a list of SSH public keys");
		strbuf_addf(&nc->keys, "%s\n", v->kids[i].s);
	}
	return 0;
}

/* A password as cloud-init tells them apart: a crypt(5) string is a hash. */
static bool looks_hashed(const char *s)
{
	return s[0] == '$' && strchr(s + 1, '$');
}

/* chpasswd's users (name, password, type) and its older list ("NAME:PW"). */
static int chpasswd(struct nocloud *nc, const struct ynode *v)
{
	if (v->kind != Y_MAP)
		return wrong(nc, v, "chpasswd", "a mapping (users, list, expire)");
	for (size_t i = 0; i + 1 < v->n; i += 2) {
		const char *k = v->kids[i].s;
		const struct ynode *x = &v->kids[i + 1];
		if (!strcmp(k, "expire")) {
			/* We never force a change at the first login. */
			if (!no(x))
				strvec_push(&nc->unsupported, "chpasswd.expire: true");
		} else if (!strcmp(k, "users")) {
			if (x->kind != Y_SEQ)
				return wrong(nc, x, "chpasswd.users", "a list of name/password entries");
			for (size_t j = 0; j < x->n; j++) {
				const struct ynode *u = &x->kids[j], *name = get(u, "name"),
						  *pw = get(u, "password"), *type = get(u, "type");
				if (u->kind != Y_MAP || !name || name->kind != Y_SCALAR || !pw ||
				    pw->kind != Y_SCALAR || (type && type->kind != Y_SCALAR))
					return wrong(nc, u, "chpasswd.users entry", "name: and password:");
				if (strcmp(name->s, "root")) {
					strvec_pushf(&nc->unsupported, "chpasswd.users: %.32s", name->s);
				} else if (type && !strcmp(type->s, "RANDOM")) {
					strvec_push(&nc->unsupported, "chpasswd.users: type RANDOM");
				} else if (type && strcmp(type->s, "hash") && strcmp(type->s, "text")) {
					return wrong(nc, type, "chpasswd.users type", "text, hash or RANDOM");
				} else {
					password(nc, pw->s, type ? !strcmp(type->s, "hash") : looks_hashed(pw->s));
				}
			}
		} else if (!strcmp(k, "list")) {
			/* A block of NAME:PASSWORD lines, or a list of them. */
			const struct ynode *lines = x;
			size_t n = x->kind == Y_SEQ ? x->n : 1;
			if (x->kind == Y_MAP)
				return wrong(nc, x, "chpasswd.list", "NAME:PASSWORD lines");
			for (size_t j = 0; j < n; j++) {
				const struct ynode *it = x->kind == Y_SEQ ? &lines->kids[j] : x;
				if (it->kind != Y_SCALAR)
					return wrong(nc, it, "chpasswd.list", "NAME:PASSWORD lines");
				for (const char *p = it->s; *p;) {
					size_t len = strcspn(p, "\n");
					if (len > 5 && !strncmp(p, "root:", 5)) {
						char *pw = xstrndup(p + 5, len - 5);
						strvec_push(&nc->owned, pw);
						explicit_bzero(pw, len - 5);
						free(pw);
						password(nc, nc->owned.v[nc->owned.nr - 1],
							 looks_hashed(nc->owned.v[nc->owned.nr - 1]));
					} else if (len) {
						strvec_push(&nc->unsupported, "chpasswd.list: a user other "
							    "than root");
					}
					p += len + (p[len] == '\n');
				}
			}
		} else {
			strvec_pushf(&nc->unsupported, "chpasswd.%.32s", k);
		}
	}
	return 0;
}

/* users: "default" (cloud-init's default user: there is none here but
 * root) and root's entry; any other user is not made. */
static int users(struct nocloud *nc, const struct ynode *v)
{
	if (v->kind != Y_SEQ)
		return wrong(nc, v, "users", "a list");
	for (size_t i = 0; i < v->n; i++) {
		const struct ynode *u = &v->kids[i], *name = get(u, "name");
		if (u->kind == Y_SCALAR && !strcmp(u->s, "default"))
			continue;
		if (u->kind != Y_MAP || !name || name->kind != Y_SCALAR)
			return wrong(nc, u, "a users entry", "default or a mapping with name:");
		if (strcmp(name->s, "root")) {
			strvec_pushf(&nc->unsupported, "users: %.32s", name->s);
			continue;
		}
		for (size_t j = 0; j + 1 < u->n; j += 2) {
			const char *k = u->kids[j].s;
			const struct ynode *x = &u->kids[j + 1];
			if (!strcmp(k, "name")) {
				continue;
			} else if (!strcmp(k, "ssh_authorized_keys")) {
				if (keys(nc, x, "users: root: ssh_authorized_keys"))
					return -1;
			} else if (!strcmp(k, "hashed_passwd") || !strcmp(k, "passwd")) {
				if (x->kind != Y_SCALAR)
					return wrong(nc, x, k, "a crypt(5) hash");
				password(nc, x->s, true);
			} else if (!strcmp(k, "plain_text_passwd")) {
				if (x->kind != Y_SCALAR)
					return wrong(nc, x, k, "a password");
				password(nc, x->s, false);
			} else if (!strcmp(k, "lock_passwd") && no(x)) {
				continue;
			} else {
				strvec_pushf(&nc->unsupported, "users: root: %.32s", k);
			}
		}
	}
	return 0;
}

static int scalar(struct nocloud *nc, const struct ynode *v, const char *key, const char **out)
{
	if (v->kind != Y_SCALAR)
		return wrong(nc, v, key, "a single value");
	*out = v->s;
	return 0;
}

/* One top-level key of user-data. */
static int user_key(struct nocloud *nc, const char *k, const struct ynode *v)
{
	if (!strcmp(k, "password")) {
		if (v->kind != Y_SCALAR)
			return wrong(nc, v, k, "a password or a crypt(5) hash");
		password(nc, v->s, looks_hashed(v->s));
		return 0;
	}
	if (!strcmp(k, "chpasswd"))
		return chpasswd(nc, v);
	if (!strcmp(k, "ssh_authorized_keys"))
		return keys(nc, v, k);
	if (!strcmp(k, "users"))
		return users(nc, v);
	if (!strcmp(k, "hostname"))
		return scalar(nc, v, k, &nc->hostname);
	if (!strcmp(k, "fqdn"))
		return scalar(nc, v, k, &nc->fqdn);
	/* What we do anyway (root is the user; /etc/hosts's 127.0.1.1 line
	 * names the host; the host name is set): said by Proxmox every time. */
	if ((!strcmp(k, "user") && v->kind == Y_SCALAR && !strcmp(v->s, "root")) ||
	    (!strcmp(k, "manage_etc_hosts") && yes(v)) || (!strcmp(k, "preserve_hostname") && no(v)))
		return 0;
	strvec_push(&nc->unsupported, k);
	return 0;
}

static int meta_key(struct nocloud *nc, const char *k, const struct ynode *v)
{
	const char *ignored;
	if (!strcmp(k, "local-hostname"))
		return scalar(nc, v, k, &nc->local_hostname);
	/* Read, and kept nowhere: see the README on instance-id. */
	if (!strcmp(k, "instance-id"))
		return scalar(nc, v, k, &ignored);
	strvec_push(&nc->unsupported, k);
	return 0;
}

/* user-data's first line: "#cloud-config" (cloud-init's own test). */
static bool cloud_config(const char *text, size_t len)
{
	static const char tag[] = "#cloud-config";
	size_t n = sizeof(tag) - 1;
	if (len < n || memcmp(text, tag, n))
		return false;
	/* text need not end in a NUL: every look is bounded by len. */
	while (n < len && (text[n] == ' ' || text[n] == '\t' || text[n] == '\r'))
		n++;
	return n == len || text[n] == '\n';
}

int nocloud_credentials(const char *meta, size_t meta_len, const char *user, size_t user_len,
			const char *where, struct creds *c)
{
	struct nocloud nc = { .keys = STRBUF_INIT, .unsupported = STRVEC_INIT, .why = STRBUF_INIT,
			      .owned = STRVEC_INIT };
	struct ynode m = { .kind = Y_MAP }, u = { .kind = Y_MAP };
	struct strbuf source = STRBUF_INIT;
	int ret = -1;

	nc.file = "meta-data";
	if (meta && load(meta, meta_len, "meta-data", &m, &nc.why))
		goto out;
	for (size_t i = 0; i + 1 < m.n; i += 2)
		if (meta_key(&nc, m.kids[i].s, &m.kids[i + 1]))
			goto out;
	nc.file = "user-data";
	if (user && !cloud_config(user, user_len)) {
		/* A script or a MIME archive: cloud-init would run it; we
		 * cannot, and say so (its contents are not shown). */
		strvec_push(&nc.unsupported, "user-data that is not #cloud-config");
	} else if (user) {
		if (load(user, user_len, "user-data", &u, &nc.why))
			goto out;
		for (size_t i = 0; i + 1 < u.n; i += 2)
			if (user_key(&nc, u.kids[i].s, &u.kids[i + 1]))
				goto out;
	}
	ret = 0;
out:
	if (ret) {
		fb_report("NoCloud (%s): %s; nothing will be applied\n", where, nc.why.buf);
		c->invalid++;
	} else {
		const char *name = nc.fqdn ? nc.fqdn : nc.hostname ? nc.hostname : nc.local_hostname;
		if (nc.unsupported.nr) {
			struct strbuf line = STRBUF_INIT;
			for (size_t i = 0; i < nc.unsupported.nr; i++)
				strbuf_addf(&line, "%s%s", i ? ", " : "", nc.unsupported.v[i]);
			fb_report("NoCloud (%s): not supported, ignored: %s\n", where, line.buf);
			strbuf_release(&line);
		}
		strbuf_addf(&source, "NoCloud user-data (%s)", where);
		/* A hash wins over a plain password, as among the other sources. */
		if (nc.hash)
			creds_offer(c, CRED_HASHED_PASSWORD_ROOT, source.buf, nc.hash, strlen(nc.hash));
		else if (nc.plain)
			creds_offer(c, CRED_PLAIN_PASSWORD_ROOT, source.buf, nc.plain, strlen(nc.plain));
		if (nc.keys.len)
			creds_offer(c, CRED_AUTHORIZED_KEYS_ROOT, source.buf, nc.keys.buf, nc.keys.len);
		if (name) {
			if (name == nc.local_hostname) {
				strbuf_reset(&source);
				strbuf_addf(&source, "NoCloud meta-data (%s)", where);
			}
			creds_offer(c, CRED_HOSTNAME, source.buf, name, strlen(name));
		}
	}
	ynode_release(&m);
	ynode_release(&u);
	explicit_bzero(nc.keys.buf, nc.keys.len);
	strbuf_release(&nc.keys);
	for (size_t i = 0; i < nc.owned.nr; i++)
		explicit_bzero(nc.owned.v[i], strlen(nc.owned.v[i]));
	strvec_clear(&nc.owned);
	strvec_clear(&nc.unsupported);
	strbuf_release(&nc.why);
	strbuf_release(&source);
	return ret;
}

/* ---- where the seed is ---- */

int nocloud_ds(const char *text, struct strbuf *seed, struct strbuf *why)
{
	for (const char *p = text; *p;) {
		size_t n;
		p += strspn(p, " \t\n");
		n = strcspn(p, " \t\n");
		if (n >= 10 && !strncmp(p, "ds=nocloud", 10) && (n == 10 || p[10] == ';')) {
			strbuf_reset(seed);
			/* ;KEY=VALUE pairs: s= (or seedfrom=) is the seed. */
			for (const char *q = p + 10; q < p + n && *q == ';';) {
				const char *e = q + 1 + strcspn(q + 1, "; \t\n");
				if (!strncmp(q + 1, "s=", 2) || !strncmp(q + 1, "seedfrom=", 9)) {
					const char *v = strchr(q, '=') + 1;
					if (!strncmp(v, "file://", 7))
						v += 7;
					if (*v != '/') {
						strbuf_addf(why, "ds=nocloud's seed '%.*s' is not a local "
							    "path (file:// or /): only those are read",
							    (int)(e - v), v);
						return -1;
					}
					strbuf_add(seed, v, (size_t)(e - v));
				}
				q = e;
			}
			return 1;
		}
		if (n >= 14 && !strncmp(p, "ds=nocloud-net", 14)) {
			strbuf_addstr(why, "ds=nocloud-net (a seed over the network) is not read here: "
				      "hand in a cidata volume or a local s= path");
			return -1;
		}
		p += n;
	}
	return 0;
}

static bool label_is(const unsigned char *p, size_t n)
{
	size_t len = n;
	while (len && (p[len - 1] == ' ' || p[len - 1] == '\0'))
		len--;
	return len == 6 && !strncasecmp((const char *)p, "cidata", 6);
}

bool nocloud_label_is_cidata(const unsigned char *buf, size_t len)
{
	/* ISO 9660: the primary volume descriptor at 32 KiB, its volume
	 * identifier at byte 40 (32 characters, space padded). */
	if (len >= 32768 + 72 && buf[32768] == 1 && !memcmp(buf + 32769, "CD001", 5) &&
	    label_is(buf + 32768 + 40, 32))
		return true;
	/* FAT: the boot sector's signature, then the label of the extended
	 * BPB (signature 0x29) at 43 (FAT12/16) or 71 (FAT32). */
	if (len >= 512 && buf[510] == 0x55 && buf[511] == 0xaa) {
		if (buf[38] == 0x29 && !memcmp(buf + 54, "FAT", 3) && label_is(buf + 43, 11))
			return true;
		if (buf[66] == 0x29 && !memcmp(buf + 82, "FAT32", 5) && label_is(buf + 71, 11))
			return true;
	}
	return false;
}

/* The first block device (whole disk or partition) labelled cidata. */
static int find_device(struct strbuf *dev)
{
	DIR *d = opendir("/sys/class/block");
	struct dirent *e;
	unsigned char *buf = xmalloc(65536);
	int found = 0;

	while (d && !found && (e = readdir(d))) {
		int fd;
		ssize_t got;
		if (e->d_name[0] == '.' || !strncmp(e->d_name, "loop", 4) || !strncmp(e->d_name, "ram", 3))
			continue;
		strbuf_reset(dev);
		strbuf_addf(dev, "/dev/%s", e->d_name);
		/* Opening a CD drive without a disc fails at once (O_NONBLOCK). */
		fd = open(dev->buf, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0)
			continue;
		got = pread(fd, buf, 65536, 0);
		close(fd);
		if (got > 0 && nocloud_label_is_cidata(buf, (size_t)got))
			found = 1;
	}
	if (d)
		closedir(d);
	free(buf);
	return found;
}

/* meta-data and user-data of the directory dir (absent: NULL). */
static int read_seed(const char *dir, const char *where, struct creds *c)
{
	static const char *const names[] = { "meta-data", "user-data" };
	struct strbuf text[2] = { STRBUF_INIT, STRBUF_INIT }, path = STRBUF_INIT;
	bool have[2] = { false, false };
	int ret;

	for (int i = 0; i < 2; i++) {
		struct stat st;
		int fd;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir, names[i]);
		fd = open(path.buf, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			continue;
		/* Bounded before reading: a seed may be anything. */
		if (!fstat(fd, &st) && S_ISREG(st.st_mode) && st.st_size <= (off_t)NOCLOUD_FILE_MAX &&
		    !strbuf_read_fd(&text[i], fd))
			have[i] = true;
		else
			fb_report("NoCloud (%s): %s is not a file of at most %u bytes; ignored\n",
				  where, names[i], NOCLOUD_FILE_MAX);
		close(fd);
	}
	ret = nocloud_credentials(have[0] ? text[0].buf : NULL, text[0].len,
				  have[1] ? text[1].buf : NULL, text[1].len, where, c);
	for (int i = 0; i < 2; i++) {
		explicit_bzero(text[i].buf, text[i].len);
		strbuf_release(&text[i]);
	}
	strbuf_release(&path);
	return ret;
}

/* Mount dev read-only (ISO 9660, else VFAT) on a directory of our own and
 * read the seed there. */
static int read_device(const char *dev, struct creds *c, struct strbuf *said)
{
	static const char *const types[] = { "iso9660", "vfat" };
	char mnt[] = "/run/pvappliance-nocloud.XXXXXX";
	struct strbuf where = STRBUF_INIT;
	int ret = -1;

	if (!mkdtemp(mnt) && (strcpy(mnt, "/tmp/pvappliance-nocloud.XXXXXX"), !mkdtemp(mnt))) {
		strbuf_addf(said, "cidata on %s found, but no mount point can be made", dev);
		return -1;
	}
	for (size_t i = 0; i < ARRAY_SIZE(types) && ret; i++)
		if (!mount(dev, mnt, types[i], MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL))
			ret = 0;
	if (ret) {
		strbuf_addf(said, "cidata on %s found, but it mounts neither as ISO 9660 nor as "
			    "VFAT (%s)", dev, strerror(errno));
	} else {
		strbuf_addf(&where, "cidata on %s", dev);
		read_seed(mnt, where.buf, c);
		strbuf_addf(said, "seed read from %s (read-only)", where.buf);
		umount2(mnt, MNT_DETACH);
	}
	rmdir(mnt);
	strbuf_release(&where);
	return ret;
}

int gather_nocloud(const char *root, bool live, struct creds *c, struct strbuf *said)
{
	static const char *const ds_files[] = { "/proc/cmdline", "/sys/class/dmi/id/product_serial" };
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT, seed = STRBUF_INIT, why = STRBUF_INIT,
		      dev = STRBUF_INIT;
	int n = 0, ds = 0;

	strbuf_reset(said);
	for (size_t i = 0; i < ARRAY_SIZE(ds_files) && !ds; i++) {
		root_path(&path, root, ds_files[i]);
		strbuf_reset(&text);
		if (!access(path.buf, R_OK) && !strbuf_read_file(&text, path.buf))
			ds = nocloud_ds(text.buf, &seed, &why);
	}
	if (ds < 0) {
		fb_report("NoCloud: %s\n", why.buf);
		strbuf_addstr(said, "ds= form not read (see above)");
	} else if (ds > 0 && seed.len) {
		struct strbuf where = STRBUF_INIT;
		root_path(&path, root, seed.buf);
		strbuf_addf(&where, "ds=nocloud;s=%s", seed.buf);
		if (is_dir(path.buf)) {
			read_seed(path.buf, where.buf, c);
			strbuf_addf(said, "seed read from %s", where.buf);
			n = 1;
		} else {
			strbuf_addf(said, "%s: no such directory", where.buf);
		}
		strbuf_release(&where);
	} else if (live && find_device(&dev)) {
		n = read_device(dev.buf, c, said) ? 0 : 1;
	} else {
		strbuf_addstr(said, live ? "no cidata volume" : "no ds=nocloud");
	}
	strbuf_release(&path);
	strbuf_release(&text);
	strbuf_release(&seed);
	strbuf_release(&why);
	strbuf_release(&dev);
	return n;
}
