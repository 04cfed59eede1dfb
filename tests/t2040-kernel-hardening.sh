#!/bin/bash
# The default kernel is at least as hardened as Debian's own 686-pae: every
# kernel self-protection option (tests/fixtures/kspp-x86_32.config, plus
# every per-issue CPU mitigation Debian's config enables, read from Debian's
# file) that Debian's kernel sets as recommended is set so in our final
# .config, or named with its reason under "Left out" in
# kernel-configs/hardening.config. Debian's config comes from its package
# linux-config-6.1 (i386), never from a list typed here. Then the policy:
# the profile requires the hardening values, and the report shows them apart.
. "$(dirname "$0")/lib.sh"

DEBIAN_CONFIG=/usr/src/linux-config-6.1/config.i386_none_686-pae.xz
if [[ -e /usr/src/linux-source-6.1.tar.xz ]]; then
	test_set_prereq KSRC
else
	echo "# SKIP: /usr/src/linux-source-6.1.tar.xz missing (Debian package linux-source-6.1; run make deps)"
fi
if [[ -e $DEBIAN_CONFIG ]]; then
	test_set_prereq DEBIAN_CONFIG
else
	echo "# SKIP: $DEBIAN_CONFIG missing (Debian package linux-config-6.1:i386; run make check-deps)"
fi

K=o/build/kernel/paravirt-6.1
KSPP=$SRCDIR/tests/fixtures/kspp-x86_32.config
FRAGMENT=$SRCDIR/kernel-configs/hardening.config

