# NAME.vmdk: the disk for VMware's hosted products, monolithicSparse, described
# for the appliance's disk_adapter (for an ESXi template, ESXi's own vmfs
# pair: NAME.vmdk and NAME-flat.vmdk). Opened with NAME.vmx; not published
# alone (it is in the zip).
OUTPUTS += vmdk
OUTPUT_vmdk_FILE = $(OUT)/$(1)/$(1).vmdk
OUTPUT_vmdk_DEPS = $(BUILD)/$(1)/disk.raw $(BUILD)/$(1)/lint.stamp
OUTPUT_vmdk_CMD = vmdk --appliance appliances/$(1) -o $$@ $(BUILD)/$(1)/disk.raw
OUTPUT_vmdk_MSG =
OUTPUT_vmdk_PUBLISH = no
OUTPUT_vmdk_FOR = VMware Workstation, Player, Fusion (with NAME.vmx)
