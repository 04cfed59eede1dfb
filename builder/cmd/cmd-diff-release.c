/* appliance diff-release: what changed between two releases' manifests. */
#include "cmd.h"
#include "publish/pkgdiff.h"

#include <getopt.h>
#include <stdio.h>

static const char diff_release_usage[] =
	"usage: appliance diff-release OLD.packages NEW.packages\n"
	"\n"
	"Compare two package manifests (NAME-VERSION.packages, as make and make\n"
	"publish write them) and print one line per change, sorted by package name\n"
	"and architecture:\n"
	"  added NAME ARCH VERSION\n"
	"  removed NAME ARCH VERSION\n"
	"  upgraded NAME ARCH OLD-VERSION NEW-VERSION\n"
	"  downgraded NAME ARCH OLD-VERSION NEW-VERSION\n"
	"then, on standard error, the counts. Versions are ordered as dpkg orders them.\n"
	"Exit status: 0 when the manifests were compared (whether or not they differ:\n"
	"an empty output means no change), 1 when one cannot be read or is not a\n"
	"manifest (the file and line are named), 2 usage error.\n";

int cmd_diff_release(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct pkglist old = PKGLIST_INIT, new = PKGLIST_INIT;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, out = STRBUF_INIT;
	struct pkgdiff_counts n;
	int c, ret = 1;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h': return usage_exit(diff_release_usage, 1);
		default: return usage_exit(diff_release_usage, 0);
		}
	}
	if (optind + 2 != argc) {
		error("diff-release: give two manifests, the old and the new");
		return usage_exit(diff_release_usage, 0);
	}
	if (strbuf_read_file(&a, argv[optind]) || strbuf_read_file(&b, argv[optind + 1]) ||
	    manifest_parse(&old, a.buf, argv[optind]) ||
	    manifest_parse(&new, b.buf, argv[optind + 1]))
		goto out;
	pkgdiff(&out, &old, &new, &n);
	if (write_output(NULL, &out))
		goto out;
	fprintf(stderr, "%u added, %u removed, %u upgraded, %u downgraded (%zu packages, then "
		"%zu)\n", n.added, n.removed, n.upgraded, n.downgraded, old.nr, new.nr);
	ret = 0;
out:
	pkglist_release(&old);
	pkglist_release(&new);
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&out);
	return ret;
}
