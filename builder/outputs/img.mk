# NAME.img.xz: the raw disk, xz-compressed on one thread (deterministic),
# for native hardware. Published when release.conf's formats = lists img.
# Level 3: for the 1 GiB Debian disk 57 s and 46.1 MB, where -6 takes 90 s
# for 41.7 MB and -1 26 s for 50.6 MB (one thread, 2-core machine).
OUTPUTS += img
OUTPUT_img_FILE = $(OUT)/$(1)/$(1).img.xz
OUTPUT_img_DEPS = $(BUILD)/$(1)/disk.raw $(BUILD)/$(1)/lint.stamp
OUTPUT_img_CMD = qcow2 --xz --level 3 -o $$@ $(BUILD)/$(1)/disk.raw
OUTPUT_img_MSG = XZ
OUTPUT_img_PUBLISH = optional
OUTPUT_img_FOR = native hardware: xz -dc NAME.img.xz | dd of=/dev/sdX bs=1M
