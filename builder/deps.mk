# Debian packages. `make deps` installs what the build and the tests need;
# `make check` installs whatever of it is missing (both idempotent).

DEPS_BUILD := make gcc libc6-dev libssl-dev pkg-config git ca-certificates \
	linux-source-6.1 patch bc flex bison libelf-dev xz-utils tar perl-base binutils \
	gcc-multilib debootstrap mmdebstrap arch-test qemu-user-static coreutils \
	dnf zypper rpm \
	syslinux syslinux-common mtools dosfstools e2fsprogs libext2fs-dev comerr-dev \
	libdeflate-dev libarchive-dev zlib1g-dev gpg libcrypt-dev \
	libcrypt-dev:i386 libyaml-dev libyaml-dev:i386 groff-base gzip distro-info-data
# distro-info-data: Debian releases' ends of support, for the release page.
# groff-base: the man pages are checked with groff -ww as they are built.
# libcrypt-dev:i386: libcrypt.a for pvappliance-firstboot's gcc -m32 -static
# -lcrypt (yescrypt hashes; gcc-multilib has no libcrypt). libyaml-dev:i386:
# libyaml.a for its NoCloud reader (libyaml-dev: the same natively, for the
# unit tests and fuzzers). install-deps turns on dpkg's i386 architecture.
DEPS_TEST := file qemu-system-x86 qemu-utils createrepo-c dpkg-dev fdisk libxml2-utils \
	mktorrent transmission-cli aria2 nginx-light python3-libtorrent curl iproute2 util-linux unzip \
	chromium opentracker gpgv python3-jsonschema 7zip zip clang libclang-rt-14-dev distcc ccache openssh-client \
	libvmdk-utils libvirt-clients linux-config-6.1:i386 \
	cloud-image-utils genisoimage man-db bash-completion debhelper lintian rpmlint
# debhelper, lintian, rpmlint: t0070 builds and checks the .deb and the .rpm.
# linux-config-6.1:i386: Debian's own 686-pae kernel config, which t2040
# compares our kernel's hardening with.

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
