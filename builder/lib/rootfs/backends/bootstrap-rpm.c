/* The RPM backends: dnf --installroot and zypper --root, run on the host.
 * Tested by tests/t3020-rootfs-rpm.sh. */
#include "rootfs/bootstrap.h"
#include "rootfs/backends/backends.h"
#include "core/fsutil.h"
#include "core/strvec.h"

/* The tools' progress lines (see bootstrap-debian.c). */
const struct logwatch_rule dnf_progress[] = {
	{ "Downloading Packages", "downloading", false },
	{ "Running transaction", "installing", false },
	{ "  Installing ", "installing", true },
	{ "  Running scriptlet", "installing", false },
	{ "  Verifying ", "verifying", true },
	{ NULL, NULL, false },
};

const struct logwatch_rule zypper_progress[] = {
	{ "Loading repository data", "reading the repository", false },
	{ "Retrieving: ", "downloading", true },
	{ "Checking for file conflicts", "checking", false },
	{ "(", "installing", true },
	{ NULL, NULL, false },
};

/* dnf and zypper use the host's librpm, and Debian's rpm keeps its database
 * in ~/.rpmdb: give them a HOME whose .rpmmacros puts it where the
 * appliance's distribution looks, and a zypp.conf with the architecture. */
static int rpm_home(struct rfs *r, bool dnf, struct strbuf *home, struct strbuf *zypp_conf)
{
	const char *name = r->conf.bootstrap->name;
	const char *dbpath = dnf ? "/var/lib/rpm" : "/usr/lib/sysimage/rpm";
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	int ret;

	strbuf_addf(home, "%s/rpm-home-%s", r->cache.buf, name);
	strbuf_addf(&path, "%s/.rpmmacros", home->buf);
	strbuf_addf(&text, "# Written by pvappliance for %s --root/--installroot runs.\n"
		    "%%_dbpath %s\n", name, dbpath);
	ret = mkdir_p(home->buf) || write_file_atomic(path.buf, text.buf, text.len, 0644);
	strbuf_addf(zypp_conf, "%s/zypp.conf", home->buf);
	strbuf_reset(&text);
	strbuf_addf(&text, "[main]\narch = %s\n",
		    bootstrap_tool_arch(r->conf.bootstrap, r->conf.arch));
	ret = ret || write_file_atomic(zypp_conf->buf, text.buf, text.len, 0644);
	strbuf_release(&path);
	strbuf_release(&text);
	return ret ? -1 : 0;
}

static void dnf_argv(struct rfs *r, struct strvec *argv, const char *url, bool local)
{
	strvec_pushl(argv, "dnf", "-y", "--installroot", r->tmp.buf, NULL);
	strvec_pushf(argv, "--forcearch=%s", bootstrap_tool_arch(r->conf.bootstrap, r->conf.arch));
	strvec_pushf(argv, "--releasever=%s", r->conf.release);
	strvec_pushf(argv, "--setopt=reposdir=%s/no-repos.d", r->cache.buf);
	/* The release and its updates repository, when named. Our own local
	 * repositories are unsigned; remote ones are checked against the key
	 * appliance.conf names. */
	for (int i = 0; i < 2; i++) {
		const char *id = i ? "updates" : "appliance";
		const char *u = i ? r->conf.updates_repo : url;
		bool loc = i ? local_repo_path(u ? u : "") != NULL : local;
		if (!u)
			continue;
		strvec_pushf(argv, "--repofrompath=%s,%s%s", id, u[0] == '/' ? "file://" : "", u);
		strvec_pushf(argv, "--setopt=%s.gpgcheck=%d", id, loc ? 0 : 1);
		if (!loc)
			strvec_pushf(argv, "--setopt=%s.gpgkey=%s", id, r->conf.gpgkey);
	}
	strvec_pushf(argv, "--setopt=cachedir=%s/dnf-cache", r->cache.buf);
	strvec_pushl(argv, "--setopt=install_weak_deps=False", "--setopt=tsflags=nodocs",
		     "install", NULL);
}

