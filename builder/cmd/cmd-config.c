/* appliance config DIR: validate appliance.conf, print make variables. */
#include "conf/appconf.h"
#include "cmd.h"
#include "image/compat.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const char config_usage[] =
	"usage: appliance config [--kernel-configs DIR] [-o OUTPUT] APPLIANCE_DIR\n"
	"       appliance config --keys\n"
	"\n"
	"Read and validate APPLIANCE_DIR/appliance.conf (and its optional\n"
	"'packages' file), then print the definition as make variables\n"
	"(APP_<name>_<KEY> := value) for the Makefile's per-appliance template,\n"
	"to OUTPUT (written atomically) or standard output. Every problem is\n"
	"reported as 'appliance.conf:LINE: error: ...' with the fix; exit 1 when\n"
	"there is any. Comment lines (# VMware: ...) say which products take the\n"
	"appliance's .vmx, zip and OVA (from the compatibility table), and why.\n"
	"--keys prints the keys below one a line, tab-separated: name,\n"
	"required, default, make variable, values, description (for man pages).\n"
	"\n";

/* Which VMware products take the downloads, and why (ESXi gets the OVA),
 * as make comments: people read them, make skips them. */
static void explain_vmware(struct strbuf *out, const struct appconf *c)
{
	struct strbuf why = STRBUF_INIT;
	vmware_explain(&why, c);
	for (char *p = why.buf; *p;) {
		char *nl = strchrnul(p, '\n');
		strbuf_addf(out, "# VMware: %.*s\n", (int)(nl - p), p);
		p = *nl ? nl + 1 : nl;
	}
	strbuf_release(&why);
}

int cmd_config(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kernel-configs", required_argument, NULL, 'k' },
		{ "output", required_argument, NULL, 'o' },
		{ "keys", no_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *kernel_configs = NULL, *output = NULL;
	struct appconf c = APPCONF_INIT;
	struct strbuf out = STRBUF_INIT;
	bool keys = false;
	int opt, ret = 1;

	optind = 0;
	while ((opt = getopt_long(argc, argv, "k:o:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'k': kernel_configs = optarg; break;
		case 'o': output = optarg; break;
		case 'K': keys = true; break;
		case 'h': return usage_exit_with(config_usage, appconf_keys_help, 1);
		default: return usage_exit_with(config_usage, appconf_keys_help, 0);
		}
	}
	if (keys && optind == argc) {
		appconf_keys_list(&out);
		ret = write_output(output, &out) ? 1 : 0;
		goto out;
	}
	if (optind + 1 != argc || keys) {
		error("config: name one appliance directory");
		return usage_exit_with(config_usage, appconf_keys_help, 0);
	}
	if (appconf_load(&c, argv[optind], kernel_configs))
		goto out;
	appconf_make_vars(&out, &c);
	explain_vmware(&out, &c);
	if (write_output(output, &out))
		goto out;
	ret = 0;
out:
	appconf_release(&c);
	strbuf_release(&out);
	return ret;
}
