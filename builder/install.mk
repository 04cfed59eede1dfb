# make install / make uninstall (GNU conventions: PREFIX, DESTDIR).
#
# The installed tree has one shape, because the binary finds its files
# relative to itself (builder/lib/core/installdir.c: PREFIX is the
# directory above the binary's): PREFIX/bin/appliance,
# PREFIX/lib/pvappliance/ (the static i386 programs put into images),
# PREFIX/share/pvappliance/ (data). Only the man and completion
# directories may be moved (MANDIR, BASHCOMPDIR), as distributions do.
#
# What is installed is one table: INSTALL_GROUPS names the rows. To add a
# group G:
#  1. INSTALL_G_FILES: the files, as paths in the tree or the build;
#  2. INSTALL_G_DIR: where they go (without DESTDIR);
#  3. INSTALL_G_BASE: the prefix stripped from each path, the rest kept
#     below the directory (empty: the file's name alone);
#  4. add G to INSTALL_GROUPS. A file is installed 0755 when it is
#     executable in the tree, else 0644; uninstall removes each one, and
#     tests/t0030-install.sh finds every row's files in the staged tree.

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR := $(PREFIX)/bin
PKGLIBDIR := $(PREFIX)/lib/pvappliance
PKGDATADIR := $(PREFIX)/share/pvappliance
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions

INSTALL_GROUPS := bin lib make kernel-configs vmx-templates appliances schemas man1 man5 man8 completion

INSTALL_bin_FILES := $(APPLIANCE)
INSTALL_bin_DIR := $(BINDIR)
INSTALL_bin_BASE :=

INSTALL_lib_FILES := $(PVINIT) $(FIRSTBOOT)
INSTALL_lib_DIR := $(PKGLIBDIR)
INSTALL_lib_BASE :=

# The fragments that build appliances and releases; those that build and
# install the tool itself (tools, pvinit, firstboot, man pages) stay in the
# source tree.
INSTALL_make_FILES := $(filter-out builder/tools.mk builder/pvinit.mk builder/firstboot.mk \
	builder/man.mk builder/install.mk builder/scripts/mkman,$(wildcard builder/*.mk \
	builder/outputs/*.mk builder/scripts/*))
INSTALL_make_DIR := $(PKGDATADIR)/make
INSTALL_make_BASE := builder/

INSTALL_kernel-configs_FILES := $(wildcard kernel-configs/*)
INSTALL_kernel-configs_DIR := $(PKGDATADIR)/kernel-configs
INSTALL_kernel-configs_BASE := kernel-configs/

INSTALL_vmx-templates_FILES := $(wildcard vmx-templates/*.vmx.in)
INSTALL_vmx-templates_DIR := $(PKGDATADIR)/vmx-templates
INSTALL_vmx-templates_BASE := vmx-templates/

INSTALL_appliances_FILES := $(sort $(shell find appliances -type f))
INSTALL_appliances_DIR := $(PKGDATADIR)/appliances
INSTALL_appliances_BASE := appliances/

# The schema of a release's index.json (what `make publish` writes).
INSTALL_schemas_FILES := tests/fixtures/index.schema.json
INSTALL_schemas_DIR := $(PKGDATADIR)/schemas
INSTALL_schemas_BASE :=

# The man pages (builder/man.mk), one group per section.
$(foreach s,1 5 8,$(eval INSTALL_man$(s)_FILES := $(filter %.$(s).gz,$(MAN_GZ))) \
	$(eval INSTALL_man$(s)_DIR := $(MANDIR)/man$(s)) $(eval INSTALL_man$(s)_BASE :=))

# bash-completion loads completions/COMMAND when COMMAND is first completed.
INSTALL_completion_FILES := builder/completion/appliance
INSTALL_completion_DIR := $(BASHCOMPDIR)
INSTALL_completion_BASE :=

# SOURCE|DESTINATION, one word per installed file.
install-dest = $(INSTALL_$(1)_DIR)/$(if $(INSTALL_$(1)_BASE),$(patsubst $(INSTALL_$(1)_BASE)%,%,$(2)),$(notdir $(2)))
INSTALL_FILES := $(foreach g,$(INSTALL_GROUPS),$(foreach f,$(INSTALL_$(g)_FILES),$(f)|$(call install-dest,$(g),$(f))))

HELP += install uninstall
HELP_install = install the tool, its programs and data under DESTDIR PREFIX ($(PREFIX))
HELP_uninstall = remove what make install installed (same DESTDIR and PREFIX)
install: $(foreach p,$(INSTALL_FILES),$(firstword $(subst |, ,$(p))))
	$(call msg,INSTALL,$(DESTDIR)$(PREFIX))
	$(Q)for p in $(foreach p,$(INSTALL_FILES),'$(p)'); do \
		src=$${p%%|*} dst='$(DESTDIR)'$${p#*|}; \
		if [[ -x $$src ]]; then mode=0755; else mode=0644; fi; \
		install -D -m $$mode "$$src" "$$dst"; \
	done

# Our own directories go when empty; the shared ones (bin, man) stay.
uninstall:
	$(call msg,UNINSTALL,$(DESTDIR)$(PREFIX))
	$(Q)for p in $(foreach p,$(INSTALL_FILES),'$(p)'); do rm -f '$(DESTDIR)'"$${p#*|}"; done
	$(Q)for d in '$(DESTDIR)$(PKGDATADIR)' '$(DESTDIR)$(PKGLIBDIR)'; do \
		if [[ -d $$d ]]; then find "$$d" -depth -type d -empty -delete; fi; \
	done

.PHONY: install uninstall
