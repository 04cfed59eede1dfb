# paravirt-6.1: the default appliance kernel. Linux 6.1 (Debian's
# linux-source-6.1) with paravirt_ops, the mainline successor of VMI; USB and
# ACPI off; VMware and qemu virtual hardware built in (no modules, no initramfs);
# what systemd userlands and networked servers need (userland-systemd,
# server-net).
description = Linux 6.1 i386, paravirt_ops, USB and ACPI off
source = /usr/src/linux-source-6.1.tar.xz
source-package = linux-source-6.1
versions = 6.1
arch = i386
baseline = tinyconfig
update = olddefconfig
target = bzImage
fragments = base-i386 paravirt no-usb no-acpi vmware-devices qemu-devices userland-systemd server-net

# Every value the fragments set must survive olddefconfig; in addition:
require = X86_32=y PARAVIRT=y HYPERVISOR_GUEST=y KVM_GUEST=y SERIAL_8250_CONSOLE=y
require = APM=y COMPAT_32BIT_TIME=y
# Boot-fatal for systemd, and where first-boot credentials come from.
require = CGROUPS=y DMI_SYSFS=y
# Off means absent or "is not set". CONFIG_USB_OHCI_LITTLE_ENDIAN=y stays in
# every i386 config (it lives outside the USB menu) and means nothing.
forbid = 64BIT X86_64 USB USB_SUPPORT ACPI MODULES
