#!/bin/bash
# The appliance front end: help, version, usage errors and exit codes.
. "$(dirname "$0")/lib.sh"

test_expect_success 'appliance --version prints the version' '
	"$APPLIANCE" --version >out &&
	test_grep "^appliance [0-9]+\.[0-9]+\.[0-9]+$" out
'

test_expect_success 'appliance help lists the commands' '
	"$APPLIANCE" help >out &&
	test_grep "^  kconfig " out &&
	test_grep "^  kernel " out &&
	"$APPLIANCE" --help >out2 &&
	test_cmp out out2
'

test_expect_success 'COMMAND --help and help COMMAND go to stdout, exit 0' '
	"$APPLIANCE" kconfig --help >out &&
	test_grep "usage: appliance kconfig merge" out &&
	"$APPLIANCE" help kernel >out &&
	test_grep "usage: appliance kernel build" out &&
	"$APPLIANCE" kernel build --help >out &&
	test_grep -- "--config-only" out
'

test_expect_success 'every command appliance help lists answers --help with its usage' '
	"$APPLIANCE" help --commands | cut -f1 >commands &&
	"$APPLIANCE" help >out &&
	while read -r c; do test_grep "^  $c +[a-z]" out || exit 1; done <commands &&
	test "$(wc -l <commands)" -ge 13 &&
	while read -r c; do
		"$APPLIANCE" "$c" --help >out || { echo "$c --help failed"; exit 1; }
		test_grep "^usage: appliance $c" out || exit 1
	done <commands
'

test_expect_success 'usage errors exit 2 with the usage on stderr' '
	test_expect_code 2 "$APPLIANCE" 2>err &&
	test_grep "^usage:" err &&
	test_expect_code 2 "$APPLIANCE" frobnicate 2>err &&
	test_grep "error: .frobnicate. is not a command" err &&
	test_expect_code 2 "$APPLIANCE" kconfig merge 2>err &&
	test_grep "name at least one fragment" err &&
	test_expect_code 2 "$APPLIANCE" kernel build 2>err &&
	test_grep -- "--profile is required" err &&
	test_expect_code 2 "$APPLIANCE" kernel build --profile x -j zero 2>err &&
	test_grep -- "-j .zero." err &&
	test_expect_code 2 "$APPLIANCE" kconfig check --bogus 2>err
'

test_expect_success 'a bad number for an option is a usage error naming it' '
	for j in 4294967297 0 3x "" " 4" +4 -1 99999999999999999999; do
		test_expect_code 2 "$APPLIANCE" verify --jobs "$j" SHA256SUMS 2>err &&
		test_grep -- "verify: --jobs .$j.: expected a whole number from 1 to 16" err || exit 1
	done &&
	test_expect_code 2 "$APPLIANCE" vmdk --level 13 -o x.vmdk x.raw 2>err &&
	test_grep -- "vmdk: --level .13.: expected a whole number from 1 to 12" err &&
	test_expect_code 2 env SOURCE_DATE_EPOCH=1e9 "$APPLIANCE" zip --folder a -o a.zip x 2>err &&
	test_grep -- "zip: SOURCE_DATE_EPOCH .1e9.: expected a whole number from 0 to" err &&
	! test -e a.zip
'

test_expect_success 'a full stdout is a failure, not silence' '
	test_expect_code 1 "$APPLIANCE" --version >/dev/full &&
	test_expect_code 1 "$APPLIANCE" help >/dev/full
'

test_done
