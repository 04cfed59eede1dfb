# NAME.vmx: the virtual machine for VMware's hosted products, from the
# appliance's vmx_template, naming NAME.vmdk. Not published alone (it is in
# the zip).
OUTPUTS += vmx
OUTPUT_vmx_FILE = $(OUT)/$(1)/$(1).vmx
OUTPUT_vmx_DEPS = appliances/$(1)/appliance.conf $(VMX_TEMPLATES) $(KERNEL_STAMP)
OUTPUT_vmx_CMD = vmx --template-dir vmx-templates --vmdk $(1).vmdk \
	--kernel-dir $(KERNEL_LINK) \
	-o $$@ appliances/$(1)
OUTPUT_vmx_MSG = VMX
OUTPUT_vmx_PUBLISH = no
OUTPUT_vmx_FOR = VMware Workstation, Player, Fusion (with NAME.vmdk)
