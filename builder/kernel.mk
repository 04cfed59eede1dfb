# Kernels: `appliance kernel build` configures, policy-checks and compiles a
# profile from kernel-configs/, caching results by config hash outside the
# clone; $(BUILD)/kernel/PROFILE links to the result.

KERNEL_CONFIGS ?= kernel-configs
KERNEL_PROFILE ?= paravirt-6.1
KERNEL_SRC ?=
KERNEL_CACHE ?=
KERNEL_JOBS ?=
KERNEL_CC ?= $(if $(DISTCC_HOSTS),distcc $(CC),$(CC))
KERNEL_CACHE_ROOT = $(or $(KERNEL_CACHE),$(if $(filter /%,$(XDG_CACHE_HOME)),$(XDG_CACHE_HOME),$(HOME)/.cache)/pvappliance)

KERNEL_DIR := $(BUILD)/kernel
KERNEL_LINK := $(KERNEL_DIR)/$(KERNEL_PROFILE)
KERNEL_STAMP := $(KERNEL_LINK).stamp
KERNEL_VARS := $(KERNEL_LINK).vars

# The profile's fragments and the source tarball come from the depfile the
# build writes; a changed setting below comes from the vars file.
-include $(KERNEL_STAMP).d

$(KERNEL_VARS): FORCE
	$(call write-if-changed,$@,$(KERNEL_SRC)|$(KERNEL_CC)|$(KERNEL_CACHE)|$(KERNEL_JOBS))

$(KERNEL_STAMP): $(KERNEL_CONFIGS)/$(KERNEL_PROFILE).profile $(KERNEL_VARS) $(APPLIANCE)
	$(call msg,KERNEL,$(KERNEL_PROFILE))
	$(Q)$(APPLIANCE) kernel build --profile '$<' --link '$(KERNEL_LINK)' \
		--depfile '$@.d' --dep-target '$@' --cc '$(KERNEL_CC)' \
		$(if $(KERNEL_SRC),--source '$(KERNEL_SRC)') \
		$(if $(KERNEL_CACHE),--cache '$(KERNEL_CACHE)') \
		$(if $(KERNEL_JOBS),-j '$(KERNEL_JOBS)') >/dev/null
	$(Q)touch $@

HELP += kernel
HELP_kernel = configure, policy-check and compile KERNEL_PROFILE (cached by config hash)
kernel: $(KERNEL_STAMP)
.PHONY: kernel

# The kernel's corresponding source, published with the appliances (GPL).
KERNEL_SOURCE_TAR := $(OUT)/source/pvappliance-kernel-$(KERNEL_PROFILE)-source.tar
$(KERNEL_SOURCE_TAR): $(KERNEL_STAMP) $(wildcard builder/pvinit/*.[ch]) $(APPLIANCE)
	$(call msg,SOURCE,$@)
	@mkdir -p $(@D)
	$(Q)$(APPLIANCE) kernel source --kernel-dir $(KERNEL_LINK) \
		--profile $(KERNEL_CONFIGS)/$(KERNEL_PROFILE).profile --pvinit-dir builder/pvinit -o $@
HELP += kernel-source
HELP_kernel-source = the kernel's corresponding source tar, as make publish carries it
kernel-source: $(KERNEL_SOURCE_TAR)
.PHONY: kernel-source
