#!/bin/bash
# The appliance's sources: appliance sources and make's NAME-VERSION-sources.tar
# on a small tree (a handful of packages) against a local Debian source
# repository built here (tests/fixtures/make-deb-src-repo; this machine's
# mirror is not relied on: it serves the deb-src index, but not every
# source file); a missing source is an error naming it, or listed with
# best-effort; the host's apt lists are untouched. RPM: the matching .src.rpm
# from a local repository.
. "$(dirname "$0")/lib.sh"

test_require_tool DPKGSOURCE dpkg-source dpkg-dev
test_require_tool APTGET apt-get apt
test_require_tool RPMBUILD rpmbuild rpm
test_require_tool CREATEREPO createrepo_c createrepo-c

m() { make -C "$SRCDIR" --no-print-directory O="$TRASH/o" "$@"; }
export SOURCE_DATE_EPOCH=1700000000

test_expect_success DPKGSOURCE 'setup: a source repository; a tree of four packages from three sources' '
	"$SRCDIR/tests/fixtures/make-deb-src-repo" "$TRASH/srcrepo" pvtest-a=1.0 pvtest-b=2.0 pvtest-b=2.1 &&
	mkdir -p tree/var/lib/dpkg &&
	cat >tree/var/lib/dpkg/status <<-\EOF
	Package: pvtest-a
	Status: install ok installed
	Architecture: all
	Version: 1.0

	Package: pvtest-a-doc
	Status: install ok installed
	Architecture: all
	Source: pvtest-a
	Version: 1.0

	Package: pvtest-b
	Status: install ok installed
	Architecture: i386
	Version: 2.0

	Package: pvtest-c
	Status: install ok installed
	Architecture: i386
	Version: 3.0
	EOF
'

test_expect_success DPKGSOURCE,APTGET 'a source the repository lacks: an error naming it and its version, no tar' '
	ls -la --time-style=full-iso /var/lib/apt/lists >lists.before 2>/dev/null || : >lists.before &&
	test_expect_code 1 "$APPLIANCE" sources --rootfs tree --repo "file://$TRASH/srcrepo" \
		-o s.tar "$SRCDIR/appliances/debian" >out 2>err &&
	test_grep "source package .pvtest-c. version .3\.0. cannot be fetched.*sources = best-effort" err &&
	test_grep "1 of 3 source packages missing" err &&
	! test -e s.tar && ! ls s.tar.* 2>/dev/null
'

test_expect_success DPKGSOURCE,APTGET 'best-effort: the exact versions, the missing one listed in SOURCES' '
	"$APPLIANCE" sources --best-effort --rootfs tree --repo "file://$TRASH/srcrepo" \
		-o s.tar "$SRCDIR/appliances/debian" >out 2>err &&
	tar -tf s.tar >names &&
	cat >expect <<-\EOF &&
	debian-1.0-sources/SOURCES
	debian-1.0-sources/pvtest-a_1.0.dsc
	debian-1.0-sources/pvtest-a_1.0.tar.xz
	debian-1.0-sources/pvtest-b_2.0.dsc
	debian-1.0-sources/pvtest-b_2.0.tar.xz
	EOF
	test_cmp expect names &&
	tar -xf s.tar &&
	for f in pvtest-a_1.0.dsc pvtest-a_1.0.tar.xz pvtest-b_2.0.dsc pvtest-b_2.0.tar.xz; do
		cmp srcrepo/pool/main/$f debian-1.0-sources/$f || exit 1
	done &&
	cat >expect <<-\EOF &&
	# source version ok FILE... | source version missing
	pvtest-a 1.0 ok pvtest-a_1.0.dsc pvtest-a_1.0.tar.xz
	pvtest-b 2.0 ok pvtest-b_2.0.dsc pvtest-b_2.0.tar.xz
	pvtest-c 3.0 missing
	EOF
	test_cmp expect debian-1.0-sources/SOURCES &&
	(cd debian-1.0-sources && dpkg-source -x pvtest-b_2.0.dsc x >/dev/null) &&
	test_grep "^pvtest-b 2.0$" debian-1.0-sources/x/README
'

