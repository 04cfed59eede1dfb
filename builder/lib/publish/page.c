/*
 * The release's page, index.html, grouped as the 2006 page was: one section
 * per appliance (title, what it is, its screen shot, each download with its
 * size, HTTP, BitTorrent, metalink and magnet links and sums, its package
 * list and SBOM, its release notes), then the sources, then how to start:
 * open or import, the first boot's three ways in, verifying. No script: a
 * page that works in any browser and on a phone.
 */
#include "publish/release.h"
#include "publish/upkeep.h"
#include "image/compat.h"
#include "core/array.h"
#include "core/escape.h"

#include <string.h>

/* The two links that leave the release: what BitTorrent and Metalink are
 * (tests/t6060-page.sh allows exactly these). */
#define BITTORRENT_SPEC "https://www.bittorrent.org/beps/bep_0003.html"
#define METALINK_SPEC "https://www.rfc-editor.org/rfc/rfc5854"

/*
 * File roles by name, first match wins. To add one: a row here, its
 * enum file_role value in release.h, where page_html shows it, and its
 * name in index.json's schema (tests/fixtures/index.schema.json).
 */
static const struct { const char *suffix; enum file_role role; } file_roles[] = {
	{ "-sources.tar", ROLE_SOURCES },
	{ "-source.tar", ROLE_SOURCES },
	{ ".packages", ROLE_PACKAGES },
	{ ".spdx.json", ROLE_SBOM },
	{ "-screen.png", ROLE_SCREENSHOT },
};

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

void artifact_classify(struct artifact *a, const struct publish_opts *o)
{
	size_t best = 0;
	a->role = ROLE_DOWNLOAD;
	for (size_t i = 0; i < ARRAY_SIZE(file_roles); i++)
		if (ends_with(a->name, file_roles[i].suffix)) {
			a->role = file_roles[i].role;
			break;
		}
	a->app = NULL;
	for (size_t i = 0; o->notes && o->notes[i]; i++) {
		const char *n = o->notes[i]->name;
		size_t len = strlen(n);
		if (len > best && !strncmp(a->name, n, len) &&
		    (a->name[len] == '-' || a->name[len] == '.')) {
			a->app = o->notes[i];
			best = len;
		}
	}
}

void human_size(struct strbuf *out, uint64_t n)
{
	if (n >= (1u << 20))
		strbuf_addf(out, "%.1f MiB", (double)n / (1 << 20));
	else if (n >= 1024)
		strbuf_addf(out, "%.1f KiB", (double)n / 1024);
	else
		strbuf_addf(out, "%llu bytes", (unsigned long long)n);
}

