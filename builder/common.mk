# What every part of the build uses: the quiet messages, the rewrite-if-
# changed helper, FORCE, print-VAR, and which goals read the definitions.

# Quiet by default: one line per step; V=1 shows the commands. `make
# print-VAR` prints the value alone, even when reading the definitions
# builds the tool first (builder/definitions.mk).
V ?= 0
ifeq ($(V),1)
Q :=
msg = @:
else ifeq ($(filter-out print-%,$(or $(MAKECMDGOALS),all)),)
Q := @
msg = @:
else
Q := @
msg = @printf '  %-7s %s\n' '$(1)' '$(2)'
endif

# Rewrite file $(1) with text $(2) only when the text changed, so that a
# changed setting rebuilds what depends on it and nothing else does.
define write-if-changed
	$(shell mkdir -p $(dir $(1)))$(file > $(1).tmp,$(2))
	@if cmp -s $(1).tmp $(1); then rm -f $(1).tmp; else mv -f $(1).tmp $(1); fi
endef
FORCE:
.PHONY: FORCE

# `make print-VAR` shows a variable's value (for scripts and tests).
print-%:
	@printf '%s\n' '$($*)'

# The definitions (appliance.conf, release.conf) reach make as variables
# that the C parsers print (builder/definitions.mk), which needs the tool
# built. These goals need no definition, so they run
# on a clone whose build packages are not installed yet; check and
# check-long read them in the make they start.
NO_DEFINITIONS_GOALS := deps help clean clean-cache check check-long check-deps
READ_DEFINITIONS := $(filter-out $(NO_DEFINITIONS_GOALS),$(or $(MAKECMDGOALS),all))

# $(1) as one shell word in single quotes.
shell-quote = '$(subst ','\'',$(1))'

# `make help`: every target says what it does where its rule is, as
# HELP += NAME and HELP_NAME = one line; help lists them in that order.
HELP :=
