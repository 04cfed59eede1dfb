# pvappliance-firstboot: the static i386 first-boot program
# (builder/firstboot/), installed in images as /usr/sbin/pvappliance-firstboot.
# All of it but main (firstboot.c) is also linked into the unit tests and
# the fuzzers, built natively (FIRSTBOOT_TESTED, see builder/tools.mk).
# -m32 -static -lcrypt needs libcrypt-dev:i386 (builder/deps.mk).

FIRSTBOOT := $(BUILD)/firstboot/pvappliance-firstboot
FIRSTBOOT_SRC := builder/firstboot/firstboot.c $(FIRSTBOOT_TESTED) builder/pvinit/hypervisor.c \
	$(addprefix builder/lib/core/,error.c strbuf.c strvec.c xalloc.c fsutil.c run.c tools.c) \
	builder/lib/image/mbr.c
FIRSTBOOT_CFLAGS := -m32 -static -Os -std=c17 -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 \
	-Werror -D_GNU_SOURCE -Ibuilder/lib -Ibuilder/firstboot -Ibuilder/pvinit \
	-DAPPLIANCE_VERSION='"$(VERSION)"' -fno-asynchronous-unwind-tables -Wl,--build-id=none -s

$(FIRSTBOOT): $(FIRSTBOOT_SRC) $(wildcard builder/firstboot/*.h) $(CFLAGS_FILE)
	$(call msg,CC-I386,$@)
	@mkdir -p $(@D)
	$(Q)echo 'int main(void){return 0;}' | $(CC) -m32 -static -x c -o /dev/null - -lcrypt 2>/dev/null || \
		{ echo "firstboot: gcc -m32 -static -lcrypt does not link: install the Debian" \
		       "packages gcc-multilib and libcrypt-dev:i386 (make deps does)" >&2; exit 1; }
	$(Q)$(CC) $(FIRSTBOOT_CFLAGS) -o $@.tmp $(FIRSTBOOT_SRC) -lcrypt
	$(Q)mv -f $@.tmp $@

HELP += firstboot
HELP_firstboot = the static i386 first-boot program ($(FIRSTBOOT))
firstboot: $(FIRSTBOOT)
.PHONY: firstboot
