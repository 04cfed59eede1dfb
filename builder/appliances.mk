# One template generates every appliance's rules: `make NAME` builds
# appliances/NAME: its root filesystem tree, its raw disk with the kernel,
# then every output format in builder/outputs/ (today out/NAME/NAME.vmdk,
# NAME.vmx, NAME.ova and NAME-VERSION.zip). `make NAME-boot-test` boots it
# in qemu. NAME_REPO=URL (upper case, '-' as '_') overrides the appliance's
# repo =, e.g. FEDORA_REPO=file:///srv/repo.

APPLIANCES := $(patsubst appliances/%/appliance.conf,%,$(wildcard appliances/*/appliance.conf))
DEFAULT_APPLIANCES ?= debian
upper = $(subst -,_,$(shell echo '$(1)' | tr a-z A-Z))
VMX_TEMPLATES := $(wildcard vmx-templates/*.vmx.in)
$(foreach a,$(APPLIANCES),$(eval $(a)_VERSION := $(shell sed -n 's/^version *= *//p' appliances/$(a)/appliance.conf)))
appliance-version = $($(1)_VERSION)
# The qemu bus the appliance's disk_adapter boots on (qemu has no LSI 1030:
# SCSI disks boot on pvscsi, SATA ones on AHCI), from the adapter table
# through appliance config. Only the boot-test recipe calls it, and
# $(APPLIANCE) is built by then (the .vmdk it boots needs it).
boot-bus = $(shell $(APPLIANCE) config appliances/$(1) | sed -n 's/^APP_$(1)_BOOT_BUS := //p')

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
#  3. Add a test: tests/t0010-make.sh checks that every row is whole and
#     that `make NAME` and `make publish` ask for its file; the writer's own
#     tests go beside the others of its stage (tests/t4NNN-FORMAT.sh).
OUTPUTS :=
include $(sort $(wildcard builder/outputs/*.mk))
# The optional formats a release asks for: release.conf's "formats =" line
# (appliance publish validates it).
RELEASE_FORMATS = $(shell sed -n 's/^[[:space:]]*formats[[:space:]]*=//p' $(RELEASE_CONF))
# What `make NAME` builds: every row but the optional ones the release does
# not ask for (those are still made when named: make out/NAME/NAME.qcow2).
built-formats = $(foreach f,$(OUTPUTS),$(if $(or $(filter-out optional,$(OUTPUT_$(f)_PUBLISH)),$(filter $(f),$(RELEASE_FORMATS))),$(f)))
output-files = $(foreach f,$(built-formats),$(call OUTPUT_$(f)_FILE,$(1)))
published = $(or $(filter yes,$(OUTPUT_$(1)_PUBLISH)),$(and $(filter optional,$(OUTPUT_$(1)_PUBLISH)),$(filter $(1),$(RELEASE_FORMATS))))
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
		$(APPLIANCE) $(PVINIT) $(FIRSTBOOT) | $(DEPS_FIRST)
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

boot-test: $(addsuffix -boot-test,$(DEFAULT_APPLIANCES))
.PHONY: boot-test

# The release: every default appliance's published outputs (builder/outputs/
# with OUTPUT_FORMAT_PUBLISH = yes), the kernel's source, with sums,
# torrents, metalinks and a page with release notes (and the screen shot,
# when `make NAME-boot-test` took one). With sources = yes or best-effort in
# release.conf, also each appliance's NAME-VERSION-sources.tar: the source
# packages of everything installed, from NAME_SOURCES_REPO=URL when set,
# else NAME_REPO, else the appliance's repo =.
RELEASE_CONF ?= checksums/release.conf
RELEASE_RECORD ?= checksums
RELEASE_SOURCES = $(shell sed -n 's/^[[:space:]]*sources[[:space:]]*=[[:space:]]*\([^[:space:]]*\).*/\1/p' $(RELEASE_CONF) 2>/dev/null | head -n1)
sources-file = $(OUT)/$(1)/$(1)-$(call appliance-version,$(1))-sources.tar
RELEASE_FILES = $(foreach a,$(DEFAULT_APPLIANCES),$(call published-files,$(a))) $(KERNEL_SOURCE_TAR) \
	$(if $(filter yes best-effort,$(RELEASE_SOURCES)),$(foreach a,$(DEFAULT_APPLIANCES),$(call sources-file,$(a))))

define sources-rule
$(call sources-file,$(1)): $(BUILD)/$(1)/rootfs.stamp $(RELEASE_CONF) $(APPLIANCE)
	@mkdir -p $$(@D)
	$$(call msg,SOURCES,$$@)
	$$(Q)$(APPLIANCE) sources --config $(RELEASE_CONF) --rootfs $(BUILD)/$(1)/rootfs \
		$$(if $$($(call upper,$(1))_SOURCES_REPO),--repo '$$($(call upper,$(1))_SOURCES_REPO)',$$(if $$($(call upper,$(1))_REPO),--repo '$$($(call upper,$(1))_REPO)')) \
		-o $$@ appliances/$(1)
endef
$(foreach a,$(APPLIANCES),$(eval $(call sources-rule,$(a))))
publish: $(RELEASE_FILES) $(APPLIANCE)
	$(Q)$(APPLIANCE) publish --config $(RELEASE_CONF) -o $(OUT)/release \
		--record $(RELEASE_RECORD) \
		--kernel-version "$$(sed -n 's/^version = //p' $(KERNEL_LINK)/kernel.info)" \
		$(foreach a,$(DEFAULT_APPLIANCES),--notes appliances/$(a)) \
		$(foreach f,$(wildcard $(foreach a,$(DEFAULT_APPLIANCES),$(OUT)/$(a)/$(a)-screen.png)),--extra $(f)) \
		$(RELEASE_FILES)
.PHONY: publish

# The output formats and what each appliance makes of them.
formats:
	@$(foreach f,$(OUTPUTS),printf '%-8s publish=%-8s %s\n' '$(f)' '$(OUTPUT_$(f)_PUBLISH)' '$(OUTPUT_$(f)_FOR)';)
	@$(foreach a,$(APPLIANCES),printf '%s:%s\n' '$(a)' '$(foreach f,$(call output-files,$(a)), $(f))';)
.PHONY: formats

# Rebuild a release from scratch in $(BUILD)/reproduce (the kernel and the
# bootstraps come from their caches) and compare it with its committed
# record, naming every file whose sums differ.
reproduce:
	$(Q)test -n "$(VERSION_TO_CHECK)" || { echo "make reproduce: say which release: make reproduce VERSION_TO_CHECK=1.0" >&2; exit 2; }
	$(Q)test -f $(RELEASE_RECORD)/$(VERSION_TO_CHECK)/SHA256SUMS || { echo "make reproduce: no record $(RELEASE_RECORD)/$(VERSION_TO_CHECK)/SHA256SUMS" >&2; exit 2; }
	$(Q)rm -rf $(BUILD)/reproduce
	$(Q)$(MAKE) --no-print-directory O=$(abspath $(BUILD))/reproduce publish \
		RELEASE_RECORD=$(abspath $(BUILD))/reproduce/record
	$(Q)builder/scripts/compare-sums $(RELEASE_RECORD)/$(VERSION_TO_CHECK)/SHA256SUMS \
		$(BUILD)/reproduce/record/$(VERSION_TO_CHECK)/SHA256SUMS
.PHONY: reproduce

# Seed the published release's torrents (aria2c checks the files first):
# until stopped, or SEED_TIME minutes; on SEED_ADDRESS:SEED_PORT. It seeds
# what `make publish` left in $(OUT)/release/VERSION and builds nothing.
SEED_ADDRESS ?= 0.0.0.0
SEED_PORT ?= 6881
SEED_TIME ?=
RELEASE_VERSION = $(shell sed -n 's/^[[:space:]]*version[[:space:]]*=[[:space:]]*\([^[:space:]]*\).*/\1/p' $(RELEASE_CONF) | head -n1)
seed:
	$(Q)test -n "$(RELEASE_VERSION)" || { echo "make seed: no 'version =' in $(RELEASE_CONF)" >&2; exit 2; }
	$(Q)builder/scripts/seed-release --address $(SEED_ADDRESS) --port $(SEED_PORT) \
		$(if $(SEED_TIME),--seed-time $(SEED_TIME)) $(OUT)/release/$(RELEASE_VERSION)
.PHONY: seed

# What changed in each default appliance between two releases: their
# package manifests, from the record ($(RELEASE_RECORD)/VERSION, which
# publish fills) or else the published tree ($(OUT)/release/VERSION). One
# block per appliance: added, removed, upgraded, downgraded (see `appliance
# diff-release --help`); fails when a release has no manifest for one.
diff-release: $(APPLIANCE)
	$(Q)test -n "$(OLD)" -a -n "$(NEW)" || { echo "make diff-release: say which releases: make diff-release OLD=1.0 NEW=1.1" >&2; exit 2; }
	$(Q)manifest() { \
		local m; \
		for m in $(RELEASE_RECORD)/$$2/$$1-*.packages $(OUT)/release/$$2/$$1-*.packages; do \
			if [[ -f $$m ]]; then echo "$$m"; return 0; fi; \
		done; \
		echo "make diff-release: no $$1-*.packages in $(RELEASE_RECORD)/$$2 or $(OUT)/release/$$2: was release $$2 published (make publish)?" >&2; \
		return 1; \
	}; \
	for a in $(DEFAULT_APPLIANCES); do \
		old=$$(manifest $$a $(OLD)) && new=$$(manifest $$a $(NEW)) || exit 1; \
		echo "# $$a: $(OLD) -> $(NEW) ($$old, $$new)"; \
		$(APPLIANCE) diff-release "$$old" "$$new"; \
	done
.PHONY: diff-release
