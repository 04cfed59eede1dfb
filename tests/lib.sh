# tests/lib.sh: the integration test harness, in the style of git's t/.
# A test script sources this file, then calls test_expect_success and ends
# with test_done. Output is TAP; tests/run counts it.
#
#   test_expect_success [PREREQ,...] 'description' 'commands'
#   test_must_fail CMD...          CMD must exit 1-125 (not crash, not 126/127)
#   test_expect_code N CMD...      CMD must exit N
#   test_cmp EXPECTED ACTUAL       files must be equal (diff -u shown)
#   test_grep [-v] PATTERN FILE    grep -E that shows the file when it fails
#   test_require_tool PREREQ CMD PACKAGE   set PREREQ when CMD is on PATH,
#                                  else skip its tests loudly, naming PACKAGE
#   test_require_root [WHY]        set ROOT when running as root, else skip
#                                  its tests loudly, saying WHY root is needed
#   test_set_prereq NAME / test_have_prereq NAME
#   prerequisite LONG              the test is in the long tier: it runs
#                                  under `make check-long` (TEST_LONG=1) only
#   random_bytes N [LABEL]         N pseudo-random bytes on stdout, the same
#                                  every run (seeded by the test and LABEL)
#   corrupt_byte FILE OFFSET       change the byte at OFFSET, for certain
#   wait_for SECS CMD...           run CMD until it succeeds, at most SECS
#   free_ports [N]                 N TCP ports on 127.0.0.1 that nobody uses
#
# $APPLIANCE, $PVINIT, $FIRSTBOOT and $KERNEL are the tools and the default kernel that
# `make check` built (under O= when given).
#
# Each test script runs in its own trash directory ($TRASH, also the working
# directory), removed at the end unless a test failed or TEST_KEEP=1.

set -u
TEST_NAME=$(basename "$0" .sh)
SRCDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
APPLIANCE=${APPLIANCE_BIN:-$SRCDIR/build/bin/appliance}
PVINIT=${PVINIT_BIN:-$SRCDIR/build/pvinit/pvinit}
FIRSTBOOT=${FIRSTBOOT_BIN:-$SRCDIR/build/firstboot/pvappliance-firstboot}
KERNEL=${KERNEL_BIN:-$SRCDIR/build/kernel/paravirt-6.1/bzImage}
export SRCDIR APPLIANCE PVINIT FIRSTBOOT KERNEL
export LC_ALL=C TZ=UTC
# Our own make's flags (O=, V=, -j, jobserver) must not reach the makes we run.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES GNUMAKEFLAGS O V

# One date for the whole script: a commit made while a test runs must not
# change the epoch between a build and the check of its times.
if [[ -z ${SOURCE_DATE_EPOCH:-} ]]; then
	SOURCE_DATE_EPOCH=$(git -C "$SRCDIR" log -1 --format=%ct 2>/dev/null || echo 0)
fi
export SOURCE_DATE_EPOCH
# Test data comes from a seed, so that a failure can be replayed; a run
# with TEST_SEED=anything gets other data on purpose and says so.
TEST_SEED=${TEST_SEED:-}
[[ -n $TEST_SEED ]] && echo "# random data seeded with TEST_SEED=$TEST_SEED"

# A test body's output goes to a file; "# note: ..." lines written to fd 3
# reach the TAP stream, and tests/run shows them.
exec 3>&1

TRASH=$(mktemp -d "${TMPDIR:-/tmp}/$TEST_NAME.XXXXXX")
cd "$TRASH" || exit 1

test_count=0
test_failures=0
declare -A test_prereqs=()
# Two tiers, as git has EXPENSIVE: `make check` proves every capability
# once; `make check-long` adds what costs more without covering a new one.
[[ ${TEST_LONG:-0} == 1 ]] && test_prereqs[LONG]=1

test_set_prereq() { test_prereqs[$1]=1; }
test_have_prereq() {
	local p
	local IFS=,
	for p in $1; do
		[[ -n ${test_prereqs[$p]:-} ]] || return 1
	done
}

test_require_tool() {
	if command -v "$2" >/dev/null 2>&1; then
		test_set_prereq "$1"
	else
		echo "# SKIP: '$2' is not installed (Debian package $3); tests needing $1 are skipped"
	fi
}

test_require_root() {
	if [[ $EUID == 0 ]]; then
		test_set_prereq ROOT
	else
		echo "# SKIP: not root${1:+: $1}; tests needing ROOT are skipped"
	fi
}

