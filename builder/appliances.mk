# One template generates every appliance's rules: `make NAME` builds
# appliances/NAME (for now: its kernel and its root filesystem tree; the disk,
# VMDK, .vmx and OVA come with the image work). NAME_REPO=URL (upper case,
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

$(1): $(KERNEL_STAMP) $(BUILD)/$(1)/rootfs.stamp
.PHONY: $(1)
endef
$(foreach a,$(APPLIANCES),$(eval $(call appliance-rules,$(a))))