test_expect_success DPKGSOURCE,APTGET 'the same tree gives the same bytes; the host'"'"'s apt lists are untouched' '
	"$APPLIANCE" sources --best-effort --rootfs tree --repo "file://$TRASH/srcrepo" \
		-o again.tar "$SRCDIR/appliances/debian" 2>err &&
	cmp s.tar again.tar &&
	{ ls -la --time-style=full-iso /var/lib/apt/lists 2>/dev/null || :; } >lists.after &&
	test_cmp lists.before lists.after
'

test_expect_success DPKGSOURCE,APTGET 'make: release.conf sources = best-effort adds the tar to the release' '
	printf "version = 9\ntitle = t\nbase_url = http://127.0.0.1:1/r\nsources = best-effort\n" >rel.conf &&
	m print-RELEASE_FILES RELEASE_CONF="$TRASH/rel.conf" >files &&
	test_grep "/out/debian/debian-1.0-sources.tar" files &&
	sed "s/best-effort/no/" rel.conf >no.conf &&
	m print-RELEASE_FILES RELEASE_CONF="$TRASH/no.conf" >files &&
	test_grep -v "sources.tar" files &&
	mkdir -p o/build/debian && cp -a tree o/build/debian/rootfs && touch o/build/debian/rootfs.stamp &&
	m -o "$TRASH/o/build/debian/rootfs.stamp" "$TRASH/o/out/debian/debian-1.0-sources.tar" \
		RELEASE_CONF="$TRASH/rel.conf" DEBIAN_SOURCES_REPO="file://$TRASH/srcrepo" >out 2>&1 &&
	cmp s.tar o/out/debian/debian-1.0-sources.tar &&
	sed "s/best-effort/yes/" rel.conf >yes.conf && rm o/out/debian/debian-1.0-sources.tar &&
	test_must_fail m -o "$TRASH/o/build/debian/rootfs.stamp" "$TRASH/o/out/debian/debian-1.0-sources.tar" \
		RELEASE_CONF="$TRASH/yes.conf" DEBIAN_SOURCES_REPO="file://$TRASH/srcrepo" >out 2>&1 &&
	test_grep "pvtest-c. version .3\.0. cannot be fetched" out &&
	! test -e o/out/debian/debian-1.0-sources.tar
'

test_expect_success 'release.conf: a sources value that is none of the three is named' '
	printf "version = 9\ntitle = t\nbase_url = http://127.0.0.1:1/r\nsources = maybe\n" >bad.conf &&
	test_expect_code 1 "$APPLIANCE" sources --config bad.conf --rootfs tree -o b.tar "$SRCDIR/appliances/debian" 2>err &&
	test_grep "bad.conf:4: .*sources = .maybe.: yes .*best-effort .*or no" err
'

test_expect_success RPMBUILD,CREATEREPO 'an rpm tree: the matching .src.rpm from a local repository' '
	"$SRCDIR/tests/fixtures/make-rpm-repo" "$TRASH/repo" &&
	mkdir -p rt rb/SOURCES && rpm --root "$TRASH/rt" --dbpath /var/lib/rpm --initdb &&
	rpm --root "$TRASH/rt" --dbpath /var/lib/rpm -i --nodeps --ignorearch --ignoreos --noscripts repo/*.rpm 2>/dev/null &&
	echo "not busybox" >rb/SOURCES/busybox &&
	rpmbuild -bs --define "_topdir $TRASH/rb" "$SRCDIR/tests/fixtures/rpm-userland.spec" >rpmbuild.log 2>&1 &&
	mkdir srpms && cp rb/SRPMS/pvtest-userland-1.0-1.src.rpm srpms/ &&
	"$APPLIANCE" sources --rootfs rt --repo "$TRASH/srpms" -o r.tar "$SRCDIR/appliances/fedora" 2>err &&
	tar -tf r.tar >names &&
	printf "fedora-1.0-sources/SOURCES\nfedora-1.0-sources/pvtest-userland-1.0-1.src.rpm\n" >expect &&
	test_cmp expect names &&
	tar -xOf r.tar fedora-1.0-sources/SOURCES >index &&
	test_grep "^pvtest-userland 1.0-1 ok pvtest-userland-1.0-1.src.rpm$" index &&
	test_expect_code 1 "$APPLIANCE" sources --rootfs rt --repo "$TRASH" -o r2.tar "$SRCDIR/appliances/fedora" 2>err &&
	test_grep "source package .pvtest-userland. version .1\.0-1. cannot be fetched" err
'

test_done
