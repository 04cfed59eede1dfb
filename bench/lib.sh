# bench/lib.sh: shared by the benchmarks. A benchmark runs ours and the
# tool people use instead on the same input in one hyperfine run
# (alternating, several runs), prints the medians, the ratio and peak
# memory. Figures, never assertions: a benchmark does not fail on a slow
# machine, it says so.
set -euo pipefail
export LC_ALL=C TZ=UTC

SRCDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
APPLIANCE=${APPLIANCE_BIN:-$SRCDIR/build/bin/appliance}
# Inputs are generated once and kept: a 1 GiB file takes a while to make.
BENCH_DATA=${BENCH_DATA:-/var/tmp/pvappliance-bench}
RUNS=${RUNS:-5}
NPROC=$(nproc)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$BENCH_DATA"

for tool in hyperfine python3 /usr/bin/time; do
	command -v "$tool" >/dev/null || {
		echo "bench: '$tool' is missing: run 'make bench-deps' (as root)" >&2
		exit 1
	}
done
[[ -x $APPLIANCE ]] || { echo "bench: no $APPLIANCE: run 'make appliance'" >&2; exit 1; }

# incompressible FILE MIB: random bytes (made once, then reused).
incompressible() {
	[[ -s $1 && $(stat -c %s "$1") == $(($2 << 20)) ]] && return
	echo "bench: generating $1 ($2 MiB of random data)" >&2
	head -c $(($2 << 20)) /dev/urandom >"$1.tmp" && mv "$1.tmp" "$1"
}

# machine: what the figures were measured on.
machine() {
	echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)," \
		"$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)," \
		"$(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
	grep -q -w sha_ni /proc/cpuinfo && echo "         SHA instructions: yes" ||
		echo "         SHA instructions: no (libcrypto's SHA-1/SHA-256 run in software)"
}

# compare TITLE NAME1 CMD1 NAME2 CMD2 [NAME CMD]...: one hyperfine run of
# them all; medians, and each command's time relative to the first.
compare() {
	local title=$1 json=$WORK/hf.json
	shift
	local args=()
	while (($#)); do
		args+=(-n "$1" "$2")
		shift 2
	done
	echo "== $title"
	hyperfine --style none --warmup 1 --runs "$RUNS" --export-json "$json" "${args[@]}" \
		>"$WORK/hf.log" 2>&1 || { cat "$WORK/hf.log" >&2; return 1; }
	python3 - "$json" <<-\PY
	import json, sys
	r = json.load(open(sys.argv[1]))["results"]
	base = r[0]["median"]
	for x in r:
	    print("   %-28s median %7.3f s  (min %.3f, max %.3f)  %5.2fx the time of %s"
	          % (x["command"], x["median"], x["min"], x["max"], x["median"] / base,
	             r[0]["command"]))
	PY
}

# median_of NAME: the median of NAME in the last compare, in seconds.
median_of() {
	python3 - "$WORK/hf.json" "$1" <<-\PY
	import json, sys
	for x in json.load(open(sys.argv[1]))["results"]:
	    if x["command"] == sys.argv[2]:
	        print("%.4f" % x["median"])
	PY
}

# peak_rss NAME CMD...: the command's peak resident memory, once.
peak_rss() {
	local name=$1
	shift
	/usr/bin/time -f %M -o "$WORK/rss" "$@" >/dev/null 2>&1
	printf '   %-28s peak memory %6.1f MiB\n' "$name" "$(awk '{ print $1 / 1024 }' "$WORK/rss")"
}

# goal DESCRIPTION ACTUAL-RATIO OP TARGET: print whether a goal was met.
goal() {
	local met
	met=$(python3 -c "import sys; a, t = float('$2'), float('$4'); print('met' if (a >= t if '$3' == '>=' else a <= t) else 'MISSED')")
	printf '   goal: %-52s %6.2fx (target %s %sx): %s\n' "$1" "$2" "$3" "$4" "$met"
}

ratio() { python3 -c "print('%.3f' % ($1 / $2))"; }

# real_tree DIR MIB: a tree of about MIB MiB of this machine's real files
# (libraries, documentation, locales), the kind of data an appliance holds.
real_tree() {
	[[ -f $1.done && $(cat "$1.done") == "$2" ]] && return
	echo "bench: collecting about $2 MiB of real files into $1" >&2
	rm -rf "$1" "$1.done"
	mkdir -p "$1"
	# Many small files (documentation, scripts, locales) and some large
	# ones (libraries), as in a distribution's root filesystem: the first
	# files found, in this order of places, that fit the budget. One find
	# and one tar pipe (a loop of stat and cp per file takes half an hour
	# for 800 MiB).
	local srcs=() src
	for src in /usr/share/doc /usr/lib/python3 /usr/share/perl /usr/share/locale /usr/bin \
		/usr/lib/x86_64-linux-gnu /usr/share /usr/lib /usr/libexec; do
		[[ -d $src ]] && srcs+=("$src")
	done
	find "${srcs[@]}" -xdev -type f -size -20M -printf '%s %p\0' 2>/dev/null |
		awk -v RS='\0' -v ORS='\0' -v budget=$(($2 << 20)) '
			{ size = $1; sub(/^[0-9]+ /, "") }
			seen[$0]++ { next }
			used + size <= budget { used += size; print }' >"$1.list"
	tar -cf - --null --no-recursion -T "$1.list" 2>/dev/null | tar -xf - -C "$1"
	rm -f "$1.list"
	echo "$2" >"$1.done"
}

# ext3_image IMG TREE SIZE: TREE in a fresh ext3 image of SIZE (mke2fs -d).
ext3_image() {
	[[ -s $1 && $1 -nt $2.done ]] && return
	echo "bench: making $1 from $2" >&2
	rm -f "$1"
	mke2fs -q -F -t ext3 -d "$2" -E root_owner=0:0 "$1" "$3"
}

# size_mib FILE: its size, or its allocated size with --allocated.
size_mib() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f", b / 1048576 }'; }
alloc_mib() { awk -v b="$(($(stat -c %b "$1") * 512))" 'BEGIN { printf "%.1f", b / 1048576 }'; }
