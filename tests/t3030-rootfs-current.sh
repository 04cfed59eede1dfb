#!/bin/bash
# Built current: an appliance is built from its suite, SUITE-updates and
# SUITE-security as this machine's apt names them. Here apt's configuration
# (--apt-etc) is this machine's plus a local repository whose -security
# suite holds a newer version of one package: the tree, the package list,
# the SBOM and the sources tar all have that version. (One mmdebstrap run,
# emulated on some machines: minutes.)
. "$(dirname "$0")/lib.sh"

test_require_tool MMDEBSTRAP mmdebstrap mmdebstrap
test_require_tool ARCHTEST arch-test arch-test
test_require_tool DPKGSOURCE dpkg-source dpkg-dev
if [[ $EUID == 0 && -x $PVINIT ]]; then
	test_set_prereq ROOT
else
	echo "# SKIP: not root, or pvinit not built (make pvinit)"
fi

export SOURCE_DATE_EPOCH=1700000000

test_expect_success ROOT,MMDEBSTRAP,ARCHTEST,DPKGSOURCE 'setup: a repository with a newer version in its -security suite' '
	"$SRCDIR/tests/fixtures/make-deb-bin-repo" "$TRASH/repo" bookworm pvtest-a=1.0 &&
	"$SRCDIR/tests/fixtures/make-deb-bin-repo" "$TRASH/repo" bookworm-security pvtest-a=1.1 &&
	mkdir -p etc/sources.list.d &&
	# This machine'"'"'s sources as they are (read here, never written down),
	# then the test repository'"'"'s two suites.
	if test -e /etc/apt/sources.list; then cp /etc/apt/sources.list etc/; fi &&
	for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
		if test -e "$f"; then cp "$f" etc/sources.list.d/; fi || exit 1
	done &&
	printf "deb [trusted=yes] file://%s %s main\n" "$TRASH/repo" bookworm \
		"$TRASH/repo" bookworm-security >etc/sources.list.d/zz-test.list &&
	mkdir -p app &&
	cat >app/appliance.conf <<-\EOF
	name = app
	title = built current
	version = 1
	bootstrap = mmdebstrap
	suite = bookworm
	kernel = paravirt-6.1
	disk_size = 1G
	packages = sysvinit-core pvtest-a
	security_updates = no
	EOF
'

test_expect_success ROOT,MMDEBSTRAP,ARCHTEST,DPKGSOURCE 'the tree has the -security version' '
	"$APPLIANCE" rootfs --pvinit "$PVINIT" --kernel-configs "$SRCDIR/kernel-configs" \
		--apt-etc "$TRASH/etc" --cache c -o tree app >out 2>&1 || { tail -30 out; exit 1; } &&
	test "$(chroot tree dpkg-query -W -f="\${Version}" pvtest-a)" = 1.1 &&
	test "$(cat tree/usr/share/pvtest-a/version)" = "pvtest-a 1.1" &&
	# nothing of the build'"'"'s sources: the distribution'"'"'s own list instead
	! grep -r "$TRASH" tree/etc &&
	test_grep "^deb .* bookworm-security " tree/etc/apt/sources.list
'

test_expect_success ROOT,MMDEBSTRAP,ARCHTEST,DPKGSOURCE 'the package list and the SBOM say 1.1' '
	"$APPLIANCE" sbom --format packages --rootfs tree -o pk app &&
	test_grep "^pvtest-a[[:space:]]+1\.1[[:space:]]" pk &&
	"$APPLIANCE" sbom --format spdx --rootfs tree -o sbom.json app &&
	/usr/bin/python3 -c "import json,sys; d=json.load(open(\"sbom.json\"));
v=[p[\"versionInfo\"] for p in d[\"packages\"] if p[\"name\"]==\"pvtest-a\"]
sys.exit(0 if v==[\"1.1\"] else 1)"
'

test_expect_success ROOT,MMDEBSTRAP,ARCHTEST,DPKGSOURCE 'the sources tar holds the -security source' '
	"$APPLIANCE" sources --best-effort --apt-etc "$TRASH/etc" --rootfs tree -o s.tar app \
		>out 2>&1 || { tail out; exit 1; } &&
	tar -xf s.tar &&
	test_grep "^pvtest-a 1\.1 ok pvtest-a_1\.1\.dsc pvtest-a_1\.1\.tar\.xz$" app-1-sources/SOURCES &&
	cmp repo/pool/main/pvtest-a_1.1.dsc app-1-sources/pvtest-a_1.1.dsc
'

test_done
