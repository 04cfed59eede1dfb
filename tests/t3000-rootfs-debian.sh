#!/bin/bash
# The debian appliance's root filesystem: debootstrap from this machine's apt
# mirror (cached by a hash of the inputs; the first run downloads about
# 50 MB), then the hygiene pass, checked on the tree. Also the tarball and dir
# backends, an overlay, a given root hash, and an unreachable mirror.
. "$(dirname "$0")/lib.sh"

test_require_tool DEBOOTSTRAP debootstrap debootstrap
test_require_root "root filesystem trees keep owners and device nodes"

if [[ -x $PVINIT ]]; then test_set_prereq PVINIT; fi

R=o/build/debian/rootfs
epoch=$(make -s -C "$SRCDIR" print-SOURCE_DATE_EPOCH)

test_expect_success ROOT,DEBOOTSTRAP 'make debian builds the root filesystem tree' '
	make -C "$SRCDIR" --no-print-directory O="$TRASH/o" debian >out 2>&1 &&
	test_grep "HYGIENE timestamps" out &&
	test -x $R/bin/sh && test -e o/build/debian/rootfs.stamp
'

test_expect_success ROOT,DEBOOTSTRAP 'a second make debian does nothing' '
	make -C "$SRCDIR" --no-print-directory O="$TRASH/o" debian >out 2>&1 &&
	test_grep -v "ROOTFS|HYGIENE" out
'

test_expect_success ROOT,DEBOOTSTRAP 'no SSH host keys; made on first boot, before ssh starts' '
	! ls $R/etc/ssh/ssh_host_* 2>/dev/null &&
	U=$R/etc/systemd/system &&
	test "$(readlink $U/multi-user.target.wants/pvappliance-ssh-keygen.service)" = \
		../pvappliance-ssh-keygen.service &&
	test_grep "^Before=ssh.service" $U/pvappliance-ssh-keygen.service
'

test_expect_success ROOT,DEBOOTSTRAP 'first boot: the program, its unit before the gettys, a drop-in for each' '
	file $R/usr/sbin/pvappliance-firstboot >f &&
	test_grep "ELF 32-bit LSB executable, Intel 80386.*statically linked" f &&
	U=$R/etc/systemd/system &&
	test "$(readlink $U/multi-user.target.wants/pvappliance-firstboot.service)" = \
		../pvappliance-firstboot.service &&
	test_grep "^Before=getty-pre.target ssh.service" $U/pvappliance-firstboot.service &&
	for g in getty serial-getty; do
		test_grep "^ExecStartPre=-/usr/sbin/pvappliance-firstboot console /dev/%I$" \
			$U/$g@.service.d/pvappliance-firstboot.conf &&
		test_grep "^TimeoutStartSec=infinity$" $U/$g@.service.d/pvappliance-firstboot.conf ||
			exit 1
	done &&
	# systemd itself accepts the units (its own parser, run in a linked
	# copy of the tree: it writes to /run).
	cp -al $R verify-tree &&
	chroot verify-tree /usr/bin/systemd-analyze verify --man=no \
		/etc/systemd/system/pvappliance-firstboot.service \
		/etc/systemd/system/pvappliance-ssh-keygen.service >verify 2>&1 ||
		{ cat verify; exit 1; }
'

test_expect_success ROOT,DEBOOTSTRAP 'machine-id empty, random seeds gone' '
	test -f $R/etc/machine-id && ! test -s $R/etc/machine-id &&
	! test -e $R/var/lib/dbus/machine-id &&
	! test -e $R/var/lib/urandom/random-seed &&
	! test -e $R/var/lib/systemd/random-seed &&
	! test -e $R/var/lib/systemd/credential.secret &&
	test -z "$(find $R/var/log/journal -mindepth 1)"
'

