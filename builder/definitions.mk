# The definitions, as make variables the C parsers print: make never reads
# appliance.conf or release.conf itself, so the two cannot disagree on a
# value (a tab, an indented line, a comment). Read before the rules that
# name files after them (builder/appliances.mk, builder/release.mk).

APPLIANCES := $(patsubst appliances/%/appliance.conf,%,$(wildcard appliances/*/appliance.conf))
DEFAULT_APPLIANCES ?= debian

# Each definition reaches make as the variables appliance config prints
# (APP_NAME_KEY := value, validated; see `appliance config --keys`), never
# by reading appliance.conf here: $(BUILD)/NAME/appliance.mk, remade when
# the file or the tool changes (make then starts again with the values).
# Quietly: `make print-VAR` prints the value alone even when they change.
define appliance-config-rule
$(BUILD)/$(1)/appliance.mk: appliances/$(1)/appliance.conf $(wildcard appliances/$(1)/packages) $(APPLIANCE)
	@mkdir -p $$(@D)
	$$(Q)$(APPLIANCE) config --kernel-configs $(KERNEL_CONFIGS) -o $$@ appliances/$(1)
endef
$(foreach a,$(APPLIANCES),$(eval $(call appliance-config-rule,$(a))))
ifneq ($(READ_DEFINITIONS),)
-include $(foreach a,$(APPLIANCES),$(BUILD)/$(a)/appliance.mk)
endif
appliance-version = $(APP_$(1)_VERSION)
# The qemu bus the appliance's disk_adapter boots on (qemu has no LSI 1030:
# SCSI disks boot on pvscsi, SATA ones on AHCI), from the adapter table.
boot-bus = $(APP_$(1)_BOOT_BUS)

RELEASE_CONF ?= checksums/release.conf
# release.conf reaches make through appliance release-config, which
# validates it and prints REL_VERSION, REL_FORMATS, REL_SOURCES, ...
# (`appliance release-config --keys` lists them), into $(BUILD)/release.mk.
# The names release.conf's formats = may use: the optional rows of
# builder/outputs/.
OPTIONAL_FORMATS = $(strip $(foreach f,$(OUTPUTS),$(if $(filter optional,$(OUTPUT_$(f)_PUBLISH)),$(f))))

RELEASE_MK := $(BUILD)/release.mk
$(BUILD)/release.vars: FORCE
	$(call write-if-changed,$@,$(abspath $(RELEASE_CONF))|$(OPTIONAL_FORMATS))
$(RELEASE_MK): $(RELEASE_CONF) $(BUILD)/release.vars $(APPLIANCE)
	$(Q)$(APPLIANCE) release-config --optional-formats '$(OPTIONAL_FORMATS)' -o $@ $(RELEASE_CONF)
ifneq ($(READ_DEFINITIONS),)
-include $(RELEASE_MK)
endif

