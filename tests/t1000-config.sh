#!/bin/bash
# appliance config: the shipped appliances validate; a broken one is reported
# line by line; the output is make syntax that make itself reads back.
. "$(dirname "$0")/lib.sh"

cfg() { "$APPLIANCE" config --kernel-configs "$SRCDIR/kernel-configs" "$@"; }

test_expect_success 'the shipped appliances validate' '
	for a in debian fedora suse; do
		cfg "$SRCDIR/appliances/$a" >$a.mk || exit 1
		test_grep "^APP_${a}_NAME := $a$" $a.mk || exit 1
	done &&
	test_grep "^APP_debian_REQUIRE_HYPERVISOR := no$" debian.mk &&
	test_grep "^APP_fedora_REQUIRE_HYPERVISOR := yes$" fedora.mk &&
	test_grep "^APP_suse_REQUIRE_HYPERVISOR := yes$" suse.mk &&
	test_grep "^APP_debian_REPO := apt$" debian.mk &&
	test_grep "^APP_debian_ROOT_PASSWORD := locked$" debian.mk
'

test_expect_success 'make reads the variables back exactly' '
	mkdir -p tricky &&
	cat >tricky/appliance.conf <<-\EOF &&
	name = tricky
	title = Costs $5 # and a \backslash, \# and one at the end\
	version = 1.0
	bootstrap = dir
	repo = /srv/rootfs
	kernel = paravirt-6.1
	disk_size = 64M
	root_password = $y$j9T$abcdefghijklmnopqrstuv$ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdef
	EOF
	cfg -o tricky.mk tricky &&
	printf "include tricky.mk\nall:\n\t@printf \"%%s\\\\n\" '"'"'\$(APP_tricky_TITLE)'"'"' '"'"'\$(APP_tricky_ROOT_PASSWORD)'"'"'\n" >Makefile &&
	make -s >out &&
	printf "%s\n" "Costs \$5 # and a \\backslash, \\# and one at the end\\" \
		"\$y\$j9T\$abcdefghijklmnopqrstuv\$ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdef" >expect &&
	test_cmp expect out
'

test_expect_success 'a broken appliance.conf: every error, with its line, exit 1, no output' '
	mkdir -p broken &&
	printf "name = broken\nbootstrap = apt-get\nmemory = 1T\nroot_password = secret\n" \
		>broken/appliance.conf &&
	test_expect_code 1 cfg -o never.mk broken 2>err &&
	test_grep "broken/appliance.conf:2: error: bootstrap = .apt-get." err &&
	test_grep "broken/appliance.conf:3: error: memory = .1T." err &&
	test_grep "broken/appliance.conf:4: error: root_password: expected .locked." err &&
	test_grep "error: .title. is required" err &&
	test_grep -v "secret" err &&
	! test -e never.mk
'

test_expect_success 'a NUL byte or invalid UTF-8: the line and column, no output' '
	mkdir -p nul latin1 &&
	printf "name = nul\ntitle = a\0b\n" >nul/appliance.conf &&
	test_expect_code 1 cfg -o never.mk nul 2>err &&
	test_grep "nul/appliance.conf:2: error: a NUL byte at column 10" err &&
	printf "name = latin1\n# caf\xe9\n" >latin1/appliance.conf &&
	test_expect_code 1 cfg -o never.mk latin1 2>err &&
	test_grep "latin1/appliance.conf:2: error: not UTF-8 at column 6 \(byte 0xe9\).*re-save it as UTF-8" err &&
	! test -e never.mk
'

test_expect_success 'usage' '
	test_expect_code 2 "$APPLIANCE" config 2>err &&
	test_grep "name one appliance directory" err &&
	"$APPLIANCE" config --help >out &&
	test_grep "^  root_password +locked, or a crypt\(3\) hash" out &&
	test_grep "Default: locked\.$" out
'

test_done
