# One template generates every appliance's rules: `make NAME` builds
# appliances/NAME: its root filesystem tree, its raw disk with the kernel,
# then the output formats of builder/outputs/ (every row but the optional
# ones release.conf does not ask for). `make NAME-boot-test` boots it in
# qemu. NAME_REPO=URL (upper case, '-' as '_') overrides the appliance's
# repo =, e.g. FEDORA_REPO=file:///srv/repo.

upper = $(subst -,_,$(shell echo '$(1)' | tr a-z A-Z))
VMX_TEMPLATES := $(wildcard vmx-templates/*.vmx.in)

# The output formats: one file each in builder/outputs/, one row of
# variables, read by one rule template (output-rule), the NAME target, the
# release (`make publish`) and `make formats`.
#
# To add an output format FORMAT:
#  1. Write its writer (builder/lib/image/FORMAT.c, or a tool's run) and,
#     if it is ours, its subcommand (builder/cmd/cmd-FORMAT.c, one row in
#     builder/cmd/main.c's table), as builder/cmd/cmd.h says.
#  2. Add builder/outputs/FORMAT.mk, its row: OUTPUTS += FORMAT, and
#     OUTPUT_FORMAT_FILE (the file, $(1) being the appliance),
#     OUTPUT_FORMAT_DEPS (what it is made from), OUTPUT_FORMAT_CMD (the
#     `appliance` arguments that make $$@), OUTPUT_FORMAT_MSG (the tag make
#     prints; empty when the tool prints its own), OUTPUT_FORMAT_PUBLISH
#     (yes: the release carries it, with sums, torrents and a link;
#     optional: when release.conf's formats = names FORMAT) and
#     OUTPUT_FORMAT_FOR (which products take it, for people).
#     Nothing else lists formats: make NAME, make publish, make formats,
#     make help and the names release.conf's formats = may use
#     (OPTIONAL_FORMATS, passed to appliance release-config and publish)
#     come from the rows; tests/t0020-tables.sh proves it with a dummy row.
#  3. Add a test: tests/t0010-make.sh checks that every row is whole and
#     that `make NAME` and `make publish` ask for its file; the writer's own
#     tests go beside the others of its stage (tests/t4NNN-FORMAT.sh).
OUTPUTS :=
include $(sort $(wildcard builder/outputs/*.mk))
# The optional formats a release asks for: release.conf's formats = (from
# appliance release-config, builder/release.mk).
# What `make NAME` builds: every row but the optional ones the release does
# not ask for (those are still made when named: make out/NAME/NAME.qcow2).
built-formats = $(foreach f,$(OUTPUTS),$(if $(or $(filter-out optional,$(OUTPUT_$(f)_PUBLISH)),$(filter $(f),$(REL_FORMATS))),$(f)))
output-files = $(foreach f,$(built-formats),$(call OUTPUT_$(f)_FILE,$(1)))
published = $(or $(filter yes,$(OUTPUT_$(1)_PUBLISH)),$(and $(filter optional,$(OUTPUT_$(1)_PUBLISH)),$(filter $(1),$(REL_FORMATS))))
published-files = $(foreach f,$(OUTPUTS),$(if $(call published,$(f)),$(call OUTPUT_$(f)_FILE,$(1))))

define output-rule
$(call OUTPUT_$(2)_FILE,$(1)): $(call OUTPUT_$(2)_DEPS,$(1)) $(APPLIANCE)
	@mkdir -p $$(@D)
	$(if $(OUTPUT_$(2)_MSG),$$(call msg,$(OUTPUT_$(2)_MSG),$$@))
	$$(Q)$(APPLIANCE) $(call OUTPUT_$(2)_CMD,$(1))
endef

define appliance-rules
$(1)_REPO_VAR := $(call upper,$(1))_REPO
$(BUILD)/$(1)/repo.vars: FORCE
	$$(call write-if-changed,$$@,$$($$($(1)_REPO_VAR)))

$(BUILD)/$(1)/rootfs.stamp: appliances/$(1)/appliance.conf $(wildcard appliances/$(1)/packages) \
		$(shell find appliances/$(1)/overlay 2>/dev/null) $(BUILD)/$(1)/repo.vars \
		$(APPLIANCE) $(PVINIT) $(FIRSTBOOT)
	$$(call msg,ROOTFS,$(1))
	$$(Q)$(APPLIANCE) rootfs --pvinit $(PVINIT) $(if $(FIRSTBOOT),--firstboot $(FIRSTBOOT)) \
		--kernel-configs $(KERNEL_CONFIGS) \
		$$(if $$($$($(1)_REPO_VAR)),--repo '$$($$($(1)_REPO_VAR))') \
		-o $(BUILD)/$(1)/rootfs appliances/$(1)
	$$(Q)touch $$@

$(BUILD)/$(1)/disk.raw: $(BUILD)/$(1)/rootfs.stamp $(KERNEL_STAMP) $(APPLIANCE)
	$$(call msg,DISK,$$@)
	$$(Q)$(APPLIANCE) disk --rootfs $(BUILD)/$(1)/rootfs --kernel $(KERNEL_LINK)/bzImage \
		-o $$@ appliances/$(1)

# Nothing ships that lint finds (host keys, passwords, owners, the build
# machine's details): the VMDKs, and so the OVA and zip, wait for it.
$(BUILD)/$(1)/lint.stamp: $(BUILD)/$(1)/disk.raw $(APPLIANCE)
	$$(call msg,LINT,$$<)
	$$(Q)$(APPLIANCE) lint --quiet $$<
	$$(Q)touch $$@

$(BUILD)/$(1)/$(1)-stream.vmdk: $(BUILD)/$(1)/disk.raw $(BUILD)/$(1)/lint.stamp $(APPLIANCE)
	$$(Q)$(APPLIANCE) vmdk --appliance appliances/$(1) --subformat streamOptimized -o $$@ $$<

$(foreach f,$(OUTPUTS),$(call output-rule,$(1),$(f))
)
# What each file is for, from the table: a user sees where to take it.
$(1): $(call output-files,$(1))
	@$(foreach f,$(built-formats),printf '  %-7s %s: %s\n' READY '$(call OUTPUT_$(f)_FILE,$(1))' '$(subst NAME,$(1),$(OUTPUT_$(f)_FOR))';)

# Boot it in qemu: the console checks, a screenshot at the login, power-off.
$(1)-boot-test: $(OUT)/$(1)/$(1).vmdk
	$$(Q)$(APPLIANCE) boot-test --bus $$(call boot-bus,$(1)) \
		--screenshot $(OUT)/$(1)/$(1)-screen.png --log $(BUILD)/$(1)/boot.log $$<
.PHONY: $(1) $(1)-boot-test
endef
$(foreach a,$(APPLIANCES),$(eval $(call appliance-rules,$(a))))

HELP += NAME NAME-boot-test boot-test
HELP_NAME = one appliance ($(APPLIANCES); as root), each in its formats below
HELP_NAME-boot-test = boot out/NAME/NAME.vmdk in qemu and check the console
HELP_boot-test = NAME-boot-test for each of DEFAULT_APPLIANCES ($(DEFAULT_APPLIANCES))
boot-test: $(addsuffix -boot-test,$(DEFAULT_APPLIANCES))
.PHONY: boot-test

# The output formats and what each appliance makes of them.
HELP += formats
HELP_formats = the output formats, what each is for, and the files each appliance makes
formats:
	@$(foreach f,$(OUTPUTS),printf '%-8s publish=%-8s %s\n' '$(f)' '$(OUTPUT_$(f)_PUBLISH)' '$(OUTPUT_$(f)_FOR)';)
	@$(foreach a,$(APPLIANCES),printf '%s:%s\n' '$(a)' '$(foreach f,$(call output-files,$(a)), $(f))';)
.PHONY: formats
