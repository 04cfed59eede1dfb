#!/bin/bash
# The kernel is not rebuilt needlessly: a second make does nothing; touching a
# fragment re-runs the config and policy check and finds the cached kernel;
# changing a fragment's content compiles (incrementally, in the shared object
# directory).
. "$(dirname "$0")/lib.sh"

test_require_tool FILE file file
if [[ -e /usr/src/linux-source-6.1.tar.xz ]]; then
	test_set_prereq KSRC
else
	echo "# SKIP: /usr/src/linux-source-6.1.tar.xz missing (Debian package linux-source-6.1; run make deps)"
fi

m() { make -C "$SRCDIR" --no-print-directory O="$TRASH/o" KERNEL_CONFIGS="$TRASH/kc" "$@"; }
K=o/build/kernel/paravirt-6.1

test_expect_success KSRC 'setup: a copy of kernel-configs, built once' '
	cp -r "$SRCDIR/kernel-configs" kc &&
	m kernel >out 2>&1 &&
	readlink $K >first
'

test_expect_success KSRC 'a second make kernel does nothing' '
	m kernel >out 2>&1 &&
	test_grep -v "KERNEL|POLICY" out
'

test_expect_success KSRC 'touching a fragment re-checks the config and reuses the kernel' '
	sleep 1 && touch kc/no-usb.config &&
	m kernel >out 2>&1 &&
	test_grep "POLICY .* 0 failed" out &&
	test_grep "cached:" out &&
	test_grep -v "compiling" out &&
	readlink $K >now && test_cmp first now
'

test_expect_success KSRC,FILE 'changing a fragment compiles a new kernel' '
	tag=t2020-$(date +%s%N) &&
	printf "CONFIG_LOCALVERSION=\"-%s\"\n" "$tag" >>kc/base-i386.config &&
	m kernel >out 2>&1 &&
	test_grep "compiling bzImage" out &&
	test_grep "built in [0-9]+ s" out &&
	readlink $K >now && ! test_cmp first now >/dev/null &&
	test_grep "^CONFIG_LOCALVERSION=\"-$tag\"$" $K/config &&
	file -L $K/bzImage >file.out &&
	test_grep "version 6\.1\.[0-9]+-$tag " file.out
'

test_expect_success KSRC 'cleanup: drop the test kernel from the cache' '
	dir=$(readlink $K) && case $dir in */kernel/*) rm -rf "$dir" ;; esac
'

test_done
