# paravirt-6.1: the default appliance kernel. Linux 6.1 (Debian's
# linux-source-6.1) with paravirt_ops, the mainline successor of VMI; USB and
# ACPI off; VMware and qemu virtual hardware built in (no modules, no initramfs);
# what systemd userlands and networked servers need (userland-systemd,
# server-net), and the kernel self-protection settings of Debian's own
# 686-pae kernel (hardening).
description = Linux 6.1 i386, paravirt_ops, USB and ACPI off
source = /usr/src/linux-source-6.1.tar.xz
source-package = linux-source-6.1
versions = 6.1
arch = i386
baseline = tinyconfig
update = olddefconfig
target = bzImage
# The APM BIOS's code executable under PAE's NX (apm-bios-nx.patch says
# why): without it the appliance halts instead of powering off.
patches = apm-bios-nx
fragments = base-i386 paravirt no-usb no-acpi vmware-devices qemu-devices userland-systemd server-net hardening

# Every value the fragments set must survive olddefconfig; in addition:
require = X86_32=y PARAVIRT=y HYPERVISOR_GUEST=y KVM_GUEST=y SERIAL_8250_CONSOLE=y
require = APM=y COMPAT_32BIT_TIME=y
# Boot-fatal for systemd, and where first-boot credentials come from.
require = CGROUPS=y DMI_SYSFS=y
# Hardening: every value hardening.config sets is required already (as for
# every fragment); these are named again because an appliance must never
# lose them, whatever a later fragment or a project's override does.
require = X86_PAE=y HIGHMEM64G=y STACKPROTECTOR_STRONG=y FORTIFY_SOURCE=y
require = HARDENED_USERCOPY=y SLAB_FREELIST_HARDENED=y SLAB_FREELIST_RANDOM=y
require = RANDOMIZE_BASE=y PAGE_TABLE_ISOLATION=y RETPOLINE=y CPU_MITIGATIONS=y
require = STRICT_KERNEL_RWX=y INIT_ON_ALLOC_DEFAULT_ON=y SCHED_STACK_END_CHECK=y
require = BUG_ON_DATA_CORRUPTION=y DEBUG_WX=y X86_UMIP=y SECURITY=y
require = SECURITY_YAMA=y SECURITY_DMESG_RESTRICT=y SECURITY_LOCKDOWN_LSM=y
require = SECURITY_APPARMOR=y DEFAULT_SECURITY_APPARMOR=y SYN_COOKIES=y
require = DEFAULT_MMAP_MIN_ADDR=65536
forbid = LEGACY_PTYS DEVMEM
# The policy report (policy-report.txt, appliance kconfig check --report)
# shows the hardening's requirements apart, with their own summary.
report-apart = hardening
# Checked only when the final config has them: hardening.config's options
# that Linux 6.1 does not have on i386.
optional = RANDOMIZE_MEMORY VMAP_STACK LIST_HARDENED

# Off means absent or "is not set". CONFIG_USB_OHCI_LITTLE_ENDIAN=y stays in
# every i386 config (it lives outside the USB menu) and means nothing.
forbid = 64BIT X86_64 USB USB_SUPPORT ACPI MODULES
