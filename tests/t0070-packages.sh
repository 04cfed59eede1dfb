#!/bin/bash
# The tool as packages: the .deb (debian/, dpkg-buildpackage) and the .rpm
# (pvappliance.spec, rpmbuild -ba) from the tarball make dist writes. The
# .deb is the same bytes when built twice in different directories, lintian
# finds no error or warning (the overrides say why), its programs run from
# where it unpacks; rpmlint finds nothing the rpmlintrc does not explain;
# both carry the same files. The long tier builds the .deb in a fresh
# mmdebstrap chroot that has only its Build-Depends, installs it with apt
# into another (apt resolves the Depends), runs it, and purges it.
. "$(dirname "$0")/lib.sh"

test_require_tool DPKGBUILD dpkg-buildpackage dpkg-dev
test_require_tool DEBHELPER dh debhelper
test_require_tool LINTIAN lintian lintian
test_require_tool RPMBUILD rpmbuild rpm
test_require_tool RPMLINT rpmlint rpmlint
test_require_tool GIT git git
test_require_root "the long tier's chroots"

# Files, not directories, as each package lists them; documentation and
# lintian's overrides are the .deb's own.
deb_files() {
	dpkg-deb -c "$1" | awk '$1 !~ /^d/ { print $6 }' | sed 's|^\./|/|' |
		grep -v -e '^/usr/share/doc/' -e '^/usr/share/lintian/' | sort
}
rpm_files() {
	rpm -qp --qf '[%{FILEMODES:perms} %{FILENAMES}\n]' "$1" | awk '$1 !~ /^d/ { print $2 }' | sort
}

test_expect_success GIT 'setup: the tarball of HEAD, unpacked twice' '
	make -C "$SRCDIR" --no-print-directory O="$TRASH/o" dist >out 2>&1 || { cat out; exit 1; } &&
	tarball=$(ls o/out/dist/pvappliance-*.tar.gz) &&
	mkdir -p a b &&
	tar -xzf "$tarball" -C a && tar -xzf "$tarball" -C b &&
	test -f a/pvappliance-*/debian/control && test -f a/pvappliance-*/pvappliance.spec
'

test_expect_success DPKGBUILD,DEBHELPER 'dpkg-buildpackage builds the .deb; twice, the same bytes' '
	for d in a b; do
		(cd $d/pvappliance-* && DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -us -uc -b) \
			>$d.log 2>&1 || { tail -30 $d.log; exit 1; }
	done &&
	deb=$(ls a/pvappliance_*_*.deb) &&
	echo "# note: $(basename "$deb"): $(stat -c %s "$deb") bytes" >&3 &&
	cmp "$deb" b/$(basename "$deb") &&
	dpkg-deb -f "$deb" Built-Using >bu && test_grep "libyaml \(= " bu
'

test_expect_success LINTIAN 'lintian: no error, no warning' '
	lintian --fail-on error,warning a/pvappliance_*_*.changes >lint 2>&1 ||
		{ cat lint; exit 1; } &&
	! grep -E "^(E|W):" lint
'

test_expect_success DPKGBUILD,DEBHELPER 'the unpacked .deb runs from where it is: its data, man pages, completion' '
	dpkg-deb -x a/pvappliance_*_*.deb root &&
	root/usr/bin/appliance --version >v && test_grep "^appliance 0\." v &&
	test "$(root/usr/bin/appliance --data-dir)" = "$TRASH/root/usr/share/pvappliance" &&
	test -x root/usr/lib/pvappliance/pvinit &&
	test -x root/usr/lib/pvappliance/pvappliance-firstboot &&
	MANPATH=root/usr/share/man man -w appliance appliance.conf release.conf \
		pvappliance-firstboot >man &&
	test "$(wc -l <man)" = 4 &&
	test -f root/usr/share/bash-completion/completions/appliance &&
	root/usr/bin/appliance config --kernel-configs root/usr/share/pvappliance/kernel-configs \
		root/usr/share/pvappliance/appliances/debian >vars && test_grep "^APP_debian_NAME" vars
