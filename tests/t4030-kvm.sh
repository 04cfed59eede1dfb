#!/bin/bash
# The same appliance for KVM/QEMU and native hardware: NAME.qcow2 (qemu-img,
# the same bytes every time), NAME.libvirt.xml (virt-xml-validate accepts
# it), NAME.img.xz (xz on one thread, the same bytes every time); the qcow2
# boots on virtio, and the raw disk from the .img.xz still refuses native
# hardware for an appliance that requires a hypervisor. The appliance is
# the tiny one of the local RPM repository (busybox userland), to keep the
# boots short.
. "$(dirname "$0")/lib.sh"

test_require_tool QEMUIMG qemu-img qemu-utils
test_require_tool QEMU qemu-system-i386 qemu-system-x86
test_require_tool VIRTXML virt-xml-validate libvirt-clients
test_require_tool XZ xz xz-utils
test_require_tool DNF dnf dnf
test_require_tool RPMBUILD rpmbuild rpm
test_require_tool CREATEREPO createrepo_c createrepo-c
test_require_root

test_expect_success ROOT,DNF,RPMBUILD,CREATEREPO 'setup: the tiny appliance (requires a hypervisor), its raw disk' '
	SOURCE_DATE_EPOCH=1700000000 "$SRCDIR/tests/fixtures/make-rpm-repo" "$TRASH/repo" &&
	mkdir -p tiny && sed -e "s/^name = fedora/name = tiny/" \
		-e "s|^repo = .*|repo = file://$TRASH/repo|" -e "s/^disk_size = .*/disk_size = 256M/" \
		"$SRCDIR/appliances/fedora/appliance.conf" >tiny/appliance.conf &&
	test_grep "^require_hypervisor = yes$" tiny/appliance.conf &&
	SOURCE_DATE_EPOCH=1700000000 "$APPLIANCE" rootfs --pvinit "$PVINIT" -o rootfs tiny 2>err &&
	SOURCE_DATE_EPOCH=1700000000 "$APPLIANCE" disk --rootfs rootfs --kernel "$KERNEL" \
		-o disk.raw tiny 2>err
'

test_expect_success ROOT,QEMUIMG 'qcow2: qemu-img reads it back to the raw disk; two builds, same bytes' '
	"$APPLIANCE" qcow2 -o tiny.qcow2 disk.raw &&
	! test -e tiny.qcow2.tmp &&
	qemu-img check tiny.qcow2 &&
	qemu-img info --output=json tiny.qcow2 >info &&
	test_grep "\"format\": \"qcow2\"" info && test_grep "\"compat\": \"1.1\"" info &&
	test_grep "\"virtual-size\": 268435456" info &&
	qemu-img compare -f raw -F qcow2 disk.raw tiny.qcow2 &&
	mkdir again && "$APPLIANCE" qcow2 -o again/tiny.qcow2 disk.raw &&
	cmp tiny.qcow2 again/tiny.qcow2
'

test_expect_success ROOT,VIRTXML 'the libvirt domain: kvm, i686, the host CPU, memory, virtio, serial, no ACPI; virt-xml-validate accepts it' '
	"$APPLIANCE" libvirt --disk out/tiny.qcow2 -o tiny.libvirt.xml tiny &&
	virt-xml-validate tiny.libvirt.xml domain &&
	test_grep "^<domain type=\"kvm\">$" tiny.libvirt.xml &&
	test_grep "<type arch=\"i686\" machine=\"pc\">hvm</type>" tiny.libvirt.xml &&
	test_grep "<memory unit=\"MiB\">$(sed -n "s/^memory = //p" tiny/appliance.conf)</memory>" tiny.libvirt.xml &&
	test_grep "<source file=\"/var/lib/libvirt/images/tiny.qcow2\"/>" tiny.libvirt.xml &&
	test_grep "<target dev=\"vda\" bus=\"virtio\"/>" tiny.libvirt.xml &&
	test_grep "virt-install --import --disk tiny.qcow2 --osinfo linux2022 --cloud-init" tiny.libvirt.xml &&
	test_grep "Proxmox.s Cloud-Init tab" tiny.libvirt.xml &&
	test_grep "<model type=\"virtio\"/>" tiny.libvirt.xml &&
	test_grep "<console type=\"pty\">" tiny.libvirt.xml &&
	# the host CPU model, with NX (qemu32, the default, has none)
	test_grep "<cpu mode=\"host-model\"/>" tiny.libvirt.xml &&
	test_grep -v "acpi" tiny.libvirt.xml && test_grep -v "<features>" tiny.libvirt.xml &&
	# a broken domain is refused by the same validator
	sed "s/<vcpu>1</<vcpu>one</" tiny.libvirt.xml >bad.xml &&
	test_must_fail virt-xml-validate bad.xml domain
'

test_expect_success ROOT,XZ 'img.xz: xz gives the raw disk back; two builds, same bytes' '
	"$APPLIANCE" qcow2 --xz -o tiny.img.xz disk.raw &&
	xz -t tiny.img.xz &&
	xz -dc tiny.img.xz | cmp - disk.raw &&
	"$APPLIANCE" qcow2 --xz -o again/tiny.img.xz disk.raw &&
	cmp tiny.img.xz again/tiny.img.xz &&
	test_expect_code 2 "$APPLIANCE" qcow2 --xz --level 12 -o x.xz disk.raw 2>err &&
	test_grep "expected a whole number from 0 to 9" err
'

test_expect_success ROOT,QEMU 'the qcow2 boots on virtio (disk and NIC) to its login' '
	"$APPLIANCE" boot-test --timeout 240 --bus virtio --nic virtio-net-pci --log virtio.log \
		tiny.qcow2 2>err &&
	test_grep "virtio_blk virtio.*\[vda\]" virtio.log &&
	test_grep "pvinit: hypervisor: QEMU TCG" virtio.log &&
	test_grep "login: " virtio.log &&
	cmp tiny.qcow2 again/tiny.qcow2
'

test_expect_success ROOT,QEMU,XZ 'the raw disk for native hardware refuses to run without a hypervisor' '
	xz -dc tiny.img.xz >native.img &&
	"$APPLIANCE" boot-test --timeout 240 --no-hypervisor --expect-refusal --log refuse.log \
		native.img 2>err &&
	test_grep "pvinit: no hypervisor found" refuse.log &&
	test_grep -v "login:" refuse.log
'

test_done
