/* appliance outdated: has a published release fallen behind? */
#include "cmd.h"
#include "conf/appconf.h"
#include "core/installdir.h"
#include "core/strvec.h"
#include "core/xalloc.h"
#include "kernel/profile.h"
#include "publish/outdated.h"

#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char outdated_usage[] =
	"usage: appliance outdated [--repo URL] [--apt-etc DIR] [--kernel-configs DIR]\n"
	"                          [--kernel-repo REPO] [--kernel-suite SUITE] [--no-kernel]\n"
	"                          RELEASE_DIR APPLIANCE_DIR...\n"
	"\n"
	"Compare a published release with the repositories as they are now. For each\n"
	"appliance, its manifest RELEASE_DIR/NAME-VERSION.packages (as make publish\n"
	"left it) against the appliance's repositories: Debian's suite, SUITE-updates\n"
	"and SUITE-security (apt-get update with private lists; repo = apt is this\n"
	"machine's apt configuration, read, never changed), RPM's repo and updates_repo\n"
	"(dnf repoquery). One line per package that has a newer version:\n"
	"  newer NAME ARCH RELEASED AVAILABLE SUITE[ security]\n"
	"('security' when the newer version is in a SUITE-security suite), then, when\n"
	"the kernel's source package (the profile's, linux-source-6.1) has a newer\n"
	"upstream version than the kernel the manifest records:\n"
	"  kernel RELEASED AVAILABLE PACKAGE\n"
	"each line prefixed with the appliance's name; the counts on standard error.\n"
	"\n"
	"--repo overrides the appliance's repo = (one appliance only). --kernel-repo\n"
	"and --kernel-suite say where the kernel source is looked up (default: apt,\n"
	"this machine's, and its VERSION_CODENAME). --kernel-configs as for config.\n"
	"\n"
	"Exit status: 0 all current, 1 a rebuild is due (something is newer), 2 usage,\n"
	"3 a manifest, appliance or repository could not be read (it is named).\n"
	"So it can run from cron or CI: make outdated.\n";

/* VERSION_CODENAME of this machine's /etc/os-release, or NULL. */
static char *host_codename(void)
{
	FILE *f = fopen("/etc/os-release", "r");
	char *line = NULL, *out = NULL;
	size_t cap = 0;
	if (!f)
		return NULL;
	while (!out && getline(&line, &cap, f) > 0)
		if (!strncmp(line, "VERSION_CODENAME=", 17) && line[17] && line[17] != '\n')
			out = xstrndup(line + 17, strcspn(line + 17, "\n\"'"));
	free(line);
	fclose(f);
	return out;
}

/* RELEASE_DIR/NAME-*.packages that no longer-named appliance given (say
 * NAME-min) claims: the release's manifest of NAME. */
static int find_manifest(const char *release, const char *name, char *const *others, int nothers,
			 struct strbuf *out)
{
	struct strvec found = STRVEC_INIT;
	size_t n = strlen(name);
	struct dirent *e;
	DIR *d = opendir(release);
	int ret;

	if (!d)
		return error_errno("cannot read the release directory '%s'", release);
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		bool theirs = false;
		if (len <= n + 10 || strncmp(e->d_name, name, n) || e->d_name[n] != '-' ||
		    strcmp(e->d_name + len - 9, ".packages"))
			continue;
		for (int i = 0; i < nothers; i++) {
			size_t m = strlen(others[i]);
			if (m > n && !strncmp(e->d_name, others[i], m) && e->d_name[m] == '-')
				theirs = true;
		}
		if (!theirs)
			strvec_push(&found, e->d_name);
	}
	closedir(d);
	if (found.nr == 1) {
		strbuf_addf(out, "%s/%s", release, found.v[0]);
		ret = 0;
	} else if (!found.nr) {
		ret = error("'%s' holds no manifest %s-VERSION.packages: is it a release directory "
			    "that make publish wrote (out/release/VERSION)?", release, name);
	} else {
		ret = error("'%s' holds %zu manifests of '%s' (%s, %s...): keep one release in a "
			    "directory", release, found.nr, name, found.v[0], found.v[1]);
	}
	strvec_clear(&found);
	return ret;
}

/* The appliance names given, for find_manifest's check of longer names. */
static char **appliance_names(char **dirs, int n)
{
	char **names = xcalloc((size_t)n + 1, sizeof(*names));
	for (int i = 0; i < n; i++) {
		const char *s = dirs[i] + strlen(dirs[i]);
		while (s > dirs[i] && s[-1] == '/')
			s--;
		const char *end = s;
		while (s > dirs[i] && s[-1] != '/')
			s--;
		names[i] = xstrndup(s, (size_t)(end - s));
	}
	return names;
}