'

test_expect_success RPMBUILD,RPMLINT 'rpmbuild -ba builds the .rpm and the .src.rpm; rpmlint finds nothing' '
	mkdir -p rpm/SOURCES && cp o/out/dist/pvappliance-*.tar.gz rpm/SOURCES/ &&
	rpmbuild -ba --nodeps --nocheck --define "_topdir $TRASH/rpm" a/pvappliance-*/pvappliance.spec \
		>rpm.log 2>&1 || { tail -30 rpm.log; exit 1; } &&
	bin=$(ls rpm/RPMS/*/pvappliance-*.rpm) && src=$(ls rpm/SRPMS/pvappliance-*.src.rpm) &&
	echo "# note: $(basename "$bin"): $(stat -c %s "$bin") bytes" >&3 &&
	rpmlint -r a/pvappliance-*/builder/packaging/pvappliance.rpmlintrc "$bin" "$src" \
		a/pvappliance-*/pvappliance.spec >rpmlint.out 2>&1 || { cat rpmlint.out; exit 1; } &&
	test_grep " 0 errors, 0 warnings" rpmlint.out
'

test_expect_success RPMBUILD,DPKGBUILD,DEBHELPER 'the .rpm and the .deb carry the same files' '
	deb_files a/pvappliance_*_*.deb >deb.files &&
	rpm_files rpm/RPMS/*/pvappliance-*.rpm >rpm.files &&
	test "$(wc -l <deb.files)" -gt 40 &&
	test_cmp deb.files rpm.files
'

test_expect_success LONG,ROOT,DPKGBUILD 'a fresh chroot with only the Build-Depends builds it; apt installs it into another; purge leaves nothing' '
	src=$(cd a/pvappliance-[0-9]*/ && pwd) &&
	bd=$(sed -n "/^Build-Depends:/,/^[A-Z]/p" "$src/debian/control" | sed "1s/^Build-Depends://;/^[A-Z]/d" |
		tr -d "\n" | sed "s/([^)]*)//g; s/ //g") &&
	start=$(date +%s) &&
	mmdebstrap --variant=buildd --architectures=amd64,i386 --include="$bd" bookworm build-root \
		>mm.log 2>&1 || { tail -20 mm.log; exit 1; } &&
	cp -r "$src" build-root/src &&
	# /proc and /dev/pts as sbuild and pbuilder mount them (the sanitizers
	# read /proc; the console unit tests open ptys through the chroot'"'"'s
	# /dev/ptmx, the host'"'"'s instance), in a mount namespace of its own so
	# nothing stays mounted
	unshare --mount --fork sh -c "mount -t proc proc build-root/proc &&
		mount --bind /dev/pts build-root/dev/pts &&
		chroot build-root sh -c \"cd /src && dpkg-buildpackage -us -uc -b\"" >chroot-build.log 2>&1 ||
		{ tail -30 chroot-build.log; exit 1; } &&
	echo "# note: chroot bootstrap and dpkg-buildpackage: $(( $(date +%s) - start )) s" >&3 &&
	mmdebstrap --variant=apt --include=man-db bookworm run-root >mm2.log 2>&1 || { tail -20 mm2.log; exit 1; } &&
	cp build-root/pvappliance_*_*.deb run-root/tmp/ &&
	unshare --mount --fork sh -c "mount -t proc proc run-root/proc &&
		chroot run-root sh -c \"apt-get install -y /tmp/pvappliance_*_*.deb\"" >install.log 2>&1 ||
		{ tail -30 install.log; exit 1; } &&
	chroot run-root appliance --version &&
	chroot run-root sh -c "man -w appliance appliance.conf release.conf" &&
	chroot run-root sh -c "apt-get purge -y pvappliance" >purge.log 2>&1 &&
	chroot run-root sh -c "! ls /usr/share/pvappliance /usr/lib/pvappliance /usr/bin/appliance 2>/dev/null"
'

test_done
