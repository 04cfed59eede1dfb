#!/bin/bash
# The libFuzzer harnesses (tests/fuzz/, built by make check when clang is
# installed): each replays its seed corpus, then fuzzes under ASan + UBSan:
# 10 seconds each in make check; in the long tier 10 minutes each, as many
# harnesses at a time as there are CPUs (each on its own core, so a
# harness gets the same work as alone). FUZZ_CHECK_SECONDS overrides both.
# Any length, one at a time: make fuzz FUZZ_SECONDS=N.
. "$(dirname "$0")/lib.sh"

if [[ ${TEST_LONG:-0} == 1 ]]; then
	SECONDS_EACH=${FUZZ_CHECK_SECONDS:-600}
	AT_ONCE=$(nproc)
else
	SECONDS_EACH=${FUZZ_CHECK_SECONDS:-10}
	AT_ONCE=1
fi
harnesses=()
for f in "${FUZZ_BIN_DIR:-$SRCDIR/build/fuzz}"/fuzz-*; do
	[[ -x $f ]] && harnesses+=("$f")
done
if ((${#harnesses[@]})); then
	test_set_prereq FUZZ
else
	echo "# SKIP: no fuzz harnesses were built (they need clang and libclang-rt-14-dev)"
fi

# fuzz_one HARNESS: its seeds, then SECONDS_EACH of new inputs; the
# exit status in NAME.status, the logs beside it.
fuzz_one() {
	local h=$1 name=${1##*/fuzz-} rc=0
	mkdir -p "corpus-$name"
	"$h" -runs=0 "$SRCDIR/tests/fuzz/corpus/$name" >"seeds-$name.log" 2>&1 || rc=$?
	((rc)) || "$h" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
		-max_len=1048576 -artifact_prefix="$TRASH/crash-$name-" \
		"corpus-$name" "$SRCDIR/tests/fuzz/corpus/$name" >"fuzz-$name.log" 2>&1 || rc=$?
	echo "$rc" >"$name.status"
}
export -f fuzz_one
export SECONDS_EACH SRCDIR TRASH

if test_have_prereq FUZZ; then
	printf '%s\n' "${harnesses[@]}" | xargs -P "$AT_ONCE" -I{} bash -c 'fuzz_one {}'
fi

for h in "${harnesses[@]}"; do
	name=${h##*/fuzz-}
	test_expect_success FUZZ "fuzz $name: the seed corpus, then $SECONDS_EACH s of new inputs" '
		test -d "$SRCDIR/tests/fuzz/corpus/'"$name"'" &&
		{ test "$(cat '"$name"'.status)" = 0 ||
		  { tail -n 40 seeds-'"$name"'.log fuzz-'"$name"'.log 2>/dev/null; false; }; } &&
		test_grep "^Done [0-9]+ runs" fuzz-'"$name"'.log &&
		sed -n "s/^Done \([0-9]*\) runs in \([0-9]*\) second.*/# note: fuzz '"$name"': \1 runs in \2 s, 0 crashes/p" \
			fuzz-'"$name"'.log >&3 &&
		! ls crash-'"$name"'-* 2>/dev/null
	'
done

test_done
