#!/bin/bash
# Has a published release fallen behind? appliance outdated and make outdated
# against local repositories made here: a Debian archive whose -updates and
# -security suites hold newer versions of two packages (the security one
# marked), a kernel source package with a newer upstream version, and an
# rpm-md repository pair (repo and updates_repo, createrepo_c) read by dnf
# repoquery. Exit 1 when a rebuild is due, 0 when current, 3 naming what
# could not be read; this machine's apt lists are untouched.
. "$(dirname "$0")/lib.sh"

test_require_tool DPKGSOURCE dpkg-source dpkg-dev
test_require_tool APTGET apt-get apt
test_require_tool RPMBUILD rpmbuild rpm
test_require_tool CREATEREPO createrepo_c createrepo-c
test_require_tool DNF dnf dnf

export SOURCE_DATE_EPOCH=1700000000

test_expect_success DPKGSOURCE,APTGET 'setup: an archive with newer versions in -updates and -security, a kernel source' '
	repo=$SRCDIR/tests/fixtures/make-deb-bin-repo &&
	"$repo" "$TRASH/repo" bookworm pvtest-a=1.0 pvtest-b=2.0 pvtest-c=3.0 &&
	"$repo" "$TRASH/repo" bookworm-updates pvtest-b=2.1 &&
	"$repo" "$TRASH/repo" bookworm-security pvtest-a=1.1 &&
	"$repo" "$TRASH/krepo" bookworm linux-source-6.1=6.1.200 &&
	mkdir -p app rel cur &&
	cat >app/appliance.conf <<-EOF &&
	name = app
	title = outdated
	version = 1.0
	bootstrap = mmdebstrap
	suite = bookworm
	repo = $TRASH/repo
	kernel = paravirt-6.1
	disk_size = 1G
	EOF
	cat >rel/app-1.0.packages <<-\EOF &&
	# name version architecture source source-version
	# kernel 6.1.100 paravirt-6.1
	pvtest-a 1.0 all pvtest-a 1.0
	pvtest-b 2.0 all pvtest-b 2.0
	pvtest-c 3.0 all pvtest-c 3.0
	EOF
	cat >cur/app-1.0.packages <<-\EOF
	# name version architecture source source-version
	# kernel 6.1.200 paravirt-6.1
	pvtest-a 1.1 all pvtest-a 1.1
	pvtest-b 2.1 all pvtest-b 2.1
	pvtest-c 3.0 all pvtest-c 3.0
	EOF
'

outdated() {
	"$APPLIANCE" outdated --kernel-configs "$SRCDIR/kernel-configs" \
		--kernel-repo "$TRASH/krepo" --kernel-suite bookworm "$@"
}

