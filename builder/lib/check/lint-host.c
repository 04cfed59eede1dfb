/* lint: the build machine's details in the image: its name servers
 * (resolv.conf), its host name (hostname, hosts), proxy settings (apt,
 * dnf/yum, zypper's sysconfig, /etc/environment) and its apt mirrors in the
 * image's package sources. The build machine's values are read at run time
 * from its own files: no host or mirror name is written here.
 * Tested by builder/t/check/t-lint.c and tests/t5000-lint.sh. */
#include "check/lint-int.h"
#include "core/array.h"
#include "core/error.h"
#include "core/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

unsigned lint_line_with_name(const char *text, const char *name)
{
	size_t n = strlen(name);
	unsigned line = 1;

	if (!n)
		return 0;
	for (const char *p = text; *p; p++) {
		const char *after = p + n;
		if (*p == '\n')
			line++;
		if (strncasecmp(p, name, n))
			continue;
		/* A whole name: "deb.example.org" is not in "mydeb.example.org",
		 * "www.deb.example.org" or "deb.example.org.uk". */
		if (p > text && (name_char(p[-1]) || p[-1] == '.'))
			continue;
		if (name_char(*after) || (*after == '.' && name_char(after[1])))
			continue;
		return line;
	}
	return 0;
}

static void add_unique(struct strvec *v, const char *s, size_t n)
{
	char *lower = xstrndup(s, n);
	for (char *c = lower; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	for (size_t i = 0; i < v->nr; i++) {
		if (!strcmp(v->v[i], lower)) {
			free(lower);
			return;
		}
	}
	strvec_push_owned(v, lower);
}

/* The host of a URI such as http://user@host:port/path (or mirror+http://). */
static void add_uri_host(const char *uri, size_t len, struct strvec *hosts)
{
	const char *end = uri + len, *h, *e, *at;
	size_t n;

	for (h = uri; h + 3 <= end && strncmp(h, "://", 3); h++)
		;
	if (h + 3 > end)
		return; /* file:/..., cdrom:... name no host */
	h += 3;
	e = h + strcspn(h, "/?# \t\n");
	if (e > end)
		e = end;
	for (at = e; at > h && at[-1] != '@'; at--)
		;
	if (at > h)
		h = at;
	if (*h == '[') {  /* [IPv6]:port */
		const char *close = memchr(h, ']', (size_t)(e - h));
		if (!close)
			return;
		h++;
		n = (size_t)(close - h);
	} else {
		const char *colon = memchr(h, ':', (size_t)(e - h));
		n = (size_t)((colon ? colon : e) - h);
	}
	if (n && !(n == 9 && !strncasecmp(h, "localhost", 9)))
		add_unique(hosts, h, n);
}

void lint_sources_hosts(const char *text, bool deb822, struct strvec *hosts)
{
	for (const char *p = text; *p;) {
		const char *nl = strchrnul(p, '\n'), *s = p + strspn(p, " \t"), *hash;
		p = *nl ? nl + 1 : nl;
		if (s >= nl || *s == '#')
			continue;
		if (deb822) {
			if (strncasecmp(s, "URIs:", 5))
				continue;
			for (s += 5; s < nl;) {
				size_t n;
				s += strspn(s, " \t");
				n = strcspn(s, " \t\n");
				if (n)
					add_uri_host(s, n, hosts);
				s += n;
			}
			continue;
		}
		/* deb [options] URI suite components; '#' starts a comment. */
		hash = memchr(s, '#', (size_t)(nl - s));
		if (hash)
			nl = hash;
		if (strncmp(s, "deb ", 4) && strncmp(s, "deb\t", 4) && strncmp(s, "deb-src", 7))
			continue;
		s += strcspn(s, " \t");
		s += strspn(s, " \t");
		if (*s == '[') {
			const char *close = memchr(s, ']', (size_t)(nl - s));
			if (!close)
				continue;
			s = close + 1;
			s += strspn(s, " \t");
		}
		if (s < nl)
			add_uri_host(s, strcspn(s, " \t\n") < (size_t)(nl - s) ?
				     strcspn(s, " \t\n") : (size_t)(nl - s), hosts);
	}
}

void lint_nameservers(const char *text, struct strvec *out)
{
	for (const char *p = text; *p;) {
		const char *nl = strchrnul(p, '\n'), *s = p + strspn(p, " \t");
		size_t n;
		p = *nl ? nl + 1 : nl;
		if (strncmp(s, "nameserver", 10) || (s[10] != ' ' && s[10] != '\t'))
			continue;
		s += 10;
		s += strspn(s, " \t");
		n = strcspn(s, " \t\r\n#;");
		/* A loopback resolver says nothing about the build machine. */
		if (!n || !strncmp(s, "127.", 4) || (n == 3 && !strncmp(s, "::1", 3)))
			continue;
		add_unique(out, s, n);
	}
}

unsigned lint_apt_proxy_line(const char *text)
{
	bool in_comment = false;
	unsigned line = 0;

	for (const char *p = text; *p;) {
		const char *nl = strchrnul(p, '\n'), *s = p + strspn(p, " \t");
		struct strbuf l = STRBUF_INIT;
		bool hit = false;
		line++;
		p = *nl ? nl + 1 : nl;
		/* apt.conf comments: "//", "#" and C's block comments. */
		for (const char *c = s; c < nl; c++) {
			if (in_comment) {
				if (c + 1 < nl && c[0] == '*' && c[1] == '/') {
					in_comment = false;
					c++;
				}
			} else if (c + 1 < nl && c[0] == '/' && c[1] == '*') {
				in_comment = true;
				c++;
			} else if ((c + 1 < nl && c[0] == '/' && c[1] == '/') || c[0] == '#') {
				break;
			} else {
				strbuf_addch(&l, *c);
			}
		}
		hit = strcasestr(l.buf, "proxy") != NULL;
		strbuf_release(&l);
		if (hit)
			return line;
	}
	return 0;
}

/* KEY = VALUE on one line: the value (quotes stripped) in v, or false. */
static bool key_value(const char *s, const char *nl, const char *key, bool prefix_ok,
		      struct strbuf *v)
{
	size_t k = strlen(key), n;
	const char *e;

	strbuf_reset(v);
	if (!strncmp(s, "export ", 7))
		s += 7;
	e = s + strcspn(s, "= \t\n");
	if (e > nl || *e == '\n' || (size_t)(e - s) < k)
		return false;
	if (prefix_ok ? strncasecmp(e - k, key, k) : ((size_t)(e - s) != k || strncasecmp(s, key, k)))
		return false;
	e += strspn(e, " \t");
	if (*e != '=')
		return false;
	e++;
	e += strspn(e, " \t");
	n = (size_t)(nl - e);
	while (n && (e[n - 1] == ' ' || e[n - 1] == '\t' || e[n - 1] == '\r'))
		n--;
	if (n >= 2 && (e[0] == '"' || e[0] == '\'') && e[n - 1] == e[0]) {
		e++;
		n -= 2;
	}
	strbuf_add(v, e, n);
	return true;
}

unsigned lint_ini_proxy_line(const char *text)
{
	struct strbuf v = STRBUF_INIT;
	unsigned line = 0, hit = 0;

	for (const char *p = text; *p && !hit;) {
		const char *nl = strchrnul(p, '\n'), *s = p + strspn(p, " \t");
		line++;
		p = *nl ? nl + 1 : nl;
		/* proxy=_none_ (dnf) says "no proxy". */
		if (key_value(s, nl, "proxy", false, &v) && v.len && strcasecmp(v.buf, "_none_"))
			hit = line;
	}
	strbuf_release(&v);
	return hit;
}

unsigned lint_env_proxy_line(const char *text, bool need_enabled)
{
	struct strbuf v = STRBUF_INIT;
	unsigned line = 0, hit = 0;
	bool enabled = !need_enabled;

	for (const char *p = text; *p;) {
		const char *nl = strchrnul(p, '\n'), *s = p + strspn(p, " \t");
		line++;
		p = *nl ? nl + 1 : nl;
		if (*s == '#')
			continue;
		if (key_value(s, nl, "PROXY_ENABLED", false, &v))
			enabled = !strcasecmp(v.buf, "yes");
		else if (!hit && key_value(s, nl, "_proxy", true, &v) && v.len &&
			 strncasecmp(s, "no_proxy", 8) && strncasecmp(s, "export no_proxy", 15))
			hit = line;
	}
	strbuf_release(&v);
	return enabled ? hit : 0;
}

/* ---- the build machine ---- */

struct host {
	struct strvec nameservers, mirrors, names;
};

/* 1 read, 0 absent, -1 error. */
static int read_host_file(const char *path, struct strbuf *sb)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret;
	strbuf_reset(sb);
	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR ? 0 :
		       error_errno("cannot read '%s' of the build machine", path);
	ret = strbuf_read_fd(sb, fd);
	close(fd);
	if (ret)
		return error_errno("cannot read '%s' of the build machine", path);
	return 1;
}

