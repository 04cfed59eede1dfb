/* Publishing a release (see publish.h). */
#include "publish/publish.h"
#include "publish/release.h"
#include "core/escape.h"
#include "publish/digest.h"
#include "core/fsutil.h"
#include "formats/metalink.h"
#include "core/hashalgo.h"
#include "core/run.h"
#include "formats/sums.h"
#include "core/tools.h"
#include "formats/torrent.h"
#include "core/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


/* Web seeds, metalink URLs, magnets, the page and index.json use it. */
void file_urls(struct strvec *out, const struct relconf *c, const char *name)
{
	struct strbuf u = STRBUF_INIT;
	for (size_t i = 0; i <= c->mirrors.nr; i++) {
		strbuf_reset(&u);
		strbuf_addf(&u, "%s/%s/", i ? c->mirrors.v[i - 1] : c->base_url, c->version);
		url_escape(&u, name);
		strvec_push(out, u.buf);
	}
	strbuf_release(&u);
}

static int write_in(const char *dir, const char *name, const struct strbuf *sb)
{
	struct strbuf p = STRBUF_INIT;
	int ret;
	strbuf_addf(&p, "%s/%s", dir, name);
	ret = write_file_atomic(p.buf, sb->buf, sb->len, 0644);
	strbuf_release(&p);
	return ret;
}

/* Put the artifact in the release: a hard link when it can (same
 * filesystem, nothing copied), else a copy; world-readable either way. */
static int place(const char *src, const char *dir, const char *name)
{
	struct strbuf dst = STRBUF_INIT;
	int ret = 0;
	strbuf_addf(&dst, "%s/%s", dir, name);
	if (link(src, dst.buf) < 0)
		ret = copy_file(src, dst.buf, 0644);
	else if (chmod(dst.buf, 0644) < 0)
		ret = error_errno("cannot make '%s' readable", dst.buf);
	strbuf_release(&dst);
	return ret;
}

/* The release key's public half as KEYS (armored), and its full
 * fingerprint in *fpr, grouped by four as gpg prints it, for the page: a
 * downloader checks the signature against the fingerprint, which reaches
 * them by another way than the tree itself. */
static int export_key(const char *dir, const char *key, struct strbuf *fpr)
{
	struct strbuf armored = STRBUF_INIT, colons = STRBUF_INIT;
	const char *export[] = { "gpg", "--batch", "--no-tty", "--armor", "--export", key, NULL };
	const char *list[] = { "gpg", "--batch", "--no-tty", "--with-colons", "--fingerprint",
			       key, NULL };
	struct run_opts ro = RUN_OPTS_INIT;
	const char *p;
	int ret = -1;

	ro.capture = &armored;
	if (run_command(export, &ro) != 0 || !strstr(armored.buf, "BEGIN PGP PUBLIC KEY BLOCK")) {
		error("gpg could not export the public key '%s' for the release's KEYS: check "
		      "that 'gpg --list-secret-keys %s' shows it; or remove gpg_key from "
		      "release.conf", key, key);
		goto out;
	}
	ro.capture = &colons;
	/* The primary key's "fpr" record follows its "pub" record (a "tru"
	 * record about the trust database may come first). */
	if (run_command(list, &ro) != 0 || !(p = strstr(colons.buf, "pub:")) ||
	    !(p = strstr(p, "\nfpr:"))) {
		error("gpg could not tell the fingerprint of key '%s'", key);
		goto out;
	}
	p += 5; /* at field 2; the fingerprint is field 10 */
	for (int field = 2; field < 10 && p; field++)
		p = strchr(p, ':') ? strchr(p, ':') + 1 : NULL;
	if (!p || !strchr(p, ':') || strchr(p, ':') - p != 40) {
		error("gpg gave no fingerprint for key '%s'", key);
		goto out;
	}
	for (int i = 0; i < 40; i += 4)
		strbuf_addf(fpr, "%s%.4s", !i ? "" : i == 20 ? "  " : " ", p + i);
	ret = write_in(dir, "KEYS", &armored);
out:
	strbuf_release(&armored);
	strbuf_release(&colons);
	return ret;
}

