#!/bin/bash
# Faults: a full disk while writing the image, the VMDKs, the archive and
# the release; kill -9 in the middle of publish and of a VMDK; a read-only
# output directory; a missing tool. Each must leave no file that looks
# finished, name the cause, and a rerun must give the bytes an
# uninterrupted run gives. (An unreachable mirror: t3000 and t3020.)
. "$(dirname "$0")/lib.sh"

if [[ $EUID == 0 ]] && mount -t tmpfs -o size=1m tmpfs "$TRASH" 2>/dev/null && umount "$TRASH"; then
	test_set_prereq MOUNT
else
	echo "# SKIP: cannot mount a small tmpfs (needs root): the full-disk tests need one"
fi

E=1700000000
export SOURCE_DATE_EPOCH=$E
mounts=()
small_fs() { # dir size
	mkdir -p "$1" && mount -t tmpfs -o "size=$2" tmpfs "$1" && mounts+=("$TRASH/$1")
}
# Nothing that looks finished: no file but the tools' logs (kept: the
# error points at them).
nothing_finished() { # dir
	test -z "$(find "$1" -mindepth 1 ! -type d ! -name "*.log")" || { find "$1" -ls; false; }
}

test_expect_success 'setup: a raw disk, an appliance, a release.conf, reference outputs' '
	truncate -s 64M in.raw &&
	random_bytes 3000000 a | dd of=in.raw conv=notrunc status=none &&
	random_bytes 2000000 b | dd of=in.raw bs=1M seek=40 conv=notrunc status=none &&
	mkdir -p app tree/etc tree/sbin ref &&
	sed -e "s/^name = .*/name = app/" -e "s/^disk_size = .*/disk_size = 64M/" \
		"$SRCDIR/appliances/debian/appliance.conf" >app/appliance.conf &&
	echo app >tree/etc/hostname && cp "$PVINIT" tree/sbin/init &&
	printf "version = 1.0\ntitle = T\nbase_url = http://127.0.0.1/r\n" >rel.conf &&
	"$APPLIANCE" disk --rootfs tree --kernel "$KERNEL" -o ref/disk.raw app 2>err &&
	"$APPLIANCE" vmdk -o ref/sparse.vmdk in.raw 2>err &&
	"$APPLIANCE" vmdk --subformat streamOptimized -o ref/stream.vmdk in.raw 2>err &&
	"$APPLIANCE" zip --folder app-1.0 -o ref/app.zip in.raw 2>err &&
	"$APPLIANCE" publish --config rel.conf -o ref/rel in.raw 2>err
'

test_expect_success MOUNT 'a full disk: the raw image' '
	small_fs full-disk 2m &&
	test_must_fail "$APPLIANCE" disk --rootfs tree --kernel "$KERNEL" -o full-disk/disk.raw app 2>err &&
	test_grep "No space left on device|not enough space|Could not allocate|No space" err &&
	test_grep "full-disk/disk.raw" err &&
	nothing_finished full-disk
'

test_expect_success MOUNT 'a full disk: the sparse and the streamOptimized VMDK' '
	small_fs full-vmdk 2m &&
	test_must_fail "$APPLIANCE" vmdk -o full-vmdk/sparse.vmdk in.raw 2>err &&
	test_grep "cannot write the grain to .*full-vmdk/sparse.vmdk.tmp.: No space left on device" err &&
	test_must_fail "$APPLIANCE" vmdk --subformat streamOptimized -o full-vmdk/stream.vmdk in.raw 2>err &&
	test_grep "full-vmdk/stream.vmdk.tmp.: No space left on device" err &&
	nothing_finished full-vmdk
'

test_expect_success MOUNT 'a full disk: the zip archive' '
	small_fs full-zip 2m &&
	test_must_fail "$APPLIANCE" zip --folder app-1.0 -o full-zip/app.zip in.raw 2>err &&
	test_grep "cannot write .full-zip/app.zip.: No space left on device" err &&
	test_grep "full-zip/app.zip. is not written" err &&
	nothing_finished full-zip
'

test_expect_success MOUNT 'a full disk: the release tree' '
	small_fs full-rel 3m &&
	test_must_fail "$APPLIANCE" publish --config rel.conf -o full-rel/rel in.raw 2>err &&
	test_grep "full-rel/rel/.*No space left on device" err &&
	nothing_finished full-rel
'