test_expect_success ROOT,DEBOOTSTRAP 'root locked, no empty password anywhere' '
	test "$(awk -F: "\$1==\"root\" {print \$2}" $R/etc/shadow)" = "!" &&
	! awk -F: "\$2==\"\"" $R/etc/shadow $R/etc/passwd | grep . &&
	chroot $R /usr/bin/passwd -S root >status &&
	test_grep "^root L " status
'

test_expect_success ROOT,DEBOOTSTRAP 'nothing of the build machine: resolv.conf, mirror, hostname' '
	! test -e $R/etc/resolv.conf &&
	# Every URI and comment of this machine'"'"'s apt sources that the
	# distribution'"'"'s own list (apt'"'"'s example) does not name is absent.
	ex=$R/usr/share/doc/apt/examples/sources.list &&
	{ cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null || :; } |
		sed -n -E "s/^URIs:[[:space:]]*//p; s/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+).*/\2/p; s/^#[[:space:]]*//p" |
		tr " " "\n" | grep . | sort -u >host-words &&
	test -s host-words &&
	while read -r w; do
		grep -qF -- "$w" $ex ||
		! grep -rIlF --exclude-dir=doc -- "$w" $R/etc $R/var/lib/apt $R/root || exit 1
	done <host-words &&
	! grep -sw -- "$(hostname)" $R/etc/hostname $R/etc/hosts $R/etc/mailname &&
	test "$(cat $R/etc/hostname)" = debian-appliance &&
	test_grep "^127\.0\.1\.1\s+debian-appliance$" $R/etc/hosts
'

test_expect_success ROOT,DEBOOTSTRAP 'the distribution'"'"'s sources: the suite, its updates and security suites' '
	grep "^deb " $R/usr/share/doc/apt/examples/sources.list >expect &&
	grep "^deb " $R/etc/apt/sources.list >actual &&
	test_cmp expect actual &&
	test -z "$(ls $R/etc/apt/sources.list.d)" &&
	# apt with the tree'"'"'s own configuration sees the three suites.
	mkdir -p lists/partial aptcache &&
	apt-get -o Dir=$R -o Dir::State::Lists="$TRASH/lists" -o Dir::Cache="$TRASH/aptcache" \
		-o APT::Architecture=i386 update --print-uris >uris &&
	for s in bookworm bookworm-updates bookworm-security; do
		test_grep "/dists/$s/InRelease" uris || exit 1
	done
'

test_expect_success ROOT,DEBOOTSTRAP 'security updates unattended, as Debian configures them' '
	chroot $R dpkg-query -W unattended-upgrades &&
	test_grep "^APT::Periodic::Unattended-Upgrade \"1\";" $R/etc/apt/apt.conf.d/20auto-upgrades &&
	test_grep "label=Debian-Security" $R/etc/apt/apt.conf.d/50unattended-upgrades &&
	test -L $R/etc/systemd/system/timers.target.wants/apt-daily-upgrade.timer &&
	(. $R/etc/appliance-release && test "$UPDATE_SOURCES" = distribution &&
	 test "$SECURITY_UPDATES" = unattended)
'

