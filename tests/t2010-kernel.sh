#!/bin/bash
# The default kernel (paravirt-6.1), built through make (from the cache when
# an identical one was built before): a 32-bit x86 bzImage with paravirt_ops
# on and USB and ACPI off, checked with grep, file and the boot header.
. "$(dirname "$0")/lib.sh"

test_require_tool FILE file file
test_require_tool QEMU qemu-system-i386 qemu-system-x86
if [[ -e /usr/src/linux-source-6.1.tar.xz ]]; then
	test_set_prereq KSRC
else
	echo "# SKIP: /usr/src/linux-source-6.1.tar.xz missing (Debian package linux-source-6.1; run make deps)"
fi

K=o/build/kernel/paravirt-6.1

test_expect_success KSRC 'make kernel builds (or finds) the default kernel' '
	make -C "$SRCDIR" --no-print-directory O="$TRASH/o" kernel >out 2>&1 &&
	test_grep "POLICY .* 0 failed" out &&
	test -L $K && test -s $K/bzImage && test -s $K/config && test -s $K/System.map &&
	test_grep "^key = [0-9a-f]{32}$" $K/kernel.info
'

test_expect_success KSRC 'the final .config: 32-bit, paravirt on, USB and ACPI off' '
	c=$K/config &&
	test_grep "^CONFIG_X86_32=y$" $c &&
	test_grep -v "^CONFIG_64BIT=y" $c &&
	test_grep -v "^CONFIG_X86_64=y" $c &&
	test_grep "^CONFIG_PARAVIRT=y$" $c &&
	test_grep "^CONFIG_HYPERVISOR_GUEST=y$" $c &&
	test_grep "^CONFIG_KVM_GUEST=y$" $c &&
	test_grep "^# CONFIG_ACPI is not set$" $c &&
	test_grep -v "^CONFIG_ACPI=" $c &&
	test_grep "^# CONFIG_USB_SUPPORT is not set$" $c &&
	test_grep -v "^CONFIG_USB=" $c &&
	test_grep "^CONFIG_APM=y$" $c &&
	test_grep "^CONFIG_COMPAT_32BIT_TIME=y$" $c &&
	test_grep "^CONFIG_VMWARE_PVSCSI=y$" $c &&
	test_grep "^CONFIG_VMXNET3=y$" $c &&
	test_grep "^CONFIG_SERIAL_8250_CONSOLE=y$" $c
'

test_expect_success KSRC 'the policy report: every requirement met' '
	test_grep "requirements checked, ([0-9]+) met, 0 failed" $K/policy-report.txt &&
	test_grep -v "^FAIL" $K/policy-report.txt
'

test_expect_success KSRC,FILE 'file(1) sees an x86 bzImage of Linux 6.1, built by nobody in particular' '
	file -L $K/bzImage >out &&
	test_grep "Linux kernel x86 boot executable bzImage, version 6\.1\.[0-9]+ \(pvappliance@pvappliance\) #1 SMP" out &&
	test_grep -v "$(hostname)" out
'

test_expect_success KSRC 'the boot header: a 32-bit kernel (no 64-bit entry point)' '
	# struct setup_header: "HdrS" at 0x202, version at 0x206,
	# xloadflags at 0x236 (bit 0: XLF_KERNEL_64, set only for x86_64).
	magic=$(dd if=$K/bzImage bs=1 skip=$((0x202)) count=4 status=none) &&
	test "$magic" = HdrS &&
	version=$(od -An -tu2 -j $((0x206)) -N2 $K/bzImage | tr -d " ") &&
	test "$version" -ge $((0x20d)) &&
	xloadflags=$(od -An -tu2 -j $((0x236)) -N2 $K/bzImage | tr -d " ") &&
	test $((xloadflags & 1)) = 0
'

test_expect_success KSRC,QEMU 'it boots in qemu (TCG) to the root mount: paravirt, APM, no ACPI, no USB' '
	# No disk yet: the kernel must get as far as looking for its root
	# filesystem, then panic and (panic=1, -no-reboot) end qemu. The
	# appliance boot tests come with the disk images.
	timeout 120 qemu-system-i386 -accel tcg -m 256 -nographic -no-reboot \
		-monitor none -serial stdio -kernel $K/bzImage \
		-append "console=ttyS0,115200 panic=1 apm=power-off" </dev/null >boot.log 2>&1 &&
	test_grep "Linux version 6\.1\.[0-9]+ \(pvappliance@pvappliance\)" boot.log &&
	test_grep "Booting paravirtualized kernel on " boot.log &&
	test_grep "apm: BIOS version" boot.log &&
	test_grep "VMware PVSCSI driver" boot.log &&
	test_grep "VFS: Unable to mount root fs" boot.log &&
	test_grep -v "^ACPI:" boot.log &&
	test_grep -v "usbcore" boot.log
'

test_done
