# One template generates every appliance's rules: `make NAME` builds
# appliances/NAME: its root filesystem tree, then its raw disk with the
# kernel (the VMDK, .vmx and OVA come next). NAME_REPO=URL (upper case,
# '-' as '_') overrides the appliance's repo =, e.g. FEDORA_REPO=file:///srv/repo.

APPLIANCES := $(patsubst appliances/%/appliance.conf,%,$(wildcard appliances/*/appliance.conf))
DEFAULT_APPLIANCES ?= debian
upper = $(subst -,_,$(shell echo '$(1)' | tr a-z A-Z))

define appliance-rules
$(1)_REPO_VAR := $(call upper,$(1))_REPO
$(BUILD)/$(1)/repo.vars: FORCE
	$$(call write-if-changed,$$@,$$($$($(1)_REPO_VAR)))

$(BUILD)/$(1)/rootfs.stamp: appliances/$(1)/appliance.conf $(wildcard appliances/$(1)/packages) \
		$(shell find appliances/$(1)/overlay 2>/dev/null) $(BUILD)/$(1)/repo.vars \
		$(APPLIANCE) $(PVINIT) | $(DEPS_FIRST)
	$$(call msg,ROOTFS,$(1))
	$$(Q)$(APPLIANCE) rootfs --pvinit $(PVINIT) --kernel-configs $(KERNEL_CONFIGS) \
		$$(if $$($$($(1)_REPO_VAR)),--repo '$$($$($(1)_REPO_VAR))') \
		-o $(BUILD)/$(1)/rootfs appliances/$(1)
	$$(Q)touch $$@

$(BUILD)/$(1)/disk.raw: $(BUILD)/$(1)/rootfs.stamp $(KERNEL_STAMP) $(APPLIANCE)
	$$(call msg,DISK,$$@)
	$$(Q)$(APPLIANCE) disk --rootfs $(BUILD)/$(1)/rootfs --kernel $(KERNEL_LINK)/bzImage \
		-o $$@ appliances/$(1)

$(1): $(BUILD)/$(1)/disk.raw
.PHONY: $(1)
endef
$(foreach a,$(APPLIANCES),$(eval $(call appliance-rules,$(a))))
