/* Publishing a release (see publish.h). */
#include "publish/publish.h"
#include "core/escape.h"
#include "publish/digest.h"
#include "core/fsutil.h"
#include "formats/metalink.h"
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

struct artifact {
	const char *name;            /* basename, points into the input path */
	uint64_t piece_length;
	struct digest d;
	struct torrent_ids ids;
	struct strbuf magnet, md5, sha256;
};

/* Where a file of the release is served: the primary's URL, then each
 * mirror's, in release.conf's order (web seeds, metalink URLs, magnets). */
static void file_urls(struct strvec *out, const struct relconf *c, const char *name)
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

/* The page is the same on every mirror: it names them all, so a reader
 * whose mirror is slow or down can go to another. Nothing without mirrors,
 * which keeps those pages' bytes. */
static void mirrors_line(struct strbuf *h, const struct relconf *c)
{
	if (!c->mirrors.nr)
		return;
	strbuf_addstr(h, "<p>Mirrors: ");
	for (size_t i = 0; i <= c->mirrors.nr; i++) {
		struct strbuf dir = STRBUF_INIT;
		strbuf_addf(&dir, "%s/%s/", i ? c->mirrors.v[i - 1] : c->base_url, c->version);
		strbuf_addstr(h, i ? ", <a href=\"" : "<a href=\"");
		xml_escape(h, dir.buf);
		strbuf_addstr(h, "\">");
		xml_escape(h, dir.buf);
		strbuf_addstr(h, i ? "</a>" : "</a> (primary)");
		strbuf_release(&dir);
	}
	strbuf_addstr(h, ".</p>\n");
}

static void human_size(struct strbuf *out, uint64_t n)
{
	if (n >= (1u << 20))
		strbuf_addf(out, "%.1f MiB", (double)n / (1 << 20));
	else if (n >= 1024)
		strbuf_addf(out, "%.1f KiB", (double)n / 1024);
	else
		strbuf_addf(out, "%llu bytes", (unsigned long long)n);
}

/* What the 2006 release notes said, from each appliance's definition. */
static void release_notes(struct strbuf *h, const struct publish_opts *o)
{
	if (!o->notes || !o->notes[0])
		return;
	strbuf_addstr(h, "<section>\n<h2>Release notes</h2>\n");
	for (size_t i = 0; o->notes[i]; i++) {
		const struct appconf *c = o->notes[i];
		struct strbuf shot = STRBUF_INIT;
		strbuf_addstr(h, "<h3>");
		xml_escape(h, c->title);
		strbuf_addf(h, " %s</h3>\n<ul>\n<li>32-bit (%s) Linux", c->version, c->arch);
		if (o->kernel_version)
			strbuf_addf(h, ", kernel %s with paravirt_ops, the successor of VMI",
				    o->kernel_version);
		strbuf_addstr(h, ".</li>\n<li>USB and ACPI are disabled in the kernel; the "
			      "appliance powers itself off through APM.</li>\n");
		if (c->require_hypervisor)
			strbuf_addstr(h, "<li>It refuses to run on native hardware: it needs a "
				      "hypervisor (VMware, KVM/qemu, Xen, Hyper-V).</li>\n");
		strbuf_addf(h, "<li>%u MiB of memory, a %llu MiB %s disk on %s; root is locked; "
			    "SSH host keys are made on first boot.</li>\n", c->memory,
			    (unsigned long long)(c->disk_size >> 20), c->rootfs, c->disk_adapter);
		strbuf_addf(&shot, "%s-screen.png", c->name);
		for (size_t j = 0; o->extras && o->extras[j]; j++) {
			const char *b = strrchr(o->extras[j], '/');
			if (!strcmp(b ? b + 1 : o->extras[j], shot.buf)) {
				strbuf_addstr(h, "<li><a href=\"");
				url_escape(h, shot.buf);
				strbuf_addstr(h, "\">View screen shot</a></li>\n");
			}
		}
		strbuf_addstr(h, "</ul>\n");
		strbuf_release(&shot);
	}
	strbuf_addstr(h, "</section>\n");
}

