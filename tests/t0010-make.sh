#!/bin/bash
# The Makefile: help, quiet and V=1 output, O=, the flags file, clean,
# SOURCE_DATE_EPOCH, and `make deps` as root and as an ordinary user.
. "$(dirname "$0")/lib.sh"

m() { make -C "$SRCDIR" --no-print-directory O="$TRASH/o" "$@"; }

test_expect_success 'make help lists the targets, the appliances and the formats from the tables' '
	m help >out &&
	for t in deps all kernel kernel-source appliance pvinit firstboot NAME NAME-boot-test \
		 boot-test formats publish reproduce seed diff-release check check-long unit \
		 clean; do
		test_grep "^  make $t " out || exit 1
	done &&
	for a in $(cd "$SRCDIR/appliances" && ls); do
		test_grep "^Appliances .*: .*\b$a\b" out || exit 1
	done &&
	for f in "$SRCDIR"/builder/outputs/*.mk; do
		test_grep "^  $(basename "$f" .mk) +(yes|no|optional) " out || exit 1
	done &&
	# it builds no tool (a fresh clone runs make help before make deps)
	! test -e o/build/bin/appliance &&
	test_grep "optional ones only when release.conf.s formats = lists them" out
'

test_expect_success 'make deps GOAL: the packages first, then GOAL in a second make' '
	m -n deps help >out 2>&1 &&
	test_grep "install-deps" out && test_grep "Targets:" out
'

test_expect_success 'make appliance builds quietly into O=' '
	m appliance >out 2>&1 &&
	test -x o/build/bin/appliance &&
	test_grep "^  CC      builder/lib/kernel/kconfig.c$" out &&
	test_grep "^  LINK    .*/o/build/bin/appliance$" out &&
	test_grep -v "gcc .*-c" out
'

test_expect_success 'a second make appliance does nothing' '
	m appliance >out 2>&1 &&
	test_grep -v "CC|LINK" out
'

test_expect_success 'changed CFLAGS rebuild everything (flags file), V=1 shows commands' '
	m V=1 CFLAGS="-O1 -g" appliance >out 2>&1 &&
	test_grep "gcc .* -O1 -g .*-c -o .*/kconfig.o builder/lib/kernel/kconfig.c" out &&
	test_grep "gcc .* -O1 -g .*-c -o .*/main.o builder/cmd/main.c" out &&
	m CFLAGS="-O1 -g" appliance >out 2>&1 &&
	test_grep -v "CC " out
'

test_expect_success 'SOURCE_DATE_EPOCH comes from the last commit' '
	if git -C "$SRCDIR" rev-parse --git-dir >/dev/null 2>&1; then
		git -C "$SRCDIR" log -1 --format=%ct >expect
	else
		echo 0 >expect
	fi &&
	(unset SOURCE_DATE_EPOCH; m print-SOURCE_DATE_EPOCH) >actual &&
	test_cmp expect actual &&
	SOURCE_DATE_EPOCH=12345 m print-SOURCE_DATE_EPOCH >actual &&
	echo 12345 >expect && test_cmp expect actual
'

test_expect_success 'make clean removes build/ and out/ under O=' '
	mkdir -p o/out && m clean >out &&
	! test -e o/build && ! test -e o/out
'

test_expect_success 'install-deps is idempotent: installed packages need nothing' '
	"$SRCDIR/builder/scripts/install-deps" coreutils bash >out 2>&1 &&
	test_grep "all 2 packages installed" out
'

if [[ $EUID == 0 ]] && command -v setpriv >/dev/null; then
	test_set_prereq ROOT_AND_SETPRIV
else
	echo "# SKIP: not root, or setpriv (util-linux) missing: cannot test make deps as a user"
fi

test_expect_success ROOT_AND_SETPRIV 'as a user, install-deps prints the apt-get line and fails' '
	nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; } &&
	test_expect_code 1 nobody "$SRCDIR/builder/scripts/install-deps" \
		coreutils pvappliance-no-such-package 2>err &&
	test_grep "missing Debian packages: pvappliance-no-such-package$" err &&
	test_grep "run as root: apt-get install -y --no-install-recommends pvappliance-no-such-package$" err &&
	nobody "$SRCDIR/builder/scripts/install-deps" --if-root pvappliance-no-such-package 2>err &&
	test_grep "run as root" err
'

test_expect_success 'output formats: every row whole; make NAME and make publish take them from the table' '
	m formats >formats &&
	outputs=$(m print-OUTPUTS) && test -n "$outputs" &&
	for f in $outputs; do
		for v in FILE DEPS CMD PUBLISH FOR; do
			test -n "$(m print-OUTPUT_${f}_$v)" || { echo "OUTPUT_${f}_$v is empty"; exit 1; }
		done
		test_grep "^$f +publish=(yes|no|optional) " formats || exit 1
	done &&
	test_grep "^debian: .*/out/debian/debian.ova .*/debian.vmdk .*/debian.vmx .*/debian-1.0.zip$" formats &&
	m print-RELEASE_FILES >rel &&
	test_grep "/debian.ova " rel && test_grep "/debian-1.0.zip " rel && test_grep -v "debian.vm" rel &&
	test_grep "/debian-1.0.packages " rel && test_grep "/debian-1.0.spdx.json " rel &&
	# the optional formats only when release.conf asks for them
	test_grep -v "qcow2\|libvirt\|img.xz" rel &&
	{ cat "$SRCDIR/checksums/release.conf" && echo "formats = qcow2 libvirt img"; } >rel.conf &&
	m print-RELEASE_FILES RELEASE_CONF="$TRASH/rel.conf" >rel &&
	test_grep "/debian.qcow2 " rel && test_grep "/debian.libvirt.xml " rel &&
	test_grep "/debian.img.xz " rel &&
	# make debian asks for every file of the table
	m -n -W "$TRASH/o/build/debian/disk.raw" debian >plan 2>&1 &&
	for f in $(sed -n "s/^debian://p" formats); do
		test_grep "READY .*$(basename "$f")" plan || exit 1
	done
'

test_done
