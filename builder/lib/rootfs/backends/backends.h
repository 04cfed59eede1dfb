/*
 * The bootstrap backends, one row each in bootstrap_backends[]: what
 * "bootstrap = NAME" in appliance.conf runs, and everything the rest of the
 * builder asks about it (the settings it takes and requires, the
 * architectures it builds, the guest OS VMware is told, the Debian packages
 * its tool comes from, the progress lines of its tool's log, the kind of
 * packages it installs). appliance.conf validation, the usage texts, the
 * bootstrap cache, the progress lines, the .vmx and appliance sources all
 * read the row; none of them names a backend.
 *
 * To add a bootstrap backend:
 *  1. Write its run function, int bootstrap_NAME(struct rfs *r), in
 *     rootfs/backends/bootstrap-FAMILY.c (a new file for a new family) and
 *     declare it in rootfs/bootstrap.h. It fills r->tmp (an empty
 *     directory) from r->mirror for the appliance r->conf; cache_lookup()
 *     and cache_store_tree()/cache_store_part() cache what it makes, and
 *     run_bootstrap_tool() runs its tool with a log and explains failures.
 *     Beside it, its tool's progress rules (NAME_progress[], also declared
 *     in bootstrap.h), when its log says what it is doing.
 *  2. Add its row to bootstrap_backends[] in rootfs/backends/backends.c:
 *     name, run, tool and packages, family (which settings it takes),
 *     required keys with the text that says why, arches, guest OS ids,
 *     progress, package_kind. The order of the rows is the order messages
 *     and usage texts list them in. (A new package kind also needs its
 *     database reader in rootfs/pkgdb.c and its row in publish/sources.c's
 *     fetchers[].)
 *  3. Add its packages to DEPS_BUILD in builder/deps.mk and its tool to
 *     tool_packages[] in core/tools.c (so a missing tool names its
 *     package); builder/t/rootfs/t-backends.c checks both.
 *  4. Add tests: builder/t/rootfs/t-backends.c checks every row by itself
 *     (whole, unique, loading with its required keys, listed in the usage
 *     and the errors); add the name to the lists it expects and the guest
 *     OS ids to builder/t/image/t-vmx.c; test what runs without the tool
 *     in builder/t/rootfs/t-rootfs.c or t-bootstrap.c, and the bootstrap
 *     itself in tests/t30NN-rootfs-NAME.sh.
 */
#ifndef BACKENDS_H
#define BACKENDS_H

#include <stdbool.h>
#include <stddef.h>
#include "core/logwatch.h"
#include "core/strbuf.h"

struct rfs;

/* Which settings of appliance.conf a backend takes. */
enum backend_family {
	BACKEND_ANY = -1,  /* only as a filter for bootstrap_backend_names() */
	/* suite = (a Debian suite) and variant = (minbase by default); repo =
	 * apt, the mirror the host's apt uses, is allowed and the default */
	BACKEND_DEBIAN,
	/* release = (the releasever) and repo = (the repository) */
	BACKEND_RPM,
	/* repo = the archive or directory to import as it is */
	BACKEND_IMPORT,
};

/* A key appliance.conf must set for the backend, and why, as in "'KEY' is
 * required WHY; add a line 'KEY = ...'". */
struct backend_key {
	const char *key;
	const char *why;
};

/* An arch = value the backend builds, and what its tool calls it. */
struct backend_arch {
	const char *arch;
	const char *tool_arch;
};

#define BACKEND_GUESTS_MAX 4

struct bootstrap_backend {
	const char *name;              /* bootstrap = NAME */
	int (*run)(struct rfs *r);     /* fill r->tmp (see rootfs/bootstrap.h) */
	const char *tool;              /* the program it runs (asked --version for the cache key) */
	const char *packages;          /* the Debian packages the tool comes from */
	enum backend_family family;
	struct backend_key required[3];    /* beyond the keys every appliance needs; ends at NULL */
	bool epoch_in_output;          /* the tool writes SOURCE_DATE_EPOCH into its output:
					* the epoch is part of the cache key */
	struct backend_arch arches[4];     /* the arch = values it builds; ends at NULL */
	/* update_sources = (rootfs/update-sources.c): the directory of the
	 * tree the package manager reads sources from (a file of the release
	 * engineer's goes there as appliance.EXT, ext one of sources_exts),
	 * and the distribution's own list as the tree ships it, copied to
	 * sources_list; NULL when the distribution's package puts its files
	 * into sources_dir itself (fedora-repos), or for no package manager. */
	const char *sources_dir;
	const char *sources_exts;          /* ".sources .list", ".repo" */
	const char *sources_example, *sources_list;
	/* VMware's guest identifiers for it, newest first, names in
	 * image/compat.c's vmware_guests[]: the .vmx and the OVF take the first
	 * their hardware version knows, so the list ends with one the 2006
	 * products (hardware version 4) knew. */
	const char *guest_os[BACKEND_GUESTS_MAX + 1];
	/* What its tool's log says about its progress (core/logwatch.h), or
	 * NULL: it runs without progress lines. */
	const struct logwatch_rule *progress;
	/* The packages it installs, a kind of rootfs/pkgdb.h ("deb", "rpm"),
	 * or NULL: whatever the imported tree's database says. */
	const char *package_kind;
};

extern const struct bootstrap_backend bootstrap_backends[];
extern const size_t bootstrap_backends_nr;

/* The row named name, or NULL. */
const struct bootstrap_backend *bootstrap_backend_find(const char *name);

/* Append the names of the rows of family (BACKEND_ANY: all), in table
 * order, separated by sep and the last two by last: with ", " and " or ":
 * "debootstrap, mmdebstrap, dnf, zypper, tarball or dir". */
void bootstrap_backend_names(struct strbuf *out, enum backend_family family, const char *sep,
			     const char *last);

/* What b's tool calls the appliance's arch, or NULL when b does not build it. */
const char *bootstrap_tool_arch(const struct bootstrap_backend *b, const char *arch);

#endif
