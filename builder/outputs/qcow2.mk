# NAME.qcow2: the disk for KVM/QEMU (qemu-img convert -c from the raw disk;
# the same disk gives the same bytes). Published when release.conf's
# formats = lists qcow2.
OUTPUTS += qcow2
OUTPUT_qcow2_FILE = $(OUT)/$(1)/$(1).qcow2
OUTPUT_qcow2_DEPS = $(BUILD)/$(1)/disk.raw $(BUILD)/$(1)/lint.stamp
OUTPUT_qcow2_CMD = qcow2 -o $$@ $(BUILD)/$(1)/disk.raw
OUTPUT_qcow2_MSG = QCOW2
OUTPUT_qcow2_PUBLISH = optional
OUTPUT_qcow2_FOR = KVM/QEMU: virt-manager, virsh (with NAME.libvirt.xml), qemu-system-i386
