#!/bin/bash
# make publish records the release's sums; make reproduce rebuilds it from
# scratch in another directory and names any file that differs.
. "$(dirname "$0")/lib.sh"

test_require_tool DEBOOTSTRAP debootstrap debootstrap
test_require_root

m() { make -C "$SRCDIR" --no-print-directory O="$TRASH/o" RELEASE_RECORD="$TRASH/rec" "$@"; }

test_expect_success ROOT,DEBOOTSTRAP 'make publish writes the release and its record' '
	m publish >out 2>&1 &&
	test -s rec/1.0/SHA256SUMS && test -s o/out/release/1.0/debian.ova.torrent &&
	test_grep "  debian.ova$" rec/1.0/SHA256SUMS &&
	test_grep "  debian-1.0.zip$" rec/1.0/SHA256SUMS &&
	test_grep "  pvappliance-kernel-paravirt-6.1-source.tar$" rec/1.0/SHA256SUMS &&
	tar tf o/out/release/1.0/pvappliance-kernel-paravirt-6.1-source.tar >members &&
	test_grep "^source/linux-source-6.1.tar.xz$" members &&
	test_grep "^source/config$" members && test_grep "^source/pvinit/pvinit.c$" members &&
	tar -xOf o/out/release/1.0/pvappliance-kernel-paravirt-6.1-source.tar source/config |
		cmp - o/build/kernel/paravirt-6.1/config
'

test_expect_success ROOT,DEBOOTSTRAP 'make reproduce: a rebuild from scratch is bit for bit the record' '
	m reproduce VERSION_TO_CHECK=1.0 >out 2>&1 &&
	test_grep "reproduce: debian.ova: identical" out &&
	test_grep "reproduce: pvappliance-kernel-paravirt-6.1-source.tar: identical" out &&
	test_grep "reproduced bit for bit" out
'

test_expect_success ROOT,DEBOOTSTRAP 'a record that does not match: the file is named, exit non-zero' '
	corrupt_byte rec/1.0/SHA256SUMS "$(grep -b " debian.ova$" rec/1.0/SHA256SUMS | cut -d: -f1)" &&
	test_must_fail m reproduce VERSION_TO_CHECK=1.0 >out 2>&1 &&
	test_grep "reproduce: debian.ova: DIFFERS" out &&
	test_must_fail m reproduce >out 2>&1 &&
	test_grep "say which release" out
'

test_done
