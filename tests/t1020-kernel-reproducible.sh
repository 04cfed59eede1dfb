#!/bin/bash
# Reproducible kernels: the default profile compiled from scratch in another
# cache root (another source directory, another object directory) gives the
# same bzImage, .config and System.map bytes as the cached build.
# This compiles a whole kernel: about 3-5 minutes on 2 cores.
. "$(dirname "$0")/lib.sh"

if [[ -e /usr/src/linux-source-6.1.tar.xz ]]; then
	test_set_prereq KSRC
else
	echo "# SKIP: /usr/src/linux-source-6.1.tar.xz missing (Debian package linux-source-6.1; run make deps)"
fi

test_expect_success KSRC 'the default kernel, from the shared cache' '
	make -C "$SRCDIR" --no-print-directory O="$TRASH/a" kernel >out 2>&1 &&
	test -s a/build/kernel/paravirt-6.1/bzImage
'

test_expect_success KSRC 'the same kernel compiled from scratch elsewhere' '
	make -C "$SRCDIR" --no-print-directory O="$TRASH/b" KERNEL_CACHE="$TRASH/cache" \
		kernel >out 2>&1 &&
	test_grep "UNPACK" out &&
	test_grep "compiling bzImage" out
'

test_expect_success KSRC 'bit for bit the same' '
	for f in bzImage config System.map; do
		cmp a/build/kernel/paravirt-6.1/$f b/build/kernel/paravirt-6.1/$f || exit 1
	done &&
	# and so it has the same cache key
	test "$(basename "$(readlink a/build/kernel/paravirt-6.1)")" = \
	     "$(basename "$(readlink b/build/kernel/paravirt-6.1)")"
'

test_done
