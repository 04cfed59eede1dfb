/* appliance release-config FILE: validate release.conf, print make variables. */
#include "cmd.h"
#include "conf/relconf.h"

#include <getopt.h>
#include <stdbool.h>

static const char release_config_usage[] =
	"usage: appliance release-config [--optional-formats 'F1 F2...'] [-o OUTPUT]\n"
	"                                RELEASE_CONF\n"
	"       appliance release-config --keys\n"
	"\n"
	"Read and validate RELEASE_CONF (checksums/release.conf: what a published\n"
	"release is called and where it is served), then print it as make\n"
	"variables (REL_<KEY> := value) for builder/release.mk, to OUTPUT (written\n"
	"atomically) or standard output. --optional-formats names the outputs\n"
	"'formats =' may list (make passes the rows of builder/outputs/ whose\n"
	"OUTPUT_FORMAT_PUBLISH is optional); without it the names are not checked.\n"
	"Every problem is reported as 'FILE:LINE: error: ...'; exit 1 when there\n"
	"is any. --keys prints the keys below one a line, tab-separated: name,\n"
	"required, default, make variable, values, description (for man pages).\n"
	"\n";

int cmd_release_config(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "optional-formats", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "keys", no_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct relconf r = RELCONF_INIT;
	struct strvec optional = STRVEC_INIT;
	struct strbuf out = STRBUF_INIT;
	const char *output = NULL;
	bool keys = false, have_optional = false;
	int opt, ret = 1;

	optind = 0;
	while ((opt = getopt_long(argc, argv, "f:o:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'f': strvec_split(&optional, optarg); have_optional = true; break;
		case 'o': output = optarg; break;
		case 'K': keys = true; break;
		case 'h': ret = usage_exit_with(release_config_usage, relconf_keys_help, 1); goto out;
		default: ret = usage_exit_with(release_config_usage, relconf_keys_help, 0); goto out;
		}
	}
	if (keys && optind == argc) {
		relconf_keys_list(&out);
		ret = write_output(output, &out) ? 1 : 0;
		goto out;
	}
	if (optind + 1 != argc || keys) {
		error("release-config: name one release.conf");
		ret = usage_exit_with(release_config_usage, relconf_keys_help, 0);
		goto out;
	}
	if (relconf_load(&r, argv[optind], have_optional ? &optional : NULL))
		goto out;
	relconf_make_vars(&out, &r);
	ret = write_output(output, &out) ? 1 : 0;
out:
	relconf_release(&r);
	strvec_clear(&optional);
	strbuf_release(&out);
	return ret;
}
