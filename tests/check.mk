# make check: the unit tests (plain and ASan+UBSan) and the shell
# integration tests, counted by tests/run into one "N passed, N failed" line.
# Two tiers: `make check` proves every capability once, with real tools and
# real boots (CI runs it); `make check-long` (or TEST_LONG=1) adds the tests
# marked LONG, which cost more without covering a new capability: the
# from-scratch kernel compile through ccache and distccd, second uncached
# bootstraps for reproducibility, ten minutes of fuzzing per harness.

INTEGRATION_TESTS := $(sort $(wildcard tests/t[0-9]*.sh))
# TESTS="t0000 t2010" picks integration tests by number.
TESTS ?=
SELECTED_TESTS := $(if $(TESTS),$(foreach t,$(TESTS),$(filter tests/$(t)%,$(INTEGRATION_TESTS))),$(INTEGRATION_TESTS))

export APPLIANCE_BIN := $(abspath $(APPLIANCE))
export PVINIT_BIN := $(abspath $(PVINIT))
export FIRSTBOOT_BIN := $(abspath $(FIRSTBOOT))
export KERNEL_BIN := $(abspath $(KERNEL_LINK))/bzImage

# Installing the test packages must finish before anything is compiled.
check: check-deps
	$(Q)$(MAKE) --no-print-directory check-run

# The tests boot the default kernel with pvinit and pvappliance-firstboot:
# build them first (the kernel usually comes from the cache).
check-run: $(APPLIANCE) unit-tests $(PVINIT) $(FIRSTBOOT) $(KERNEL_STAMP)
	$(Q)tests/run $(UNIT_TESTS) $(SAN_UNIT_TESTS) $(SELECTED_TESTS)

check-long:
	$(Q)$(MAKE) --no-print-directory check TEST_LONG=1

TEST_LONG ?= 0
export TEST_LONG

unit: unit-tests
	$(Q)tests/run $(UNIT_TESTS) $(SAN_UNIT_TESTS)

.PHONY: check check-long check-run unit
