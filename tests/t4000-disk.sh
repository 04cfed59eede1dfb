#!/bin/bash
# appliance disk: the raw disk of the debian appliance, checked with other
# people's tools (sfdisk, fsck.fat, mtools, e2fsck, debugfs), sparse,
# reproducible from a re-copied tree, and a clear error when it does not fit.
. "$(dirname "$0")/lib.sh"

test_require_tool SFDISK sfdisk fdisk
test_require_tool FSCKFAT fsck.fat dosfstools
test_require_tool DEBOOTSTRAP debootstrap debootstrap
test_require_root

D=o/build/debian/disk.raw
ROOT_OFFSET=$((67584 * 512))
epoch=$(make -s -C "$SRCDIR" print-SOURCE_DATE_EPOCH)

test_expect_success ROOT,DEBOOTSTRAP 'make debian assembles the raw disk' '
	make -C "$SRCDIR" --no-print-directory O="$TRASH/o" debian >out 2>&1 &&
	test_grep "DISK    debian: MBR, FAT16 boot partition, syslinux" out &&
	test "$(stat -c %s $D)" = $((1024 * 1024 * 1024)) &&
	test $(($(stat -c %b $D) * 512)) -lt $((600 * 1024 * 1024))
'

test_expect_success ROOT,DEBOOTSTRAP,SFDISK 'sfdisk: a DOS label, FAT16 boot and Linux root partitions' '
	sfdisk --dump $D >dump &&
	test_grep "^label: dos$" dump &&
	test_grep "^label-id: 0x[0-9a-f]{8}$" dump &&
	test_grep "disk.raw1 : start= +2048, size= +65536, type=6, bootable$" dump &&
	test_grep "disk.raw2 : start= +67584, size= +2029568, type=83$" dump &&
	# the MBR code is syslinux'"'"'s
	cmp -n 440 $D /usr/lib/syslinux/mbr/mbr.bin
'

test_expect_success ROOT,DEBOOTSTRAP,FSCKFAT 'the boot partition: clean FAT, kernel, syslinux' '
	dd if=$D of=boot.fat bs=512 skip=2048 count=65536 status=none &&
	fsck.fat -n boot.fat &&
	MTOOLS_SKIP_CHECK=1 mdir -a -b -i boot.fat :: >files &&
	test_grep "::/bzImage" files && test_grep "::/syslinux.cfg" files &&
	test_grep "::/ldlinux.sys" files &&
	MTOOLS_SKIP_CHECK=1 mtype -i boot.fat ::syslinux.cfg >cfg &&
	label=$(sfdisk --dump $D | sed -n "s/^label-id: 0x//p") &&
	test_grep "APPEND .*root=PARTUUID=$label-02 .*init=/sbin/pvinit .*apm=power-off" cfg &&
	test_grep "^SERIAL 0 115200$" cfg &&
	MTOOLS_SKIP_CHECK=1 mcopy -i boot.fat ::bzImage kernel &&
	cmp kernel "$KERNEL"
'

test_expect_success ROOT,DEBOOTSTRAP 'the root partition: clean ext3 with the appliance'"'"'s UUID' '
	e2fsck -fn "$D?offset=$ROOT_OFFSET" >fsck 2>&1 &&
	dumpe2fs -h "$D?offset=$ROOT_OFFSET" >sb 2>/dev/null &&
	uuid=$(. o/build/debian/rootfs/etc/appliance-release && echo $ROOT_UUID) &&
	test_grep "^Filesystem UUID: +$uuid$" sb &&
	test_grep "^Filesystem features: +has_journal" sb &&
	test_grep "^Inode size:[[:space:]]+256$" sb &&
	debugfs -R "cat /etc/hostname" "$D?offset=$ROOT_OFFSET" 2>/dev/null >h &&
	test "$(cat h)" = debian-appliance &&
	debugfs -R "stat /usr/bin/passwd" "$D?offset=$ROOT_OFFSET" 2>/dev/null >st &&
	test_grep "Mode: +04755" st && test_grep "User: +0 +Group: +0" st
'

test_expect_success ROOT,DEBOOTSTRAP 'reproducible: a re-copied tree, another directory, another time' '
	cp -a o/build/debian/rootfs tree2 &&
	sleep 1 &&
	SOURCE_DATE_EPOCH=$epoch "$APPLIANCE" disk --rootfs tree2 --kernel "$KERNEL" \
		-o again.raw "$SRCDIR/appliances/debian" 2>err &&
	cmp $D again.raw
'

test_expect_success ROOT,DEBOOTSTRAP 'a root filesystem that does not fit says how much it needs' '
	mkdir -p small && sed "s/^disk_size = .*/disk_size = 128M/" \
		"$SRCDIR/appliances/debian/appliance.conf" >small/appliance.conf &&
	sed -i "s/^name = debian/name = small/" small/appliance.conf &&
	test_must_fail env SOURCE_DATE_EPOCH=$epoch "$APPLIANCE" disk --rootfs tree2 \
		--kernel "$KERNEL" -o small.raw small 2>err &&
	test_grep "needs about [0-9]+ MiB, but disk_size = 128 MiB leaves 95 MiB for it; raise disk_size in small/appliance.conf" err &&
	! test -e small.raw && ! test -e small.raw.tmp
'

test_done
