/* appliance verify: check downloaded files against a release's manifests. */
#include "cmd.h"
#include "verify/verify.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static const char verify_synopsis[] =
	"usage: appliance verify [OPTIONS] MANIFEST...\n"
	"       appliance verify [OPTIONS] --signature SIG.asc --key KEYFILE\n"
	"                        [--fingerprint FPR] MANIFEST [MANIFEST...]\n"
	"       appliance verify [OPTIONS] --torrent FILE.torrent [PATH]\n"
	"       appliance verify [OPTIONS] --metalink FILE.meta4 [PATH]\n"
;

/* The rest of --help (one string would pass C99's 4095-byte limit). */
static const char verify_details[] =
	"\n"
	"Check downloaded files against what a release publishes: its checksum\n"
	"manifests (MD5SUMS, SHA256SUMS), a BitTorrent metainfo file, or a\n"
	"Metalink 4 file. Nothing is downloaded and nothing is written.\n"
	"\n"
	"MANIFEST (like md5sum -c / sha256sum -c)\n"
	"  Reads lines 'HEX  NAME', 'HEX *NAME' or BSD tags 'SHA256 (NAME) = HEX',\n"
	"  with coreutils' escaping (a leading backslash, then \\\\, \\n, \\r in the\n"
	"  name), CRLF line ends and either case of hex. The algorithm is the\n"
	"  tag's or the one whose digest has that many hex digits: MD5, SHA1,\n"
	"  SHA224, SHA256, SHA384, SHA512. NAMEs are relative to the directory\n"
	"  that holds MANIFEST (or -C DIR), so 'appliance verify dl/SHA256SUMS'\n"
	"  works from anywhere; MANIFEST '-' is standard input, names then\n"
	"  relative to the current directory. Prints 'NAME: OK', 'NAME: FAILED',\n"
	"  'NAME: MISSING' or 'NAME: FAILED open or read' in the manifest's order\n"
	"  and a summary of the problems on stderr. A malformed line is reported\n"
	"  as MANIFEST:LINE and skipped; a manifest without a valid line fails.\n"
	"\n"
	"--signature SIG.asc --key KEYFILE [--fingerprint FPR]\n"
	"  First checks SIG.asc, a detached OpenPGP signature, over the first\n"
	"  MANIFEST (a release's SHA256SUMS.asc over its SHA256SUMS) with gpgv,\n"
	"  against the public key in KEYFILE alone: the keyring is made in a new\n"
	"  temporary directory, never yours. --fingerprint also requires the\n"
	"  signing key (or its primary key) to have that full fingerprint, as a\n"
	"  release page prints it (blanks allowed; a short key ID is refused).\n"
	"  Without KEYFILE, the KEYS file beside SIG.asc is used, and then\n"
	"  --fingerprint is required. A missing, bad, truncated or other key's\n"
	"  signature is an error that says which, and the sums are not checked.\n"
	"\n"
	"--torrent FILE.torrent [PATH]\n"
	"  Checks the data against a BitTorrent v1, v2 or hybrid torrent: every\n"
	"  piece's SHA-1 (v1, across file boundaries, BEP 47 pad files as zeros)\n"
	"  and every file's SHA-256 merkle tree (v2, BEP 52). PATH is the file\n"
	"  (single-file torrent) or the directory (multi-file) and defaults to the\n"
	"  torrent's name next to FILE.torrent. Reports each bad piece with its\n"
	"  byte range and the files it falls in, and each missing or short file.\n"
	"\n"
	"--metalink FILE.meta4 [PATH]\n"
	"  Checks each <file> of a Metalink 4 (RFC 5854): its size, every\n"
	"  whole-file <hash> (md5, sha-1, sha-256, sha-384, sha-512) and its\n"
	"  <pieces>, bad ones reported with byte ranges. PATH is the file's\n"
	"  directory (default: the one holding FILE.meta4); with one <file>, PATH\n"
	"  may name the file itself.\n"
	"\n"
	"Names from any of these are refused when absolute, when they have a '..'\n"
	"component, or when they resolve through a symlink to outside their\n"
	"directory. Files are read once each and hashed on all CPUs; a progress\n"
	"line shows on a terminal only.\n"
	"\n"
	"Options:\n"
	"  -C, --directory DIR  names in MANIFEST are relative to DIR\n"
	"      --ignore-missing don't fail or report for missing files (a\n"
	"                       manifest of which no file is present still fails)\n"
	"      --strict         a malformed manifest line makes the check fail\n"
	"  -q, --quiet          don't print OK lines\n"
	"      --status         print nothing on stdout; the exit status tells\n"
	"  -j, --jobs N         hash on N threads (default: one per CPU)\n"
	"  -h, --help           this text\n"
	"\n"
	"Exit status: 0 when every file checked out, 1 when any did not or the\n"
	"manifest, torrent or metalink could not be read, 2 for a usage error.\n"
	"\n"
	"Examples:\n"
	"  appliance verify ~/Downloads/2.0/SHA256SUMS\n"
	"  appliance verify --signature SHA256SUMS.asc --fingerprint \\\n"
	"      '0123 4567 89AB CDEF 0123  4567 89AB CDEF 0123 4567' SHA256SUMS\n"
	"  appliance verify --ignore-missing -q MD5SUMS    # only what you fetched\n"
	"  appliance verify --torrent fedora.zip.torrent   # ./fedora.zip\n"
	"  appliance verify --torrent dist.torrent /data/dist\n"
	"  appliance verify --metalink fedora.zip.meta4\n";

