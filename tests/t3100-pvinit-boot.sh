#!/bin/bash
# pvinit under the real kernel: a tiny ext2 root (mke2fs -d, no partitions)
# holding only /sbin/pvinit, booted by qemu-system-i386 (TCG) with the
# default kernel. Its test mode prints the marker; with the hypervisor bit
# hidden (-cpu qemu32,-hypervisor) it refuses to run when required; both power
# off through APM, which ends qemu.
. "$(dirname "$0")/lib.sh"

test_require_tool QEMU qemu-system-i386 qemu-system-x86
test_require_tool MKE2FS mke2fs e2fsprogs
K=$KERNEL P=$PVINIT
if [[ -s $K && -x $P ]]; then
	test_set_prereq BUILT
else
	echo "# SKIP: build the kernel and pvinit first (make kernel pvinit)"
fi

image() { # require_hypervisor init
	rm -rf tree img && mkdir -p tree/sbin tree/etc tree/dev tree/proc tree/sys &&
	cp "$P" tree/sbin/pvinit &&
	printf "require_hypervisor = %s\ninit = %s\n" "$1" "$2" >tree/etc/pvinit.conf &&
	mke2fs -q -t ext2 -d tree img 8M
}
boot() { # extra-append [qemu args...]
	local append=$1
	shift
	timeout 120 qemu-system-i386 -accel tcg -m 128 -nographic -no-reboot -monitor none \
		-serial stdio -kernel "$K" -drive file=img,format=raw,if=ide "$@" \
		-append "root=/dev/sda rw console=ttyS0,115200 init=/sbin/pvinit panic=1 apm=power-off $append" \
		</dev/null >boot.log 2>&1
}

test_expect_success QEMU,MKE2FS,BUILT 'test mode: the marker, then power-off' '
	image yes /sbin/init &&
	boot pvinit.test=1 &&
	test_grep "^pvinit: hypervisor: QEMU TCG \(\"TCGTCGTCGTCG\" at CPUID 0x40000000\)" boot.log &&
	test_grep "^PVINIT-TEST hypervisor=\"QEMU TCG\" .* acpi=absent usb=absent kernel=\"Linux 6\.1\.[0-9]+ i686\"" boot.log &&
	test_grep -v "Kernel panic" boot.log
'

test_expect_success QEMU,MKE2FS,BUILT 'no hypervisor and one required: refuses, powers off' '
	image yes /sbin/init &&
	boot "" -cpu qemu32,-hypervisor &&
	test_grep "^pvinit: no hypervisor found" boot.log &&
	test_grep "refuses to run on native hardware" boot.log &&
	test_grep "require_hypervisor = no" boot.log &&
	test_grep -v "Kernel panic" boot.log
'

test_expect_success QEMU,MKE2FS,BUILT 'no hypervisor, none required: goes on to exec the init' '
	image no /sbin/no-such-init &&
	boot "" -cpu qemu32,-hypervisor &&
	test_grep "^pvinit: no hypervisor found" boot.log &&
	test_grep -v "refuses" boot.log &&
	test_grep "pvinit: cannot run the init ./sbin/no-such-init.: No such file or directory" boot.log
'

test_done