/* dnf: dnf --installroot; else zypper --root. */
static int rpm_bootstrap(struct rfs *r, bool dnf)
{
	bool local = local_repo_path(r->mirror.buf) != NULL;
	const char *tool = r->conf.bootstrap->tool;
	struct cache_entry e = CACHE_ENTRY_INIT;
	struct strbuf home = STRBUF_INIT, url = STRBUF_INIT, zconf = STRBUF_INIT;
	struct strbuf henv = STRBUF_INIT, zenv = STRBUF_INIT;
	struct strvec argv = STRVEC_INIT;
	int ret = cache_lookup(r, tool, &e);

	if (ret != 0) {
		ret = ret > 0 ? 0 : -1;
		goto out;
	}
	ret = -1;
	if (!r->conf.packages.nr) {
		error("%s: bootstrap = %s needs 'packages =' (e.g. basesystem bash systemd)",
		      r->conf.path, tool);
		goto out;
	}
	if (!local && dnf && !r->conf.gpgkey) {
		error("%s: dnf checks the signatures of packages from '%s': set 'gpgkey =' to "
		      "the distribution's key (a URL or a file)", r->conf.path, r->mirror.buf);
		goto out;
	}
	if (!local && !dnf)
		warning("%s: zypper trusts the key that '%s' itself serves (on first use)",
			r->conf.name, r->mirror.buf);
	if (rpm_home(r, dnf, &home, &zconf))
		goto out;
	strbuf_addf(&henv, "HOME=%s", home.buf);
	strbuf_addf(&zenv, "ZYPP_CONF=%s", zconf.buf);
	char *env[] = { henv.buf, zenv.buf, NULL };
	strbuf_addf(&url, "%s%s", r->mirror.buf[0] == '/' ? "file://" : "", r->mirror.buf);

	progress("ROOTFS", "%s: %s from %s (log: %s)", r->conf.name, tool, url.buf, e.log.buf);
	if (dnf) {
		dnf_argv(r, &argv, url.buf, local);
	} else {
		const char *add[] = { "zypper", "--root", r->tmp.buf, "--non-interactive", "addrepo",
				      local ? "--no-gpgcheck" : "--gpgcheck", url.buf, "appliance",
				      NULL };
		if (run_bootstrap_tool(r, add, e.log.buf, env))
			goto out;
		if (r->conf.updates_repo) {
			const char *u = r->conf.updates_repo;
			bool uloc = local_repo_path(u) != NULL;
			strvec_pushl(&argv, "zypper", "--root", r->tmp.buf, "--non-interactive",
				     "addrepo", uloc ? "--no-gpgcheck" : "--gpgcheck", NULL);
			strvec_pushf(&argv, "%s%s", u[0] == '/' ? "file://" : "", u);
			strvec_push(&argv, "appliance-updates");
			if (run_bootstrap_tool(r, (const char *const *)argv.v, e.log.buf, env))
				goto out;
			strvec_clear(&argv);
		}
		strvec_pushl(&argv, "zypper", "--root", r->tmp.buf, "--non-interactive",
			     local ? "--no-gpg-checks" : "--gpg-auto-import-keys", "install",
			     "--no-recommends", NULL);
	}
	for (size_t i = 0; i < r->conf.packages.nr; i++)
		strvec_push(&argv, r->conf.packages.v[i]);
	if (run_bootstrap_tool(r, (const char *const *)argv.v, e.log.buf, env))
		goto out;
	ret = cache_store_tree(r, &e);
out:
	cache_entry_release(&e);
	strvec_clear(&argv);
	strbuf_release(&home);
	strbuf_release(&url);
	strbuf_release(&zconf);
	strbuf_release(&henv);
	strbuf_release(&zenv);
	return ret;
}

int bootstrap_dnf(struct rfs *r)
{
	return rpm_bootstrap(r, true);
}

int bootstrap_zypper(struct rfs *r)
{
	return rpm_bootstrap(r, false);
}