/* --help: all of it on stdout; a usage error: the synopsis on stderr. */
static int verify_usage(int is_help)
{
	if (!is_help) {
		fputs(verify_synopsis, stderr);
		fputs("Run 'appliance verify --help' for the details.\n", stderr);
		return EXIT_USAGE;
	}
	fputs(verify_synopsis, stdout);
	return usage_exit(verify_details, 1);
}

int cmd_verify(int argc, char **argv)
{
	enum { OPT_IGNORE_MISSING = 256, OPT_STRICT, OPT_STATUS, OPT_SIGNATURE, OPT_KEY,
	       OPT_FINGERPRINT };
	static const struct option opts[] = {
		{ "directory", required_argument, NULL, 'C' },
		{ "torrent", required_argument, NULL, 't' },
		{ "metalink", required_argument, NULL, 'm' },
		{ "ignore-missing", no_argument, NULL, OPT_IGNORE_MISSING },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "quiet", no_argument, NULL, 'q' },
		{ "status", no_argument, NULL, OPT_STATUS },
		{ "signature", required_argument, NULL, OPT_SIGNATURE },
		{ "key", required_argument, NULL, OPT_KEY },
		{ "fingerprint", required_argument, NULL, OPT_FINGERPRINT },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct verify_opts o = { 0 };
	struct verify_sig sig = { 0 };
	struct strbuf keys = STRBUF_INIT;
	const char *torrent = NULL, *metalink = NULL;
	int c, ret = 0;

	optind = 0;
	while ((c = getopt_long(argc, argv, "C:t:m:qj:h", opts, NULL)) != -1) {
		switch (c) {
		case 'C': o.dir = optarg; break;
		case 't': torrent = optarg; break;
		case 'm': metalink = optarg; break;
		case OPT_IGNORE_MISSING: o.ignore_missing = true; break;
		case OPT_STRICT: o.strict = true; break;
		case 'q': o.quiet = true; break;
		case OPT_STATUS: o.status = true; break;
		case OPT_SIGNATURE: sig.signature = optarg; break;
		case OPT_KEY: sig.key = optarg; break;
		case OPT_FINGERPRINT: sig.fingerprint = optarg; break;
		case 'j': {
			/* 16: the most threads a workpool runs. */
			long long v;
			if (parse_int_option("verify", "--jobs", optarg, 1, 16, &v))
				return EXIT_USAGE;
			o.threads = (int)v;
			break;
		}
		case 'h': return verify_usage(1);
		default: return verify_usage(0);
		}
	}
	if (torrent && metalink) {
		error("verify: give --torrent or --metalink, not both");
		return verify_usage(0);
	}
	if (torrent || metalink) {
		if (argc - optind > 1) {
			error("verify: --%s takes at most one PATH", torrent ? "torrent" : "metalink");
			return verify_usage(0);
		}
		ret = torrent ? verify_torrent(torrent, argv[optind], &o)
			      : verify_metalink(metalink, argv[optind], &o);
		return ret ? 1 : 0;
	}
	if (optind >= argc) {
		error("verify: give a manifest (MD5SUMS, SHA256SUMS), --torrent or --metalink");
		return verify_usage(0);
	}
	if ((sig.key || sig.fingerprint) && !sig.signature) {
		error("verify: --key and --fingerprint go with --signature SIG.asc");
		return verify_usage(0);
	}
	if (sig.signature) {
		if (!sig.key) {
			/* The release's own key file proves nothing by itself:
			 * only with the fingerprint the user got elsewhere. */
			char *dir = verify_dirname(sig.signature);
			strbuf_addf(&keys, "%s/KEYS", dir);
			free(dir);
			sig.key = keys.buf;
			if (!sig.fingerprint) {
				error("verify: --signature needs --key KEYFILE (a key you trust), or "
				      "--fingerprint FPR (then the release's %s is used)", keys.buf);
				strbuf_release(&keys);
				return verify_usage(0);
			}
		}
		ret = verify_signature(argv[optind], &sig);
		strbuf_release(&keys);
		if (ret)
			return 1;
	}
	for (int i = optind; i < argc; i++)
		if (verify_sums(argv[i], &o))
			ret = 1;
	return ret;
}
