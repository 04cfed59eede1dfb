#!/bin/bash
# The dnf and zypper backends, offline: a local RPM repository built here
# (tests/fixtures/make-rpm-repo: Debian's static i386 busybox packaged by
# rpmbuild, indexed by createrepo_c), then `make fedora FEDORA_REPO=...` and
# `make suse SUSE_REPO=...` run the real dnf and zypper against it.
. "$(dirname "$0")/lib.sh"

test_require_tool DNF dnf dnf
test_require_tool ZYPPER zypper zypper
test_require_tool RPMBUILD rpmbuild rpm
test_require_tool CREATEREPO createrepo_c createrepo-c
test_require_root

m() { make -C "$SRCDIR" --no-print-directory O="$TRASH/o" "$@"; }

test_expect_success ROOT,RPMBUILD,CREATEREPO 'setup: a local i586 RPM repository' '
	SOURCE_DATE_EPOCH=1700000000 "$SRCDIR/tests/fixtures/make-rpm-repo" "$TRASH/repo" &&
	ls repo/pvtest-userland-1.0-1.i586.rpm && test -f repo/repodata/repomd.xml
'

test_expect_success ROOT,DNF 'make fedora with dnf from the local repository' '
	m fedora FEDORA_REPO="file://$TRASH/repo" >out 2>&1 &&
	test_grep "ROOTFS  fedora: dnf from file://" out &&
	R=o/build/fedora/rootfs &&
	test -x $R/bin/busybox && test -L $R/sbin/init &&
	rpm --root "$TRASH/$R" --dbpath /var/lib/rpm -q pvtest-userland >q &&
	test_grep "^pvtest-userland-1\.0-1\.i586$" q
'

test_expect_success ROOT,DNF 'the fedora tree refuses native hardware and is clean' '
	R=o/build/fedora/rootfs &&
	test_grep "^require_hypervisor = yes$" $R/etc/pvinit.conf &&
	test "$(awk -F: "\$1==\"root\" {print \$2}" $R/etc/shadow)" = "!" &&
	! test -s $R/etc/machine-id &&
	test -z "$(ls -A $R/var/lib/dnf)" &&
	! test -e $R/var/cache/dnf/appliance* &&
	! grep -rIl -- "$TRASH" $R &&
	test "$(cat $R/etc/hostname)" = fedora-appliance
'

test_expect_success ROOT,ZYPPER 'make suse with zypper from the local repository' '
	m suse SUSE_REPO="$TRASH/repo" >out 2>&1 &&
	test_grep "ROOTFS  suse: zypper from file://" out &&
	R=o/build/suse/rootfs &&
	rpm --root "$TRASH/$R" --dbpath /usr/lib/sysimage/rpm -q pvtest-userland >q &&
	test_grep "^pvtest-userland-1\.0-1\.i586$" q &&
	test_grep "^require_hypervisor = yes$" $R/etc/pvinit.conf &&
	# the repository file of the distribution stays (the userland ships it),
	# the one of the build is gone
	test "$(ls -A $R/etc/zypp/repos.d)" = pvtest.repo &&
	! test -e $R/var/lib/zypp/AnonymousUniqueId &&
	! grep -rIl -- "$TRASH" $R &&
	test "$(cat $R/etc/hostname)" = suse-appliance
'

test_expect_success ROOT,DNF 'the second make comes from the bootstrap cache' '
	rm -rf o/build/fedora &&
	m fedora FEDORA_REPO="file://$TRASH/repo" >out 2>&1 &&
	test_grep "cached dnf bootstrap" out
'

test_expect_success ROOT,DNF 'a repository that is not there: named, with the setting' '
	test_must_fail m fedora FEDORA_REPO=file:///nonexistent/repo >out 2>&1 &&
	test_grep "cannot download from .file:///nonexistent/repo.; .*point .repo =. in appliances/fedora/appliance.conf" out &&
	! test -e o/build/fedora/rootfs.tmp
'

test_done
