/* Reading a tree's package database (see pkgdb.h). */
#include "rootfs/pkgdb.h"
#include "core/array.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/paths.h"
#include "core/run.h"
#include "core/strvec.h"
#include "core/tools.h"
#include "core/xalloc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

static struct pkg *pkg_new(struct pkglist *l)
{
	if (l->nr == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 64;
		l->v = xrealloc(l->v, l->alloc * sizeof(*l->v));
	}
	memset(&l->v[l->nr], 0, sizeof(l->v[0]));
	return &l->v[l->nr++];
}

static void pkg_free(struct pkg *p)
{
	free(p->name);
	free(p->version);
	free(p->arch);
	free(p->source);
	free(p->source_version);
	free(p->supplier);
	free(p->license);
}

void pkglist_release(struct pkglist *l)
{
	for (size_t i = 0; i < l->nr; i++)
		pkg_free(&l->v[i]);
	free(l->v);
	free(l->distro);
	l->distro = NULL;
	l->v = NULL;
	l->nr = l->alloc = 0;
}

static int pkg_cmp(const void *a, const void *b)
{
	const struct pkg *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : strcmp(x->arch, y->arch);
}

void pkglist_sort(struct pkglist *l)
{
	if (l->nr)
		qsort(l->v, l->nr, sizeof(*l->v), pkg_cmp);
}

/* One field of a stanza: name and the first line of its value. */
struct field {
	const char *name;
	char **dst;
};

/* "Source: foo (1.2-3)" names the source version when it differs from
 * the binary's (binNMUs); "Source: foo" alone shares the version. */
static void split_source(struct pkg *p, char *src)
{
	char *paren = src ? strchr(src, '(') : NULL;
	if (!src) {
		p->source = xstrdup(p->name);
		p->source_version = xstrdup(p->version);
		return;
	}
	if (paren) {
		char *end = strchr(paren, ')');
		p->source_version = xstrndup(paren + 1, end ? (size_t)(end - paren - 1)
							  : strlen(paren + 1));
		while (paren > src && paren[-1] == ' ')
			paren--;
		*paren = '\0';
	} else {
		p->source_version = xstrdup(p->version);
	}
	p->source = src;
}

/* Stanzas of dpkg's status file (status: only installed packages count)
 * or of an archive's Packages index (every stanza is a package). */
static int parse_stanzas(struct pkglist *l, const char *text, const char *file, bool status_file)
{
	const char *s = text;
	unsigned line = 1;
	l->kind = "deb";
	while (*s) {
		char *status = NULL, *source = NULL;
		struct pkg p = { 0 };
		const struct field fields[] = {
			{ "Package", &p.name }, { "Version", &p.version },
			{ "Architecture", &p.arch }, { "Source", &source },
			{ "Status", &status }, { "Maintainer", &p.supplier },
		};
		unsigned first = line;
		/* One stanza: lines up to a blank one; continuation lines
		 * (a leading blank) belong to the field before and are not
		 * needed here. */
		while (*s && *s != '\n') {
			const char *eol = strchr(s, '\n');
			size_t len = eol ? (size_t)(eol - s) : strlen(s);
			const char *colon = memchr(s, ':', len);
			if (*s != ' ' && *s != '\t' && colon) {
				for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
					size_t n = strlen(fields[i].name);
					const char *v = colon + 1;
					if ((size_t)(colon - s) != n || strncasecmp(s, fields[i].name, n))
						continue;
					while (v < s + len && (*v == ' ' || *v == '\t'))
						v++;
					free(*fields[i].dst);
					*fields[i].dst = xstrndup(v, (size_t)(s + len - v));
				}
			}
			s += len;
			if (*s == '\n')
				s++;
			line++;
		}
		while (*s == '\n') {
			s++;
			line++;
		}
		if (!p.name && !p.version && !status) {
			free(source);
			pkg_free(&p);
			continue;
		}
		/* An index lists what can be installed: no Status there. */
		if (!status_file && !status)
			status = xstrdup("install ok installed");
		if (!p.name || !p.version || !status) {
			error("%s:%u: a package stanza without %s; %s", file, first,
			      !p.name ? "Package" : !p.version ? "Version" : "Status",
			      status_file ? "the package database is damaged: rebuild the tree"
					  : "the index is damaged: fetch it again, or ask the "
					    "repository's keeper");
			free(source);
			free(status);
			pkg_free(&p);
			return -1;
		}
		/* "install ok installed": half-installed, config-files and
		 * not-installed packages are not in the appliance. */
		if (strlen(status) < 10 || strcmp(status + strlen(status) - 10, " installed")) {
			free(source);
			free(status);
			pkg_free(&p);
			continue;
		}
		free(status);
		if (!p.arch)
			p.arch = xstrdup("all");
		split_source(&p, source);
		*pkg_new(l) = p;
	}
	return 0;
}

