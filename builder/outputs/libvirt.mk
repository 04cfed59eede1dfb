# NAME.libvirt.xml: a libvirt domain for NAME.qcow2 (kvm, i686, the
# appliance's memory, virtio disk and NIC, serial console, no ACPI).
# Published when release.conf's formats = lists libvirt.
OUTPUTS += libvirt
OUTPUT_libvirt_FILE = $(OUT)/$(1)/$(1).libvirt.xml
OUTPUT_libvirt_DEPS = appliances/$(1)/appliance.conf
OUTPUT_libvirt_CMD = libvirt --disk $(1).qcow2 -o $$@ appliances/$(1)
OUTPUT_libvirt_MSG = LIBVIRT
OUTPUT_libvirt_PUBLISH = optional
OUTPUT_libvirt_FOR = libvirt/KVM: copy NAME.qcow2 to /var/lib/libvirt/images, virsh define NAME.libvirt.xml
