/* The suites a Debian appliance is built from, and their index state (see debsuites.h). */
#include "rootfs/debsuites.h"
#include "rootfs/aptmirror.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/run.h"

#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

void debsuites_release(struct debsuites *s)
{
	strvec_clear(&s->uris);
	strvec_clear(&s->suites);
	strbuf_release(&s->state);
}

void debsuites_release_state(const char *release, const char *arch, struct strbuf *out)
{
	struct strbuf want = STRBUF_INIT, all = STRBUF_INIT;
	size_t before = out->len;
	strbuf_addf(&want, "/binary-%s/Packages", arch);
	strbuf_addstr(&all, "/binary-all/Packages");
	for (const char *p = release; *p;) {
		const char *nl = strchrnul(p, '\n');
		const char *hit = strstr(p, want.buf), *hit_all = strstr(p, all.buf);
		if ((hit && hit < nl) || (hit_all && hit_all < nl)) {
			strbuf_add(out, p, (size_t)(nl - p));
			strbuf_addch(out, '\n');
		}
		p = *nl ? nl + 1 : nl;
	}
	if (out->len == before)
		strbuf_addstr(out, release);
	strbuf_release(&want);
	strbuf_release(&all);
}

/* URI/dists/SUITE/InRelease, else Release, read with apt's own methods
 * (http, https, file) into workdir: 0 and its text, or -1 (no error
 * printed: the caller decides whether the suite must exist). */
static int fetch_release(const struct debsuites_query *q, const char *uri, const char *suite,
			 struct strbuf *text)
{
	struct strbuf url = STRBUF_INIT, dest = STRBUF_INIT, log = STRBUF_INIT;
	struct run_opts ro = RUN_OPTS_INIT;
	int ret = -1, fd;

	strbuf_addf(&log, "%s/release-fetch.log", q->workdir);
	if ((fd = open(log.buf, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644)) < 0) {
		ret = error_errno("cannot create '%s'", log.buf);
		goto out;
	}
	ro.out_fd = fd;
	for (const char *const *f = (const char *const[]){ "InRelease", "Release", NULL };
	     *f && ret; f++) {
		strbuf_reset(&url);
		strbuf_reset(&dest);
		strbuf_addf(&url, "%s%s%sdists/%s/%s", uri[0] == '/' ? "file://" : "", uri,
			    uri[strlen(uri) - 1] == '/' ? "" : "/", suite, *f);
		strbuf_addf(&dest, "%s/%s_%s", q->workdir, suite, *f);
		unlink(dest.buf);
		/* As root, apt's methods would drop to _apt, who cannot write here. */
		const char *argv[] = { "/usr/lib/apt/apt-helper", "-o", "APT::Sandbox::User=root",
				       "download-file", url.buf, dest.buf, NULL };
		if (run_command(argv, &ro) == 0 && !strbuf_read_file(text, dest.buf))
			ret = 0;
	}
	close(fd);
out:
	strbuf_release(&url);
	strbuf_release(&dest);
	strbuf_release(&log);
	return ret;
}

int debsuites_find(const struct debsuites_query *q, struct debsuites *s, size_t *unreachable)
{
	struct strbuf updates = STRBUF_INIT, security = STRBUF_INIT, text = STRBUF_INIT;
	struct strvec uris = STRVEC_INIT, suites = STRVEC_INIT;
	const char *apt_etc = q->apt_etc ? q->apt_etc : "/etc/apt";
	bool apt = !strcmp(q->repo, "apt");
	int ret = -1;

	strbuf_addf(&updates, "%s-updates", q->suite);
	strbuf_addf(&security, "%s-security", q->suite);
	const char *wanted[] = { q->suite, updates.buf, security.buf, NULL };
	if (apt) {
		apt_suite_uris(apt_etc, wanted, &uris, &suites);
	} else {
		/* An archive of one's own: the suites it has, at its URL. */
		for (size_t i = 0; wanted[i]; i++) {
			strvec_push(&uris, q->repo);
			strvec_push(&suites, wanted[i]);
		}
	}
	for (size_t w = 0; wanted[w]; w++) {
		bool have = false;
		for (size_t i = 0; i < uris.nr; i++) {
			if (strcmp(suites.v[i], wanted[w]))
				continue;
			strbuf_reset(&text);
			if (fetch_release(q, uris.v[i], suites.v[i], &text)) {
				if (!apt && w > 0)
					continue; /* the archive has no such suite */
				*unreachable = s->uris.nr;
				strvec_push(&s->uris, uris.v[i]);
				strvec_push(&s->suites, suites.v[i]);
				error("cannot read the Release file of suite '%s' at '%s'",
				      suites.v[i], uris.v[i]);
				goto out;
			}
			strvec_push(&s->uris, uris.v[i]);
			strvec_push(&s->suites, suites.v[i]);
			strbuf_addf(&s->state, "%s %s\n", uris.v[i], suites.v[i]);
			debsuites_release_state(text.buf, q->arch, &s->state);
			have = true;
		}
		if (!have && w == 0) {
			*unreachable = (size_t)-1;
			error("no 'deb' source for suite '%s' in %s/sources.list or "
			      "%s/sources.list.d/*.sources; configure apt, or set "
			      "'repo = http://.../debian' in the appliance.conf", q->suite, apt_etc,
			      apt_etc);
			goto out;
		}
		if (!have && !q->quiet)
			warning("%s names no suite '%s': the appliance is built without its "
				"updates", apt ? apt_etc : q->repo, wanted[w]);
	}
	ret = 0;
out:
	strbuf_release(&updates);
	strbuf_release(&security);
	strbuf_release(&text);
	strvec_clear(&uris);
	strvec_clear(&suites);
	return ret;
}

void debsuites_lines(const struct debsuites *s, const char *type, const char *remote_opts,
		     bool copy, struct strbuf *out)
{
	for (size_t i = 0; i < s->uris.nr; i++) {
		const char *u = s->uris.v[i];
		bool local = u[0] == '/' || !strncmp(u, "file:", 5);
		strbuf_addf(out, "%s ", type);
		if (local)
			strbuf_addstr(out, "[trusted=yes] ");
		else if (remote_opts)
			strbuf_addf(out, "[%s] ", remote_opts);
		/* copy:, not file:, so that apt copies the .debs into the tree's
		 * cache, where dpkg chrooted into the tree finds them (file: leaves
		 * them where they are, outside the chroot). */
		if (local)
			strbuf_addf(out, "%s://%s %s main\n", copy ? "copy" : "file",
				    u[0] == '/' ? u : u + strlen("file://"), s->suites.v[i]);
		else
			strbuf_addf(out, "%s %s main\n", u, s->suites.v[i]);
	}
}
