# vmi-2.6: the legacy profile for the kernels that had VMI, the 2006
# paravirtual interface (mainline 2.6.21 to 2.6.36; removed in 2.6.37). No
# tree is shipped: pass one with KERNEL_SRC=/path/to/linux-2.6.x. Such trees
# predate tinyconfig and olddefconfig, so the baseline is allnoconfig and new
# symbols take their defaults through oldconfig. They also need a compiler of
# their time (gcc 4.x); today's gcc does not build them.
description = Linux 2.6.21-2.6.36 i386 with CONFIG_VMI, USB and ACPI off
versions = 2.6.21 - 2.6.36
arch = i386
baseline = allnoconfig
update = oldconfig
target = bzImage
fragments = vmi-2.6 vmi-2.6-hardening
# The era's hardening (PAE for NX, stack protector, read-only kernel data),
# shown apart in the policy report; symbols that came in mid-range are
# checked only where the tree has them.
report-apart = vmi-2.6-hardening
optional = CC_STACKPROTECTOR STRICT_DEVMEM DEFAULT_MMAP_MIN_ADDR

require = X86_32=y VMI=y PARAVIRT=y X86_PAE=y DEBUG_RODATA=y
forbid = 64BIT X86_64 USB USB_SUPPORT ACPI