/* A detached, armored signature of SHA256SUMS, so the sums (and through
 * them every file) can be checked against the release key. gpg signs at
 * the time of the run: the one file of a release that is not made bit for
 * bit again. */
static int sign_sums(const char *dir, const char *key)
{
	struct strbuf sums = STRBUF_INIT, sig = STRBUF_INIT;
	int st;
	strbuf_addf(&sums, "%s/SHA256SUMS", dir);
	strbuf_addf(&sig, "%s/SHA256SUMS.asc", dir);
	const char *argv[] = { "gpg", "--batch", "--yes", "--no-tty", "--local-user", key,
			       "--armor", "--detach-sign", "--output", sig.buf, sums.buf, NULL };
	struct run_opts ro = RUN_OPTS_INIT;
	progress("GPG", "signing SHA256SUMS with key '%s'", key);
	st = tool_require("gpg") ? -1 : run_command(argv, &ro);
	if (st > 0)
		error("gpg could not sign SHA256SUMS with key '%s' (exit %d): check that "
		      "'gpg --list-secret-keys %s' shows it and that it needs no passphrase "
		      "(or gpg-agent holds it); or remove gpg_key from release.conf", key, st, key);
	if (!st && chmod(sig.buf, 0644) < 0)
		st = error_errno("cannot make '%s' readable", sig.buf);
	strbuf_release(&sums);
	strbuf_release(&sig);
	return st ? -1 : 0;
}

static int replace_dir(const char *tmp, const char *final)
{
	struct strbuf old = STRBUF_INIT;
	int ret = 0;
	strbuf_addf(&old, "%s.old", final);
	remove_tree(old.buf);
	if (path_exists(final) && rename(final, old.buf) < 0)
		ret = error_errno("cannot move the old '%s' aside", final);
	else if (rename(tmp, final) < 0)
		ret = error_errno("cannot rename '%s' to '%s'", tmp, final);
	else
		remove_tree(old.buf);
	strbuf_release(&old);
	return ret;
}

/* What a killed run left: OUT/.VERSION.tmp.PID whose PID is gone. A live
 * PID's directory is another publish at work and is left alone. */
static void remove_stale_tmp(const char *out, const char *version)
{
	struct strbuf prefix = STRBUF_INIT, path = STRBUF_INIT;
	struct dirent *e;
	DIR *d = opendir(out);
	if (!d)
		return;
	strbuf_addf(&prefix, ".%s.tmp.", version);
	while ((e = readdir(d))) {
		char *end;
		long pid;
		if (strncmp(e->d_name, prefix.buf, prefix.len))
			continue;
		pid = strtol(e->d_name + prefix.len, &end, 10);
		if (*end || pid <= 0 || (kill((pid_t)pid, 0) < 0 && errno == ESRCH)) {
			strbuf_reset(&path);
			strbuf_addf(&path, "%s/%s", out, e->d_name);
			remove_tree(path.buf);
		}
	}
	closedir(d);
	strbuf_release(&prefix);
	strbuf_release(&path);
}