static int host_mirrors(const char *etc, struct host *h)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	DIR *d;
	int ret = 0;

	strbuf_addf(&path, "%s/apt/sources.list", etc);
	if ((ret = read_host_file(path.buf, &text)) > 0)
		lint_sources_hosts(text.buf, false, &h->mirrors);
	strbuf_addstr(&path, ".d");
	if (ret >= 0 && (d = opendir(path.buf))) {
		struct dirent *e;
		size_t base = path.len;
		while ((e = readdir(d)) && ret >= 0) {
			bool deb822 = !fnmatch("*.sources", e->d_name, 0);
			if (!deb822 && fnmatch("*.list", e->d_name, 0))
				continue;
			strbuf_setlen(&path, base);
			strbuf_addf(&path, "/%s", e->d_name);
			if ((ret = read_host_file(path.buf, &text)) > 0)
				lint_sources_hosts(text.buf, deb822, &h->mirrors);
		}
		closedir(d);
	}
	strbuf_release(&path);
	strbuf_release(&text);
	return ret < 0 ? -1 : 0;
}

static void add_host_name(struct host *h, const char *name)
{
	size_t n = strcspn(name, " \t\r\n");
	if (!n || (n == 9 && !strncmp(name, "localhost", 9)) ||
	    (n == 21 && !strncmp(name, "localhost.localdomain", 21)))
		return;
	add_unique(&h->names, name, n);
	/* The short name too: build1 of build1.example.org. */
	if (memchr(name, '.', n))
		add_unique(&h->names, name, strcspn(name, "."));
}