int pkgdb_parse_dpkg_status(struct pkglist *l, const char *text, const char *file)
{
	return parse_stanzas(l, text, file, true);
}

int pkgdb_parse_deb_packages(struct pkglist *l, const char *text, const char *file)
{
	return parse_stanzas(l, text, file, false);
}

/* "foo-1.2-3.fc30.src.rpm": source name foo, version 1.2-3.fc30. */
static void split_srpm(struct pkg *p, const char *srpm)
{
	size_t n = strlen(srpm);
	const char *rel, *ver;
	if (n > 8 && !strcmp(srpm + n - 8, ".src.rpm"))
		n -= 8;
	else if (n > 10 && !strcmp(srpm + n - 10, ".nosrc.rpm"))
		n -= 10;
	else
		goto none;
	rel = memrchr(srpm, '-', n);
	ver = rel ? memrchr(srpm, '-', (size_t)(rel - srpm)) : NULL;
	if (!ver || ver == srpm)
		goto none;
	p->source = xstrndup(srpm, (size_t)(ver - srpm));
	p->source_version = xstrndup(ver + 1, n - (size_t)(ver + 1 - srpm));
	return;
none:
	/* gpg-pubkey and such have no source package: their own. */
	p->source = xstrdup(p->name);
	p->source_version = xstrdup(p->version);
}

int pkgdb_parse_rpm_qa(struct pkglist *l, const char *text)
{
	const char *s = text;
	unsigned line = 0;
	l->kind = "rpm";
	while (*s) {
		const char *eol = strchr(s, '\n');
		size_t len = eol ? (size_t)(eol - s) : strlen(s);
		char *copy = xstrndup(s, len), *f[6], *cur = copy;
		struct strbuf lic = STRBUF_INIT;
		struct pkg *p;
		int n = 0;
		line++;
		s += len + (eol ? 1 : 0);
		if (!len) {
			free(copy);
			continue;
		}
		while (n < 6 && (f[n++] = strsep(&cur, "\t")))
			;
		if (n < 6 || !f[5] || cur || !*f[0] || !*f[1]) {
			free(copy);
			return error("rpm -qa, line %u: expected 6 tab-separated fields (name, "
				     "version, arch, source rpm, vendor, licence)", line);
		}
		/* gpg-pubkey "packages" are keys in the database, nothing installed. */
		if (!strcmp(f[0], "gpg-pubkey")) {
			free(copy);
			continue;
		}
		p = pkg_new(l);
		p->name = xstrdup(f[0]);
		p->version = xstrdup(f[1]);
		p->arch = xstrdup(strcmp(f[2], "(none)") ? f[2] : "noarch");
		split_srpm(p, f[3]);
		if (*f[4] && strcmp(f[4], "(none)"))
			p->supplier = xstrdup(f[4]);
		if (!rpm_license(f[5], &lic))
			p->license = strbuf_detach(&lic);
		strbuf_release(&lic);
		free(copy);
	}
	return 0;
}

/* dpkg: licences from each package's /usr/share/doc/NAME/copyright. */
static void dpkg_licenses(struct pkglist *l, const char *tree)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT, lic = STRBUF_INIT;
	for (size_t i = 0; i < l->nr; i++) {
		strbuf_reset(&path);
		strbuf_reset(&text);
		strbuf_reset(&lic);
		strbuf_addf(&path, "%s/usr/share/doc/%s/copyright", tree, l->v[i].name);
		/* A missing copyright file (a symlinked doc directory in another
		 * package, or docs removed) is NOASSERTION, not an error. */
		int fd = open(path.buf, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		int r = strbuf_read_fd(&text, fd);
		close(fd);
		if (r < 0)
			continue;
		if (!dep5_license(text.buf, &lic))
			l->v[i].license = strbuf_detach(&lic);
	}
	strbuf_release(&path);
	strbuf_release(&text);
	strbuf_release(&lic);
}

/* Where rpm keeps its database in the tree: Fedora 30 and the Debian rpm
 * tool's --root use var/lib/rpm; openSUSE moved it to usr/lib/sysimage. */
static const char *const rpm_dbpaths[] = { "/usr/lib/sysimage/rpm", "/var/lib/rpm" };

/* A directory with one of the database's files (bdb, ndb, sqlite): an
 * empty directory of that name is not the database. */
static bool has_rpmdb(const char *dir)
{
	static const char *const files[] = { "Packages", "Packages.db", "rpmdb.sqlite" };
	struct strbuf p = STRBUF_INIT;
	bool found = false;
	for (size_t i = 0; i < ARRAY_SIZE(files) && !found; i++) {
		strbuf_reset(&p);
		strbuf_addf(&p, "%s/%s", dir, files[i]);
		found = path_exists(p.buf);
	}
	strbuf_release(&p);
	return found;
}