test_expect_success DPKGSOURCE,APTGET 'a release behind: both packages named, the security one marked, the kernel, exit 1' '
	stat -c "%n %s %Y" /var/lib/apt/lists/* >lists.before &&
	test_expect_code 1 outdated rel app >out 2>err &&
	cat >expect <<-\EOF &&
	app newer pvtest-a all 1.0 1.1 bookworm-security security
	app newer pvtest-b all 2.0 2.1 bookworm-updates
	app kernel 6.1.100 6.1.200 linux-source-6.1
	EOF
	test_cmp expect out &&
	test_grep "^app: 2 of 3 packages have a newer version \(1 from a security suite\), and the kernel source" err &&
	test_grep "a rebuild is due" err &&
	stat -c "%n %s %Y" /var/lib/apt/lists/* >lists.after &&
	test_cmp lists.before lists.after
'

test_expect_success DPKGSOURCE,APTGET 'a current release: nothing printed, exit 0; --no-kernel skips the kernel' '
	outdated cur app >out 2>err &&
	test_cmp /dev/null out &&
	test_grep "^app: 0 of 3 packages" err &&
	test_expect_code 1 outdated --no-kernel rel app >out &&
	! grep "^app kernel" out
'

test_expect_success DPKGSOURCE,APTGET 'the manifest made by sbom carries the kernel line outdated reads' '
	mkdir -p k mk &&
	printf "version = 6.1.150\nprofile = paravirt-6.1\nsource = /nonexistent\n" >k/kernel.info &&
	: >k/config && : >k/bzImage &&
	mkdir -p tree/var/lib/dpkg &&
	printf "Package: pvtest-c\nStatus: install ok installed\nArchitecture: all\nVersion: 3.0\n\n" \
		>tree/var/lib/dpkg/status &&
	"$APPLIANCE" sbom --format packages --rootfs tree --kernel-dir k -o mk/app-1.0.packages app &&
	test_grep "^# kernel 6.1.150 paravirt-6.1$" mk/app-1.0.packages &&
	test_expect_code 1 outdated mk app >out &&
	test_grep "^app kernel 6.1.150 6.1.200 linux-source-6.1$" out &&
	# diff-release skips the line, as every comment
	"$APPLIANCE" diff-release mk/app-1.0.packages mk/app-1.0.packages >out &&
	test_cmp /dev/null out
'

test_expect_success DPKGSOURCE,APTGET 'what cannot be read is named: exit 3' '
	test_expect_code 3 outdated --repo http://127.0.0.1:9/debian rel app 2>err &&
	test_grep "127.0.0.1:9/debian" err &&
	test_expect_code 3 outdated --kernel-repo http://127.0.0.1:9/k rel app 2>err &&
	test_grep "127.0.0.1:9/k" err &&
	mkdir -p bad && printf "pvtest-a 1.0 all\n" >bad/app-1.0.packages &&
	test_expect_code 3 outdated bad app 2>err &&
	test_grep "bad/app-1.0.packages:1: expected" err &&
	mkdir -p empty &&
	test_expect_code 3 outdated empty app 2>err &&
	test_grep "holds no manifest app-VERSION.packages" err &&
	test_expect_code 2 outdated rel 2>err &&
	test_grep "at least one appliance directory" err
'

test_expect_success 'make outdated: a release never published is named' '
	test_expect_code 2 make -C "$SRCDIR" --no-print-directory O="$TRASH/o" \
		RELEASE_RECORD="$TRASH/record" outdated RELEASE=9.9 2>err &&
	test_grep "was release 9.9 published" err
'

test_expect_success RPMBUILD,CREATEREPO,DNF 'rpm-md: a newer version in updates_repo, read by dnf repoquery' '
	cat >r.spec <<-\EOF &&
	Name: pvtest-r
	Version: %{ver}
	Release: 1
	Summary: test package
	License: MIT
	BuildArch: noarch
	%description
	A package for the outdated test.
	%files
	EOF
	for v in 1.0 1.1; do
		rpmbuild -bb --define "_topdir $TRASH/rb$v" --define "ver $v" \
			--define "_buildhost pvappliance" r.spec >rb.log 2>&1 || { cat rb.log; exit 1; }
	done &&
	mkdir -p rrepo rupd rapp rrel &&
	cp rb1.0/RPMS/noarch/*.rpm rrepo/ && createrepo_c -q rrepo &&
	cp rb1.1/RPMS/noarch/*.rpm rupd/ && createrepo_c -q rupd &&
	cat >rapp/appliance.conf <<-EOF &&
	name = rapp
	title = outdated rpm
	version = 1.0
	bootstrap = dnf
	release = 30
	repo = $TRASH/rrepo
	updates_repo = $TRASH/rupd
	kernel = paravirt-6.1
	disk_size = 1G
	EOF
	printf "pvtest-r 1.0-1 noarch pvtest-r 1.0-1\n" >rrel/rapp-1.0.packages &&
	test_expect_code 1 "$APPLIANCE" outdated --no-kernel --kernel-configs "$SRCDIR/kernel-configs" \
		rrel rapp >out 2>err &&
	echo "rapp newer pvtest-r noarch 1.0-1 1.1-1 appliance-updates" >expect &&
	test_cmp expect out &&
	printf "pvtest-r 1.1-1 noarch pvtest-r 1.1-1\n" >rrel/rapp-1.0.packages &&
	"$APPLIANCE" outdated --no-kernel --kernel-configs "$SRCDIR/kernel-configs" rrel rapp >out &&
	test_cmp /dev/null out
'

test_done
