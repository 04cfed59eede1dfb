# NAME-VERSION.packages: what is installed in the appliance, one package a
# line (name, version, architecture, source package and version), from the
# built tree's package database, and the kernel's version (a '#' line).
# Published: release notes link it, and
# `make diff-release` compares two releases' manifests.
OUTPUTS += packages
OUTPUT_packages_FILE = $(OUT)/$(1)/$(1)-$(call appliance-version,$(1)).packages
OUTPUT_packages_DEPS = $(BUILD)/$(1)/rootfs.stamp $(KERNEL_STAMP)
OUTPUT_packages_CMD = sbom --format packages --rootfs $(BUILD)/$(1)/rootfs --kernel-dir $(KERNEL_LINK) \
	-o $$@ appliances/$(1)
OUTPUT_packages_MSG = PKGLIST
OUTPUT_packages_PUBLISH = yes
OUTPUT_packages_FOR = read: what NAME holds, package by package; make diff-release
