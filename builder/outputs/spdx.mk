# NAME-VERSION.spdx.json: the SPDX 2.3 SBOM, the appliance, its kernel (with
# the .config's hash) and every package with supplier, package URL and
# declared licence, for scanners and compliance tools. Published.
OUTPUTS += spdx
OUTPUT_spdx_FILE = $(OUT)/$(1)/$(1)-$(call appliance-version,$(1)).spdx.json
OUTPUT_spdx_DEPS = $(BUILD)/$(1)/rootfs.stamp $(KERNEL_STAMP)
OUTPUT_spdx_CMD = sbom --format spdx --rootfs $(BUILD)/$(1)/rootfs --kernel-dir $(KERNEL_LINK) \
	-o $$@ appliances/$(1)
OUTPUT_spdx_MSG = SPDX
OUTPUT_spdx_PUBLISH = yes
OUTPUT_spdx_FOR = SBOM tools (SPDX 2.3 JSON): vulnerability scanners, licence review
