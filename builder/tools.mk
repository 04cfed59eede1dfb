# The C tools: builder/lib (a library that never exits, one folder per
# pipeline stage), builder/cmd (the `appliance` front end, one file per
# subcommand) and builder/t (unit tests in the same folders as the modules
# they test, also built with ASan+UBSan).

ifeq ($(origin CC),default)
CC := gcc
endif
CFLAGS ?= -O2 -g
WARNINGS := -std=c17 -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 -Werror
BASE_CFLAGS := $(WARNINGS) -D_GNU_SOURCE -Ibuilder/lib -Ibuilder/t -Ibuilder/pvinit -Ibuilder/firstboot -DSRCDIR='"$(CURDIR)"' -DAPPLIANCE_VERSION='"$(VERSION)"'
ALL_CFLAGS := $(BASE_CFLAGS) $(CFLAGS)
SAN_CFLAGS := $(BASE_CFLAGS) -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	      -fno-sanitize-recover=all
LDLIBS := -lcrypto -lext2fs -lcom_err -ldeflate -larchive -lz -lcrypt -lpthread

LIB_SRC := $(sort $(shell find builder/lib -name '*.c'))
CMD_SRC := $(sort $(wildcard builder/cmd/*.c))
UNIT_SRC := $(sort $(shell find builder/t -name 't-*.c'))
# pvinit's and pvappliance-firstboot's portable parts are unit-tested
# natively: everything of firstboot but its main.
FIRSTBOOT_TESTED := $(filter-out builder/firstboot/firstboot.c,$(sort $(wildcard builder/firstboot/*.c)))
TESTED_EXTRA := $(BUILD)/obj/pvinit/hypervisor.o $(FIRSTBOOT_TESTED:builder/%.c=$(BUILD)/obj/%.o)
SAN_TESTED_EXTRA := $(BUILD)/san/pvinit/hypervisor.o $(FIRSTBOOT_TESTED:builder/%.c=$(BUILD)/san/%.o)

LIB_OBJ := $(LIB_SRC:builder/%.c=$(BUILD)/obj/%.o)
CMD_OBJ := $(CMD_SRC:builder/%.c=$(BUILD)/obj/%.o)
SAN_LIB_OBJ := $(LIB_SRC:builder/%.c=$(BUILD)/san/%.o)

APPLIANCE := $(BUILD)/bin/appliance
UNIT_TESTS := $(UNIT_SRC:builder/t/%.c=$(BUILD)/t/%)
SAN_UNIT_TESTS := $(UNIT_SRC:builder/t/%.c=$(BUILD)/t-san/%)

# Changing the compiler or its flags rebuilds every object.
CFLAGS_FILE := $(BUILD)/cflags
SAN_CFLAGS_FILE := $(BUILD)/san-cflags
$(CFLAGS_FILE): FORCE
	$(call write-if-changed,$@,$(CC) $(ALL_CFLAGS) $(LDFLAGS) $(LDLIBS))
$(SAN_CFLAGS_FILE): FORCE
	$(call write-if-changed,$@,$(CC) $(SAN_CFLAGS) $(LDFLAGS) $(LDLIBS))

$(BUILD)/obj/%.o: builder/%.c $(CFLAGS_FILE)
	$(call msg,CC,$<)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/san/%.o: builder/%.c $(SAN_CFLAGS_FILE)
	$(call msg,CC-SAN,$<)
	@mkdir -p $(@D)
	$(Q)$(CC) $(SAN_CFLAGS) -MMD -MP -c -o $@ $<

$(APPLIANCE): $(CMD_OBJ) $(LIB_OBJ)
	$(call msg,LINK,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@.tmp $^ $(LDLIBS)
	$(Q)mv -f $@.tmp $@

$(BUILD)/t/%: $(BUILD)/obj/t/%.o $(BUILD)/obj/t/test.o $(LIB_OBJ) $(TESTED_EXTRA)
	$(call msg,LINK,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/t-san/%: $(BUILD)/san/t/%.o $(BUILD)/san/t/test.o $(SAN_LIB_OBJ) $(SAN_TESTED_EXTRA)
	$(call msg,LINK,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(SAN_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Header dependencies, from each object's own .d file (any depth).
-include $(patsubst %.o,%.d,$(LIB_OBJ) $(CMD_OBJ) $(SAN_LIB_OBJ) $(TESTED_EXTRA) $(SAN_TESTED_EXTRA) \
	$(UNIT_SRC:builder/%.c=$(BUILD)/obj/%.o) $(UNIT_SRC:builder/%.c=$(BUILD)/san/%.o) \
	$(BUILD)/obj/t/test.o $(BUILD)/san/t/test.o)

HELP += appliance
HELP_appliance = build the C tools ($(BUILD)/bin/appliance)
appliance: $(APPLIANCE)
unit-tests: $(UNIT_TESTS) $(SAN_UNIT_TESTS)
.PHONY: appliance unit-tests
