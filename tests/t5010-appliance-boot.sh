#!/bin/bash
# Every appliance, built by make and booted in qemu (TCG): the debian one
# from the mirror to its login prompt (with a screenshot); fedora and suse from
# the local RPM test repository (busybox userland) on pvscsi, and refusing to
# run without a hypervisor; then a tiny appliance built twice, in two
# directories at two times, giving the same disk, VMDKs, .vmx and .ova.
. "$(dirname "$0")/lib.sh"

test_require_tool QEMU qemu-system-i386 qemu-system-x86
test_require_tool DEBOOTSTRAP debootstrap debootstrap
test_require_tool DNF dnf dnf
test_require_tool ZYPPER zypper zypper
test_require_tool RPMBUILD rpmbuild rpm
test_require_tool CREATEREPO createrepo_c createrepo-c
if [[ $EUID == 0 ]]; then test_set_prereq ROOT; else echo "# SKIP: not root"; fi

m() { make -C "$SRCDIR" --no-print-directory "$@"; }
boot() { "$APPLIANCE" boot-test --timeout 240 "$@"; }

test_expect_success ROOT,DEBOOTSTRAP 'make debian: out/debian/ holds the .vmx, .vmdk and .ova' '
	m O="$TRASH/o" debian >out 2>&1 &&
	test_grep "READY .*/out/debian/debian.vmx: VMware Workstation, Player, Fusion \(with debian.vmdk\)" out &&
	test_grep "READY .*/out/debian/debian.ova: import: vSphere" out &&
	test -s o/out/debian/debian.vmdk && test -s o/out/debian/debian.vmx &&
	test -s o/out/debian/debian.ova &&
	test_grep "fileName = \"debian.vmdk\"" o/out/debian/debian.vmx
'

test_expect_success ROOT,DEBOOTSTRAP,QEMU 'debian boots to its login, and powers itself off' '
	boot --screenshot shot.png --log debian.log o/out/debian/debian.vmdk 2>err &&
	test_grep "Booting paravirtualized kernel on bare hardware" debian.log &&
	test_grep "pvinit: hypervisor: QEMU TCG \(\"TCGTCGTCGTCG\"" debian.log &&
	test_grep "debian-appliance login: " debian.log &&
	test_grep "ssh-keygen: generating new host keys" debian.log &&
	test_grep "sysrq: Power Off" debian.log &&
	test_grep -v "^ACPI:" debian.log && test_grep -v "usbcore" debian.log &&
	file shot.png >f && test_grep "PNG image data, 720 x 400" f
'

test_expect_success ROOT,RPMBUILD,CREATEREPO 'setup: the local RPM repository' '
	SOURCE_DATE_EPOCH=1700000000 "$SRCDIR/tests/fixtures/make-rpm-repo" "$TRASH/repo"
'

test_expect_success ROOT,DNF,QEMU 'fedora (dnf) boots on pvscsi to its login' '
	m O="$TRASH/o" fedora FEDORA_REPO="file://$TRASH/repo" >out 2>&1 &&
	test_grep "scsi0.virtualDev = \"lsilogic\"" o/out/fedora/fedora.vmx &&
	boot --bus pvscsi --log fedora.log o/out/fedora/fedora.vmdk 2>err &&
	test_grep "pvinit: hypervisor: QEMU TCG" fedora.log &&
	test_grep "login: " fedora.log
'

test_expect_success ROOT,DNF,QEMU 'fedora refuses to run without a hypervisor, and powers off' '
	boot --bus pvscsi --no-hypervisor --expect-refusal --log refuse.log \
		o/out/fedora/fedora.vmdk 2>err &&
	test_grep "pvinit: no hypervisor found" refuse.log &&
	test_grep "refuses to run on native hardware" refuse.log &&
	test_grep "require_hypervisor = no" refuse.log &&
	test_grep -v "login:" refuse.log
'

test_expect_success ROOT,ZYPPER,QEMU 'suse (zypper) boots from its OVA disk to its login' '
	m O="$TRASH/o" suse SUSE_REPO="file://$TRASH/repo" >out 2>&1 &&
	mkdir ova && tar -C ova -xf o/out/suse/suse.ova &&
	boot --bus pvscsi --log suse.log ova/suse-disk1.vmdk 2>err &&
	test_grep "login: " suse.log
'

test_expect_success ROOT,DNF,QEMU 'without the requirement it boots with no hypervisor' '
	mkdir -p tiny && sed -e "s/^name = fedora/name = tiny/" \
		-e "s/^require_hypervisor = yes/require_hypervisor = no/" \
		-e "s|^repo = .*|repo = file://$TRASH/repo|" \
		"$SRCDIR/appliances/fedora/appliance.conf" >tiny/appliance.conf &&
	sed -i "s/^disk_size = .*/disk_size = 256M/" tiny/appliance.conf &&
	E=1700000000 &&
	SOURCE_DATE_EPOCH=$E "$APPLIANCE" rootfs --pvinit "$PVINIT" -o t1/rootfs tiny 2>err &&
	SOURCE_DATE_EPOCH=$E "$APPLIANCE" disk --rootfs t1/rootfs --kernel "$KERNEL" -o t1/disk.raw tiny 2>err &&
	boot --bus ide --no-hypervisor --log tiny.log t1/disk.raw 2>err &&
	test_grep "pvinit: no hypervisor found" tiny.log &&
	test_grep "login: " tiny.log
'

build_tiny() { # dir
	E=1700000000 &&
	SOURCE_DATE_EPOCH=$E "$APPLIANCE" rootfs --pvinit "$PVINIT" -o $1/rootfs tiny &&
	SOURCE_DATE_EPOCH=$E "$APPLIANCE" disk --rootfs $1/rootfs --kernel "$KERNEL" -o $1/disk.raw tiny &&
	"$APPLIANCE" vmdk --appliance tiny -o $1/tiny.vmdk $1/disk.raw &&
	"$APPLIANCE" vmdk --appliance tiny --subformat streamOptimized -o $1/s/tiny.vmdk $1/disk.raw &&
	"$APPLIANCE" vmx --template-dir "$SRCDIR/vmx-templates" --vmdk tiny.vmdk -o $1/tiny.vmx tiny &&
	SOURCE_DATE_EPOCH=$E "$APPLIANCE" ova --vmdk $1/s/tiny.vmdk -o $1/tiny.ova tiny
}

test_expect_success ROOT,DNF 'reproducible: two directories, two times, the same bytes' '
	mkdir -p a/s b/s && build_tiny a 2>err && sleep 2 && build_tiny b 2>err &&
	for f in disk.raw tiny.vmdk s/tiny.vmdk tiny.vmx tiny.ova; do
		cmp a/$f b/$f || exit 1
	done
'

test_expect_success ROOT,DNF,QEMU 'qemu boots every VMDK subformat' '
	for f in monolithicSparse streamOptimized twoGbMaxExtentSparse monolithicFlat; do
		mkdir -p sub-$f &&
		"$APPLIANCE" vmdk --subformat $f -o sub-$f/tiny.vmdk a/disk.raw 2>err &&
		boot --log sub-$f.log sub-$f/tiny.vmdk 2>err || exit 1
		test_grep "login: " sub-$f.log || exit 1
	done
'

test_done
