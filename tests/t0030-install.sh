#!/bin/bash
# make install / make uninstall: DESTDIR and PREFIX, every row of the
# install table (builder/install.mk) in place and nothing else, a prefix
# that finds its own files wherever it is moved, and an uninstall that
# leaves none of them.
. "$(dirname "$0")/lib.sh"

# The tools make check built: install them rather than compile again.
BUILT_O=${APPLIANCE%/build/bin/appliance}
m() { make -C "$SRCDIR" --no-print-directory O="$BUILT_O" "$@"; }

test_expect_success 'make install DESTDIR= PREFIX= installs exactly the table' '
	m install DESTDIR="$TRASH/stage" PREFIX=/opt/pva >out &&
	m -s print-INSTALL_FILES PREFIX=/opt/pva | tr " " "\n" | sed "s/^[^|]*|//" | sort >expect &&
	test -s expect &&
	(cd stage && find . ! -type d | sed "s/^\.//" | sort) >actual &&
	test_cmp expect actual &&
	test_grep "^/opt/pva/bin/appliance$" actual &&
	test_grep "^/opt/pva/lib/pvappliance/pvinit$" actual &&
	test_grep "^/opt/pva/lib/pvappliance/pvappliance-firstboot$" actual &&
	test_grep "^/opt/pva/share/pvappliance/kernel-configs/paravirt-6.1.profile$" actual &&
	test_grep "^/opt/pva/share/pvappliance/vmx-templates/esxi.vmx.in$" actual &&
	test_grep "^/opt/pva/share/pvappliance/appliances/debian/appliance.conf$" actual &&
	test_grep "^/opt/pva/share/pvappliance/make/appliances.mk$" actual &&
	test_grep "^/opt/pva/share/pvappliance/schemas/index.schema.json$" actual
'

test_expect_success 'programs are 0755, data 0644, the same bytes as built' '
	test "$(stat -c %a stage/opt/pva/bin/appliance)" = 755 &&
	test "$(stat -c %a stage/opt/pva/share/pvappliance/make/scripts/install-deps)" = 755 &&
	test "$(stat -c %a stage/opt/pva/share/pvappliance/kernel-configs/no-usb.config)" = 644 &&
	cmp "$PVINIT" stage/opt/pva/lib/pvappliance/pvinit &&
	file stage/opt/pva/lib/pvappliance/pvinit >out &&
	test_grep "ELF 32-bit.*Intel 80386.*statically linked" out
'

test_expect_success 'the source tree'"'"'s binary is not installed and says so' '
	test_expect_code 1 "$APPLIANCE" --data-dir 2>err &&
	test_grep "/build/share/pvappliance.*not installed" err
'

# The staged prefix moved elsewhere, run from another directory with the
# tree out of PATH: it must find its own files, not the build tree's.
test_expect_success 'a moved prefix finds its own data and lib directories' '
	cp -a stage/opt/pva moved && rm -rf stage &&
	(cd / && PATH=/usr/bin:/bin "$TRASH/moved/bin/appliance" --data-dir) >out &&
	echo "$TRASH/moved/share/pvappliance" >expect && test_cmp expect out &&
	(cd / && "$TRASH/moved/bin/appliance" --lib-dir) >out &&
	echo "$TRASH/moved/lib/pvappliance" >expect && test_cmp expect out
'

test_expect_success 'installed: config checks kernel = against the installed profiles' '
	d=moved/share/pvappliance/appliances &&
	(cd / && "$TRASH/moved/bin/appliance" config "$TRASH/$d/debian") >out &&
	test_grep "^APP_debian_KERNEL := paravirt-6.1$" out &&
	mkdir -p other && sed "s/^kernel *=.*/kernel = nosuch/" $d/debian/appliance.conf \
		>other/appliance.conf && mv other debian &&
	test_must_fail "$TRASH/moved/bin/appliance" config debian 2>err &&
	test_grep "nosuch.*$TRASH/moved/share/pvappliance/kernel-configs" err
'

test_expect_success 'installed: vmx renders with the installed templates by default' '
	(cd / && "$TRASH/moved/bin/appliance" vmx --vmdk debian.vmdk \
		"$TRASH/moved/share/pvappliance/appliances/debian") >out &&
	test_grep "^virtualHW.version = \"16\"$" out &&
	test_grep "= \"debian.vmdk\"$" out
'

test_expect_success 'make uninstall removes every file and our directories' '
	m install DESTDIR="$TRASH/stage" PREFIX=/opt/pva >out &&
	m uninstall DESTDIR="$TRASH/stage" PREFIX=/opt/pva >out &&
	find stage ! -type d >left && ! test -s left &&
	! test -e stage/opt/pva/share/pvappliance && ! test -e stage/opt/pva/lib/pvappliance
'

test_expect_success 'PREFIX defaults to /usr/local' '
	m -s print-PREFIX >out && echo /usr/local >expect && test_cmp expect out
'

test_done
