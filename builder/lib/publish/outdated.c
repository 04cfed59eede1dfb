/* Has a published release fallen behind (see outdated.h)? Tested by
 * tests/t6080-outdated.sh. */
#include "publish/outdated.h"
#include "conf/appconf.h"
#include "core/array.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/paths.h"
#include "core/run.h"
#include "core/strvec.h"
#include "core/tools.h"
#include "core/xalloc.h"
#include "publish/pkgdiff.h"
#include "rootfs/aptlists.h"
#include "rootfs/backends/backends.h"
#include "rootfs/debsuites.h"
#include "rootfs/pkgdb.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One version of a package a repository offers now, and where. */
struct offer {
	char *name, *arch, *version;
	char *suite; /* the Debian suite, or the RPM repository's id */
};

struct offers {
	struct offer *v;
	size_t nr, alloc;
};

static void offers_add(struct offers *o, char *name, char *arch, char *version, const char *suite)
{
	if (o->nr == o->alloc) {
		o->alloc = o->alloc ? 2 * o->alloc : 1024;
		o->v = xrealloc(o->v, o->alloc * sizeof(*o->v));
	}
	o->v[o->nr++] = (struct offer){ name, arch, version, xstrdup(suite) };
}

static void offers_release(struct offers *o)
{
	for (size_t i = 0; i < o->nr; i++) {
		free(o->v[i].name);
		free(o->v[i].arch);
		free(o->v[i].version);
		free(o->v[i].suite);
	}
	free(o->v);
	o->v = NULL;
	o->nr = o->alloc = 0;
}

static bool security_suite(const char *suite)
{
	size_t n = strlen(suite);
	return n > 9 && !strcmp(suite + n - 9, "-security");
}

/* Name, then architecture, then the newest version first; of the same
 * version, the security suite's first (a fix a point release took in
 * stays a security fix), then by suite, for the same order every run. */
static int offer_cmp(const void *a, const void *b)
{
	const struct offer *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	if (!c)
		c = strcmp(x->arch, y->arch);
	if (!c)
		c = version_cmp(y->version, x->version);
	if (!c)
		c = (int)security_suite(y->suite) - (int)security_suite(x->suite);
	return c ? c : strcmp(x->suite, y->suite);
}

static void offers_sort(struct offers *o)
{
	if (o->nr)
		qsort(o->v, o->nr, sizeof(*o->v), offer_cmp);
}

/* The newest offer of name for arch, or NULL (o sorted). */
static const struct offer *offers_newest(const struct offers *o, const char *name, const char *arch)
{
	size_t lo = 0, hi = o->nr;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(o->v[mid].name, name);
		if (!c)
			c = strcmp(o->v[mid].arch, arch);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < o->nr && !strcmp(o->v[lo].name, name) && !strcmp(o->v[lo].arch, arch))
		return &o->v[lo];
	return NULL;
}

/* Debian: the suites of repo (debsuites.h), fetched by apt-get update with
 * private lists in work, every stanza of their Packages indexes an offer. */
static int debian_offers(const char *work, const char *repo, const char *suite,
			 const char *apt_etc, const char *arch, bool quiet, struct offers *out)
{
	struct debsuites suites = DEBSUITES_INIT;
	struct strbuf lines = STRBUF_INIT, what = STRBUF_INIT, text = STRBUF_INIT;
	struct strvec files = STRVEC_INIT, from = STRVEC_INIT;
	size_t bad;
	int ret = -1, st;

	if (mkdir_p(work))
		goto out;
	struct debsuites_query q = { .suite = suite, .repo = repo, .apt_etc = apt_etc,
				     .arch = arch, .workdir = work, .quiet = quiet };
	if (debsuites_find(&q, &suites, &bad))
		goto out;
	debsuites_lines(&suites, "deb",
			"signed-by=/usr/share/keyrings/debian-archive-keyring.gpg", false, &lines);
	strbuf_addf(&what, "%s %s and %zu more suites", suites.uris.v[0], suites.suites.v[0],
		    suites.uris.nr - 1);
	st = aptlists_update(work, lines.buf, arch, true, what.buf);
	if (st) {
		if (st > 0)
			error("apt-get could not read the package indexes of '%s' (suites %s and "
			      "its -updates and -security where they exist; exit %d): is it "
			      "reachable from here?", suites.uris.v[0], suite, st);
		goto out;
	}
	if (aptlists_indexes(work, arch, "Packages", &from, &files))
		goto out;
	for (size_t f = 0; f < files.nr; f++) {
		struct pkglist l = PKGLIST_INIT;
		strbuf_reset(&text);
		if (aptlists_read(files.v[f], &text) ||
		    pkgdb_parse_deb_packages(&l, text.buf, files.v[f])) {
			pkglist_release(&l);
			goto out;
		}
		for (size_t i = 0; i < l.nr; i++) {
			offers_add(out, l.v[i].name, l.v[i].arch, l.v[i].version, from.v[f]);
			l.v[i].name = l.v[i].arch = l.v[i].version = NULL;
		}
		pkglist_release(&l);
	}
	if (!files.nr) {
		error("apt-get update left no package index for '%s' %s: does it serve %s?",
		      suites.uris.v[0], suite, arch);
		goto out;
	}
	ret = 0;
out:
	debsuites_release(&suites);
	strbuf_release(&lines);
	strbuf_release(&what);
	strbuf_release(&text);
	strvec_clear(&files);
	strvec_clear(&from);
	return ret;
}

