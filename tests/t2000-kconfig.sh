#!/bin/bash
# appliance kconfig merge/check from the command line, on fixture configs.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup' '
	printf "CONFIG_A=y\n# CONFIG_B is not set\n" >one.config &&
	printf "CONFIG_B=y\nCONFIG_C=m\nCONFIG_A=y\n" >two.config &&
	printf "CONFIG_X86_32=y\nCONFIG_A=y\nCONFIG_B=y\nCONFIG_C=m\n" >good.config
'

test_expect_success 'merge: later wins, overrides reported with both lines' '
	"$APPLIANCE" kconfig merge one.config two.config >merged 2>err &&
	printf "CONFIG_A=y\nCONFIG_B=y\nCONFIG_C=m\n" >expect &&
	test_cmp expect merged &&
	test_grep "^two.config:1: warning: CONFIG_B=y overrides CONFIG_B=n from one.config:2" err &&
	test_grep -v "CONFIG_A" err
'

test_expect_success 'merge --base -o writes the output atomically' '
	printf "CONFIG_Z=y\nCONFIG_B=m\n" >base.config &&
	"$APPLIANCE" kconfig merge --base base.config -o out.config one.config 2>err &&
	printf "CONFIG_Z=y\n# CONFIG_B is not set\nCONFIG_A=y\n" >expect &&
	test_cmp expect out.config &&
	! test -s err &&
	ls >files && test_grep -v "tmp" files
'

test_expect_success 'merge: a bad fragment is an error at file:line, no output' '
	printf "CONFIG_A=y\nCONFIG_B yes\n" >bad.config &&
	test_expect_code 1 "$APPLIANCE" kconfig merge -o never bad.config 2>err &&
	test_grep "^bad.config:2: error: .CONFIG_B. has no .=VALUE." err &&
	! test -e never
'

test_expect_success 'check: a config meeting the fragments passes' '
	"$APPLIANCE" kconfig check good.config two.config >out &&
	test_grep "good.config: 6 requirements checked, 6 met, 0 failed" out
'

test_expect_success 'check: every failure named, exit 1, full report on request' '
	printf "CONFIG_X86_32=y\nCONFIG_B=m\nCONFIG_ACPI=y\n" >final.config &&
	printf "CONFIG_A=y\nCONFIG_B=y\n# CONFIG_ACPI is not set\n" >want.config &&
	test_expect_code 1 "$APPLIANCE" kconfig check --report report final.config want.config >out &&
	test_grep "^FAIL CONFIG_A: requested y \(want.config:1\), but it is missing" out &&
	test_grep "^FAIL CONFIG_B: requested y \(want.config:2\), but final.config:2 has m" out &&
	test_grep "^FAIL CONFIG_ACPI: requested off" out &&
	test_grep "3 failed" out &&
	test_grep "^ok   CONFIG_X86_32" report
'

test_expect_success 'check: a 64-bit config is rejected' '
	printf "CONFIG_64BIT=y\nCONFIG_X86_64=y\nCONFIG_A=y\n" >64.config &&
	test_expect_code 1 "$APPLIANCE" kconfig check 64.config one.config >out &&
	test_grep "FAIL CONFIG_64BIT=y .*a 64-bit configuration" out
'

test_expect_success 'check --profile uses the shipped policy' '
	printf "CONFIG_X86_32=y\n" >tiny.config &&
	test_expect_code 1 "$APPLIANCE" kconfig check -q \
		--profile "$SRCDIR/kernel-configs/paravirt-6.1.profile" tiny.config >out &&
	test_grep "^FAIL CONFIG_PARAVIRT: requested y" out &&
	test_grep "^FAIL CONFIG_COMPAT_32BIT_TIME" out &&
	test_grep -v "^FAIL CONFIG_ACPI" out
'

test_done
