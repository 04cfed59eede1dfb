# pvinit: the static i386 init shim (builder/pvinit/). Its hypervisor logic
# is also linked into the unit tests, built natively.

PVINIT := $(BUILD)/pvinit/pvinit
PVINIT_SRC := builder/pvinit/pvinit.c builder/pvinit/hypervisor.c
PVINIT_CFLAGS := -m32 -static -Os -std=c17 -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 \
	-Werror -D_GNU_SOURCE -fno-asynchronous-unwind-tables -Wl,--build-id=none -s

# -m32 needs gcc-multilib (make deps installs it).
$(PVINIT): $(PVINIT_SRC) builder/pvinit/hypervisor.h $(CFLAGS_FILE)
	$(call msg,CC-I386,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(PVINIT_CFLAGS) -o $@.tmp $(PVINIT_SRC)
	$(Q)mv -f $@.tmp $@

HELP += pvinit
HELP_pvinit = the static i386 init shim ($(PVINIT))
pvinit: $(PVINIT)
.PHONY: pvinit
