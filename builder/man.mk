# Man pages: roff from builder/man/PAGE.in, whose generated parts
# builder/scripts/mkman fills in from the tables as the built tool prints
# them (the subcommands, the keys of appliance.conf and release.conf), so a
# new command or key is in the pages with nothing more to write. Each page
# must pass `groff -ww` without a warning; it is installed compressed
# (gzip -9n: no name, no time, so the same page gives the same bytes).

MAN_PAGES := $(patsubst builder/man/%.in,%,$(wildcard builder/man/*.in))
MAN_ROFF := $(MAN_PAGES:%=$(BUILD)/man/%)
MAN_GZ := $(MAN_ROFF:%=%.gz)

$(BUILD)/man/%: builder/man/%.in builder/scripts/mkman $(APPLIANCE)
	$(call msg,MAN,$@)
	@mkdir -p $(@D)
	$(Q)builder/scripts/mkman $(APPLIANCE) $< $(VERSION) $(SOURCE_DATE_EPOCH) >$@.tmp
	$(Q)groff -ww -man -z $@.tmp 2>$@.warn; if [[ -s $@.warn ]]; then \
		sed 's|^|$<: groff: |' $@.warn >&2; rm -f $@.warn; exit 1; fi; rm -f $@.warn
	$(Q)mv -f $@.tmp $@

$(BUILD)/man/%.gz: $(BUILD)/man/%
	$(Q)gzip -9n <$< >$@.tmp
	$(Q)mv -f $@.tmp $@

HELP += man
HELP_man = the man pages, from the tables ($(BUILD)/man/: $(MAN_PAGES))
man: $(MAN_GZ)
.PHONY: man
