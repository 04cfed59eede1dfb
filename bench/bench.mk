# make bench: the benchmarks in bench/ (figures, not tests: see
# bench/README.md). BENCH="publish vmdk" picks some; RUNS=N sets the runs.

BENCHES := $(notdir $(filter-out %.sh %.md %.mk,$(sort $(wildcard bench/*))))
BENCH ?= $(BENCHES)

bench-deps:
	$(Q)builder/scripts/install-deps --if-root $(DEPS_BENCH)

# One at a time: two benchmarks at once would measure each other.
bench: bench-deps $(APPLIANCE) $(PVINIT) $(KERNEL_STAMP)
	$(Q)set -e; for b in $(BENCH); do \
		test -x bench/$$b || { echo "bench: no benchmark '$$b'; known: $(BENCHES)" >&2; exit 2; }; \
		APPLIANCE_BIN=$(abspath $(APPLIANCE)) bench/$$b; \
	done

.PHONY: bench bench-deps
