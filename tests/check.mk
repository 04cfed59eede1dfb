# make check: the unit tests (plain and ASan+UBSan) and the shell
# integration tests, counted by tests/run into one "N passed, N failed" line.

INTEGRATION_TESTS := $(sort $(wildcard tests/t[0-9]*.sh))
# TESTS="t0000 t1000" picks integration tests by number.
TESTS ?=
SELECTED_TESTS := $(if $(TESTS),$(foreach t,$(TESTS),$(filter tests/$(t)%,$(INTEGRATION_TESTS))),$(INTEGRATION_TESTS))

export APPLIANCE_BIN := $(abspath $(APPLIANCE))
export PVINIT_BIN := $(abspath $(PVINIT))
export KERNEL_BIN := $(abspath $(KERNEL_LINK))/bzImage

# Installing the test packages must finish before anything is compiled.
check: check-deps
	$(Q)$(MAKE) --no-print-directory check-run

# The tests boot the default kernel with pvinit: build them first (the
# kernel usually comes from the cache).
check-run: $(APPLIANCE) unit-tests $(PVINIT) $(KERNEL_STAMP)
	$(Q)tests/run $(UNIT_TESTS) $(SAN_UNIT_TESTS) $(SELECTED_TESTS)

unit: unit-tests
	$(Q)tests/run $(UNIT_TESTS) $(SAN_UNIT_TESTS)

.PHONY: check check-run unit
