#!/bin/bash
# make dist: the committed tree as pvappliance-VERSION.tar.gz, the same
# bytes twice, sorted, owned by 0, dated the commit; its MD5SUMS and
# SHA256SUMS checked by md5sum -c, sha256sum -c and appliance verify; the
# signature with DIST_GPG_KEY checked by gpg. make distcheck (unpack, build,
# unit tests, install, uninstall) in the long tier.
. "$(dirname "$0")/lib.sh"
if git -C "$SRCDIR" rev-parse --verify -q HEAD >/dev/null 2>&1; then test_set_prereq GIT
else echo "# SKIP: $SRCDIR is not a git checkout: make dist archives HEAD"; fi
test_require_tool GPG gpg gpg

m() { make -C "$SRCDIR" --no-print-directory O="$TRASH/o" "$@"; }
VERSION=$(sed -n "s/^VERSION := //p" "$SRCDIR/Makefile")
T=pvappliance-$VERSION.tar.gz
D=o/out/dist

test_expect_success GIT 'make dist twice: the same bytes' '
	m dist >out 2>&1 && cp $D/$T first.tar.gz &&
	rm -rf o && m dist >out 2>&1 &&
	cmp first.tar.gz $D/$T
'

test_expect_success GIT 'the tarball is HEAD'"'"'s files, in order, owned by 0, dated the commit' '
	git -C "$SRCDIR" ls-files | sed "s|^|pvappliance-$VERSION/|" | sort >expect &&
	tar -tzf $D/$T | grep -v "/$" | sort >actual &&
	test_cmp expect actual &&
	tar -tzf $D/$T >order && LC_ALL=C sort -c order &&
	tar --numeric-owner -tvzf $D/$T | awk "{print \$2}" | sort -u >owners &&
	echo 0/0 >expect && test_cmp expect owners &&
	epoch=$(git -C "$SRCDIR" log -1 --format=%ct) &&
	tar --full-time -tvzf $D/$T | awk "{print \$4, \$5}" | sort -u >dates &&
	date -u -d "@$epoch" "+%Y-%m-%d %H:%M:%S" >expect && test_cmp expect dates &&
	test "$(od -An -tu1 -j4 -N4 $D/$T | tr -s " ")" = " 0 0 0 0"
'

test_expect_success GIT 'the tarball carries its commit date for builds without git' '
	tar -xzOf $D/$T pvappliance-$VERSION/builder/source-date-epoch >actual &&
	git -C "$SRCDIR" log -1 --format=%ct >expect && test_cmp expect actual
'

test_expect_success GIT 'MD5SUMS and SHA256SUMS: md5sum -c, sha256sum -c, appliance verify' '
	(cd $D && md5sum -c --strict MD5SUMS && sha256sum -c --strict SHA256SUMS) >out &&
	"$APPLIANCE" verify --strict $D/MD5SUMS $D/SHA256SUMS >out &&
	test_grep "^$T: OK$" out &&
	! test -e $D/SHA256SUMS.asc &&
	corrupt_byte $D/$T 1000 &&
	test_must_fail "$APPLIANCE" verify $D/SHA256SUMS >out &&
	test_grep "^$T: FAILED$" out &&
	(cd $D && test_must_fail md5sum -c MD5SUMS >/dev/null 2>&1)
'

test_expect_success GIT,GPG 'DIST_GPG_KEY signs SHA256SUMS; gpg and appliance verify check it' '
	export GNUPGHOME="$TRASH/gnupg" && mkdir -m 700 "$GNUPGHOME" &&
	gpg --batch --passphrase "" --quick-gen-key "Dist <dist@example.org>" ed25519 sign never \
		2>gpg.log &&
	m dist DIST_GPG_KEY=dist@example.org >out 2>&1 &&
	gpg --verify $D/SHA256SUMS.asc $D/SHA256SUMS 2>out &&
	test_grep "Good signature from \"Dist <dist@example.org>\"" out &&
	gpg --armor --export dist@example.org >dist.asc &&
	"$APPLIANCE" verify --signature $D/SHA256SUMS.asc --key dist.asc $D/SHA256SUMS >out &&
	test_grep "^$T: OK$" out &&
	m dist >out 2>&1 && ! test -e $D/SHA256SUMS.asc
'

test_expect_success GIT,LONG 'make distcheck: build, unit tests, install and uninstall the tarball' '
	m distcheck >out 2>&1 &&
	test_grep "is ready for distribution" out
'

test_done
