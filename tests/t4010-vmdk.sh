#!/bin/bash
# appliance vmdk: every subformat, on a synthetic disk with data, holes and
# zero runs, checked by qemu-img (check reads metadata; compare decodes every
# grain; info names the format); deterministic; bad usage. Readers we did
# not write read every subformat too: libvmdk's vmdkinfo, and 7-Zip, which
# also extracts each back to the raw disk.
. "$(dirname "$0")/lib.sh"

test_require_tool QEMUIMG qemu-img qemu-utils
test_require_tool VMDKINFO vmdkinfo libvmdk-utils
test_require_tool SEVENZIP 7zz 7zip

test_expect_success QEMUIMG 'setup: a 3 GiB sparse disk with data, holes and zeros' '
	truncate -s 3G disk.raw &&
	random_bytes 5000000 | dd of=disk.raw conv=notrunc status=none &&
	# zeros written as data, not holes: the writer must see they are zero
	dd if=/dev/zero of=disk.raw bs=1M seek=100 count=8 conv=notrunc status=none &&
	printf "a grain at 2.1 GiB, across the 2047 MiB split" |
		dd of=disk.raw bs=1 seek=$((2147 * 1024 * 1024 - 10)) conv=notrunc status=none &&
	printf "the last sector" | dd of=disk.raw bs=512 seek=$((3 * 2048 * 1024 - 1)) \
		conv=notrunc status=none
'

for f in monolithicSparse streamOptimized twoGbMaxExtentSparse monolithicFlat vmfs; do
test_expect_success QEMUIMG "$f: qemu-img check, compare and info agree" '
	mkdir -p '$f' &&
	"$APPLIANCE" vmdk --subformat '$f' -o '$f'/disk.vmdk disk.raw 2>err &&
	qemu-img check '$f'/disk.vmdk &&
	qemu-img compare -f raw -F vmdk disk.raw '$f'/disk.vmdk &&
	qemu-img info --output=json '$f'/disk.vmdk >info &&
	test_grep "\"format\": \"vmdk\"" info &&
	test_grep "\"virtual-size\": 3221225472" info &&
	test_grep "\"create-type\": \"'$f'\"" info &&
	! ls '$f' | grep tmp
'
done

test_expect_success QEMUIMG 'the files are what VMware expects of each subformat' '
	ls twoGbMaxExtentSparse >two && printf "disk-s001.vmdk\ndisk-s002.vmdk\ndisk.vmdk\n" >expect &&
	test_cmp expect two &&
	test_grep "^RW 4192256 SPARSE \"disk-s001.vmdk\"$" twoGbMaxExtentSparse/disk.vmdk &&
	test_grep "^RW 6291456 FLAT \"disk-flat.vmdk\" 0$" monolithicFlat/disk.vmdk &&
	# ESXi keeps its disks so (vmkfstools): createType vmfs, a VMFS extent
	test_grep "^createType=\"vmfs\"$" vmfs/disk.vmdk &&
	test_grep "^RW 6291456 VMFS \"disk-flat.vmdk\"$" vmfs/disk.vmdk &&
	test "$(stat -c %s monolithicFlat/disk-flat.vmdk)" = 3221225472 &&
	head -c 4 monolithicSparse/disk.vmdk | grep -q KDMV &&
	strings -n 8 monolithicSparse/disk.vmdk >desc &&
	test_grep "^CID=[0-9a-f]{8}$" desc &&
	test_grep "^ddb.adapterType = \"ide\"$" desc &&
	test_grep "^ddb.geometry.heads = \"16\"$" desc &&
	test_grep "^ddb.uuid = \"([0-9a-f]{2} ){7}[0-9a-f]{2}-([0-9a-f]{2} ){7}[0-9a-f]{2}\"$" desc
'

test_expect_success VMDKINFO,SEVENZIP 'vmdkinfo and 7-Zip read every subformat; 7-Zip extracts our raw disk' '
	mkdir small && truncate -s 96M small/disk.raw &&
	random_bytes 3000000 | dd of=small/disk.raw bs=1M seek=5 conv=notrunc status=none &&
	for f in monolithicSparse streamOptimized twoGbMaxExtentSparse monolithicFlat vmfs; do
		mkdir small/$f &&
		"$APPLIANCE" vmdk --subformat $f -o small/$f/disk.vmdk small/disk.raw 2>err &&
		vmdkinfo small/$f/disk.vmdk >info || { echo "vmdkinfo rejects $f"; exit 1; }
		test_grep "Media size:.*\(100663296 bytes\)" info || exit 1
		(cd small/$f && 7zz t disk.vmdk >../$f.7z-test) || { echo "7zz t rejects $f"; exit 1; }
		test_grep "^Everything is Ok" small/$f.7z-test || exit 1
		(cd small/$f && 7zz x -so disk.vmdk) >small/$f.raw || exit 1
		cmp small/disk.raw small/$f.raw || { echo "7-Zip reads $f differently"; exit 1; }
	done &&
	vmdkinfo small/vmfs/disk.vmdk >info && test_grep "Disk type:.*VMFS flat" info &&
	vmdkinfo small/streamOptimized/disk.vmdk >info && test_grep "Disk type:.*Stream optimized" info
'

test_expect_success QEMUIMG 'zero and hole grains take no space' '
	# 5 MB of data, two small writes: a few MiB, not GiBs
	test $(stat -c %s monolithicSparse/disk.vmdk) -lt $((8 * 1024 * 1024)) &&
	test $(stat -c %s streamOptimized/disk.vmdk) -lt $((8 * 1024 * 1024))
'

test_expect_success QEMUIMG 'deterministic: same input, same bytes; the CID follows the content' '
	mkdir -p again && "$APPLIANCE" vmdk --subformat streamOptimized -j 1 -o again/disk.vmdk disk.raw 2>err &&
	cmp streamOptimized/disk.vmdk again/disk.vmdk &&
	mkdir -p again2 && "$APPLIANCE" vmdk -o again2/disk.vmdk disk.raw 2>err &&
	cmp monolithicSparse/disk.vmdk again2/disk.vmdk &&
	corrupt_byte disk.raw 1000 &&
	mkdir -p changed && "$APPLIANCE" vmdk -o changed/disk.vmdk disk.raw 2>err &&
	! cmp -s monolithicSparse/disk.vmdk changed/disk.vmdk &&
	test "$(grep -a ^CID= monolithicSparse/disk.vmdk)" != "$(grep -a ^CID= changed/disk.vmdk)"
'

test_expect_success QEMUIMG 'SCSI adapters get 255 heads' '
	"$APPLIANCE" vmdk --adapter lsilogic --hwversion 7 -o scsi.vmdk disk.raw 2>err &&
	strings -n 8 scsi.vmdk >desc &&
	test_grep "^ddb.adapterType = \"lsilogic\"$" desc &&
	test_grep "^ddb.geometry.heads = \"255\"$" desc &&
	test_grep "^ddb.virtualHWVersion = \"7\"$" desc
'

test_expect_success 'bad usage and bad input' '
	test_expect_code 2 "$APPLIANCE" vmdk --subformat vhd -o x.vmdk disk.raw 2>err &&
	test_grep "subformat .vhd.: expected monolithicSparse" err &&
	test_expect_code 2 "$APPLIANCE" vmdk --adapter nvme -o x.vmdk disk.raw 2>err &&
	printf abc >odd.raw &&
	test_expect_code 1 "$APPLIANCE" vmdk -o x.vmdk odd.raw 2>err &&
	test_grep "a raw disk is a non-zero multiple of 512" err &&
	! test -e x.vmdk && ! test -e x.vmdk.tmp
'

test_done
