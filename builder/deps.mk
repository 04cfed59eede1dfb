# Debian packages. `make deps` installs what the build and the tests need;
# `make check` installs whatever of it is missing (both idempotent).

DEPS_BUILD := make gcc libc6-dev libssl-dev pkg-config git ca-certificates \
	linux-source-6.1 bc flex bison libelf-dev xz-utils tar perl-base binutils \
	gcc-multilib debootstrap mmdebstrap arch-test qemu-user-static coreutils \
	dnf zypper rpm \
	syslinux syslinux-common mtools dosfstools e2fsprogs libext2fs-dev comerr-dev \
	libdeflate-dev libarchive-dev zlib1g-dev gpg libcrypt-dev \
	libcrypt-dev:i386
# libcrypt-dev:i386: libcrypt.a for pvappliance-firstboot's gcc -m32 -static
# -lcrypt (yescrypt hashes; gcc-multilib has no libcrypt). install-deps
# turns on dpkg's i386 architecture for it.
DEPS_TEST := file qemu-system-x86 qemu-utils createrepo-c dpkg-dev fdisk libxml2-utils \
	mktorrent transmission-cli aria2 nginx-light python3-libtorrent curl iproute2 util-linux unzip \
	chromium opentracker gpgv python3-jsonschema 7zip zip clang libclang-rt-14-dev distcc ccache openssh-client \
	libvmdk-utils libvirt-clients

# The benchmarks' competitors and timers (make bench installs them).
DEPS_BENCH := hyperfine time mktorrent openssl qemu-utils e2fsprogs pigz

# Then make sure i386 programs run (bootstraps need it): natively, or
# through qemu-i386-static on a kernel without IA32 emulation.
HELP += deps
HELP_deps = install the Debian packages the build needs (as root)
deps:
	$(Q)builder/scripts/install-deps $(DEPS_BUILD) $(DEPS_TEST)
	$(Q)builder/scripts/enable-i386

check-deps:
	$(Q)builder/scripts/install-deps --if-root $(DEPS_BUILD) $(DEPS_TEST)
	$(Q)builder/scripts/enable-i386 --if-root

.PHONY: deps check-deps