/*
 * Copy the database files of dir into a new temporary directory (its path
 * in tmp). rpm writes even when it only reads (sqlite's -shm and -wal
 * files): querying the tree itself would change it after the hygiene pass,
 * and the disk made from it would depend on when the query ran.
 */
static int copy_rpmdb(const char *dir, struct strbuf *tmp)
{
	DIR *dh;
	struct dirent *e;
	int ret = 0;

	if (make_temp_dir(tmp, NULL, "rpmdb"))
		return error_errno("cannot create a temporary directory '%s'", tmp->buf);
	if (!(dh = opendir(dir)))
		return error_errno("cannot read '%s'", dir);
	while (!ret && (e = readdir(dh))) {
		struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
		strbuf_addf(&from, "%s/%s", dir, e->d_name);
		strbuf_addf(&to, "%s/%s", tmp->buf, e->d_name);
		if (e->d_name[0] != '.' && !is_dir(from.buf))
			ret = copy_file(from.buf, to.buf, 0644);
		strbuf_release(&from);
		strbuf_release(&to);
	}
	closedir(dh);
	return ret;
}

static int rpm_read(struct pkglist *l, const char *tree, const char *dbpath)
{
	struct strbuf out = STRBUF_INIT, db = STRBUF_INIT, copy = STRBUF_INIT;
	struct run_opts ro = RUN_OPTS_INIT;
	const char *argv[] = { "rpm", "--dbpath", NULL, "-qa", "--qf", PKGDB_RPM_QF, NULL };
	int st = -1, ret = -1;

	strbuf_addf(&db, "%s%s", tree, dbpath);
	if (!copy_rpmdb(db.buf, &copy)) {
		/* rpm takes only an absolute --dbpath; mkdtemp's is. */
		argv[2] = copy.buf;
		ro.capture = &out;
		st = tool_require("rpm") ? -1 : run_command(argv, &ro);
	}
	if (st > 0)
		error("rpm could not read the package database '%s' (exit %d)", db.buf, st);
	else if (!st)
		ret = pkgdb_parse_rpm_qa(l, out.buf);
	if (copy.len && remove_tree(copy.buf))
		ret = -1;
	strbuf_release(&out);
	strbuf_release(&db);
	strbuf_release(&copy);
	return ret;
}

/* The distribution's ID from the tree's os-release (the purl namespace). */
static void read_distro(struct pkglist *l, const char *tree)
{
	static const char *const files[] = { "etc/os-release", "usr/lib/os-release" };
	struct strbuf p = STRBUF_INIT, text = STRBUF_INIT;
	for (size_t i = 0; i < ARRAY_SIZE(files) && !l->distro; i++) {
		const char *id, *end;
		int fd;
		strbuf_reset(&p);
		strbuf_reset(&text);
		strbuf_addf(&p, "%s/%s", tree, files[i]);
		/* A symlink to ../usr/lib/os-release is absolute in some
		 * trees: read the second name too rather than follow it. */
		if ((fd = open(p.buf, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
			continue;
		if (strbuf_read_fd(&text, fd) < 0) {
			close(fd);
			continue;
		}
		close(fd);
		id = !strncmp(text.buf, "ID=", 3) ? text.buf : strstr(text.buf, "\nID=");
		if (!id)
			continue;
		id += id == text.buf ? 3 : 4;
		if (*id == '"')
			id++;
		end = id + strcspn(id, "\"\n");
		if (end > id)
			l->distro = xstrndup(id, (size_t)(end - id));
	}
	strbuf_release(&p);
	strbuf_release(&text);
}

int pkgdb_read(struct pkglist *l, const char *tree)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	int ret = -1;
	strbuf_addf(&path, "%s/var/lib/dpkg/status", tree);
	if (path_exists(path.buf)) {
		if (strbuf_read_file(&text, path.buf) ||
		    pkgdb_parse_dpkg_status(l, text.buf, path.buf))
			goto out;
		dpkg_licenses(l, tree);
		ret = 0;
		goto out;
	}
	for (size_t i = 0; i < ARRAY_SIZE(rpm_dbpaths); i++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s%s", tree, rpm_dbpaths[i]);
		if (has_rpmdb(path.buf)) {
			ret = rpm_read(l, tree, rpm_dbpaths[i]);
			goto out;
		}
	}
	error("'%s' has no package database (var/lib/dpkg/status, var/lib/rpm or "
	      "usr/lib/sysimage/rpm): is it a built root filesystem tree?", tree);
out:
	if (!ret) {
		pkglist_sort(l);
		read_distro(l, tree);
	}
	strbuf_release(&path);
	strbuf_release(&text);
	return ret;
}