/* RPM: dnf repoquery (the reader of rpm-md metadata) against the
 * appliance's repositories, with a cache and no repositories of this
 * machine's, every package it lists an offer. */
static int rpm_offers(const struct outdated_opts *o, const char *work, struct offers *out)
{
	const struct appconf *a = o->app;
	const char *repo = o->repo && *o->repo ? o->repo : a->repo;
	const struct { const char *id, *url; } repos[] = {
		{ "appliance", repo }, { "appliance-updates", a->updates_repo },
	};
	struct strvec argv = STRVEC_INIT;
	struct strbuf text = STRBUF_INIT, log = STRBUF_INIT;
	int ret = -1, st, fd = -1;

	if (!repo || !strcmp(repo, "apt")) {
		error("%s: the appliance names no RPM repository (repo =)", a->path);
		goto out;
	}
	strbuf_addf(&log, "%s/dnf.log", work);
	if (mkdir_p(work) ||
	    (fd = open(log.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0) {
		error_errno("cannot create '%s'", log.buf);
		goto out;
	}
	strvec_pushl(&argv, "dnf", "-q", "--installroot", work, NULL);
	strvec_pushf(&argv, "--forcearch=%s", bootstrap_tool_arch(a->bootstrap, a->arch));
	strvec_pushf(&argv, "--releasever=%s", a->release ? a->release : "0");
	strvec_pushf(&argv, "--setopt=reposdir=%s/no-repos.d", work);
	strvec_pushf(&argv, "--setopt=cachedir=%s/dnf-cache", work);
	/* Metadata only: no package is downloaded, none installed. */
	strvec_push(&argv, "--setopt=skip_if_unavailable=False");
	for (size_t i = 0; i < ARRAY_SIZE(repos); i++) {
		const char *u = repos[i].url;
		if (!u)
			continue;
		strvec_pushf(&argv, "--repofrompath=%s,%s%s", repos[i].id,
			     u[0] == '/' ? "file://" : "", u);
	}
	strvec_pushl(&argv, "repoquery", "--queryformat",
		     "%{name}\\t%{evr}\\t%{arch}\\t%{repoid}", NULL);
	progress("DNF", "repoquery %s%s%s", repo, a->updates_repo ? " and " : "",
		 a->updates_repo ? a->updates_repo : "");
	if (tool_require("dnf"))
		goto out;
	struct run_opts ro = RUN_OPTS_INIT;
	ro.out_fd = fd; /* stderr: stdout is captured */
	ro.capture = &text;
	st = run_command((const char *const *)argv.v, &ro);
	if (st) {
		if (st > 0) {
			run_show_log_tail(log.buf, 10);
			error("dnf could not read the repository metadata of '%s'%s%s (exit %d): is "
			      "it reachable from here?", repo, a->updates_repo ? " or " : "",
			      a->updates_repo ? a->updates_repo : "", st);
		}
		goto out;
	}
	for (char *line = text.buf, *eol; line && *line; line = eol ? eol + 1 : NULL) {
		char *f[4], *cur = line;
		size_t n = 0;
		if ((eol = strchr(line, '\n')))
			*eol = '\0';
		if (!*line)
			continue; /* dnf ends each line itself */
		while (n < 4 && (f[n] = strsep(&cur, "\t")))
			n++;
		if (n != 4 || cur) {
			error("dnf repoquery printed '%s', not NAME<TAB>EVR<TAB>ARCH<TAB>REPO", line);
			goto out;
		}
		offers_add(out, xstrdup(f[0]), xstrdup(f[2]), xstrdup(f[1]), f[3]);
	}
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	strvec_clear(&argv);
	strbuf_release(&text);
	strbuf_release(&log);
	return ret;
}

/* The upstream part of a Debian version: no epoch, no revision. */
static char *upstream_version(const char *v)
{
	const char *colon = strchr(v, ':'), *dash;
	if (colon)
		v = colon + 1;
	dash = strrchr(v, '-');
	return dash ? xstrndup(v, (size_t)(dash - v)) : xstrdup(v);
}

int manifest_kernel_version(const char *text, char **version)
{
	for (const char *s = text; s && *s; s = strchr(s, '\n'), s = s ? s + 1 : NULL) {
		const char *p = s + strlen("# kernel ");
		size_t n;
		if (strncmp(s, "# kernel ", strlen("# kernel ")))
			continue;
		n = strcspn(p, " \n");
		if (!n)
			return -1;
		*version = xstrndup(p, n);
		return 0;
	}
	return -1;
}

/* The kernel: the newest upstream version of its source package, against
 * the version the manifest records. */
static int kernel_check(const struct outdated_opts *o, const char *work, const char *text,
			const struct offers *same, struct strbuf *out, struct outdated_counts *c)
{
	struct offers own = { 0 };
	const struct offers *from = same;
	const struct offer *best;
	char *built = NULL, *avail = NULL;
	int ret = -1;

	if (manifest_kernel_version(text, &built)) {
		warning("%s records no kernel (a manifest made before 0.2, or without the "
			"kernel's directory): the kernel is not checked", o->manifest);
		return 0;
	}
	if (!from) {
		struct strbuf dir = STRBUF_INIT;
		int st;
		strbuf_addf(&dir, "%s/kernel", work);
		st = debian_offers(dir.buf, o->kernel_repo, o->kernel_suite, o->apt_etc, "i386",
				   true, &own);
		strbuf_release(&dir);
		if (st)
			goto out;
		offers_sort(&own);
		from = &own;
	}
	if (!(best = offers_newest(from, o->kernel_package, "all"))) {
		error("no package '%s' in '%s' %s: the kernel cannot be compared; is it the "
		      "profile's source package?", o->kernel_package, o->kernel_repo, o->kernel_suite);
		goto out;
	}
	avail = upstream_version(best->version);
	if (version_cmp(avail, built) > 0) {
		strbuf_addf(out, "kernel %s %s %s\n", built, avail, o->kernel_package);
		c->kernel_newer = true;
	}
	ret = 0;
out:
	offers_release(&own);
	free(built);
	free(avail);
	return ret;
}

int outdated_check(const struct outdated_opts *o, struct strbuf *out, struct outdated_counts *c)
{
	const struct appconf *a = o->app;
	struct pkglist released = PKGLIST_INIT;
	struct offers offers = { 0 };
	struct strbuf text = STRBUF_INIT, work = STRBUF_INIT, dir = STRBUF_INIT;
	const char *repo = o->repo && *o->repo ? o->repo : a->repo;
	bool deb = a->bootstrap && a->bootstrap->package_kind &&
		   !strcmp(a->bootstrap->package_kind, "deb");
	int ret = -1;

	memset(c, 0, sizeof(*c));
	if (strbuf_read_file(&text, o->manifest) || manifest_parse(&released, text.buf, o->manifest))
		goto out;
	c->packages = (unsigned)released.nr;
	if (make_temp_dir(&work, NULL, "outdated") < 0) {
		error_errno("cannot make a temporary directory in '%s'", temp_dir());
		strbuf_reset(&work);
		goto out;
	}
	strbuf_addf(&dir, "%s/appliance", work.buf);
	if (deb ? debian_offers(dir.buf, repo ? repo : "apt", a->suite ? a->suite : "stable",
				o->apt_etc, bootstrap_tool_arch(a->bootstrap, a->arch), false, &offers)
		: rpm_offers(o, dir.buf, &offers))
		goto out;
	offers_sort(&offers);
	for (size_t i = 0; i < released.nr; i++) {
		const struct pkg *p = &released.v[i];
		const struct offer *best = offers_newest(&offers, p->name, p->arch);
		if (!best || version_cmp(best->version, p->version) <= 0)
			continue;
		c->newer++;
		strbuf_addf(out, "newer %s %s %s %s %s", p->name, p->arch, p->version,
			    best->version, best->suite);
		if (security_suite(best->suite)) {
			c->security++;
			strbuf_addstr(out, " security");
		}
		strbuf_addch(out, '\n');
	}
	/* The kernel source comes from this machine's apt unless told; when
	 * that is where the appliance comes from too, its indexes serve. */
	if (o->kernel_package) {
		bool same = deb && !strcmp(o->kernel_repo, repo ? repo : "apt") &&
			    !strcmp(o->kernel_suite, a->suite ? a->suite : "stable");
		if (kernel_check(o, work.buf, text.buf, same ? &offers : NULL, out, c))
			goto out;
	}
	ret = 0;
out:
	if (work.len)
		remove_tree(work.buf);
	pkglist_release(&released);
	offers_release(&offers);
	strbuf_release(&text);
	strbuf_release(&work);
	strbuf_release(&dir);
	return ret;
}
