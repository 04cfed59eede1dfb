# make fuzz: the libFuzzer harnesses in tests/fuzz/ (clang, ASan + UBSan),
# each from its seed corpus in tests/fuzz/corpus/NAME for FUZZ_SECONDS.
# FUZZ="bencode sums" picks harnesses. A crash leaves its input in
# $(BUILD)/fuzz/artifacts/ and fails. make check runs each one briefly
# (tests/t9900-fuzz.sh).

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz-*.c))
FUZZ_NAMES := $(FUZZ_SRC:tests/fuzz/fuzz-%.c=%)
FUZZ ?= $(FUZZ_NAMES)
FUZZ_BINS := $(FUZZ_NAMES:%=$(BUILD)/fuzz/fuzz-%)
# clang's warnings differ from gcc's: shown, not fatal, in this build only.
FUZZ_CFLAGS := $(filter-out -Werror,$(BASE_CFLAGS)) -Wno-format-nonliteral -Itests/fuzz -O1 -g -fno-omit-frame-pointer \
	       -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS_FILE := $(BUILD)/fuzz-cflags
FUZZ_LIB_OBJ := $(LIB_SRC:builder/%.c=$(BUILD)/fuzz/obj/%.o) \
	$(FIRSTBOOT_TESTED:builder/%.c=$(BUILD)/fuzz/obj/%.o) $(BUILD)/fuzz/obj/pvinit/hypervisor.o
HAVE_FUZZ_CC := $(shell command -v $(FUZZ_CC) 2>/dev/null)

$(FUZZ_CFLAGS_FILE): FORCE
	$(call write-if-changed,$@,$(FUZZ_CC) $(FUZZ_CFLAGS) $(LDLIBS))

$(BUILD)/fuzz/obj/%.o: builder/%.c $(FUZZ_CFLAGS_FILE)
	$(call msg,CC-FUZZ,$<)
	@mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(BUILD)/fuzz/fuzz-%: tests/fuzz/fuzz-%.c tests/fuzz/fuzz.h $(FUZZ_LIB_OBJ) $(FUZZ_CFLAGS_FILE)
	$(call msg,LINK,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB_OBJ) $(LDLIBS)

-include $(FUZZ_LIB_OBJ:.o=.d)

fuzz-build: $(FUZZ_BINS)

# One harness at a time, each on its own copy of the corpus so that what
# it learns stays in $(BUILD) and the seeds stay as committed.
fuzz: $(FUZZ_BINS)
	$(Q)set -e; for f in $(FUZZ); do \
		test -x $(BUILD)/fuzz/fuzz-$$f || { echo "fuzz: no harness '$$f'; known: $(FUZZ_NAMES)" >&2; exit 2; }; \
		mkdir -p $(BUILD)/fuzz/corpus-$$f $(BUILD)/fuzz/artifacts; \
		echo "  FUZZ    $$f for $(FUZZ_SECONDS) s"; \
		$(BUILD)/fuzz/fuzz-$$f -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
			-max_len=1048576 -print_final_stats=1 \
			-artifact_prefix=$(BUILD)/fuzz/artifacts/$$f- \
			$(BUILD)/fuzz/corpus-$$f tests/fuzz/corpus/$$f >$(BUILD)/fuzz/$$f.log 2>&1 || \
			{ tail -n 40 $(BUILD)/fuzz/$$f.log >&2; echo "fuzz: $$f crashed: see $(BUILD)/fuzz/$$f.log and $(BUILD)/fuzz/artifacts/" >&2; exit 1; }; \
		sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/    done: \1 runs in \2 s, 0 crashes/p' $(BUILD)/fuzz/$$f.log; \
	done

.PHONY: fuzz fuzz-build

# make check runs each harness briefly when clang is there (t9900).
export FUZZ_BIN_DIR := $(abspath $(BUILD)/fuzz)
check-run: $(if $(HAVE_FUZZ_CC),$(FUZZ_BINS))
