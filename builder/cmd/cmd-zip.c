/* appliance zip: the download archive of an appliance's .vmx and .vmdk. */
#include "cmd.h"
#include "image/ziparchive.h"

#include <getopt.h>

static const char zip_usage[] =
	"usage: appliance zip --folder NAME -o OUT.zip [--epoch SECONDS] FILE...\n"
	"\n"
	"Write FILEs into OUT.zip under NAME/ (the 2006 downloads unpacked into a\n"
	"folder), deflated, sorted, mode 0644, dated --epoch (default\n"
	"$SOURCE_DATE_EPOCH), without the extra fields that carry owners and\n"
	"times: the same files give the same bytes.\n";

int cmd_zip(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "folder", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "epoch", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *folder = NULL, *out = NULL, *epoch = NULL;
	long long when;
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "f:o:e:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f': folder = optarg; break;
		case 'o': out = optarg; break;
		case 'e': epoch = optarg; break;
		case 'h': return usage_exit(zip_usage, 1);
		default: return usage_exit(zip_usage, 0);
		}
	}
	if (!folder || !out || optind >= argc) {
		error("zip: give --folder, -o and at least one file");
		return usage_exit(zip_usage, 0);
	}
	if (build_epoch("zip", epoch, &when))
		return EXIT_USAGE;
	return zip_folder(out, folder, argv + optind, when) ? 1 : 0;
}