# compare DEBIAN OURS: one line per self-protection option that Debian sets
# as recommended: "match NAME", "left-out NAME" or "MISSING NAME ...", then
# a summary line. Exit 1 if any is missing.
compare() { # debian-config our-config
	awk -v kspp="$KSPP" -v fragment="$FRAGMENT" -v debian="$1" -v ours="$2" '
	function value(line) { # "y", "n", a number or a string
		if (line ~ /^# CONFIG_[A-Za-z0-9_]+ is not set$/) return "n"
		sub(/^CONFIG_[A-Za-z0-9_]+=/, "", line); return line
	}
	function load(file, cfg,   line, name) {
		while ((getline line < file) > 0) {
			if (line ~ /^CONFIG_[A-Za-z0-9_]+=/ || line ~ /^# CONFIG_[A-Za-z0-9_]+ is not set$/) {
				name = line; sub(/^# /, "", name); sub(/[= ].*/, "", name)
				cfg[name] = value(line)
			}
		}
		close(file)
	}
	function get(cfg, name) { return (name in cfg) ? cfg[name] : "n" }
	BEGIN {
		load(kspp, want); load(debian, deb); load(ours, our)
		# Every per-issue CPU mitigation Debian enables.
		for (n in deb) if (n ~ /^CONFIG_MITIGATION_/ && deb[n] == "y") want[n] = "y"
		# The names under "Left out" in the fragment.
		while ((getline line < fragment) > 0) {
			if (line ~ /^# Left out/) inleft = 1
			if (!inleft) continue
			while (match(line, /CONFIG_[A-Z0-9_]+/)) {
				left[substr(line, RSTART, RLENGTH)] = 1
				line = substr(line, RSTART + RLENGTH)
			}
		}
		for (n in want) {
			if (get(deb, n) != want[n]) continue # Debian does not set it either
			total++
			if (get(our, n) == want[n]) { matched++; print "match " n }
			else if (n in left) { leftout++; print "left-out " n }
			else { missing++; print "MISSING " n ": Debian and KSPP " want[n] ", ours " get(our, n) }
		}
		printf "Debian 686-pae sets %d self-protection options as recommended: ours matches %d, leaves out %d (named in hardening.config), misses %d\n", total, matched, leftout, missing
		exit missing > 0
	}' | sort
}

test_expect_success KSRC 'make kernel builds (or finds) the hardened default kernel' '
	make -C "$SRCDIR" --no-print-directory O="$TRASH/o" kernel >out 2>&1 &&
	test -s $K/config && test -s $K/policy-report.txt &&
	# the APM BIOS stays callable under NX (power-off without ACPI)
	test_grep "^patches = apm-bios-nx.patch$" $K/kernel.info &&
	test_grep "^source-id = tar-[0-9a-f]{16}-p[0-9a-f]{12}$" $K/kernel.info
'

test_expect_success KSRC,DEBIAN_CONFIG 'every self-protection option Debian 686-pae enables is ours, or left out with a reason' '
	xz -dc $DEBIAN_CONFIG >debian.config &&
	compare debian.config $K/config >comparison &&
	grep "^Debian" comparison | sed "s/^/# note: /" >&3 &&
	grep "^left-out" comparison | sed "s/^/# note: /" >&3 &&
	test_grep -v "^MISSING" comparison &&
	test_grep "misses 0$" comparison &&
	# the comparison covers what Debian has, not a handful of names
	n=$(grep -c "^match " comparison) && test "$n" -ge 40
'

test_expect_success KSRC,DEBIAN_CONFIG 'the comparison fails on a kernel without PAE, stack protector or AppArmor' '
	sed -e "/^CONFIG_X86_PAE=/d" -e "/^CONFIG_STACKPROTECTOR_STRONG=/d" \
	    -e "s/^CONFIG_SECURITY_APPARMOR=y/# CONFIG_SECURITY_APPARMOR is not set/" \
	    $K/config >weak.config &&
	test_must_fail compare debian.config weak.config >weak &&
	test_grep "^MISSING CONFIG_X86_PAE: Debian and KSPP y, ours n" weak &&
	test_grep "^MISSING CONFIG_STACKPROTECTOR_STRONG" weak &&
	test_grep "^MISSING CONFIG_SECURITY_APPARMOR" weak
'

test_expect_success KSRC 'the final .config: NX (PAE), KASLR, PTI, AppArmor as the default LSM' '
	c=$K/config &&
	test_grep "^CONFIG_X86_PAE=y$" $c &&
	test_grep "^CONFIG_RANDOMIZE_BASE=y$" $c &&
	test_grep "^CONFIG_PAGE_TABLE_ISOLATION=y$" $c &&
	test_grep "^CONFIG_LSM=\".*apparmor.*\"$" $c &&
	test_grep "^# CONFIG_LEGACY_PTYS is not set$" $c &&
	test_grep "^CONFIG_DEFAULT_MMAP_MIN_ADDR=65536$" $c
'

test_expect_success KSRC 'the policy report shows the hardening part on its own' '
	r=$K/policy-report.txt &&
	test_grep "^hardening \(kernel-configs/hardening.config\):$" $r &&
	test_grep "^hardening: [0-9]+ requirements checked, [0-9]+ met, 0 failed" $r &&
	sed -n "/^hardening (/,/^hardening:/p" $r >part &&
	test_grep "^ok   CONFIG_X86_PAE=y" part &&
	test_grep "^ok   CONFIG_SECURITY_APPARMOR=y" part &&
	test_grep -v "^ok   CONFIG_CGROUPS=y" part
'

test_expect_success 'the profile requires the hardening: a fragment that turns PAE off fails the check' '
	cp -r "$SRCDIR/kernel-configs" kc &&
	sed -e "/^CONFIG_X86_PAE=y$/d" -e "s/^CONFIG_HIGHMEM64G=y$/CONFIG_HIGHMEM4G=y/" \
	    kc/hardening.config >kc/h && mv kc/h kc/hardening.config &&
	printf "CONFIG_X86_32=y\nCONFIG_HIGHMEM4G=y\n" >nopae.config &&
	test_must_fail "$APPLIANCE" kconfig check --profile kc/paravirt-6.1.profile \
		--report report nopae.config >out 2>&1 &&
	test_grep "FAIL CONFIG_X86_PAE: requested y \(kc/paravirt-6.1.profile:[0-9]+\)" report
'

test_done