test_expect_success() {
	local prereq='' desc body rc
	if (($# == 3)); then
		prereq=$1
		shift
	fi
	desc=$1 body=$2
	test_count=$((test_count + 1))
	if [[ -n $prereq ]] && ! test_have_prereq "$prereq"; then
		if [[ ,$prereq, == *,LONG,* ]] && ! test_have_prereq LONG; then
			echo "ok $test_count # SKIP $desc (long tier: make check-long)"
		else
			echo "ok $test_count # SKIP $desc (missing $prereq)"
		fi
		return 0
	fi
	if [[ ${TEST_VERBOSE:-0} == 1 ]]; then
		(set -e -o pipefail; eval "$body")
		rc=$?
	else
		(set -e -o pipefail; eval "$body") >"$TRASH/.test-output" 2>&1
		rc=$?
	fi
	if ((rc == 0)); then
		echo "ok $test_count - $desc"
	else
		test_failures=$((test_failures + 1))
		echo "not ok $test_count - $desc"
		echo "#   failed with status $rc:"
		sed 's/^/#   /' <<<"$body"
		if [[ -s $TRASH/.test-output ]]; then
			echo "#   output:"
			tail -n 60 "$TRASH/.test-output" | sed 's/^/#   > /'
		fi
	fi
}

test_must_fail() {
	local rc=0
	"$@" || rc=$?
	if ((rc == 0)); then
		echo "test_must_fail: '$*' succeeded" >&2
		return 1
	elif ((rc > 125)); then
		echo "test_must_fail: '$*' died or was not found (status $rc)" >&2
		return 1
	fi
	return 0
}

test_expect_code() {
	local want=$1 rc=0
	shift
	"$@" || rc=$?
	if ((rc != want)); then
		echo "test_expect_code: '$*' exited $rc, want $want" >&2
		return 1
	fi
}

test_cmp() { diff -u "$1" "$2"; }

test_grep() {
	local invert=0
	if [[ $1 == -v ]]; then
		invert=1
		shift
	fi
	[[ $1 == -- ]] && shift
	if ((invert)); then
		grep -Eq -- "$1" "$2" || return 0
		echo "test_grep: '$1' found in $2:" >&2
	else
		grep -Eq -- "$1" "$2" && return 0
		echo "test_grep: '$1' not found in $2:" >&2
	fi
	sed 's/^/  | /' "$2" >&2
	return 1
}

# AES-128-CTR over zeros, keyed by a hash of the seed: fast (1 GB/s),
# incompressible, and the same bytes for the same seed on every machine.
random_bytes() { # N [LABEL]
	local key
	key=$(printf '%s' "$TEST_NAME:${2:-}:$TEST_SEED" | sha256sum | cut -c1-64)
	head -c "$1" /dev/zero |
		openssl enc -aes-128-ctr -nosalt -K "${key:0:32}" -iv "${key:32:32}"
}

# Overwrite one byte with another value derived from it, then check that
# the file really changed: a fixed value would leave it unchanged once in
# 256 random files, and the test would then pass or fail by chance.
corrupt_byte() { # FILE OFFSET
	local old new
	old=$(od -An -tu1 -j "$2" -N1 -- "$1" | tr -d ' ')
	if [[ -z $old ]]; then
		echo "corrupt_byte: '$1' has no byte at offset $2" >&2
		return 1
	fi
	printf "\\$(printf %03o $(((old + 1) % 256)))" |
		dd of="$1" bs=1 seek="$2" conv=notrunc status=none || return 1
	new=$(od -An -tu1 -j "$2" -N1 -- "$1" | tr -d ' ')
	if [[ $new == "$old" ]]; then
		echo "corrupt_byte: byte $2 of '$1' is still $old" >&2
		return 1
	fi
}

# Wait for a condition instead of sleeping for a guess: poll CMD every
# 0.1 s; fail, naming it, when it has not succeeded within SECS.
wait_for() { # SECS CMD...
	local end=$((SECONDS + $1))
	shift
	until "$@" 2>/dev/null; do
		if ((SECONDS >= end)); then
			echo "wait_for: '$*' did not succeed in time" >&2
			return 1
		fi
		sleep 0.1
	done
}

# A port the kernel hands out as free (bind to port 0). Tests inside their
# own network namespace (unshare -n) use fixed ports: nothing else is there.
# free_ports N gives N different ones (all bound at once while asked).
free_ports() { # [N]
	/usr/bin/python3 - "${1:-1}" <<-\EOF
	import socket, sys
	socks = [socket.socket() for _ in range(int(sys.argv[1]))]
	for s in socks:
	    s.bind(("127.0.0.1", 0))
	print(" ".join(str(s.getsockname()[1]) for s in socks))
	EOF
}

test_done() {
	echo "1..$test_count"
	cd /
	if ((test_failures == 0)) && [[ ${TEST_KEEP:-0} != 1 ]]; then
		rm -rf "$TRASH"
	elif ((test_failures)); then
		echo "# trash directory kept: $TRASH"
	fi
	((test_failures == 0))
	exit
}
