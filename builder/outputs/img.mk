# NAME.img.xz: the raw disk, xz-compressed on one thread (deterministic),
# for native hardware. Published when release.conf's formats = lists img.
OUTPUTS += img
OUTPUT_img_FILE = $(OUT)/$(1)/$(1).img.xz
OUTPUT_img_DEPS = $(BUILD)/$(1)/disk.raw $(BUILD)/$(1)/lint.stamp
OUTPUT_img_CMD = qcow2 --xz -o $$@ $(BUILD)/$(1)/disk.raw
OUTPUT_img_MSG = XZ
OUTPUT_img_PUBLISH = optional
OUTPUT_img_FOR = native hardware: xz -dc NAME.img.xz | dd of=/dev/sdX bs=1M