static int host_load(const struct lint_opts *o, struct host *h)
{
	const char *etc = o->host_etc ? o->host_etc : "/etc";
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	int ret;

	strbuf_addf(&path, "%s/resolv.conf", etc);
	if ((ret = read_host_file(path.buf, &text)) > 0)
		lint_nameservers(text.buf, &h->nameservers);
	if (ret >= 0 && o->host_name) {
		add_host_name(h, o->host_name);
	} else if (ret >= 0 && o->host_etc) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/hostname", etc);
		if ((ret = read_host_file(path.buf, &text)) > 0)
			add_host_name(h, text.buf + strspn(text.buf, " \t\n"));
	} else if (ret >= 0) {
		char name[256] = "";
		if (!gethostname(name, sizeof(name) - 1))
			add_host_name(h, name);
	}
	if (ret >= 0)
		ret = host_mirrors(etc, h);
	strbuf_release(&path);
	strbuf_release(&text);
	return ret < 0 ? -1 : 0;
}

/* ---- the image ---- */

/* Every file of dir in the image, as paths. */
static int files_in(struct lint *l, const char *dir, struct strvec *out)
{
	struct strvec names = STRVEC_INIT;
	if (lint_list(l, dir, &names)) {
		strvec_clear(&names);
		return -1;
	}
	for (size_t i = 0; i < names.nr; i++)
		strvec_pushf(out, "%s/%s", dir, names.v[i]);
	strvec_clear(&names);
	return 0;
}

static int check_names(struct lint *l, const struct host *h, struct strbuf *text)
{
	static const char *const files[] = { "/etc/hostname", "/etc/hosts" };
	for (size_t i = 0; i < 2; i++) {
		int found = lint_read(l, files[i], text);
		if (found < 0)
			return -1;
		for (size_t j = 0; found && j < h->names.nr; j++) {
			unsigned line = lint_line_with_name(text->buf, h->names.v[j]);
			if (line)
				lint_add(l, files[i], "line %u: the build machine's host name '%s' "
					 "(the appliance's own is hostname = in appliance.conf)", line,
					 h->names.v[j]);
		}
	}
	return 0;
}

static int check_resolv(struct lint *l, const struct host *h, struct strbuf *text)
{
	struct strvec ns = STRVEC_INIT;
	int found = lint_read(l, "/etc/resolv.conf", text);
	if (found > 0)
		lint_nameservers(text->buf, &ns);
	for (size_t i = 0; i < ns.nr; i++)
		for (size_t j = 0; j < h->nameservers.nr; j++)
			if (!strcmp(ns.v[i], h->nameservers.v[j]))
				lint_add(l, "/etc/resolv.conf", "the build machine's name server %s "
					 "(hygiene removes resolv.conf; DHCP writes the appliance's "
					 "own)", ns.v[i]);
	strvec_clear(&ns);
	return found < 0 ? -1 : 0;
}

