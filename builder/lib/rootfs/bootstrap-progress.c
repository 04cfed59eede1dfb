/* What each bootstrap tool's log says about its progress (see
 * core/logwatch.h): the phases a person waiting would want named, and the
 * lines that count packages. To watch a new tool, add its rules and a row
 * to tools[]; a tool without a row runs without progress lines. */
#include "rootfs/bootstrap-progress.h"

#include <string.h>

/* debootstrap's "I: ..." lines; the specific ones before the per-package
 * ones that share their first word. */
static const struct logwatch_rule debootstrap[] = {
	{ "I: Retrieving InRelease", "reading the package lists", false },
	{ "I: Retrieving Release", "reading the package lists", false },
	{ "I: Retrieving Packages", "reading the package lists", false },
	{ "I: Validating Packages", "reading the package lists", false },
	{ "I: Resolving dependencies", "resolving dependencies", false },
	{ "I: Retrieving ", "downloading", true },
	{ "I: Extracting ", "extracting", true },
	{ "I: Installing ", "installing the core packages", false },
	{ "I: Unpacking required packages", "unpacking", false },
	{ "I: Unpacking the base system", "unpacking", false },
	{ "I: Unpacking ", "unpacking", true },
	{ "I: Configuring required packages", "configuring", false },
	{ "I: Configuring the base system", "configuring", false },
	{ "I: Configuring ", "configuring", true },
	{ "I: Base system installed", "done", false },
	{ NULL, NULL, false },
};

/* mmdebstrap's phases, and apt's and dpkg's lines inside them. */
static const struct logwatch_rule mmdebstrap[] = {
	{ "I: running apt-get update", "reading the package lists", false },
	{ "I: downloading packages", "downloading", false },
	{ "Get:", "downloading", true },
	{ "I: extracting archives", "extracting", false },
	{ "I: installing essential packages", "installing the essential packages", false },
	{ "I: installing remaining packages", "installing the remaining packages", false },
	{ "Unpacking ", "unpacking", true },
	{ "Setting up ", "configuring", true },
	{ "I: cleaning package lists", "cleaning up", false },
	{ NULL, NULL, false },
};

static const struct logwatch_rule dnf[] = {
	{ "Downloading Packages", "downloading", false },
	{ "Running transaction", "installing", false },
	{ "  Installing ", "installing", true },
	{ "  Running scriptlet", "installing", false },
	{ "  Verifying ", "verifying", true },
	{ NULL, NULL, false },
};

static const struct logwatch_rule zypper[] = {
	{ "Loading repository data", "reading the repository", false },
	{ "Retrieving: ", "downloading", true },
	{ "Checking for file conflicts", "checking", false },
	{ "(", "installing", true },
	{ NULL, NULL, false },
};

static const struct {
	const char *tool;
	const struct logwatch_rule *rules;
} tools[] = {
	{ "debootstrap", debootstrap },
	{ "mmdebstrap", mmdebstrap },
	{ "dnf", dnf },
	{ "zypper", zypper },
};

const struct logwatch_rule *bootstrap_phases(const char *tool)
{
	const char *base = strrchr(tool, '/');
	base = base ? base + 1 : tool;
	for (size_t i = 0; i < sizeof(tools) / sizeof(tools[0]); i++)
		if (!strcmp(tools[i].tool, base))
			return tools[i].rules;
	return NULL;
}