int cmd_outdated(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "repo", required_argument, NULL, 'R' },
		{ "apt-etc", required_argument, NULL, 'A' },
		{ "kernel-configs", required_argument, NULL, 'k' },
		{ "kernel-repo", required_argument, NULL, 'K' },
		{ "kernel-suite", required_argument, NULL, 'S' },
		{ "no-kernel", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *repo = NULL, *apt_etc = NULL, *kernel_configs = NULL;
	const char *kernel_repo = "apt";
	char *kernel_suite = NULL, **names = NULL;
	struct strbuf installed = STRBUF_INIT, out = STRBUF_INIT;
	bool kernel = true;
	unsigned newer = 0, security = 0, kernels = 0;
	int c, napp, ret = 3;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'R': repo = optarg; break;
		case 'A': apt_etc = optarg; break;
		case 'k': kernel_configs = optarg; break;
		case 'K': kernel_repo = optarg; break;
		case 'S': free(kernel_suite); kernel_suite = xstrdup(optarg); break;
		case 'n': kernel = false; break;
		case 'h': return usage_exit(outdated_usage, 1);
		default: return usage_exit(outdated_usage, 0);
		}
	}
	napp = argc - optind - 1;
	if (napp < 1) {
		error("outdated: give the release directory and at least one appliance directory");
		return usage_exit(outdated_usage, 0);
	}
	if (repo && napp > 1) {
		error("outdated: --repo applies to one appliance; %d were given", napp);
		return usage_exit(outdated_usage, 0);
	}
	if (kernel && !kernel_suite && !(kernel_suite = host_codename())) {
		error("outdated: this machine's /etc/os-release names no VERSION_CODENAME: say "
		      "where the kernel source is with --kernel-suite SUITE, or --no-kernel");
		return EXIT_USAGE;
	}
	if (!kernel_configs && !install_path_quiet(INSTALL_DATA, "kernel-configs", &installed))
		kernel_configs = installed.buf;
	names = appliance_names(argv + optind + 1, napp);
	for (int i = 0; i < napp; i++) {
		struct appconf app = APPCONF_INIT;
		struct kprofile prof = KPROFILE_INIT;
		struct strbuf manifest = STRBUF_INIT, path = STRBUF_INIT, lines = STRBUF_INIT;
		struct outdated_counts n;
		int st = -1;

		if (appconf_load(&app, argv[optind + 1 + i], kernel_configs) ||
		    find_manifest(argv[optind], names[i], names, napp, &manifest))
			goto next;
		struct outdated_opts o = {
			.manifest = manifest.buf, .app = &app, .repo = repo, .apt_etc = apt_etc,
			.kernel_repo = kernel_repo, .kernel_suite = kernel_suite,
		};
		if (kernel) {
			strbuf_addf(&path, "%s/%s.profile", kernel_configs ? kernel_configs
									   : "kernel-configs", app.kernel);
			if (kprofile_load(&prof, path.buf))
				goto next;
			o.kernel_package = prof.source_package;
			if (!o.kernel_package)
				warning("%s: profile '%s' names no source package: the kernel is not "
					"checked", path.buf, prof.name);
		}
		if (outdated_check(&o, &lines, &n))
			goto next;
		for (char *s = lines.buf, *eol; s && *s; s = eol ? eol + 1 : NULL) {
			eol = strchr(s, '\n');
			strbuf_addf(&out, "%s %.*s\n", app.name, (int)(eol ? eol - s : (long)strlen(s)), s);
		}
		fprintf(stderr, "%s: %u of %u packages have a newer version (%u from a security "
			"suite)%s; manifest %s\n", app.name, n.newer, n.packages, n.security,
			n.kernel_newer ? ", and the kernel source" : "", manifest.buf);
		newer += n.newer;
		security += n.security;
		kernels += n.kernel_newer;
		st = 0;
	next:
		appconf_release(&app);
		kprofile_release(&prof);
		strbuf_release(&manifest);
		strbuf_release(&path);
		strbuf_release(&lines);
		if (st)
			goto out;
	}
	if (write_output(NULL, &out))
		goto out;
	if (newer || kernels)
		fprintf(stderr, "a rebuild is due: %u newer packages (%u security)%s\n", newer,
			security, kernels ? " and a newer kernel source" : "");
	ret = newer || kernels ? 1 : 0;
out:
	for (int i = 0; names && i < napp; i++)
		free(names[i]);
	free(names);
	free(kernel_suite);
	strbuf_release(&installed);
	strbuf_release(&out);
	return ret;
}
