/* appliance kernel build: a paravirt i386 kernel for a profile, cached. */
#include "cmd.h"
#include "kernel/kernel-source.h"
#include "kernel/kernel.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char kernel_usage[] =
	"usage: appliance kernel build --profile PROFILE [--source TARBALL|DIR]\n"
	"                              [--cache DIR] [--link PATH] [--cc CMD] [-j N]\n"
	"                              [--epoch SECONDS] [--depfile FILE --dep-target T]\n"
	"                              [--config-only] [-q]\n"
	"       appliance kernel source --kernel-dir DIR --profile PROFILE\n"
	"                               --pvinit-dir DIR -o OUT.tar [--epoch SECONDS]\n"
	"       appliance kernel cache-dir\n"
	"\n"
	"build      Configure and compile a 32-bit kernel for PROFILE (a file in\n"
	"           kernel-configs/): unpack the source once into the cache, run the\n"
	"           profile's baseline (tinyconfig), apply its fragments, run\n"
	"           olddefconfig, check the final .config against the profile's\n"
	"           policy, then compile, unless a kernel with the same source,\n"
	"           final .config and toolchain is already in the cache.\n"
	"           Results (bzImage, config, System.map, policy-report.txt,\n"
	"           build.log, kernel.info) stay in the cache; --link points a\n"
	"           symlink at them.\n"
	"  --source     kernel source tarball or tree (default: the profile's,\n"
	"               /usr/src/linux-source-6.1.tar.xz from linux-source-6.1)\n"
	"  --cache      cache root (default: $XDG_CACHE_HOME/pvappliance, else\n"
	"               ~/.cache/pvappliance)\n"
	"  --cc         compiler command, e.g. 'ccache gcc' (default gcc, or\n"
	"               'distcc gcc' when DISTCC_HOSTS is set)\n"
	"  -j           parallel jobs (default: one per CPU, or distcc -j)\n"
	"  --epoch      build timestamp in seconds since 1970 (default: the date of\n"
	"               the source tarball, or of the tree's Makefile)\n"
	"  --depfile    write a make dependency file for target T\n"
	"  --config-only  stop after the policy check\n"
	"  -q           no progress lines\n"
	"source     The kernel's corresponding source as one deterministic tar: the\n"
	"           source tarball the kernel in DIR was built from, the profile and\n"
	"           its fragments, the final .config, the policy report, pvinit's\n"
	"           source, and a README saying how to rebuild the same bzImage.\n"
	"cache-dir  Print the default cache root.\n";

static int kernel_build_cmd(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "source", required_argument, NULL, 's' },
		{ "cache", required_argument, NULL, 'c' },
		{ "link", required_argument, NULL, 'l' },
		{ "cc", required_argument, NULL, 'C' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "epoch", required_argument, NULL, 'e' },
		{ "depfile", required_argument, NULL, 'd' },
		{ "dep-target", required_argument, NULL, 'T' },
		{ "config-only", no_argument, NULL, 'n' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct kernel_opts o = KERNEL_OPTS_INIT;
	struct strbuf dir = STRBUF_INIT;
	int c, ret;

	optind = 0;
	while ((c = getopt_long(argc, argv, "p:s:c:l:C:j:e:d:T:nqh", opts, NULL)) != -1) {
		switch (c) {
		case 'p': o.profile = optarg; break;
		case 's': o.source = optarg; break;
		case 'c': o.cache_root = optarg; break;
		case 'l': o.link = optarg; break;
		case 'C': o.cc = optarg; break;
		case 'j': {
			long long v;
			if (parse_int_option("kernel build", "-j", optarg, 1, 4096, &v))
				return EXIT_USAGE;
			o.jobs = (int)v;
			break;
		}
		case 'e':
			if (parse_int_option("kernel build", "--epoch", optarg, 0, EPOCH_MAX, &o.epoch))
				return EXIT_USAGE;
			break;
		case 'd': o.depfile = optarg; break;
		case 'T': o.dep_target = optarg; break;
		case 'n': o.config_only = true; break;
		case 'q': progress_quiet = 1; break;
		case 'h': return usage_exit(kernel_usage, 1);
		default: return usage_exit(kernel_usage, 0);
		}
	}
	if (optind < argc) {
		error("kernel build: unexpected argument '%s'", argv[optind]);
		return usage_exit(kernel_usage, 0);
	}
	if (!o.profile) {
		error("kernel build: --profile is required (e.g. kernel-configs/paravirt-6.1.profile)");
		return usage_exit(kernel_usage, 0);
	}
	if (!o.depfile != !o.dep_target) {
		error("kernel build: --depfile and --dep-target go together");
		return usage_exit(kernel_usage, 0);
	}
	ret = kernel_build(&o, &dir);
	if (!ret && !o.config_only)
		printf("%s\n", dir.buf);
	strbuf_release(&dir);
	if (fflush(stdout))
		return 1;
	return ret ? 1 : 0;
}

static int kernel_source_cmd(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kernel-dir", required_argument, NULL, 'k' },
		{ "profile", required_argument, NULL, 'p' },
		{ "pvinit-dir", required_argument, NULL, 'i' },
		{ "output", required_argument, NULL, 'o' },
		{ "epoch", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct kernel_source_opts o = { 0 };
	const char *epoch = NULL;
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "k:p:i:o:e:h", opts, NULL)) != -1) {
		switch (c) {
		case 'k': o.kernel_dir = optarg; break;
		case 'p': o.profile = optarg; break;
		case 'i': o.pvinit_dir = optarg; break;
		case 'o': o.out = optarg; break;
		case 'e': epoch = optarg; break;
		case 'h': return usage_exit(kernel_usage, 1);
		default: return usage_exit(kernel_usage, 0);
		}
	}
	if (optind < argc || !o.kernel_dir || !o.profile || !o.pvinit_dir || !o.out) {
		error("kernel source: give --kernel-dir, --profile, --pvinit-dir and -o");
		return usage_exit(kernel_usage, 0);
	}
	if (build_epoch("kernel source", epoch, &o.epoch))
		return EXIT_USAGE;
	return kernel_source_archive(&o) ? 1 : 0;
}

int cmd_kernel(int argc, char **argv)
{
	if (argc < 2)
		return usage_exit(kernel_usage, 0);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return usage_exit(kernel_usage, 1);
	if (!strcmp(argv[1], "build"))
		return kernel_build_cmd(argc - 1, argv + 1);
	if (!strcmp(argv[1], "source"))
		return kernel_source_cmd(argc - 1, argv + 1);
	if (!strcmp(argv[1], "cache-dir")) {
		struct strbuf sb = STRBUF_INIT;
		kernel_default_cache_root(&sb);
		printf("%s\n", sb.buf);
		strbuf_release(&sb);
		return fflush(stdout) ? 1 : 0;
	}
	error("'kernel %s' is not a command; use build, source or cache-dir", argv[1]);
	return usage_exit(kernel_usage, 0);
}
