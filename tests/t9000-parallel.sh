#!/bin/bash
# Many appliances at once: `make -j4 fedora suse` in one output directory
# while a second make builds the same two in another, sharing the kernel
# cache and the bootstrap cache; neither clobbers the other, and both give
# the bytes of a build made alone. A build that finds the kernel cache in
# use waits for it and says so.
. "$(dirname "$0")/lib.sh"

test_require_tool DNF dnf dnf
test_require_tool ZYPPER zypper zypper
test_require_tool RPMBUILD rpmbuild rpm
test_require_tool CREATEREPO createrepo_c createrepo-c
test_require_tool FLOCK flock util-linux
test_require_root "bootstraps need it"

m() { make -C "$SRCDIR" --no-print-directory "$@"; }
repos() { echo FEDORA_REPO="file://$TRASH/repo" SUSE_REPO="file://$TRASH/repo"; }
OUTPUTS="fedora/fedora.vmdk fedora/fedora.vmx fedora/fedora.ova suse/suse.vmdk suse/suse.vmx suse/suse.ova"

test_expect_success ROOT,RPMBUILD,CREATEREPO 'setup: the local RPM repository' '
	SOURCE_DATE_EPOCH=1700000000 "$SRCDIR/tests/fixtures/make-rpm-repo" "$TRASH/repo"
'

test_expect_success ROOT,DNF,ZYPPER 'alone: fedora, then suse' '
	m O="$TRASH/alone" $(repos) fedora >alone.out 2>&1 &&
	m O="$TRASH/alone" $(repos) suse >>alone.out 2>&1 &&
	for f in $OUTPUTS; do test -s alone/out/$f || exit 1; done
'

test_expect_success ROOT,DNF,ZYPPER 'make -j4 of both, twice at once in two directories' '
	m O="$TRASH/p" $(repos) -j4 fedora suse >p.out 2>&1 &
	pid=$! &&
	m O="$TRASH/q" $(repos) -j4 fedora suse >q.out 2>&1 &&
	wait $pid &&
	test_grep "LINT .*/p/build/fedora/disk.raw" p.out &&
	test_grep "LINT .*/p/build/suse/disk.raw" p.out &&
	test_grep "LINT .*/q/build/suse/disk.raw" q.out
'

test_expect_success ROOT,DNF,ZYPPER 'the same bytes as the builds made alone' '
	for f in $OUTPUTS; do
		cmp alone/out/$f p/out/$f && cmp alone/out/$f q/out/$f || exit 1
	done &&
	for a in fedora suse; do
		cmp alone/build/$a/disk.raw p/build/$a/disk.raw || exit 1
	done &&
	! find p q -name "*.tmp*" | grep .
'

test_expect_success ROOT,DNF,ZYPPER,FLOCK 'a kernel cache in use: the build waits, says so, then goes on' '
	# the object directory of the default profile: one per kernel source
	# (a patched source is a source of its own), named by its source-id
	sid=$(sed -n "s/^source-id = //p" alone/build/kernel/paravirt-6.1/kernel.info) &&
	lock="$(m print-KERNEL_CACHE_ROOT)/obj/$sid-i386.lock" && test -e "$lock" &&
	rm alone/build/kernel/paravirt-6.1.stamp &&
	# hold the lock until the build has said it waits (at most 2 minutes)
	: >k.out &&
	flock "$lock" sh -c ": >held; timeout 120 sh -c \"until grep -q WAIT k.out; do sleep 0.1; done\"" &
	wait_for 60 test -e held &&
	m O="$TRASH/alone" kernel >k.out 2>&1 &&
	wait &&
	test_grep "WAIT .*in use by another build" k.out &&
	cmp alone/build/kernel/paravirt-6.1/bzImage p/build/kernel/paravirt-6.1/bzImage
'

test_done
