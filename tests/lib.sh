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
#   test_set_prereq NAME / test_have_prereq NAME
#
# $APPLIANCE, $PVINIT and $KERNEL are the tools and the default kernel that
# `make check` built (under O= when given).
#
# Each test script runs in its own trash directory ($TRASH, also the working
# directory), removed at the end unless a test failed or TEST_KEEP=1.

set -u
TEST_NAME=$(basename "$0" .sh)
SRCDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
APPLIANCE=${APPLIANCE_BIN:-$SRCDIR/build/bin/appliance}
PVINIT=${PVINIT_BIN:-$SRCDIR/build/pvinit/pvinit}
KERNEL=${KERNEL_BIN:-$SRCDIR/build/kernel/paravirt-6.1/bzImage}
export SRCDIR APPLIANCE PVINIT KERNEL
export LC_ALL=C TZ=UTC
# Our own make's flags (O=, V=, -j, jobserver) must not reach the makes we run.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES GNUMAKEFLAGS O V

TRASH=$(mktemp -d "${TMPDIR:-/tmp}/$TEST_NAME.XXXXXX")
cd "$TRASH" || exit 1

test_count=0
test_failures=0
declare -A test_prereqs=()

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

test_expect_success() {
	local prereq='' desc body rc
	if (($# == 3)); then
		prereq=$1
		shift
	fi
	desc=$1 body=$2
	test_count=$((test_count + 1))
	if [[ -n $prereq ]] && ! test_have_prereq "$prereq"; then
		echo "ok $test_count # SKIP $desc (missing $prereq)"
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
