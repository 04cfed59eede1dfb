/* apt-get with private state (see aptlists.h). Tested by
 * tests/t6070-sources.sh and tests/t6080-outdated.sh (apt itself is the
 * unit here). */
#include "rootfs/aptlists.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/run.h"
#include "core/strbuf.h"
#include "core/tools.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void aptlists_argv(struct strvec *argv, const char *work)
{
	strvec_pushl(argv, "apt-get", "-q", NULL);
	strvec_pushf(argv, "-oDir::State::Lists=%s/lists", work);
	strvec_pushf(argv, "-oDir::Cache=%s/cache", work);
	strvec_pushf(argv, "-oDir::Etc::SourceList=%s/sources.list", work);
	strvec_pushf(argv, "-oDir::Etc::SourceParts=%s/parts", work);
	strvec_push(argv, "-oDebug::NoLocking=1");
	/* root's downloads land in directories _apt cannot write to */
	strvec_push(argv, "-oAPT::Sandbox::User=root");
}

int aptlists_update(const char *work, const char *lines, const char *arch, bool strict,
		    const char *what)
{
	struct strbuf path = STRBUF_INIT;
	struct strvec argv = STRVEC_INIT;
	int ret = -1, fd = -1;

	strbuf_addf(&path, "%s/sources.list", work);
	if (write_file_atomic(path.buf, lines, strlen(lines), 0644))
		goto out;
	for (const char *const *d = (const char *const[]){ "lists/partial", "cache/archives/partial",
							    "parts", NULL }; *d; d++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", work, *d);
		if (mkdir_p(path.buf))
			goto out;
	}
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/apt.log", work);
	if ((fd = open(path.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0) {
		error_errno("cannot create '%s'", path.buf);
		goto out;
	}
	struct run_opts ro = RUN_OPTS_INIT;
	ro.out_fd = fd;
	aptlists_argv(&argv, work);
	if (arch) {
		strvec_pushf(&argv, "-oAPT::Architecture=%s", arch);
		strvec_pushf(&argv, "-oAPT::Architectures=%s", arch);
	}
	strvec_push(&argv, "update");
	progress("APT", "apt-get update (%s)", what);
	if (tool_require("apt-get"))
		goto out;
	ret = run_command((const char *const *)argv.v, &ro);
	if (ret > 0)
		run_show_log_tail(path.buf, 10);
	/* "W: Failed to fetch" or "E: Failed to fetch" with exit 0. */
	if (ret == 0 && strict) {
		struct strbuf log = STRBUF_INIT;
		if (!strbuf_read_file(&log, path.buf) &&
		    (strstr(log.buf, "Failed to fetch") || strstr(log.buf, "\nE: "))) {
			run_show_log_tail(path.buf, 10);
			ret = 100;
		}
		strbuf_release(&log);
	}
out:
	if (fd >= 0)
		close(fd);
	strbuf_release(&path);
	strvec_clear(&argv);
	return ret;
}

int aptlists_indexes(const char *work, const char *arch, const char *created_by,
		     struct strvec *suites, struct strvec *files)
{
	struct strvec argv = STRVEC_INIT;
	struct strbuf out = STRBUF_INIT, filter = STRBUF_INIT;
	struct run_opts ro = RUN_OPTS_INIT;
	int ret = -1, st;

	aptlists_argv(&argv, work);
	if (arch) {
		strvec_pushf(&argv, "-oAPT::Architecture=%s", arch);
		strvec_pushf(&argv, "-oAPT::Architectures=%s", arch);
	}
	strbuf_addf(&filter, "Created-By: %s", created_by);
	strvec_pushl(&argv, "indextargets", "--format", "$(RELEASE)\t$(FILENAME)", filter.buf,
		     NULL);
	ro.capture = &out;
	if ((st = run_command((const char *const *)argv.v, &ro))) {
		if (st > 0)
			error("apt-get indextargets exited %d", st);
		goto out;
	}
	for (char *line = out.buf, *eol; line && *line; line = eol ? eol + 1 : NULL) {
		char *tab;
		if ((eol = strchr(line, '\n')))
			*eol = '\0';
		if (!(tab = strchr(line, '\t')) || !tab[1]) {
			error("apt-get indextargets printed '%s', not SUITE<TAB>FILE", line);
			goto out;
		}
		*tab = '\0';
		if (access(tab + 1, R_OK)) {
			error("apt-get update fetched no %s index of suite '%s' ('%s'): does the "
			      "repository serve it%s%s?", created_by, line, tab + 1,
			      arch ? " for " : "", arch ? arch : "");
			goto out;
		}
		strvec_push(suites, line);
		strvec_push(files, tab + 1);
	}
	ret = 0;
out:
	strvec_clear(&argv);
	strbuf_release(&out);
	strbuf_release(&filter);
	return ret;
}

int aptlists_read(const char *file, struct strbuf *out)
{
	const char *argv[] = { "/usr/lib/apt/apt-helper", "cat-file", file, NULL };
	struct run_opts ro = RUN_OPTS_INIT;
	int st;
	ro.capture = out;
	if ((st = run_command(argv, &ro)) > 0)
		return error("apt-helper cat-file '%s' exited %d", file, st);
	return st ? -1 : 0;
}
