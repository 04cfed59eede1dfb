/* The appliance's source packages in one archive (see sources.h). Tested by
 * tests/t6070-sources.sh. */
#include "publish/sources.h"
#include "conf/appconf.h"
#include "core/array.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/meter.h"
#include "core/paths.h"
#include "core/run.h"
#include "core/strvec.h"
#include "core/tarwrite.h"
#include "core/tools.h"
#include "core/xalloc.h"
#include "rootfs/aptlists.h"
#include "rootfs/backends/backends.h"
#include "rootfs/debsuites.h"
#include "rootfs/pkgdb.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* One source package at one version, and what was fetched of it. */
struct src {
	char *name, *version;
	struct strvec files;   /* basenames in dir, sorted; empty: missing */
	char *dir;             /* where they are */
};

static int src_cmp(const void *a, const void *b)
{
	const struct src *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : strcmp(x->version, y->version);
}

/* The distinct (source, version) pairs of the installed packages. */
static size_t distinct_sources(const struct pkglist *l, struct src **out)
{
	struct src *s = xcalloc(l->nr + 1, sizeof(*s));
	size_t n = 0;
	for (size_t i = 0; i < l->nr; i++)
		s[n++] = (struct src){ .name = l->v[i].source, .version = l->v[i].source_version,
				       .files = STRVEC_INIT };
	if (n)
		qsort(s, n, sizeof(*s), src_cmp);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!k || src_cmp(&s[k - 1], &s[i]))
			s[k++] = s[i];
	*out = s;
	return k;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The regular files of dir, sorted. */
static void list_dir(const char *dir, struct strvec *out)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			strvec_push(out, e->d_name);
	closedir(d);
	if (out->nr)
		qsort(out->v, out->nr, sizeof(char *), str_cmp);
}

static int debian_sources(const struct sources_opts *o, const char *work, struct src *s, size_t n)
{
	struct strbuf list = STRBUF_INIT, path = STRBUF_INIT, log = STRBUF_INIT;
	struct strvec argv = STRVEC_INIT;
	struct debsuites suites = DEBSUITES_INIT;
	const char *repo = o->repo && *o->repo ? o->repo : o->app->repo;
	const char *url;
	size_t bad;
	int ret = -1, st, fd = -1;

	/* The sources of the suites the tree was built from: the suite, its
	 * updates and its security archive (rootfs/debsuites.h). */
	struct debsuites_query q = {
		.suite = o->app->suite ? o->app->suite : "stable", .repo = repo ? repo : "apt",
		.apt_etc = o->apt_etc, .arch = "source", .workdir = work,
	};
	if (debsuites_find(&q, &suites, &bad))
		goto out;
	url = suites.uris.v[0];
	/* A local repository is the user's own and unsigned; a remote one is
	 * checked against Debian's archive keys, as the bootstrap's is. */
	debsuites_lines(&suites, "deb-src",
			"signed-by=/usr/share/keyrings/debian-archive-keyring.gpg", false, &list);
	strbuf_addf(&path, "deb-src from %s and %zu more", url, suites.uris.nr - 1);
	st = aptlists_update(work, list.buf, NULL, false, path.buf);
	if (st) {
		if (st > 0)
			error("apt-get could not read the source index of '%s' (exit %d): does the "
			      "repository serve deb-src (Sources)? Point repo = (or --repo) at one "
			      "that does, or set sources = no in release.conf", url, st);
		goto out;
	}
	/* The downloads' output goes on in the same log. */
	strbuf_addf(&log, "%s/apt.log", work);
	if ((fd = open(log.buf, O_WRONLY | O_APPEND | O_CLOEXEC)) < 0) {
		error_errno("cannot open '%s'", log.buf);
		goto out;
	}
	struct run_opts ro = RUN_OPTS_INIT;
	ro.out_fd = fd;
	for (size_t i = 0; i < n; i++) {
		struct strbuf dir = STRBUF_INIT;
		strbuf_addf(&dir, "%s/dl/%zu", work, i);
		if (mkdir_p(dir.buf)) {
			strbuf_release(&dir);
			goto out;
		}
		strvec_clear(&argv);
		aptlists_argv(&argv, work);
		strvec_pushl(&argv, "source", "--download-only", NULL);
		strvec_pushf(&argv, "%s=%s", s[i].name, s[i].version);
		ro.dir = dir.buf;
		progress("SOURCES", "%s %s (%zu of %zu)", s[i].name, s[i].version, i + 1, n);
		st = run_command((const char *const *)argv.v, &ro);
		if (st < 0) {
			strbuf_release(&dir);
			goto out;
		}
		/* A partial download (one file missing) is no source at all. */
		if (!st)
			list_dir(dir.buf, &s[i].files);
		else
			remove_tree(dir.buf);
		s[i].dir = strbuf_detach(&dir);
	}
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	debsuites_release(&suites);
	strbuf_release(&list);
	strbuf_release(&path);
	strbuf_release(&log);
	strvec_clear(&argv);
	return ret;
}

/* RPM: NAME-VERSION.src.rpm in a local repository (its top or SRPMS/). A
 * remote repository's source RPMs are not fetched (yet): listed missing. */
