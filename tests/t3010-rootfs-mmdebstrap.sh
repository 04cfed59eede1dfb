#!/bin/bash
# bootstrap = mmdebstrap: a real uncached run makes the tree, which goes
# through the same hygiene pass; the long tier adds a second uncached run
# (another cache) and checks that tarball, tree and disk are bit-identical
# with SOURCE_DATE_EPOCH.
. "$(dirname "$0")/lib.sh"

test_require_tool MMDEBSTRAP mmdebstrap mmdebstrap
test_require_tool ARCHTEST arch-test arch-test
test_require_root "root filesystem trees keep owners and device nodes"
if [[ -x $PVINIT ]]; then test_set_prereq PVINIT; else echo "# SKIP: pvinit not built (make pvinit)"; fi

rootfs() {
	SOURCE_DATE_EPOCH=1700000000 "$APPLIANCE" rootfs --pvinit "$PVINIT" \
		--kernel-configs "$SRCDIR/kernel-configs" "$@"
}

test_expect_success ROOT,PVINIT,MMDEBSTRAP,ARCHTEST 'setup: an mmdebstrap appliance' '
	mkdir -p mm &&
	cat >mm/appliance.conf <<-\EOF
	name = mm
	title = mmdebstrap test
	version = 1
	bootstrap = mmdebstrap
	suite = bookworm
	kernel = paravirt-6.1
	disk_size = 1G
	packages = sysvinit-core
	EOF
'

test_expect_success ROOT,PVINIT,MMDEBSTRAP,ARCHTEST 'a run without a cache: mmdebstrap makes the tree' '
	rootfs --cache c1 -o one mm >out1 2>&1 &&
	test_grep "mmdebstrap bookworm" out1 &&
	test -x one/bin/sh
'

test_expect_success LONG,ROOT,PVINIT,MMDEBSTRAP,ARCHTEST 'two runs, two caches: the same bytes' '
	rootfs --cache c2 -o two mm >out2 2>&1 &&
	sha256sum c1/rootfs/*.tar | cut -d" " -f1 >sum1 &&
	sha256sum c2/rootfs/*.tar | cut -d" " -f1 >sum2 &&
	test_cmp sum1 sum2
'

test_expect_success ROOT,PVINIT,MMDEBSTRAP,ARCHTEST 'the third run comes from the cache' '
	rootfs --cache c1 -o three mm >out3 2>&1 &&
	test_grep "cached mmdebstrap bootstrap" out3
'

test_expect_success ROOT,PVINIT,MMDEBSTRAP,ARCHTEST 'the tree is cleaned like any other' '
	test "$(awk -F: "\$1==\"root\" {print \$2}" one/etc/shadow)" = "!" &&
	! test -s one/etc/machine-id &&
	! test -e one/etc/resolv.conf &&
	test_grep "^init = /sbin/init$" one/etc/pvinit.conf &&
	test -z "$(find one -newermt @1700000000 | head)"
'

test_expect_success LONG,ROOT,PVINIT,MMDEBSTRAP,ARCHTEST 'the two trees agree: contents, and every name, mode, owner, time' '
	diff -r --no-dereference -x dev one two &&
	(cd one && find . -printf "%p %M %u %g %T@ %s %l\n" | sort) >list1 &&
	(cd two && find . -printf "%p %M %u %g %T@ %s %l\n" | sort) >list2 &&
	test_cmp list1 list2
'

test_expect_success LONG,ROOT,PVINIT,MMDEBSTRAP,ARCHTEST 'end to end: the two trees give the same disk' '
	test -s "$KERNEL" &&
	SOURCE_DATE_EPOCH=1700000000 "$APPLIANCE" disk --rootfs one --kernel "$KERNEL" -o one.raw mm 2>err &&
	SOURCE_DATE_EPOCH=1700000000 "$APPLIANCE" disk --rootfs two --kernel "$KERNEL" -o two.raw mm 2>err &&
	cmp one.raw two.raw
'

test_done
