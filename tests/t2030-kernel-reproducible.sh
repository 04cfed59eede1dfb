#!/bin/bash
# Reproducible kernels, and kernel compiles beyond one machine: the default
# profile compiled from scratch in another cache root (another source
# directory, another object directory), through ccache and two distccd on
# loopback ports standing in for build hosts, gives the same bzImage,
# .config and System.map bytes as the cached local build.
# This compiles a whole kernel: about 3-5 minutes on 2 cores. Long tier:
# t2010 already compiles (or takes from the cache) the default kernel.
. "$(dirname "$0")/lib.sh"

if [[ -e /usr/src/linux-source-6.1.tar.xz ]]; then
	test_set_prereq KSRC
else
	echo "# SKIP: /usr/src/linux-source-6.1.tar.xz missing (Debian package linux-source-6.1; run make deps)"
fi
test_require_tool DISTCC distccd distcc
test_require_tool CCACHE ccache ccache

test_expect_success LONG,KSRC 'the default kernel, from the shared cache' '
	make -C "$SRCDIR" --no-print-directory O="$TRASH/a" kernel >out 2>&1 &&
	test -s a/build/kernel/paravirt-6.1/bzImage
'

# Two distccd, each allowed two jobs, bound to loopback, accepting loopback
# only, in the foreground under timeout, stopped by PID. As root distccd
# drops to an unprivileged user, which must be able to write its log.
read -r P1 P2 <<<"$(free_ports 2)"
start_distccd() { # port
	: >"distccd-$1.log" && chmod 666 "distccd-$1.log" &&
	timeout 3000 distccd --no-detach --daemon --listen 127.0.0.1 --port "$1" \
		--allow 127.0.0.1 --jobs 2 --user nobody --log-level info \
		--log-file "$TRASH/distccd-$1.log" &
	echo $! >"distccd-$1.pid"
}
stop_distccd() {
	for p in $P1 $P2; do
		[[ -f distccd-$p.pid ]] && kill "$(cat "distccd-$p.pid")" 2>/dev/null
	done
	wait 2>/dev/null
	return 0
}

test_expect_success LONG,KSRC,DISTCC,CCACHE 'the same kernel compiled from scratch elsewhere, through ccache and two distccd' '
	chmod 755 "$TRASH" &&
	start_distccd $P1 && start_distccd $P2 &&
	wait_for 30 bash -c "</dev/tcp/127.0.0.1/$P1" && wait_for 30 bash -c "</dev/tcp/127.0.0.1/$P2" &&
	CCACHE_DIR="$TRASH/ccache" CCACHE_PREFIX=distcc \
	make -C "$SRCDIR" --no-print-directory O="$TRASH/b" KERNEL_CACHE="$TRASH/cache" \
		DISTCC_HOSTS="127.0.0.1:$P1/2 127.0.0.1:$P2/2" KERNEL_CC="ccache gcc" KERNEL_JOBS=4 \
		kernel >out 2>&1 ||
		{ stop_distccd; cat out; exit 1; }
	stop_distccd &&
	test_grep "UNPACK" out &&
	test_grep "compiling bzImage with 4 jobs" out
'

test_expect_success LONG,KSRC,DISTCC 'both build hosts compiled part of it' '
	n1=$(grep -c "COMPILE_OK" distccd-$P1.log) &&
	n2=$(grep -c "COMPILE_OK" distccd-$P2.log) &&
	echo "distccd $P1: $n1 jobs, $P2: $n2 jobs" &&
	test "$n1" -gt 50 && test "$n2" -gt 50 &&
	test_grep -v "COMPILE_ERROR" distccd-$P1.log
'

test_expect_success LONG,KSRC,CCACHE 'ccache saw the compiles (a cold cache: misses)' '
	CCACHE_DIR="$TRASH/ccache" ccache --print-stats >stats &&
	misses=$(sed -n "s/^cache_miss\t//p" stats) &&
	echo "ccache misses: $misses" &&
	test "$misses" -gt 100
'

test_expect_success LONG,KSRC 'bit for bit the same' '
	for f in bzImage config System.map; do
		cmp a/build/kernel/paravirt-6.1/$f b/build/kernel/paravirt-6.1/$f || exit 1
	done &&
	# and so it has the same cache key
	test "$(basename "$(readlink a/build/kernel/paravirt-6.1)")" = \
	     "$(basename "$(readlink b/build/kernel/paravirt-6.1)")"
'

test_done