enum proxy_kind { APT, INI, SYSCONFIG, ENVIRONMENT };

static int check_proxies(struct lint *l, struct strbuf *text)
{
	static const struct {
		const char *path;
		enum proxy_kind kind;
		bool dir;
	} where[] = {
		{ "/etc/apt/apt.conf", APT, false }, { "/etc/apt/apt.conf.d", APT, true },
		{ "/etc/dnf/dnf.conf", INI, false }, { "/etc/yum.conf", INI, false },
		{ "/etc/yum.repos.d", INI, true }, { "/etc/sysconfig/proxy", SYSCONFIG, false },
		{ "/etc/environment", ENVIRONMENT, false },
	};
	static const char *const what[] = {
		[APT] = "an apt proxy setting, the build machine's (the appliance's users set "
			"their own; hygiene drops apt.conf.d/*proxy*)",
		[INI] = "a dnf/yum proxy setting, the build machine's",
		[SYSCONFIG] = "an enabled proxy (zypper and curl read it), the build machine's",
		[ENVIRONMENT] = "a proxy variable in every login's environment, the build "
				"machine's",
	};
	struct strvec files = STRVEC_INIT;
	int ret = 0;

	for (size_t i = 0; i < ARRAY_SIZE(where) && !ret; i++) {
		strvec_clear(&files);
		if (where[i].dir)
			ret = files_in(l, where[i].path, &files);
		else
			strvec_push(&files, where[i].path);
		for (size_t j = 0; j < files.nr && !ret; j++) {
			int found = lint_read(l, files.v[j], text);
			unsigned line;
			if (found <= 0) {
				ret = found;
				continue;
			}
			line = where[i].kind == APT ? lint_apt_proxy_line(text->buf) :
			       where[i].kind == INI ? lint_ini_proxy_line(text->buf) :
			       lint_env_proxy_line(text->buf, where[i].kind == SYSCONFIG);
			if (line)
				lint_add(l, files.v[j], "line %u: %s", line, what[where[i].kind]);
		}
	}
	strvec_clear(&files);
	return ret;
}

static int check_mirrors(struct lint *l, const struct host *h, struct strbuf *text)
{
	static const char *const dirs[] = { "/etc/apt/sources.list.d", "/etc/yum.repos.d",
					    "/etc/zypp/repos.d" };
	struct strvec files = STRVEC_INIT;
	int ret = 0;

	struct strvec own = STRVEC_INIT;

	if (!h->mirrors.nr)
		return 0;
	/* A host the distribution itself names (apt's example list in the
	 * image, the sources hygiene puts back) is not the build machine's
	 * even when the build machine uses it too. */
	if ((ret = lint_read(l, "/usr/share/doc/apt/examples/sources.list", text)) < 0)
		return -1;
	if (ret > 0)
		lint_sources_hosts(text->buf, false, &own);
	ret = 0;
	strvec_push(&files, "/etc/apt/sources.list");
	for (size_t i = 0; i < 3 && !ret; i++)
		ret = files_in(l, dirs[i], &files);
	for (size_t i = 0; i < files.nr && !ret; i++) {
		int found = lint_read(l, files.v[i], text);
		if (found < 0)
			ret = -1;
		for (size_t j = 0; found > 0 && j < h->mirrors.nr; j++) {
			unsigned line = lint_line_with_name(text->buf, h->mirrors.v[j]);
			bool distributions = false;
			for (size_t k = 0; k < own.nr; k++)
				distributions |= !strcmp(own.v[k], h->mirrors.v[j]);
			if (line && !distributions)
				lint_add(l, files.v[i], "line %u: the build machine's mirror '%s' "
					 "(hygiene replaces it with the distribution's own sources, "
					 "or update_sources = in appliance.conf)", line,
					 h->mirrors.v[j]);
		}
	}
	strvec_clear(&files);
	strvec_clear(&own);
	return ret;
}

int lint_host_details(struct lint *l)
{
	struct host h = { STRVEC_INIT, STRVEC_INIT, STRVEC_INIT };
	struct strbuf text = STRBUF_INIT;
	int ret = host_load(l->o, &h);

	if (!ret)
		ret = check_resolv(l, &h, &text) || check_names(l, &h, &text) ||
		      check_proxies(l, &text) || check_mirrors(l, &h, &text) ? -1 : 0;
	strvec_clear(&h.nameservers);
	strvec_clear(&h.mirrors);
	strvec_clear(&h.names);
	strbuf_release(&text);
	return ret;
}
