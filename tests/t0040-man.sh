#!/bin/bash
# The man pages: every subcommand of the table (appliance help --commands)
# in appliance(1), every key of the key tables (config --keys,
# release-config --keys) in appliance.conf(5) and release.conf(5), read
# from the tool rather than typed here; groff -ww and man --warnings
# silent; the installed pages compressed, the same bytes each build.
. "$(dirname "$0")/lib.sh"
test_require_tool MAN man man-db
test_require_tool GROFF groff groff-base

BUILT_O=${APPLIANCE%/build/bin/appliance}
m() { make -C "$SRCDIR" --no-print-directory O="$BUILT_O" "$@"; }
MAN=$BUILT_O/build/man

# The page as a reader sees it, wide enough that no name is hyphenated.
render() { MANWIDTH=200 man --no-hyphenation -l "$1" 2>/dev/null; }

test_expect_success MAN,GROFF 'make man builds the four pages' '
	m man >out 2>&1 &&
	for p in appliance.1 appliance.conf.5 release.conf.5 pvappliance-firstboot.8; do
		test -s "$MAN/$p.gz" || { echo "no $p.gz"; exit 1; }
	done
'

test_expect_success MAN,GROFF 'groff -ww and man --warnings report nothing' '
	for p in "$MAN"/*.gz; do
		zcat "$p" | groff -ww -man -z 2>err && ! test -s err || { cat err; exit 1; }
		man --warnings -l "$p" 2>err >/dev/null && ! test -s err || { cat err; exit 1; }
	done
'

test_expect_success MAN,GROFF 'appliance(1) has every subcommand of the table, with its usage' '
	render "$MAN/appliance.1.gz" >page &&
	"$APPLIANCE" help --commands >commands &&
	test "$(wc -l <commands)" -ge 13 &&
	while IFS="	" read -r c summary; do
		test_grep "^   appliance $c$" page || exit 1
		grep -qF -- "$summary" page || { echo "not in the page: $summary"; exit 1; }
		test_grep "^       usage: appliance $c" page || exit 1
	done <commands &&
	for s in "EXIT STATUS" ENVIRONMENT FILES EXAMPLES; do test_grep "^$s$" page || exit 1; done
'

# A key is a tagged paragraph: its name alone on a line, or before its text.
keys_in_page() { # CMD PAGE
	"$APPLIANCE" "$1" --keys | grep -v "^#" | cut -f1 >keys &&
	test "$(wc -l <keys)" -ge 5 &&
	render "$MAN/$2.gz" >page &&
	while read -r k; do
		test_grep "^       $k( |$)" page || exit 1
	done <keys
}

test_expect_success MAN,GROFF 'appliance.conf(5) has every key appliance config accepts' '
	keys_in_page config appliance.conf.5 &&
	"$APPLIANCE" config --keys | grep -v "^#" | cut -f4 | while read -r v; do
		grep -qF -- "Make variable: $v." page || { echo "not in the page: Make variable: $v."; exit 1; }
	done
'

test_expect_success MAN,GROFF 'release.conf(5) has every key release-config accepts' '
	keys_in_page release-config release.conf.5
'

test_expect_success MAN,GROFF 'a key the table drops would be missing: the check can fail' '
	render "$MAN/release.conf.5.gz" | grep -v "^       gpg_key" >page &&
	echo gpg_key >keys &&
	! test_grep "^       gpg_key( |$)" page
'

test_expect_success MAN,GROFF 'pvappliance-firstboot(8): the three ways in, its files' '
	render "$MAN/pvappliance-firstboot.8.gz" >page &&
	for w in passwd.hashed-password.root ssh.authorized_keys.root system.hostname \
		 io.systemd.credential guestinfo.ovfEnv /var/lib/pvappliance/firstboot.done; do
		grep -qF -- "$w" page || { echo "not in the page: $w"; exit 1; }
	done
'

test_expect_success MAN,GROFF 'compressed without name or time: rebuilt, the same bytes' '
	cp "$MAN/appliance.1.gz" before.gz &&
	rm -f "$MAN"/appliance.1 "$MAN"/appliance.1.gz && m man >out 2>&1 &&
	cmp before.gz "$MAN/appliance.1.gz" &&
	od -An -tu1 -j4 -N4 before.gz | tr -s " " >mtime && echo " 0 0 0 0" >expect &&
	test_cmp expect mtime &&
	gzip -lN before.gz | grep -v "appliance.1$" >/dev/null
'

test_expect_success MAN,GROFF 'make install puts them compressed under MANDIR' '
	m install DESTDIR="$TRASH/stage" PREFIX=/usr >out &&
	MANPATH="$TRASH/stage/usr/share/man" man -w appliance appliance.conf release.conf \
		pvappliance-firstboot >where &&
	test "$(wc -l <where)" = 4 && test_grep "man5/release.conf.5.gz$" where
'

test_done
