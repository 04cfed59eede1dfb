# NAME.ova: the OVF package (descriptor, manifest, streamOptimized disk) that
# vSphere, ESXi, Workstation and VirtualBox import; its EulaSection lists
# the licences of the built tree. Published.
OUTPUTS += ova
OUTPUT_ova_FILE = $(OUT)/$(1)/$(1).ova
OUTPUT_ova_DEPS = $(BUILD)/$(1)/$(1)-stream.vmdk $(BUILD)/$(1)/rootfs.stamp
OUTPUT_ova_CMD = ova --vmdk $(BUILD)/$(1)/$(1)-stream.vmdk --rootfs $(BUILD)/$(1)/rootfs \
	-o $$@ appliances/$(1)
OUTPUT_ova_MSG = OVA
OUTPUT_ova_PUBLISH = yes
OUTPUT_ova_FOR = import: vSphere, ESXi, Workstation, Fusion, VirtualBox