/* fpr: the release key's fingerprint when the sums are signed, else "". */
static void index_html(struct strbuf *h, const struct publish_opts *o, const struct artifact *a,
		       size_t n, const char *fpr)
{
	const char *signature = o->conf->gpg_key ? " (signed: <a href=\"SHA256SUMS.asc\">"
		"SHA256SUMS.asc</a>)" : "";
	const struct relconf *c = o->conf;
	strbuf_addstr(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		      "<title>");
	xml_escape(h, c->title);
	strbuf_addf(h, " %s</title>\n<style>\nbody{font-family:sans-serif;max-width:60em;"
		    "margin:auto;padding:1em;line-height:1.4}\ncode{word-break:break-all}\n"
		    "section{border-top:1px solid #ccc;margin-top:1em}\n</style>\n</head>\n<body>\n"
		    "<h1>", c->version);
	xml_escape(h, c->title);
	strbuf_addf(h, " %s</h1>\n<p>Paravirtualized 32-bit Linux appliances: USB and ACPI are "
		    "off, they power themselves off through APM, and appliances built to require a "
		    "hypervisor refuse to run on native hardware. Download over HTTP or "
		    "BitTorrent and check with <a href=\"MD5SUMS\">MD5SUMS</a> or "
		    "<a href=\"SHA256SUMS\">SHA256SUMS</a>%s.</p>\n", c->version, signature);
	mirrors_line(h, c);
	for (size_t i = 0; i < n; i++) {
		strbuf_addstr(h, "<section>\n<h2>");
		xml_escape(h, a[i].name);
		strbuf_addstr(h, "</h2>\n<ul>\n<li>Size: ");
		human_size(h, a[i].d.size);
		strbuf_addstr(h, "</li>\n<li><a href=\"");
		url_escape(h, a[i].name);
		strbuf_addstr(h, "\">HTTP download</a></li>\n<li><a href=\"");
		url_escape(h, a[i].name);
		strbuf_addstr(h, ".torrent\">BitTorrent download</a></li>\n<li><a href=\"");
		url_escape(h, a[i].name);
		strbuf_addstr(h, ".meta4\">Metalink</a> (HTTP and BitTorrent together)</li>\n"
			      "<li><a href=\"");
		xml_escape(h, a[i].magnet.buf);
		strbuf_addf(h, "\">Magnet link</a></li>\n<li>md5sum: <code>%s</code></li>\n"
			    "<li>sha256sum: <code>%s</code></li>\n</ul>\n</section>\n", a[i].md5.buf,
			    a[i].sha256.buf);
	}
	release_notes(h, o);
	strbuf_addstr(h, "<section>\n<h2>Getting started</h2>\n<ol>\n");
	if (*fpr)
		strbuf_addf(h, "<li>The sums are signed by the release key, fingerprint "
			    "<code>%s</code> (public key: <a href=\"KEYS\">KEYS</a>; compare "
			    "the fingerprint with one you got another way). Check the signature "
			    "and the files in one step: <code>appliance verify --signature "
			    "SHA256SUMS.asc --fingerprint '%s' --ignore-missing SHA256SUMS</code>; "
			    "or with gpg: <code>gpg --import KEYS; gpg --verify SHA256SUMS.asc "
			    "SHA256SUMS</code> (it must name this fingerprint); or with gpgv: "
			    "<code>gpg --dearmor KEYS; gpgv --keyring ./KEYS.gpg SHA256SUMS.asc "
			    "SHA256SUMS</code>.</li>\n", fpr, fpr);
	strbuf_addf(h, "<li>Download an appliance "
		      "and check it: <code>sha256sum -c --ignore-missing SHA256SUMS</code> (or "
		      "<code>md5sum -c --ignore-missing MD5SUMS</code>)%s.</li>\n<li>Open the "
		      "<code>.vmx</code> in VMware Workstation, Player or Fusion, or import the "
		      "<code>.ova</code>.</li>\n<li>Root is locked: set a password from the "
		      "console's single-user mode, or add your SSH key to the image first.</li>\n"
		      "</ol>\n</section>\n</body>\n</html>\n",
		      *fpr ? ", after the signature (above)" : "");
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
		error("gpg could not export the public key '%s' for the release's KEYS", key);
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
	struct artifact *a;
	struct digest_job *jobs = NULL;
	size_t n = 0;
	int ret = -1;

	while (o->files[n])
		n++;
	a = xcalloc(n ? n : 1, sizeof(*a));
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
		strbuf_init(&a[i].magnet);
		strbuf_init(&a[i].md5);
		strbuf_init(&a[i].sha256);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(a[j].name, a[i].name)) {
				error("two artifacts are named '%s'; a release is one directory",
				      a[i].name);
				goto out;
			}
		if (!strcmp(a[i].name, "MD5SUMS") || !strcmp(a[i].name, "SHA256SUMS") ||
		    !strcmp(a[i].name, "index.html")) {
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
	for (size_t i = 0; o->extras && o->extras[i]; i++) {
		/* Screenshots and such: in the sums, not worth a torrent. */
		const char *slash = strrchr(o->extras[i], '/');
		const char *name = slash ? slash + 1 : o->extras[i];
		struct digest d;
		struct strbuf hex = STRBUF_INIT;
		if (digest_file(o->extras[i], 16384, 0, &d) || place(o->extras[i], tmp.buf, name))
			goto out;
		hex_append(&hex, d.md5, 16);
		sums_add(&md5s, name, hex.buf);
		strbuf_reset(&hex);
		hex_append(&hex, d.sha256, 32);
		sums_add(&sha256s, name, hex.buf);
		strbuf_release(&hex);
		digest_release(&d);
	}
	strbuf_reset(&text);
	sums_write(&md5s, &text);
	if (write_in(tmp.buf, "MD5SUMS", &text))
		goto out;
	strbuf_reset(&text);
	sums_write(&sha256s, &text);
	if (write_in(tmp.buf, "SHA256SUMS", &text) || (c->gpg_key &&
	    (sign_sums(tmp.buf, c->gpg_key) || export_key(tmp.buf, c->gpg_key, &fpr))))
		goto out;
	strbuf_reset(&text);
	index_html(&text, o, a, n, fpr.buf);
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
		 "index.html",
		 final.buf, n);
	ret = 0;
out:
	if (ret)
		remove_tree(tmp.buf);
	for (size_t i = 0; i < n; i++) {
		digest_release(&a[i].d);
		strbuf_release(&a[i].magnet);
		strbuf_release(&a[i].md5);
		strbuf_release(&a[i].sha256);
	}
	free(a);
	free(jobs);
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
