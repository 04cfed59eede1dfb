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

# One date for every timestamp a build writes: the last commit's.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifeq ($(SOURCE_DATE_EPOCH),)
SOURCE_DATE_EPOCH := 0
endif
export SOURCE_DATE_EPOCH

include builder/common.mk

ifneq ($(and $(filter deps,$(MAKECMDGOALS)),$(filter-out deps,$(MAKECMDGOALS))),)
# `make deps all`: the packages first, then the other goals in a second
# make, which can build the tool that reads the definitions
# (builder/definitions.mk) once the packages are in.
include builder/deps.mk
$(filter-out deps,$(MAKECMDGOALS)): deps-then-goals
	@:
deps-then-goals: deps
	$(Q)$(MAKE) --no-print-directory $(filter-out deps,$(MAKECMDGOALS))
.PHONY: deps-then-goals
else

HELP += all
HELP_all = the default goal: the kernel and DEFAULT_APPLIANCES ($(DEFAULT_APPLIANCES))
include builder/deps.mk
include builder/tools.mk
include builder/pvinit.mk
include builder/firstboot.mk
include builder/kernel.mk
include builder/definitions.mk
include builder/appliances.mk
include builder/release.mk
HELP += check check-long unit fuzz bench
HELP_check = install test packages if missing, run every test once (what CI runs)
HELP_check-long = the same plus the long tier (LONG): cold kernel via distcc, fuzzing
HELP_unit = the C unit tests only (plain and ASan+UBSan)
HELP_fuzz = the libFuzzer harnesses (FUZZ_SECONDS=N each, FUZZ="..." picks)
HELP_bench = the benchmarks in bench/ (BENCH="publish ..." picks)
include tests/check.mk
include tests/fuzz/fuzz.mk
include bench/bench.mk

all: kernel $(DEFAULT_APPLIANCES)

# From the tables: each target's HELP_ line beside its rule, the output
# formats' rows (builder/outputs/), the appliances (appliances/).
HELP += help clean clean-cache
HELP_help = this text
HELP_clean = remove $(BUILD) and $(OUT) (the kernel cache stays)
HELP_clean-cache = also remove the kernel cache $(KERNEL_CACHE_ROOT)
help:
	@echo 'Targets:'
	@$(foreach t,$(HELP),printf '  make %-15s %s\n' '$(t)' $(call shell-quote,$(HELP_$(t)));)
	@echo 'Appliances (appliances/NAME/appliance.conf): $(APPLIANCES); default: $(DEFAULT_APPLIANCES)'
	@echo 'Output formats (builder/outputs/): make NAME builds the yes and no rows, and'
	@echo 'the optional ones only when release.conf'"'"'s formats = lists them;'
	@echo 'publish carries the yes rows and the listed optional ones:'
	@$(foreach f,$(OUTPUTS),printf '  %-9s %-9s %s\n' '$(f)' '$(OUTPUT_$(f)_PUBLISH)' $(call shell-quote,$(OUTPUT_$(f)_FOR));)
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
	@echo '  RELEASE_CONF=FILE    the release'"'"'s definition (default: $(RELEASE_CONF))'
	@echo '  TESTS="t2010 ..."    run only these integration tests'
	@echo '  TEST_SEED=S          other random test data (tests print the seed)'

clean:
	$(call msg,CLEAN,$(BUILD) $(OUT))
	$(Q)rm -rf $(BUILD) $(OUT)

clean-cache: clean
	$(call msg,CLEAN,$(KERNEL_CACHE_ROOT))
	$(Q)rm -rf $(KERNEL_CACHE_ROOT)

.PHONY: all help clean clean-cache
endif
