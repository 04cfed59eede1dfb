/* lint: an appliance that can never get a fix. An image with a package
 * manager (a dpkg or rpm database) must name at least one package source
 * it updates from, unless it was built with update_sources = none
 * (/etc/appliance-release says so). */
#include "check/lint-int.h"

#include <fnmatch.h>
#include <string.h>
#include <strings.h>

bool lint_has_apt_source(const char *text, bool deb822)
{
	bool deb = false, enabled = true;
	for (const char *p = text;; ) {
		const char *nl = strchrnul(p, '\n');
		const char *w = p + strspn(p, " \t");
		if (deb822 && (w == nl || !*p)) { /* end of a stanza */
			if (deb && enabled)
				return true;
			deb = false;
			enabled = true;
		} else if (deb822 && !strncasecmp(w, "Types:", 6)) {
			for (const char *t = w + 6; t < nl; t++)
				if (!strncmp(t, "deb", 3) && (t + 3 == nl || t[3] == ' ' || t[3] == '\t') &&
				    (t[-1] == ' ' || t[-1] == '\t' || t[-1] == ':'))
					deb = true;
		} else if (deb822 && !strncasecmp(w, "Enabled:", 8)) {
			const char *v = w + 8 + strspn(w + 8, " \t");
			enabled = strncasecmp(v, "no", 2) != 0;
		} else if (!deb822 && !strncmp(w, "deb", 3) && (w[3] == ' ' || w[3] == '\t')) {
			return true;
		}
		if (!*nl)
			return deb822 && deb && enabled;
		p = nl + 1;
	}
}

bool lint_has_repo(const char *text)
{
	for (const char *p = text; *p;) {
		const char *nl = strchrnul(p, '\n');
		const char *w = p + strspn(p, " \t");
		for (const char *const *k = (const char *const[]){ "baseurl", "metalink",
								   "mirrorlist", NULL }; *k; k++)
			if (!strncasecmp(w, *k, strlen(*k)) &&
			    w[strlen(*k) + strspn(w + strlen(*k), " \t")] == '=')
				return true;
		p = *nl ? nl + 1 : nl;
	}
	return false;
}

/* Whether any file of dir matching pattern passes has(). */
static int any_file(struct lint *l, const char *dir, const char *pattern, int kind,
		    struct strbuf *text)
{
	struct strvec names = STRVEC_INIT;
	struct strbuf path = STRBUF_INIT;
	int ret = lint_list(l, dir, &names), found = 0;
	for (size_t i = 0; !ret && !found && i < names.nr; i++) {
		if (fnmatch(pattern, names.v[i], 0))
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir, names.v[i]);
		int r = lint_read(l, path.buf, text);
		if (r < 0)
			ret = -1;
		else if (r > 0)
			found = kind == 2 ? lint_has_repo(text->buf)
					  : lint_has_apt_source(text->buf, kind == 1);
	}
	strvec_clear(&names);
	strbuf_release(&path);
	return ret ? -1 : found;
}

int lint_update_sources(struct lint *l)
{
	struct strbuf text = STRBUF_INIT;
	ext2_ino_t ino;
	struct ext2_inode inode;
	int ret = -1, found = 0, dpkg, rpm, r;

	if ((r = lint_read(l, "/etc/appliance-release", &text)) < 0)
		goto out;
	if (r > 0 && (!strncmp(text.buf, "UPDATE_SOURCES=none\n", 20) ||
		      strstr(text.buf, "\nUPDATE_SOURCES=none\n"))) {
		ret = 0;
		goto out;
	}
	if ((dpkg = lint_lookup(l, "/var/lib/dpkg/status", &ino, &inode)) < 0 ||
	    (rpm = lint_lookup(l, "/var/lib/rpm", &ino, &inode)) < 0 ||
	    (!rpm && (rpm = lint_lookup(l, "/usr/lib/sysimage/rpm", &ino, &inode)) < 0))
		goto out;
	if (dpkg) {
		if ((found = lint_read(l, "/etc/apt/sources.list", &text)) > 0)
			found = lint_has_apt_source(text.buf, false);
		if (found >= 0 && !found)
			found = any_file(l, "/etc/apt/sources.list.d", "*.list", 0, &text);
		if (found >= 0 && !found)
			found = any_file(l, "/etc/apt/sources.list.d", "*.sources", 1, &text);
		if (found < 0)
			goto out;
		if (!found)
			lint_add(l, "/etc/apt/sources.list", "no package source to update from "
				 "(no active deb line in sources.list or sources.list.d): the "
				 "appliance can never get a security fix; set update_sources = "
				 "distribution in appliance.conf (the default: apt's example list in "
				 "the tree), or a file of your mirror's lines, or update_sources = "
				 "none to ship none on purpose");
	} else if (rpm) {
		found = any_file(l, "/etc/yum.repos.d", "*.repo", 2, &text);
		if (found == 0)
			found = any_file(l, "/etc/zypp/repos.d", "*.repo", 2, &text);
		if (found < 0)
			goto out;
		if (!found)
			lint_add(l, "/etc/yum.repos.d", "no package repository to update from (no "
				 ".repo file with a baseurl, metalink or mirrorlist in "
				 "/etc/yum.repos.d or /etc/zypp/repos.d): the appliance can never "
				 "get a security fix; install the distribution's repository package "
				 "(fedora-repos, openSUSE-release), or set update_sources = a .repo "
				 "file of yours, or update_sources = none in appliance.conf");
	}
	ret = 0;
out:
	strbuf_release(&text);
	return ret;
}