int publish(const struct publish_opts *o)
{
	const struct relconf *c = o->conf;
	struct strbuf tmp = STRBUF_INIT, final = STRBUF_INIT, text = STRBUF_INIT;
	struct strbuf rec_md5 = STRBUF_INIT, rec_sha256 = STRBUF_INIT, fpr = STRBUF_INIT;
	struct sums md5s = SUMS_INIT, sha256s = SUMS_INIT;
	struct strbuf path = STRBUF_INIT;
	struct digest index_d = { 0 };
	struct artifact *a;
	struct digest_job *jobs = NULL;
	size_t n = 0, nx = 0;
	int ret = -1;

	while (o->files[n])
		n++;
	while (o->extras && o->extras[nx])
		nx++;
	/* The artifacts, then the extras (summed and shown, no torrent). */
	a = xcalloc(n + nx + 1, sizeof(*a));
	for (size_t i = 0; i < n + nx; i++) {
		strbuf_init(&a[i].magnet);
		strbuf_init(&a[i].md5);
		strbuf_init(&a[i].sha256);
	}
	strbuf_addf(&final, "%s/%s", o->out, c->version);
	strbuf_addf(&tmp, "%s/.%s.tmp.%ld", o->out, c->version, (long)getpid());
	if (mkdir_p(o->out))
		goto out;
	remove_stale_tmp(o->out, c->version);
	if (remove_tree(tmp.buf) || mkdir_p(tmp.buf) || chmod(tmp.buf, 0755))
		goto out;

	jobs = xcalloc(n ? n : 1, sizeof(*jobs));
	for (size_t i = 0; i < n; i++) {
		const char *slash = strrchr(o->files[i], '/');
		struct stat st;
		a[i].name = slash ? slash + 1 : o->files[i];
		artifact_classify(&a[i], o);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(a[j].name, a[i].name)) {
				error("two artifacts are named '%s'; a release is one directory",
				      a[i].name);
				goto out;
			}
		if (!strcmp(a[i].name, "MD5SUMS") || !strcmp(a[i].name, "SHA256SUMS") ||
		    !strcmp(a[i].name, "index.html") || !strcmp(a[i].name, "index.json")) {
			error("'%s' is a name the release itself uses", a[i].name);
			goto out;
		}
		if (stat(o->files[i], &st) < 0) {
			error_errno("cannot read '%s'", o->files[i]);
			goto out;
		}
		a[i].piece_length = c->piece_length ? c->piece_length
						    : torrent_piece_length((uint64_t)st.st_size);
		jobs[i] = (struct digest_job){ .path = o->files[i], .out = &a[i].d,
					       .piece_length = a[i].piece_length,
					       .flags = c->hybrid ? DIGEST_V2 : 0 };
	}
	progress("PUBLISH", "hashing %zu files", n);
	if (digest_files(jobs, n))
		goto out;

	for (size_t i = 0; i < n; i++) {
		struct torrent_opts t = { .tiers = &c->tiers, .private_ = c->private_,
					  .hybrid = c->hybrid, .creation_date = o->epoch,
					  .created_by = o->created_by };
		struct strbuf name = STRBUF_INIT;
		struct strvec seeds = STRVEC_INIT;
		uint64_t pl = a[i].piece_length;
		progress("PUBLISH", "%s", o->files[i]);
		if (place(o->files[i], tmp.buf, a[i].name))
			goto out;
		hex_append(&a[i].md5, a[i].d.md5, 16);
		hex_append(&a[i].sha256, a[i].d.sha256, 32);
		sums_add(&md5s, a[i].name, a[i].md5.buf);
		sums_add(&sha256s, a[i].name, a[i].sha256.buf);
		file_urls(&seeds, c, a[i].name);
		t.name = a[i].name;
		t.piece_length = pl;
		t.web_seeds = &seeds;
		strbuf_reset(&text);
		strbuf_addf(&name, "%s.torrent", a[i].name);
		int r = torrent_write(&a[i].d, &t, &text, &a[i].ids) ||
			write_in(tmp.buf, name.buf, &text);
		if (!r) {
			/* The metalink: the same hashes, the URL and the torrent. */
			struct strbuf turl = STRBUF_INIT;
			magnet_link(&a[i].magnet, &a[i].ids, &t, a[i].d.size);
			strbuf_addf(&turl, "%s.torrent", seeds.v[0]);
			strbuf_reset(&text);
			metalink_file(&text, a[i].name, &a[i].d, pl, &seeds, turl.buf, o->epoch,
				      o->created_by);
			strbuf_reset(&name);
			strbuf_addf(&name, "%s.meta4", a[i].name);
			r = write_in(tmp.buf, name.buf, &text);
			strbuf_release(&turl);
		}
		strvec_clear(&seeds);
		strbuf_release(&name);
		if (r)
			goto out;
	}
	/* The record holds the artifacts only: extras such as screen shots are
	 * not built bit for bit. It is written once the release is in place. */
	sums_write(&md5s, &rec_md5);
	sums_write(&sha256s, &rec_sha256);
	for (size_t i = 0; i < nx; i++) {
		/* Screenshots and such: in the sums, not worth a torrent. */
		struct artifact *x = &a[n + i];
		const char *slash = strrchr(o->extras[i], '/');
		x->name = slash ? slash + 1 : o->extras[i];
		artifact_classify(x, o);
		if (digest_file(o->extras[i], 16384, 0, &x->d) || place(o->extras[i], tmp.buf, x->name))
			goto out;
		hex_append(&x->md5, x->d.md5, 16);
		hex_append(&x->sha256, x->d.sha256, 32);
		sums_add(&md5s, x->name, x->md5.buf);
		sums_add(&sha256s, x->name, x->sha256.buf);
	}
	/* index.json names the key's fingerprint and is itself in the sums,
	 * under the signature: the key first, the signature last. */
	if (c->gpg_key && export_key(tmp.buf, c->gpg_key, &fpr))
		goto out;
	strbuf_reset(&text);
	index_json(&text, o, a, n + nx, fpr.buf);
	if (write_in(tmp.buf, "index.json", &text))
		goto out;
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/index.json", tmp.buf);
	if (digest_file(path.buf, 16384, 0, &index_d))
		goto out;
	strbuf_reset(&text);
	hex_append(&text, index_d.md5, 16);
	sums_add(&md5s, "index.json", text.buf);
	strbuf_reset(&text);
	hex_append(&text, index_d.sha256, 32);
	sums_add(&sha256s, "index.json", text.buf);
	strbuf_reset(&text);
	sums_write(&md5s, &text);
	if (write_in(tmp.buf, "MD5SUMS", &text))
		goto out;
	strbuf_reset(&text);
	sums_write(&sha256s, &text);
	if (write_in(tmp.buf, "SHA256SUMS", &text) || (c->gpg_key &&
	    sign_sums(tmp.buf, c->gpg_key)))
		goto out;
	strbuf_reset(&text);
	page_html(&text, o, a, n + nx, fpr.buf);
	if (write_in(tmp.buf, "index.html", &text) || replace_dir(tmp.buf, final.buf))
		goto out;
	if (o->record) {
		struct strbuf dir = STRBUF_INIT;
		strbuf_addf(&dir, "%s/%s", o->record, c->version);
		int r = mkdir_p(dir.buf) || write_in(dir.buf, "MD5SUMS", &rec_md5) ||
			write_in(dir.buf, "SHA256SUMS", &rec_sha256);
		/* The package manifests too: `make diff-release` compares
		 * releases from the record, long after their trees are gone. */
		for (size_t i = 0; i < n && !r; i++) {
			size_t len = strlen(a[i].name);
			struct strbuf m = STRBUF_INIT;
			if (len > 9 && !strcmp(a[i].name + len - 9, ".packages"))
				r = strbuf_read_file(&m, o->files[i]) || write_in(dir.buf, a[i].name, &m);
			strbuf_release(&m);
		}
		strbuf_release(&dir);
		if (r)
			goto out;
	}
	progress("PUBLISH", "%s: %zu artifacts, MD5SUMS, SHA256SUMS, torrents, metalinks, "
		 "index.html, index.json",
		 final.buf, n);
	ret = 0;
out:
	if (ret)
		remove_tree(tmp.buf);
	for (size_t i = 0; i < n + nx; i++) {
		digest_release(&a[i].d);
		strbuf_release(&a[i].magnet);
		strbuf_release(&a[i].md5);
		strbuf_release(&a[i].sha256);
	}
	free(a);
	free(jobs);
	digest_release(&index_d);
	strbuf_release(&path);
	sums_release(&md5s);
	sums_release(&sha256s);
	strbuf_release(&tmp);
	strbuf_release(&final);
	strbuf_release(&text);
	strbuf_release(&rec_md5);
	strbuf_release(&rec_sha256);
	strbuf_release(&fpr);
	return ret;
}