static int rpm_sources(const struct sources_opts *o, const char *work, struct src *s, size_t n)
{
	const char *repo = o->repo && *o->repo ? o->repo : o->app->repo;
	const char *dir = repo && !strncmp(repo, "file://", 7) ? repo + 7 : repo;
	struct strbuf p = STRBUF_INIT;
	(void)work; /* source RPMs are copied from the repository, not fetched */
	if (!dir || dir[0] != '/')
		warning("source RPMs are fetched from local repositories only; '%s' is not one",
			repo ? repo : "(none)");
	for (size_t i = 0; dir && dir[0] == '/' && i < n; i++) {
		for (const char *const *sub = (const char *const[]){ "", "/SRPMS", NULL }; *sub; sub++) {
			strbuf_reset(&p);
			strbuf_addf(&p, "%s%s/%s-%s.src.rpm", dir, *sub, s[i].name, s[i].version);
			if (path_exists(p.buf)) {
				strbuf_reset(&p);
				strbuf_addf(&p, "%s%s", dir, *sub);
				s[i].dir = strbuf_detach(&p);
				strvec_pushf(&s[i].files, "%s-%s.src.rpm", s[i].name, s[i].version);
				break;
			}
		}
	}
	strbuf_release(&p);
	return 0;
}

/* How the sources of each kind of package (rootfs/pkgdb.h) are fetched. */
static const struct {
	const char *kind;
	int (*fetch)(const struct sources_opts *o, const char *work, struct src *s, size_t n);
} fetchers[] = {
	{ "deb", debian_sources },
	{ "rpm", rpm_sources },
};

int sources_tar(const struct sources_opts *o)
{
	struct pkglist pkgs = PKGLIST_INIT;
	struct atomic_file f = ATOMIC_FILE_INIT;
	struct archive *a = NULL;
	struct strbuf work = STRBUF_INIT, index = STRBUF_INIT, name = STRBUF_INIT, path = STRBUF_INIT;
	struct src *s = NULL;
	size_t n = 0, missing = 0, fetch;
	const char *kind;
	int ret = -1;

	if (pkgdb_read(&pkgs, o->tree))
		goto out;
	n = distinct_sources(&pkgs, &s);
	if (make_temp_dir(&work, NULL, "sources") < 0) {
		error_errno("cannot make a temporary directory in '%s'", temp_dir());
		strbuf_reset(&work); /* nothing to remove */
		goto out;
	}
	/* The backend's row says what it installs; an import, what its tree has. */
	kind = o->app->bootstrap && o->app->bootstrap->package_kind
		       ? o->app->bootstrap->package_kind : pkgs.kind;
	for (fetch = 0; fetch < ARRAY_SIZE(fetchers) &&
			strcmp(fetchers[fetch].kind, kind); fetch++)
		;
	if (fetch == ARRAY_SIZE(fetchers)) {
		error("cannot fetch the sources of '%s' packages (%s)", kind, o->tree);
		goto out;
	}
	if (fetchers[fetch].fetch(o, work.buf, s, n))
		goto out;

	strbuf_addstr(&index, "# source version ok FILE... | source version missing\n");
	for (size_t i = 0; i < n; i++) {
		strbuf_addf(&index, "%s %s %s", s[i].name, s[i].version,
			    s[i].files.nr ? "ok" : "missing");
		for (size_t k = 0; k < s[i].files.nr; k++)
			strbuf_addf(&index, " %s", s[i].files.v[k]);
		strbuf_addch(&index, '\n');
		if (!s[i].files.nr) {
			missing++;
			if (!o->best_effort)
				error("source package '%s' version '%s' cannot be fetched from the "
				      "repository (set sources = best-effort in release.conf to "
				      "publish without it, listed as missing)", s[i].name,
				      s[i].version);
		}
	}
	if (missing && !o->best_effort) {
		error("%zu of %zu source packages missing; '%s' is not written", missing, n, o->out);
		goto out;
	}
	if (atomic_begin(&f, o->out, 0644) || !(a = tar_open_fd(f.fd, o->out)))
		goto out;
	strbuf_addf(&name, "%s/SOURCES", o->folder);
	if (tar_add_buffer(a, name.buf, index.buf, index.len, o->epoch))
		goto out;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < s[i].files.nr; k++) {
			strbuf_reset(&name);
			strbuf_reset(&path);
			strbuf_addf(&name, "%s/%s", o->folder, s[i].files.v[k]);
			strbuf_addf(&path, "%s/%s", s[i].dir, s[i].files.v[k]);
			if (tar_add_file(a, name.buf, path.buf, o->epoch, NULL))
				goto out;
		}
	if (tar_commit(a, &f))
		goto out;
	progress("SOURCES", "%s: %zu source packages%s", o->out, n - missing,
		 missing ? " (some missing, listed in SOURCES)" : "");
	ret = 0;
out:
	if (a)
		archive_write_free(a);
	atomic_abort(&f);
	if (work.len)
		remove_tree(work.buf);
	for (size_t i = 0; s && i < n; i++) {
		strvec_clear(&s[i].files);
		free(s[i].dir);
	}
	free(s);
	pkglist_release(&pkgs);
	strbuf_release(&work);
	strbuf_release(&index);
	strbuf_release(&name);
	strbuf_release(&path);
	return ret;
}
