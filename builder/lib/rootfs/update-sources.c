/*
 * The hygiene steps that keep a downloaded appliance patched: the package
 * sources it ships (update_sources =: the distribution's own, from its
 * files in the tree, never the build machine's; none; or the release
 * engineer's own file), and how security updates arrive without a login
 * (security_updates = unattended: unattended-upgrades, as Debian configures
 * it when asked, daily from the security suite only).
 * Tested by builder/t/rootfs/t-hygiene.c and tests/t3000-rootfs-debian.sh.
 */
#include "rootfs/hygiene-int.h"
#include "core/fsutil.h"
#include "core/strvec.h"
#include "rootfs/backends/backends.h"

#include <string.h>

static const char none_note[] =
	"# This appliance ships no package sources (update_sources = none):\n"
	"# add your mirror's, e.g. deb http://MIRROR/debian SUITE main\n";

/* The release engineer's own file, as sources_dir/appliance.EXT. */
static int own_sources(struct hyg *h, const struct bootstrap_backend *b, const char *file)
{
	const char *ext = strrchr(file, '.');
	struct strvec exts = STRVEC_INIT;
	struct strbuf src = STRBUF_INIT, dest = STRBUF_INIT, text = STRBUF_INIT;
	bool known = false;
	int ret = -1;

	strvec_split(&exts, b->sources_exts);
	for (size_t i = 0; ext && i < exts.nr; i++)
		known |= !strcmp(ext, exts.v[i]);
	if (!known) {
		error("%s: update_sources = %s: bootstrap = %s reads sources from files "
		      "named *%s; rename it", h->o->conf->path, file, b->name, b->sources_exts);
		goto out;
	}
	strbuf_addf(&src, "%s/%s", h->o->conf->dir, file);
	strbuf_addf(&dest, "%s/appliance%s", b->sources_dir, ext);
	if (strbuf_read_file(&text, src.buf) || mkdir_p(at(h, b->sources_dir)))
		goto out;
	ret = write_in_root(h, dest.buf, text.buf, 0644);
out:
	strvec_clear(&exts);
	strbuf_release(&src);
	strbuf_release(&dest);
	strbuf_release(&text);
	return ret;
}

/* The distribution's example list, copied as the tree's list. A tree
 * without it keeps none: lint then says what to set. */
static int distribution_sources(struct hyg *h, const struct bootstrap_backend *b)
{
	struct strbuf text = STRBUF_INIT, out = STRBUF_INIT;
	int ret;

	if (!b->sources_example || !path_exists(at(h, b->sources_example)))
		return 0;
	if (strbuf_read_file(&text, at(h, b->sources_example)))
		return -1;
	strbuf_addf(&out, "# The distribution's own sources, as /%s names them\n"
		    "# (written by pvappliance: update_sources = distribution).\n%s",
		    b->sources_example, text.buf);
	ret = write_in_root(h, b->sources_list, out.buf, 0644);
	strbuf_release(&text);
	strbuf_release(&out);
	return ret;
}

int update_sources(struct hyg *h)
{
	const struct appconf *c = h->o->conf;
	const struct bootstrap_backend *b = c->bootstrap;
	const char *how = c->update_sources;

	if (!b->sources_dir)
		return 0; /* imported as it is */
	if (!strcmp(how, "none"))
		return b->sources_list ? write_in_root(h, b->sources_list, none_note, 0644) : 0;
	if (!strcmp(how, "distribution"))
		return distribution_sources(h, b);
	return own_sources(h, b, how);
}

/* What Debian's unattended-upgrades writes when it is enabled (its
 * debconf question): the daily list update and the upgrade. Its own
 * 50unattended-upgrades allows the security suite only; apt's timers
 * (apt-daily, apt-daily-upgrade) are enabled by apt itself. */
static const char auto_upgrades[] =
	"// Written by pvappliance (security_updates = unattended), as\n"
	"// dpkg-reconfigure unattended-upgrades does.\n"
	"APT::Periodic::Update-Package-Lists \"1\";\n"
	"APT::Periodic::Unattended-Upgrade \"1\";\n";

int security_updates(struct hyg *h)
{
	if (strcmp(h->o->conf->security_updates, "unattended"))
		return 0;
	if (!path_exists(at(h, "usr/bin/unattended-upgrade")))
		return error("security_updates = unattended but the tree has no "
			     "/usr/bin/unattended-upgrade (is the package unattended-upgrades "
			     "in the suite?)");
	return write_in_root(h, "etc/apt/apt.conf.d/20auto-upgrades", auto_upgrades, 0644);
}
