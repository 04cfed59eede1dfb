#!/bin/bash
# The test harness's own checks can fail: tests/chainlint finds a broken
# && chain and a loop without '|| exit 1', and tests/run fails a script
# that changes the work tree, naming the path, and counts a C test's skip.
. "$(dirname "$0")/lib.sh"

test_expect_success 'chainlint: a broken chain and an unguarded loop, by line' '
	printf "%s\n" ". lib.sh" "test_expect_success \"x\" \"" "	echo a" "	echo b &&" \
		"	for i in 1 2; do" "		test \$i = 1" "	done &&" \
		"	{ cat f; echo; } >g &&" "	while read l; do echo \"\$l\" || exit 1; done <g" \
		"\"" >bad.sh &&
	test_expect_code 1 "$SRCDIR/tests/chainlint" bad.sh >out &&
	printf "%s\n" "bad.sh:3: broken && chain after '"'"'a'"'"'" \
		"bad.sh:7: loop body'"'"'s last command lacks '"'"'|| exit 1'"'"'" \
		"bad.sh:8: broken && chain after '"'"'f'"'"'" >expect &&
	test_cmp expect out
'

test_expect_success 'chainlint: every test script of the tree is clean' '
	"$SRCDIR/tests/chainlint" "$SRCDIR"/tests/t[0-9]*.sh
'

test_expect_success 'tests/run fails a script that changes the work tree, and one that lints badly' '
	git init -q repo && mkdir repo/tests &&
	cp "$SRCDIR/tests/run" "$SRCDIR/tests/chainlint" repo/tests/ &&
	git -C repo add tests && git -C repo -c user.name=t -c user.email=t@t commit -qm t &&
	printf "%s\n" "echo \"ok 1 - writes\"; echo x >\"\$(dirname \"\$0\")/../dirt\"" >repo/tests/t1-dirty.sh &&
	printf "%s\n" "echo \"ok 1 - clean\"" >repo/tests/t2-clean.sh &&
	git -C repo add tests && git -C repo -c user.name=t -c user.email=t@t commit -qm t &&
	test_expect_code 1 repo/tests/run repo/tests/t1-dirty.sh repo/tests/t2-clean.sh >out &&
	test_grep "not ok - t1-dirty.sh changed the work tree" out &&
	test_grep "^    #   \?\? dirt [0-9a-f]{32}$" out &&
	test_grep "^t2-clean.sh +1 ok" out &&
	test_grep "^2 passed, 1 failed$" out &&
	cp bad.sh repo/tests/t3-lint.sh &&
	test_expect_code 1 repo/tests/run repo/tests/t3-lint.sh >out &&
	test_grep "not ok - chainlint" out
'

test_expect_success 'tests/run counts a C test'"'"'s skip as a skip' '
	printf "%s\n" "#!/bin/sh" "echo \"ok 1 # SKIP test_x: '"'"'qemu-img'"'"' is not installed (Debian package qemu-utils)\"" \
		"echo \"ok 2 - test_y\"" "echo 1..2" >t-unit &&
	chmod +x t-unit &&
	"$SRCDIR/tests/run" ./t-unit >out &&
	test_grep "1 ok, 1 skipped" out &&
	test_grep "^    ok 1 # SKIP test_x: .qemu-img. is not installed \(Debian package qemu-utils\)" out &&
	test_grep "^1 passed, 0 failed, 1 skipped$" out
'

test_expect_success 'ARRAY_SIZE refuses a pointer at compile time' '
	printf "%s\n" "#include \"core/array.h\"" "int f(void) { int a[4]; return (int)ARRAY_SIZE(a); }" >good.c &&
	gcc -std=c17 -Wall -Wpedantic -Werror -fsyntax-only -I "$SRCDIR/builder/lib" good.c &&
	printf "%s\n" "#include \"core/array.h\"" "int f(int *p) { return (int)ARRAY_SIZE(p); }" >bad.c &&
	test_must_fail gcc -std=c17 -fsyntax-only -I "$SRCDIR/builder/lib" bad.c 2>err &&
	test_grep "negative" err
'

# Each library module has its unit test (builder/t/STAGE/t-NAME.c, or a
# unit test whose first line names it) or says in its first comment which
# tests cover it ("Tested by ...").
test_expect_success 'every library module has a unit test or names the tests that cover it' '
	(cd "$SRCDIR/builder/lib" && find . -name "*.c" | sed "s|^\./||" | sort) >modules &&
	test "$(wc -l <modules)" -gt 50 &&
	covered() {
		test -f "$SRCDIR/builder/t/$(dirname "$1")/t-$(basename "$1")" ||
		head -n 3 "$SRCDIR"/builder/t/*/t-*.c "$SRCDIR"/builder/t/*/*/t-*.c |
			grep -qF "builder/lib/$1" ||
		sed -n "1,/\*\//p" "$SRCDIR/builder/lib/$1" | grep -q "Tested by"
	} &&
	while read -r m; do
		covered "$m" || { echo "$m: no unit test, and its first comment names no test"; exit 1; }
	done <modules
'

test_done