test_expect_success ROOT,DEBOOTSTRAP 'no package caches, lists, logs or temporary files' '
	! ls $R/var/cache/apt/archives/*.deb 2>/dev/null &&
	! ls $R/var/cache/apt/*.bin 2>/dev/null &&
	test -z "$(ls $R/var/lib/apt/lists | grep -v -e ^lock$ -e ^partial$)" &&
	test -z "$(find $R/var/log -type f -size +0)" &&
	test -z "$(find $R/tmp $R/var/tmp $R/run -mindepth 1)" &&
	test "$(stat -c %a $R/tmp)" = 1777
'

test_expect_success ROOT,DEBOOTSTRAP 'owners, setuid bits and device nodes are the distribution'"'"'s' '
	test -z "$(find $R -xdev ! -user root | head)" &&
	test "$(stat -c %U:%a $R/usr/bin/passwd)" = root:4755 &&
	test -c $R/dev/null &&
	# hard links stay links (perl-base ships two names for one file)
	test -n "$(find $R/usr/bin -xdev -type f -links +1 | head -1)"
'

test_expect_success ROOT,DEBOOTSTRAP 'every time clamped to SOURCE_DATE_EPOCH, the shadow days too' '
	test -z "$(find $R -newermt @$epoch | head)" &&
	! awk -F: -v d=$((epoch / 86400)) "\$3 > d" $R/etc/shadow | grep .
'

test_expect_success ROOT,DEBOOTSTRAP 'identity: fstab by UUID, appliance-release' '
	uuid=$(. $R/etc/appliance-release && echo $ROOT_UUID) &&
	test_grep "^UUID=$uuid / ext3 defaults,errors=remount-ro 0 1$" $R/etc/fstab &&
	(. $R/etc/appliance-release && test "$NAME" = debian && test "$BOOTSTRAP" = debootstrap &&
	 test "$TITLE" = "Debian 12 \"bookworm\" paravirtual appliance")
'

test_expect_success ROOT,DEBOOTSTRAP 'pvinit, then systemd as init, DHCP on eth0 named eth0' '
	file $R/sbin/pvinit >f && test_grep "ELF 32-bit LSB executable, Intel 80386.*statically linked" f &&
	test_grep "^require_hypervisor = no$" $R/etc/pvinit.conf &&
	test_grep "^init = /sbin/init$" $R/etc/pvinit.conf &&
	test "$(readlink $R/sbin/init)" = /lib/systemd/systemd &&
	# systemd starts the serial getty on console= by itself: no inittab.
	! test -e $R/etc/inittab &&
	test_grep "^iface eth0 inet dhcp$" $R/etc/network/interfaces.d/eth0 &&
	test "$(readlink $R/etc/systemd/network/99-default.link)" = /dev/null
'

test_expect_success ROOT,DEBOOTSTRAP 'an unreachable mirror: the URL and the setting named, nothing left' '
	test_must_fail make -C "$SRCDIR" --no-print-directory O="$TRASH/o2" debian \
		DEBIAN_REPO=http://127.0.0.1:9/debian >out 2>&1 &&
	test_grep "cannot download from .http://127\.0\.0\.1:9/debian." out &&
	test_grep "point .repo =. in appliances/debian/appliance.conf" out &&
	! test -e o2/build/debian/rootfs && ! test -e o2/build/debian/rootfs.tmp &&
	! test -e o2/build/debian/rootfs.stamp
'

test_expect_success LONG,ROOT,DEBOOTSTRAP,PVINIT 'two real debootstraps: what the hygiene pass leaves different' '
	# debootstrap itself does not repeat (dates, random keys, maintainer
	# scripts). Two fresh bootstraps, no cache, the same epoch: list every
	# file that still differs, and fail if a file the hygiene pass owns does.
	for n in 1 2; do
		SOURCE_DATE_EPOCH=$epoch "$APPLIANCE" rootfs --pvinit "$PVINIT" --cache fresh$n \
			-o tree$n "$SRCDIR/appliances/debian" >boot$n.log 2>&1 || exit 1
	done &&
	(diff -rq --no-dereference -x dev tree1 tree2 || true) >differ &&
	(cd tree1 && find . -printf "%p %M %u %g %T@ %s %l\n" | sort) >meta1 &&
	(cd tree2 && find . -printf "%p %M %u %g %T@ %s %l\n" | sort) >meta2 &&
	(diff meta1 meta2 || true) | sed -n "s/^[<>] //p" | cut -d" " -f1 | sort -u >>differ &&
	sed "s/^/# differs: /" differ &&
	! grep -E "etc/(machine-id|shadow|passwd|hostname|hosts|fstab|appliance-release|pvinit.conf)|var/log|var/cache/apt|var/lib/apt/lists|etc/ssh/ssh_host" differ
'

mkapp() { # name bootstrap repo [extra conf]
	mkdir -p "apps/$1" &&
	printf "name = %s\ntitle = T\nversion = 2\nbootstrap = %s\nrepo = %s\nkernel = paravirt-6.1\ndisk_size = 1G\n%b" \
		"$1" "$2" "$3" "${4:-}" >"apps/$1/appliance.conf"
}
rootfs() { "$APPLIANCE" rootfs --pvinit "$PVINIT" "$@"; }

test_expect_success ROOT,DEBOOTSTRAP,PVINIT 'bootstrap = tarball, with an overlay and a root hash' '
	tar --numeric-owner -C $R -czf tree.tar.gz . &&
	mkapp tarapp tarball "file://$TRASH/tree.tar.gz" \
		"root_password = \$6\$abcdefgh\$0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ\n" &&
	mkdir -p apps/tarapp/overlay/etc && echo hello >apps/tarapp/overlay/etc/motd &&
	chown -R 1234:1234 apps/tarapp/overlay &&
	SOURCE_DATE_EPOCH=$epoch rootfs -o tarapp apps/tarapp >out 2>&1 &&
	test "$(cat tarapp/etc/hostname)" = tarapp &&
	test "$(cat tarapp/etc/motd)" = hello &&
	test "$(stat -c %u:%g tarapp/etc/motd)" = 0:0 &&
	test "$(awk -F: "\$1==\"root\" {print \$2}" tarapp/etc/shadow)" = "\$6\$abcdefgh\$0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" &&
	test "$(stat -c %U:%a tarapp/usr/bin/passwd)" = root:4755
'

test_expect_success ROOT,DEBOOTSTRAP,PVINIT 'bootstrap = dir' '
	mkapp dirapp dir "$TRASH/$R" &&
	SOURCE_DATE_EPOCH=$epoch rootfs -o dirapp apps/dirapp >out 2>&1 &&
	test "$(cat dirapp/etc/hostname)" = dirapp &&
	test -c dirapp/dev/null
'

test_expect_success ROOT,DEBOOTSTRAP,PVINIT 'lint: no update source fails naming the fix; update_sources = none passes' '
	test -s "$KERNEL" &&
	# bootstrap = dir imports the tree as it is; hygiene drops its sources.
	mkapp nosrc dir "$TRASH/$R" &&
	SOURCE_DATE_EPOCH=$epoch rootfs -o nosrc apps/nosrc >out 2>&1 &&
	! grep "^deb " nosrc/etc/apt/sources.list 2>/dev/null &&
	SOURCE_DATE_EPOCH=$epoch "$APPLIANCE" disk --rootfs nosrc --kernel "$KERNEL" \
		-o nosrc.raw apps/nosrc 2>err &&
	test_expect_code 1 "$APPLIANCE" lint nosrc.raw >lint.out &&
	test_grep "/etc/apt/sources.list: no package source to update from" lint.out &&
	test_grep "set update_sources = distribution .*update_sources = none" lint.out &&
	mkapp none dir "$TRASH/$R" "update_sources = none\n" &&
	SOURCE_DATE_EPOCH=$epoch rootfs -o none apps/none >out 2>&1 &&
	SOURCE_DATE_EPOCH=$epoch "$APPLIANCE" disk --rootfs none --kernel "$KERNEL" \
		-o none.raw apps/none 2>err &&
	"$APPLIANCE" lint none.raw
'

test_expect_success ROOT,PVINIT 'a tree without an init is refused, and nothing is left' '
	mkdir -p empty/etc && touch empty/etc/shadow &&
	mkapp noinit dir "$TRASH/empty" &&
	test_must_fail env SOURCE_DATE_EPOCH=$epoch "$APPLIANCE" rootfs \
		--pvinit "$PVINIT" -o noinit apps/noinit 2>err &&
	test_grep "has no init .* add an init system" err &&
	! test -e noinit && ! test -e noinit.tmp
'

test_done
