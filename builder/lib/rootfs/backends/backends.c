/* The table of bootstrap backends (see backends.h for adding one).
 * Tested by builder/t/rootfs/t-backends.c. */
#include "rootfs/backends/backends.h"
#include "rootfs/bootstrap.h"
#include "core/array.h"
#include "core/strvec.h"

#include <string.h>

/* Debian calls 32-bit x86 i386 whatever the appliance's arch = says. */
#define DEBIAN_ARCHES { { "i386", "i386" }, { "i686", "i386" }, { "i586", "i386" } }
/* apt ships Debian's sources for its release (the suite, -updates and
 * -security) as an example; hygiene writes it as the tree's sources.list. */
#define DEBIAN_SOURCES .sources_dir = "etc/apt/sources.list.d", \
	.sources_exts = ".sources .list", \
	.sources_example = "usr/share/doc/apt/examples/sources.list", \
	.sources_list = "etc/apt/sources.list"

const struct bootstrap_backend bootstrap_backends[] = {
	{
		.name = "debootstrap",
		.run = bootstrap_debootstrap,
		.tool = "debootstrap",
		.packages = "debootstrap",
		.family = BACKEND_DEBIAN,
		.required = { { "suite", " by the Debian backends (e.g. bookworm)" } },
		.arches = DEBIAN_ARCHES,
		DEBIAN_SOURCES,
		/* Older products know no Debian 12; the 2006 ones no Debian at all:
		 * a 2.6-era Linux stands in. */
		.guest_os = { "debian12", "debian11", "debian10", "other26xlinux" },
		.progress = debootstrap_progress,
		.package_kind = "deb",
	},
	{
		.name = "mmdebstrap",
		.run = bootstrap_mmdebstrap,
		.tool = "mmdebstrap",
		.packages = "mmdebstrap arch-test",
		.family = BACKEND_DEBIAN,
		.required = { { "suite", " by the Debian backends (e.g. bookworm)" } },
		.epoch_in_output = true,
		.arches = DEBIAN_ARCHES,
		DEBIAN_SOURCES,
		.guest_os = { "debian12", "debian11", "debian10", "other26xlinux" },
		.progress = mmdebstrap_progress,
		.package_kind = "deb",
	},
	{
		.name = "dnf",
		.run = bootstrap_dnf,
		.tool = "dnf",
		.packages = "dnf",
		.family = BACKEND_RPM,
		.required = { { "release", " by dnf (the releasever, e.g. 30)" },
			      { "repo", " by dnf (the repository's baseurl)" } },
		/* Fedora calls its 32-bit x86 architecture i686. */
		.arches = { { "i386", "i686" }, { "i686", "i686" }, { "i586", "i586" } },
		/* fedora-repos puts fedora.repo and fedora-updates.repo there. */
		.sources_dir = "etc/yum.repos.d", .sources_exts = ".repo",
		.guest_os = { "fedora" },
		.progress = dnf_progress,
		.package_kind = "rpm",
	},
	{
		.name = "zypper",
		.run = bootstrap_zypper,
		.tool = "zypper",
		.packages = "zypper",
		.family = BACKEND_RPM,
		.required = { { "repo", " by zypper (the repository URL)" } },
		/* openSUSE's 32-bit x86 port is i586. */
		.arches = { { "i386", "i586" }, { "i686", "i686" }, { "i586", "i586" } },
		/* openSUSE's release packages put their repositories there. */
		.sources_dir = "etc/zypp/repos.d", .sources_exts = ".repo",
		.guest_os = { "opensuse", "suse" },
		.progress = zypper_progress,
		.package_kind = "rpm",
	},
	{
		.name = "tarball",
		.run = bootstrap_tarball,
		.tool = "tar",
		.packages = "tar",
		.family = BACKEND_IMPORT,
		.required = { { "repo", " (the archive or directory to import)" } },
		/* No arches: it installs nothing for an architecture. */
		.guest_os = { "other5xlinux", "other4xlinux", "other26xlinux" },
	},
	{
		.name = "dir",
		.run = bootstrap_dir,
		.tool = "cp",
		.packages = "coreutils",
		.family = BACKEND_IMPORT,
		.required = { { "repo", " (the archive or directory to import)" } },
		.guest_os = { "other5xlinux", "other4xlinux", "other26xlinux" },
	},
};

const size_t bootstrap_backends_nr = ARRAY_SIZE(bootstrap_backends);

const struct bootstrap_backend *bootstrap_backend_find(const char *name)
{
	for (size_t i = 0; i < bootstrap_backends_nr; i++)
		if (!strcmp(bootstrap_backends[i].name, name))
			return &bootstrap_backends[i];
	return NULL;
}

void bootstrap_backend_names(struct strbuf *out, enum backend_family family, const char *sep,
			     const char *last)
{
	struct strvec list = STRVEC_INIT;
	for (size_t i = 0; i < bootstrap_backends_nr; i++)
		if (family == BACKEND_ANY || bootstrap_backends[i].family == family)
			strvec_push(&list, bootstrap_backends[i].name);
	strvec_join_list(&list, out, sep, last);
	strvec_clear(&list);
}

const char *bootstrap_tool_arch(const struct bootstrap_backend *b, const char *arch)
{
	if (!b->arches[0].arch)
		return arch;
	for (size_t i = 0; i < ARRAY_SIZE(b->arches) && b->arches[i].arch; i++)
		if (!strcmp(b->arches[i].arch, arch))
			return b->arches[i].tool_arch;
	return NULL;
}
