# NAME-VERSION.zip: the .vmx and .vmdk in one folder, as the 2006 release
# shipped its appliances. Published.
OUTPUTS += zip
OUTPUT_zip_FILE = $(OUT)/$(1)/$(1)-$(call appliance-version,$(1)).zip
OUTPUT_zip_DEPS = $(call OUTPUT_vmx_FILE,$(1)) $(call OUTPUT_vmdk_FILE,$(1))
OUTPUT_zip_CMD = zip --folder $(1)-$(call appliance-version,$(1)) -o $$@ \
	$(call OUTPUT_vmx_FILE,$(1)) $(call OUTPUT_vmdk_FILE,$(1))
OUTPUT_zip_MSG = ZIP
OUTPUT_zip_PUBLISH = yes
OUTPUT_zip_FOR = unzip, then open NAME.vmx: VMware Workstation, Player, Fusion
