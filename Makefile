# Paravirtualized 32-bit Linux appliances: the orchestrator.
# `make help` lists the targets; README.md explains the product.

.DELETE_ON_ERROR:
.SUFFIXES:
# Keep intermediate objects (the unit tests are linked through pattern chains).
.SECONDARY:
MAKEFLAGS += -r
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
export LC_ALL := C
export TZ := UTC
.DEFAULT_GOAL := all

VERSION := 0.1.0

# Outputs go under $(O)/build and $(O)/out, never into the source tree.
O ?= .
BUILD := $(O)/build
OUT := $(O)/out

# Quiet by default: one line per step; V=1 shows the commands.
V ?= 0
ifeq ($(V),1)
Q :=
msg = @:
else
Q := @
msg = @printf '  %-7s %s\n' '$(1)' '$(2)'
endif

# One date for every timestamp a build writes: the last commit's.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifeq ($(SOURCE_DATE_EPOCH),)
SOURCE_DATE_EPOCH := 0
endif
export SOURCE_DATE_EPOCH

# Rewrite file $(1) with text $(2) only when the text changed, so that a
# changed setting rebuilds what depends on it and nothing else does.
define write-if-changed
	$(shell mkdir -p $(dir $(1)))$(file > $(1).tmp,$(2))
	@if cmp -s $(1).tmp $(1); then rm -f $(1).tmp; else mv -f $(1).tmp $(1); fi
endef
FORCE:
.PHONY: FORCE

include builder/deps.mk
include builder/tools.mk
include builder/pvinit.mk
include builder/firstboot.mk
include builder/kernel.mk
include builder/appliances.mk
include tests/check.mk
include tests/fuzz/fuzz.mk
include bench/bench.mk

all: kernel $(DEFAULT_APPLIANCES)

help:
	@echo 'Targets:'
	@echo '  make deps      install the Debian packages the build needs (as root)'
	@echo '  make all       the default goal: the kernel and every appliance in'
	@echo '                 DEFAULT_APPLIANCES ($(DEFAULT_APPLIANCES)), each in every output'
	@echo '                 format of builder/outputs/ ($(OUTPUTS); make formats lists them)'
	@echo '  make NAME      one appliance: $(APPLIANCES) (as root: the bootstrap needs it);'
	@echo '                 make -j N NAME1 NAME2 builds several at once'
	@echo '  make NAME-boot-test  boot out/NAME/NAME.vmdk in qemu and check the console'
	@echo '  make kernel    configure, policy-check and compile the kernel profile'
	@echo '                 KERNEL_PROFILE (cached by config hash, see README)'
	@echo '  make appliance build the C tools ($(BUILD)/bin/appliance)'
	@echo '  make firstboot the static i386 first-boot program ($(FIRSTBOOT))'
	@echo '  make formats   the output formats, what each is for and published or not,'
	@echo '                 and the files each appliance makes of them'
	@echo '  make publish   the release in $(OUT)/release/VERSION (checksums/release.conf):'
	@echo '                 OVAs, MD5SUMS, SHA256SUMS, torrents, index.html'
	@echo '  make reproduce VERSION_TO_CHECK=V  rebuild the release and compare it'
	@echo '                 with checksums/V, naming any file that differs'
	@echo '  make seed      seed the published release'"'"'s torrents with aria2c (checked'
	@echo '                 first): SEED_ADDRESS=0.0.0.0 SEED_PORT=6881, SEED_TIME=minutes'
	@echo '  make check     install test packages if missing, run the tests: every'
	@echo '                 capability once, with real tools and boots (what CI runs)'
	@echo '  make check-long  the same plus the long tier (LONG): a from-scratch'
	@echo '                 kernel through ccache+distccd, second uncached bootstraps,'
	@echo '                 10 minutes of fuzzing per harness'
	@echo '  make unit      run the C unit tests only (plain and ASan+UBSan)'
	@echo '  make fuzz      run the libFuzzer harnesses (FUZZ_SECONDS=N each, FUZZ="..." picks)'
	@echo '  make bench     run the benchmarks in bench/ (BENCH="publish ..." picks)'
	@echo '  make clean     remove $(BUILD) and $(OUT) (the kernel cache stays)'
	@echo '  make clean-cache  also remove the kernel cache $(KERNEL_CACHE_ROOT)'
	@echo 'Variables:'
	@echo '  O=DIR          put build/ and out/ under DIR (default: .)'
	@echo '  V=1            show commands'
	@echo '  KERNEL_PROFILE=NAME  a kernel-configs/NAME.profile (default: $(KERNEL_PROFILE))'
	@echo '  KERNEL_SRC=PATH      kernel tarball or tree (default: the profile'"'"'s)'
	@echo '  KERNEL_CC=CMD        kernel compiler, e.g. "ccache gcc" (default: $$(CC),'
	@echo '                       or "distcc $$(CC)" when DISTCC_HOSTS is set)'
	@echo '  DISTCC_HOSTS="H/N ..."  compile the kernel on these distcc hosts'
	@echo '  KERNEL_JOBS=N        parallel kernel jobs (default: one per CPU)'
	@echo '  KERNEL_CACHE=DIR     kernel cache root (default: $$XDG_CACHE_HOME/pvappliance)'
	@echo '  NAME_REPO=URL        override appliance NAME'"'"'s repo = (e.g. FEDORA_REPO=...)'
	@echo '  DEFAULT_APPLIANCES   what make all builds (default: $(DEFAULT_APPLIANCES))'
	@echo '  TESTS="t2010 ..."    run only these integration tests'
	@echo '  TEST_SEED=S          other random test data (tests print the seed)'

clean:
	$(call msg,CLEAN,$(BUILD) $(OUT))
	$(Q)rm -rf $(BUILD) $(OUT)

clean-cache: clean
	$(call msg,CLEAN,$(KERNEL_CACHE_ROOT))
	$(Q)rm -rf $(KERNEL_CACHE_ROOT)

.PHONY: all help clean clean-cache

# `make print-VAR` shows a variable's value (for scripts and tests).
print-%:
	@printf '%s\n' '$($*)'