static void href(struct strbuf *h, const char *name, const char *suffix, const char *text)
{
	strbuf_addstr(h, "<a href=\"");
	url_escape(h, name);
	strbuf_addf(h, "%s\">%s</a>", suffix, text);
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

/* One file to download: size, the four ways to get it, both sums. */
static void download(struct strbuf *h, const struct artifact *a)
{
	strbuf_addstr(h, "<div class=\"file\">\n<h4>");
	xml_escape(h, a->name);
	strbuf_addstr(h, "</h4>\n<ul>\n<li>Size: ");
	human_size(h, a->d.size);
	strbuf_addstr(h, "</li>\n<li>");
	href(h, a->name, "", "HTTP download");
	strbuf_addstr(h, "</li>\n");
	if (a->magnet.len) {
		strbuf_addstr(h, "<li>");
		href(h, a->name, ".torrent", "BitTorrent download");
		strbuf_addstr(h, "</li>\n<li>");
		href(h, a->name, ".meta4", "Metalink");
		strbuf_addstr(h, " (HTTP and BitTorrent together)</li>\n<li><a href=\"");
		xml_escape(h, a->magnet.buf);
		strbuf_addstr(h, "\">Magnet link</a></li>\n");
	}
	strbuf_addf(h, "<li>md5sum: <code>%s</code></li>\n<li>sha256sum: <code>%s</code></li>\n"
		    "</ul>\n</div>\n", a->md5.buf, a->sha256.buf);
}

/* A small file beside the downloads (package list, SBOM): one line. */
static void small_file(struct strbuf *h, const struct artifact *a, const char *what)
{
	strbuf_addstr(h, "<li>");
	href(h, a->name, "", what);
	strbuf_addstr(h, " (<code>");
	xml_escape(h, a->name);
	strbuf_addstr(h, "</code>, ");
	human_size(h, a->d.size);
	strbuf_addf(h, "; sha256sum <code>%s</code>)</li>\n", a->sha256.buf);
}

/* How it stays patched, and until when (publish/upkeep.h). */
static void upkeep_notes(struct strbuf *h, const struct publish_opts *o, const struct appconf *c)
{
	struct upkeep u = UPKEEP_INIT;
	const char *end_from;
	upkeep_read(&u, c, o->epoch, o->distro_info);
	end_from = u.end_from && !strcmp(u.end_from, "distro-info-data")
			   ? "Debian's distro-info-data" : "the appliance's definition";
	strbuf_addstr(h, "<li>Updates: ");
	if (u.suites.nr) {
		strbuf_addstr(h, "it ships the distribution's own package sources, for ");
		for (size_t i = 0; i < u.suites.nr; i++) {
			strbuf_addstr(h, i ? (i + 1 == u.suites.nr ? " and " : ", ") : "");
			strbuf_addstr(h, "<code>");
			xml_escape(h, u.suites.v[i]);
			strbuf_addstr(h, "</code>");
		}
		strbuf_addstr(h, "; ");
	} else if (!strcmp(u.sources, "distribution")) {
		strbuf_addstr(h, "it ships the distribution's own package sources; ");
	} else if (!strcmp(u.sources, "none")) {
		strbuf_addstr(h, "it ships no package sources (add your mirror's to update it); ");
	} else {
		strbuf_addstr(h, "it ships its maker's package sources; ");
	}
	if (!strcmp(u.security_updates, "unattended"))
		strbuf_addstr(h, "security updates install themselves daily "
			      "(unattended-upgrades, from the security suite only). ");
	else
		strbuf_addstr(h, "security updates are not installed by themselves: run the "
			      "package manager. ");
	strbuf_addstr(h, "Its kernel, compiled for it, is updated by a new release of this "
		      "appliance, not by the package manager.</li>\n<li>");
	if (u.ended == 1) {
		strbuf_addstr(h, "<strong>Its distribution release reached its end of life on ");
		xml_escape(h, u.end);
		strbuf_addstr(h, ": it gets no security updates any more. Do not expose it to a "
			      "network you do not trust.</strong>");
	} else if (u.end && u.regular_end && u.regular_ended) {
		strbuf_addstr(h, "The distribution's regular security support ended on ");
		xml_escape(h, u.regular_end);
		strbuf_addstr(h, "; its long-term support (LTS) goes on until ");
		xml_escape(h, u.end);
		strbuf_addf(h, " (%s).", end_from);
	} else if (u.end) {
		strbuf_addstr(h, "Security support of its distribution release until ");
		xml_escape(h, u.end);
		if (u.regular_end) {
			strbuf_addstr(h, " with LTS (regular support until ");
			xml_escape(h, u.regular_end);
			strbuf_addch(h, ')');
		}
		strbuf_addf(h, " (%s).", end_from);
	} else {
		strbuf_addstr(h, "The end of its distribution release's security support is not "
			      "recorded in this release.");
	}
	strbuf_addstr(h, "</li>\n");
	upkeep_release(&u);
}

/* What the 2006 release notes said, from the appliance's definition. */
static void release_notes(struct strbuf *h, const struct publish_opts *o, const struct appconf *c)
{
	strbuf_addf(h, "<h3>Release notes</h3>\n<ul>\n<li>32-bit (%s) Linux", c->arch);
	if (o->kernel_version)
		strbuf_addf(h, ", kernel %s with paravirt_ops, the successor of VMI",
			    o->kernel_version);
	strbuf_addstr(h, ".</li>\n<li>USB and ACPI are disabled in the kernel; the "
		      "appliance powers itself off through APM.</li>\n");
	if (c->require_hypervisor)
		strbuf_addstr(h, "<li>It refuses to run on native hardware: it needs a "
			      "hypervisor (VMware, KVM/qemu, Xen, Hyper-V).</li>\n");
	strbuf_addf(h, "<li>%u MiB of memory, a %llu MiB %s disk on %s; SSH host keys are made "
		    "on first boot.</li>\n", c->memory, (unsigned long long)(c->disk_size >> 20),
		    c->rootfs, c->disk_adapter);
	/* Which products take which download (image/compat.c). */
	{
		struct strbuf why = STRBUF_INIT;
		vmware_explain(&why, c);
		for (char *p = why.buf; *p;) {
			char *nl = strchrnul(p, '\n');
			*nl = '\0';
			strbuf_addstr(h, "<li>VMware, ");
			xml_escape(h, p);
			strbuf_addstr(h, ".</li>\n");
			p = nl + (nl < why.buf + why.len);
		}
		strbuf_release(&why);
	}
	strbuf_addf(h, "<li>KVM/QEMU: %s.qcow2 with %s.libvirt.xml (virsh define), or "
		    "qemu-system-i386 on virtio; native hardware: xz -dc %s.img.xz | dd "
		    "of=/dev/sdX bs=1M (when the release carries them).</li>\n", c->name, c->name,
		    c->name);
	upkeep_notes(h, o, c);
	strbuf_addstr(h, "<li>First boot: the console asks for a new root password, or "
		      "qemu's <code>-smbios type=11</code> credentials or VMware's "
		      "<code>guestinfo</code> / OVF properties set it (see "
		      "<a href=\"#first-boot\">first boot</a>); root logs in over SSH with a key "
		      "only.</li>\n</ul>\n");
}

static void appliance_section(struct strbuf *h, const struct publish_opts *o,
			      const struct appconf *c, const struct artifact *a, size_t n)
{
	bool inside = false;
	strbuf_addstr(h, "<section id=\"");
	xml_escape(h, c->name);
	strbuf_addstr(h, "\">\n<h2>");
	xml_escape(h, c->title);
	strbuf_addf(h, " %s</h2>\n<p>", c->version);
	/* The one line that says what it is, from its definition. */
	strbuf_addf(h, "A 32-bit (%s) paravirtualized appliance: ", c->arch);
	xml_escape(h, c->title);
	strbuf_addf(h, ", %u MiB of memory, a %llu MiB disk%s.</p>\n", c->memory,
		    (unsigned long long)(c->disk_size >> 20),
		    c->require_hypervisor ? ", for hypervisors only" : "");
	for (size_t i = 0; i < n; i++) {
		if (a[i].app != c || a[i].role != ROLE_SCREENSHOT)
			continue;
		strbuf_addstr(h, "<p><a href=\"");
		url_escape(h, a[i].name);
		strbuf_addstr(h, "\"><img src=\"");
		url_escape(h, a[i].name);
		strbuf_addstr(h, "\" alt=\"The console of ");
		xml_escape(h, c->title);
		strbuf_addstr(h, " at its login prompt\" width=\"720\" height=\"400\"></a><br>");
		href(h, a[i].name, "", "View screen shot");
		strbuf_addstr(h, "</p>\n");
	}
	strbuf_addstr(h, "<h3>Downloads</h3>\n");
	for (size_t i = 0; i < n; i++)
		if (a[i].app == c && a[i].role == ROLE_DOWNLOAD)
			download(h, &a[i]);
	for (size_t i = 0; i < n; i++) {
		if (a[i].app != c || (a[i].role != ROLE_PACKAGES && a[i].role != ROLE_SBOM))
			continue;
		if (!inside)
			strbuf_addstr(h, "<h3>What is inside</h3>\n<ul>\n");
		inside = true;
		small_file(h, &a[i], a[i].role == ROLE_PACKAGES
			   ? "Package list" : "SBOM (SPDX 2.3 JSON)");
	}
	if (inside)
		strbuf_addstr(h, "</ul>\n");
	release_notes(h, o, c);
	strbuf_addstr(h, "</section>\n");
}

static void getting_started(struct strbuf *h, const char *fpr)
{
	strbuf_addstr(h, "<section id=\"getting-started\">\n<h2>Getting started</h2>\n"
		      "<h3>Open or import</h3>\n<ul>\n<li><code>.zip</code>: unzip it, then open "
		      "the <code>.vmx</code> inside in VMware Workstation, Player or Fusion.</li>\n"
		      "<li><code>.ova</code>: import it in vSphere or ESXi (deploy OVF template), "
		      "Workstation, Fusion or VirtualBox.</li>\n<li><code>.qcow2</code> (when "
		      "published): run it with qemu or virt-manager.</li>\n</ul>\n"
		      "<h3 id=\"first-boot\">First boot: four ways in</h3>\n<ol>\n"
		      "<li>On the console: on its first boot the appliance asks for a new root "
		      "password.</li>\n<li>qemu: give the root password's hash (and, if you "
		      "like, your SSH key and a host name) as credentials: <code>-smbios "
		      "type=11,value=io.systemd.credential:passwd.hashed-password.root=HASH</code>, "
		      "where HASH comes from <code>openssl passwd -6</code>; likewise "
		      "<code>io.systemd.credential:ssh.authorized_keys.root=KEY</code> and "
		      "<code>io.systemd.credential:system.hostname=NAME</code>.</li>\n"
		      "<li>VMware: fill in the OVF properties in vSphere's deploy wizard, or add "
		      "lines to the <code>.vmx</code>: <code>guestinfo.passwd.hashed-password.root "
		      "= \"HASH\"</code>, <code>guestinfo.ssh.authorized_keys.root = \"KEY\"</code>, "
		      "<code>guestinfo.system.hostname = \"NAME\"</code>.</li>\n"
		      "<li>cloud-init (NoCloud): Proxmox's Cloud-Init tab (user root, a password, "
		      "your SSH key), <code>virt-install --import --disk NAME.qcow2 --osinfo "
		      "linux2022 --cloud-init root-password-generate=on,ssh-key=KEY.pub</code>, or "
		      "a seed made by <code>cloud-localds seed.iso user-data meta-data</code>: the "
		      "password, keys and host name of its <code>#cloud-config</code> are applied; "
		      "other keys are named on the console as not supported.</li>\n</ol>\n"
		      "<p>SSH: root logs in with a key only, never with a password.</p>\n"
		      "<h3 id=\"verify\">Verify</h3>\n<ul>\n");
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
	strbuf_addf(h, "<li>Check what you downloaded: <code>sha256sum -c --ignore-missing "
		    "SHA256SUMS</code> (or <code>md5sum -c --ignore-missing MD5SUMS</code>)%s. "
		    "BitTorrent clients check every piece by themselves.</li>\n</ul>\n"
		    "</section>\n", *fpr ? ", after the signature (above)" : "");
}

void page_html(struct strbuf *h, const struct publish_opts *o, const struct artifact *a, size_t n,
	       const char *fpr)
{
	const char *signature = o->conf->gpg_key ? " (signed: <a href=\"SHA256SUMS.asc\">"
		"SHA256SUMS.asc</a>)" : "";
	const struct relconf *c = o->conf;
	bool other = false, sources = false;
	strbuf_addstr(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		      "<title>");
	xml_escape(h, c->title);
	strbuf_addf(h, " %s</title>\n<style>\nbody{font-family:sans-serif;max-width:60em;"
		    "margin:auto;padding:1em;line-height:1.4;overflow-wrap:anywhere}\n"
		    "code{word-break:break-all}\nimg{max-width:100%%;height:auto}\n"
		    "section{border-top:1px solid #ccc;margin-top:1em}\n"
		    ".file{border-left:3px solid #ddd;padding-left:0.8em}\n</style>\n</head>\n<body>\n"
		    "<h1>", c->version);
	xml_escape(h, c->title);
	strbuf_addf(h, " %s</h1>\n<p>Paravirtualized 32-bit Linux appliances: USB and ACPI are "
		    "off, they power themselves off through APM, and appliances built to require a "
		    "hypervisor refuse to run on native hardware. Download over HTTP or "
		    "BitTorrent and check with <a href=\"MD5SUMS\">MD5SUMS</a> or "
		    "<a href=\"SHA256SUMS\">SHA256SUMS</a>%s. For mirrors and programs: "
		    "<a href=\"index.json\">index.json</a>.</p>\n", c->version, signature);
	/* What the 2006 page's "what is BitTorrent?" said, one sentence each. */
	strbuf_addstr(h, "<p><a href=\"" BITTORRENT_SPEC "\">BitTorrent</a> downloads a file in "
		      "pieces from everyone who has it (and from this server), checking each "
		      "piece as it arrives. A <a href=\"" METALINK_SPEC "\">Metalink</a> "
		      "(<code>.meta4</code>) lists a file's servers, its torrent and its sums, so "
		      "a client such as aria2c uses them all at once and checks what it got.</p>\n");
	mirrors_line(h, c);
	if (o->notes && o->notes[0]) {
		strbuf_addstr(h, "<ul>\n");
		for (size_t i = 0; o->notes[i]; i++) {
			strbuf_addstr(h, "<li><a href=\"#");
			url_escape(h, o->notes[i]->name);
			strbuf_addstr(h, "\">");
			xml_escape(h, o->notes[i]->title);
			strbuf_addstr(h, "</a></li>\n");
		}
		strbuf_addstr(h, "<li><a href=\"#getting-started\">Getting started</a></li>\n</ul>\n");
	}
	for (size_t i = 0; o->notes && o->notes[i]; i++)
		appliance_section(h, o, o->notes[i], a, n);
	/* Files of no appliance (a release published without --notes). */
	for (size_t i = 0; i < n; i++) {
		if (a[i].app || a[i].role == ROLE_SOURCES || a[i].role == ROLE_SCREENSHOT)
			continue;
		if (!other)
			strbuf_addstr(h, "<section id=\"downloads\">\n<h2>Downloads</h2>\n");
		other = true;
		download(h, &a[i]);
	}
	if (other)
		strbuf_addstr(h, "</section>\n");
	for (size_t i = 0; i < n; i++) {
		if (a[i].role != ROLE_SOURCES)
			continue;
		if (!sources)
			strbuf_addstr(h, "<section id=\"sources\">\n<h2>Sources</h2>\n<p>The "
				      "corresponding source of what the appliances run: the "
				      "kernel's (with its configuration and our init), and the "
				      "distribution's source packages when published.</p>\n");
		sources = true;
		download(h, &a[i]);
	}
	if (sources)
		strbuf_addstr(h, "</section>\n");
	getting_started(h, fpr);
	strbuf_addstr(h, "</body>\n</html>\n");
}
