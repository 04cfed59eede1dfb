# The release: `make publish`, and what checks and serves it (reproduce,
# seed, diff-release). release.conf's values are REL_KEY variables
# (builder/definitions.mk).

RELEASE_RECORD ?= checksums
# The release: every default appliance's published outputs (builder/outputs/
# with OUTPUT_FORMAT_PUBLISH = yes, or optional and named by formats =),
# the kernel's source, with sums, torrents, metalinks and a page with
# release notes (and the screen shot, when `make NAME-boot-test` took one).
# With sources = yes or best-effort in release.conf, also each appliance's
# NAME-VERSION-sources.tar: the source packages of everything installed,
# from NAME_SOURCES_REPO=URL when set, else NAME_REPO, else the
# appliance's repo =.
sources-file = $(OUT)/$(1)/$(1)-$(call appliance-version,$(1))-sources.tar
RELEASE_FILES = $(foreach a,$(DEFAULT_APPLIANCES),$(call published-files,$(a))) $(KERNEL_SOURCE_TAR) \
	$(if $(filter yes best-effort,$(REL_SOURCES)),$(foreach a,$(DEFAULT_APPLIANCES),$(call sources-file,$(a))))

define sources-rule
$(call sources-file,$(1)): $(BUILD)/$(1)/rootfs.stamp $(RELEASE_CONF) $(APPLIANCE)
	@mkdir -p $$(@D)
	$$(call msg,SOURCES,$$@)
	$$(Q)$(APPLIANCE) sources --config $(RELEASE_CONF) --rootfs $(BUILD)/$(1)/rootfs \
		$$(if $$($(call upper,$(1))_SOURCES_REPO),--repo '$$($(call upper,$(1))_SOURCES_REPO)',$$(if $$($(call upper,$(1))_REPO),--repo '$$($(call upper,$(1))_REPO)')) \
		-o $$@ appliances/$(1)
endef
$(foreach a,$(APPLIANCES),$(eval $(call sources-rule,$(a))))

HELP += publish
HELP_publish = the release in $(OUT)/release/VERSION ($(RELEASE_CONF)): sums, torrents, page
publish: $(RELEASE_FILES) $(APPLIANCE)
	$(Q)$(APPLIANCE) publish --config $(RELEASE_CONF) -o $(OUT)/release \
		--optional-formats '$(OPTIONAL_FORMATS)' \
		--record $(RELEASE_RECORD) --kernel-dir $(KERNEL_LINK) \
		$(foreach a,$(DEFAULT_APPLIANCES),--notes appliances/$(a)) \
		$(foreach f,$(wildcard $(foreach a,$(DEFAULT_APPLIANCES),$(OUT)/$(a)/$(a)-screen.png)),--extra $(f)) \
		$(RELEASE_FILES)
.PHONY: publish

# Rebuild a release from scratch in $(BUILD)/reproduce (the kernel and the
# bootstraps come from their caches) and compare it with its committed
# record, naming every file whose sums differ.
HELP += reproduce
HELP_reproduce = VERSION_TO_CHECK=V: rebuild the release, compare it with checksums/V
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
HELP += seed
HELP_seed = seed the published torrents with aria2c (SEED_ADDRESS, SEED_PORT, SEED_TIME=min)
seed:
	$(Q)test -n "$(REL_VERSION)" || { echo "make seed: $(RELEASE_CONF) does not validate (appliance release-config $(RELEASE_CONF) says why)" >&2; exit 2; }
	$(Q)builder/scripts/seed-release --address $(SEED_ADDRESS) --port $(SEED_PORT) \
		$(if $(SEED_TIME),--seed-time $(SEED_TIME)) $(OUT)/release/$(REL_VERSION)
.PHONY: seed

# What changed in each default appliance between two releases: their
# package manifests, from the record ($(RELEASE_RECORD)/VERSION, which
# publish fills) or else the published tree ($(OUT)/release/VERSION). One
# block per appliance: added, removed, upgraded, downgraded (see `appliance
# diff-release --help`); fails when a release has no manifest for one.
HELP += diff-release
HELP_diff-release = OLD=V1 NEW=V2: what changed in each default appliance's packages
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

# Has a release fallen behind? Its manifests (from the record, else the
# published tree) against each default appliance's repositories now, and
# its kernel against the profile's kernel source package now (see
# `appliance outdated --help`). Exit 1 when a rebuild is due: for cron or CI.
HELP += outdated
HELP_outdated = [RELEASE=V]: newer packages (security marked) and kernel source than release V
outdated: $(APPLIANCE)
	$(Q)v='$(or $(RELEASE),$(REL_VERSION))'; \
	test -n "$$v" || { echo "make outdated: say which release: make outdated RELEASE=1.0" >&2; exit 2; }; \
	dir=$(RELEASE_RECORD)/$$v; test -d "$$dir" || dir=$(OUT)/release/$$v; \
	test -d "$$dir" || { echo "make outdated: no $(RELEASE_RECORD)/$$v or $(OUT)/release/$$v: was release $$v published (make publish)?" >&2; exit 2; }; \
	$(APPLIANCE) outdated --kernel-configs kernel-configs "$$dir" \
		$(foreach a,$(DEFAULT_APPLIANCES),appliances/$(a)) \
		$(if $(filter 1,$(words $(DEFAULT_APPLIANCES))),$(if $($(call upper,$(DEFAULT_APPLIANCES))_REPO),--repo '$($(call upper,$(DEFAULT_APPLIANCES))_REPO)'))
.PHONY: outdated