test_expect_success MOUNT 'with room again, each rerun gives the bytes of an uninterrupted run' '
	for d in full-disk full-vmdk full-zip full-rel; do umount $d || exit 1; done &&
	mounts=() &&
	"$APPLIANCE" disk --rootfs tree --kernel "$KERNEL" -o full-disk/disk.raw app 2>err &&
	cmp ref/disk.raw full-disk/disk.raw &&
	"$APPLIANCE" vmdk -o full-vmdk/sparse.vmdk in.raw 2>err &&
	cmp ref/sparse.vmdk full-vmdk/sparse.vmdk &&
	"$APPLIANCE" vmdk --subformat streamOptimized -o full-vmdk/stream.vmdk in.raw 2>err &&
	cmp ref/stream.vmdk full-vmdk/stream.vmdk &&
	"$APPLIANCE" zip --folder app-1.0 -o full-zip/app.zip in.raw 2>err &&
	cmp ref/app.zip full-zip/app.zip &&
	"$APPLIANCE" publish --config rel.conf -o full-rel/rel in.raw 2>err &&
	diff -r ref/rel full-rel/rel
'

test_expect_success 'setup: a 600 MB input that takes a while' '
	truncate -s 600M big.raw &&
	for i in 0 1 2 3 4 5; do
		random_bytes 40000000 big$i | dd of=big.raw bs=1M seek=$((i * 100)) conv=notrunc status=none || exit 1
	done &&
	"$APPLIANCE" publish --config rel.conf -o ref-big big.raw 2>err &&
	"$APPLIANCE" vmdk --subformat streamOptimized -o ref-big/big.vmdk big.raw 2>err
'

# kill_midway 'CONDITION' CMD...: start CMD, kill -9 it as soon as
# CONDITION holds (its temporary output has begun); fail if it had already
# finished (then the test proves nothing). A condition, not a delay: a
# faster or a busier machine must not change what is tested.
kill_midway() {
	local cond=$1
	shift
	"$@" 2>/dev/null &
	local pid=$!
	wait_for 60 eval "$cond" || { kill -9 $pid; return 1; }
	kill -9 $pid 2>/dev/null || { echo "finished before the kill" >&2; return 1; }
	wait $pid 2>/dev/null
	return 0
}

test_expect_success 'kill -9 in the middle of publish: no release; the rerun is the uninterrupted one' '
	kill_midway "compgen -G \"killed/.1.0.tmp.*\"" "$APPLIANCE" publish --config rel.conf -o killed big.raw &&
	! test -e killed/1.0 &&
	ls -A killed >left && test_grep "^\.1\.0\.tmp\.[0-9]+$" left &&
	"$APPLIANCE" publish --config rel.conf -o killed big.raw 2>err &&
	diff -r ref-big/1.0 killed/1.0 &&
	ls -A killed >left && printf "1.0\n" >expect && test_cmp expect left
'

test_expect_success 'kill -9 in the middle of a VMDK: no .vmdk; the rerun is the uninterrupted one' '
	mkdir -p kv &&
	kill_midway "test -s kv/big.vmdk.tmp" "$APPLIANCE" vmdk --subformat streamOptimized -o kv/big.vmdk big.raw &&
	! test -e kv/big.vmdk &&
	"$APPLIANCE" vmdk --subformat streamOptimized -o kv/big.vmdk big.raw 2>err &&
	cmp ref-big/big.vmdk kv/big.vmdk && ! test -e kv/big.vmdk.tmp
'

test_expect_success MOUNT 'a read-only output directory: the error says so, nothing written' '
	mkdir -p ro && mount -t tmpfs -o ro,size=1m tmpfs ro && mounts+=("$TRASH/ro") &&
	test_must_fail "$APPLIANCE" vmdk -o ro/x.vmdk in.raw 2>err &&
	test_grep "cannot create .ro/x.vmdk.tmp.: Read-only file system" err &&
	test_must_fail "$APPLIANCE" publish --config rel.conf -o ro/rel in.raw 2>err &&
	test_grep "ro/rel.*Read-only file system" err &&
	test_must_fail "$APPLIANCE" zip --folder a -o ro/a.zip in.raw 2>err &&
	test_grep "ro/a.zip.*Read-only file system" err &&
	nothing_finished ro
'

test_expect_success 'a missing tool: named with its Debian package, nothing written' '
	mkdir -p nopath mt &&
	for t in mkfs.fat mcopy syslinux; do ln -s "$(command -v $t)" nopath/$t || exit 1; done &&
	test_must_fail env PATH="$TRASH/nopath" "$APPLIANCE" disk --rootfs tree --kernel "$KERNEL" \
		-o mt/disk.raw app 2>err &&
	test_grep "mke2fs. not found in PATH; install it with: apt-get install e2fsprogs" err &&
	nothing_finished mt
'

for m in "${mounts[@]}"; do umount "$m" 2>/dev/null; done
umount "$TRASH/ro" 2>/dev/null
test_done
