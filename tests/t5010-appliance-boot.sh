#!/bin/bash
# Every appliance, built by make and booted in qemu (TCG), and used as the
# person who downloads it would: debian (Debian 12 on systemd) from the
# mirror, asked for a root password on its first boot (refusals, the banner's
# address and SSH fingerprints checked against ssh-keyscan), booted again,
# its qcow2 on virtio seeded by cloud-localds (NoCloud) on an enlarged disk
# (password, SSH key, host name, an unsupported key named; the disk
# filled); a sysvinit Debian with a VFAT CIDATA seed asked on its VGA
# console; fedora
# and suse from the local RPM test repository (busybox userland) on pvscsi,
# one asked at the console, one given a plain-text password, and fedora
# refusing to run without a hypervisor; then a tiny appliance built twice, in
# two directories at two times, giving the same disk, VMDKs, .vmx and .ova.
# Appliances with a way in are powered off as a user would: log in, poweroff.
. "$(dirname "$0")/lib.sh"

test_require_tool QEMU qemu-system-i386 qemu-system-x86
test_require_tool DEBOOTSTRAP debootstrap debootstrap
test_require_tool DNF dnf dnf
test_require_tool ZYPPER zypper zypper
test_require_tool RPMBUILD rpmbuild rpm
test_require_tool CREATEREPO createrepo_c createrepo-c
test_require_tool SSH ssh openssh-client
test_require_tool CLOUDLOCALDS cloud-localds cloud-image-utils
test_require_tool MTOOLS mcopy mtools
test_require_tool GENISOIMAGE genisoimage genisoimage
test_require_root

m() { make -C "$SRCDIR" --no-print-directory "$@"; }
boot() { "$APPLIANCE" boot-test --timeout 400 "$@"; }

# The root password the console sets, and a key and hash handed in.
PW=correct-horse-9
HASH=$(openssl passwd -6 -salt pvapplianceTEST seeded-pass-1)

# A chat that logs in as root with password $1 on the serial console, runs
# what a person checks first (PID 1, systemd's state and failed units, the
# disk), and powers off. It waits a second at the password prompt: a
# password typed the instant the prompt shows was once echoed on the busybox
# appliance (seen under load; its login turns echo off after the prompt),
# and the tests check that no password reaches the console.
login_chat() { # password
	cat <<-EOF
	expect login: 
	send root\n
	expect Password: 
	run sleep 1
	send $1\n
	expect # 
	send echo PID1=\$(cat /proc/1/comm) HOST=\$(hostname)\n
	expect PID1=
	expect # 
	send command -v systemctl >/dev/null && echo STATE=\$(systemctl is-system-running --wait) && systemctl --failed --no-legend --plain; df -k /; echo END-\$((40+2))\n
	expect END-42
	expect # 
	send poweroff\n
	EOF
}

# Answers to the first-boot prompt: password $1, twice.
first_boot_chat() { # password
	cat <<-EOF
	expect New root password (or g): 
	send $1\n
	expect Repeat it: 
	send $1\n
	expect The root password is set.
	EOF
}

# The SHA256 fingerprints in the banner (the console before the first
# login prompt), sorted.
banner_fingerprints() { # log
	sed -n "/SSH host key fingerprints:/,/login: /p" "$1" | tr -d "\r" |
		grep -oE "SHA256:[A-Za-z0-9+/]+" | sort -u
}

test_expect_success ROOT,DEBOOTSTRAP 'make debian: out/debian/ holds the .vmx, .vmdk and .ova' '
	m O="$TRASH/o" debian >out 2>&1 &&
	test_grep "READY .*/out/debian/debian.vmx: VMware Workstation, Player, Fusion \(with debian.vmdk\)" out &&
	test_grep "READY .*/out/debian/debian.ova: import: vSphere" out &&
	test -s o/out/debian/debian.vmdk && test -s o/out/debian/debian.vmx &&
	test -s o/out/debian/debian.ova &&
	test_grep "fileName = \"debian.vmdk\"" o/out/debian/debian.vmx
'

test_expect_success ROOT,DEBOOTSTRAP,QEMU,SSH 'debian on systemd, first boot: passwords refused, one set, banner address and SSH fingerprints, login' '
	cp --sparse=always o/out/debian/debian.vmdk first.vmdk &&
	port=$(free_ports 1) &&
	{
		cat <<-EOF &&
		expect New root password (or g): 
		screenshot shot.png
		send short\n
		expect That is shorter than 8 characters. Again.
		expect New root password (or g): 
		send first-password\n
		expect Repeat it: 
		send other-password\n
		expect The two passwords differ. Again.
		EOF
		first_boot_chat "$PW" &&
		cat <<-EOF &&
		expect 10.0.2.15
		run for i in \$(seq 90); do ssh-keyscan -t rsa,ecdsa,ed25519 -p $port 127.0.0.1 >scanned 2>/dev/null && test \$(wc -l <scanned) -eq 3 && exit 0; sleep 1; done; exit 1
		EOF
		login_chat "$PW"
	} >first.chat &&
	boot --writable --forward $port:22 --chat first.chat --log first.log first.vmdk 2>err &&
	test_grep "Booting paravirtualized kernel on bare hardware" first.log &&
	test_grep "pvinit: hypervisor: QEMU TCG \(\"TCGTCGTCGTCG\"" first.log &&
	test_grep -v "^ACPI:" first.log && test_grep -v "usbcore" first.log &&
	file shot.png >f && test_grep "PNG image data, 720 x 400" f &&
	test_grep "PID1=systemd HOST=debian-appliance" first.log &&
	# running, or degraded with the failed units listed in the log
	test_grep "STATE=(running|degraded)" first.log &&
	sed -n "/STATE=/,/END-42/p" first.log | tr -d "\r" | sed "s/^/# /" >&3 &&
	{ grep -a "Startup finished" first.log | tr -d "\r" | sed "s/^/# /" >&3 || true; } &&
	ssh-keygen -l -f scanned | grep -oE "SHA256:[A-Za-z0-9+/]+" | sort -u >keyscan &&
	banner_fingerprints first.log >banner &&
	test "$(wc -l <keyscan)" -eq 3 &&
	test_cmp keyscan banner &&
	test_grep -v "$PW" first.log &&
	test_grep "reboot: Power down" first.log
'

# What the hardened kernel (kernel-configs/hardening.config) shows from
# inside: NX in effect, page-table isolation, the CPU vulnerability states,
# AppArmor enabled with profiles loaded by the apparmor package; and that
# security updates would come unattended (apt's timer, Debian's setting,
# unattended-upgrade's dry run).
hardening_chat() {
	cat <<-EOF
	send dmesg | grep -E "NX .Execute Disable.|page tables isolation|LSM: |AppArmor"; grep -H . /sys/devices/system/cpu/vulnerabilities/*; echo AA=\$(cat /sys/module/apparmor/parameters/enabled) PROFILES=\$(wc -l </sys/kernel/security/apparmor/profiles) UNIT=\$(systemctl is-active apparmor) PTRACE=\$(cat /proc/sys/kernel/yama/ptrace_scope); systemd-analyze time | head -1; echo END-\$((40+3))\n
	expect END-43
	expect # 
	send echo UUTIMER=\$(systemctl is-enabled apt-daily-upgrade.timer) \$(apt-config dump APT::Periodic::Unattended-Upgrade); unattended-upgrade --dry-run >/dev/null 2>&1; echo UUDRY=\$? END-\$((40+4))\n
	expect END-44
	expect # 
	EOF
}

test_expect_success ROOT,DEBOOTSTRAP,QEMU 'the same disk boots again: nothing asked, the password kept; the kernel hardened' '
	{
		login_chat "$PW" | sed "/^send poweroff/,\$d" &&
		hardening_chat &&
		echo "send poweroff\n"
	} >again.chat &&
	boot --writable --chat again.chat --log again.log first.vmdk 2>err &&
	test_grep -v "New root password" again.log &&
	test_grep "PID1=systemd" again.log &&
	test_grep "NX \(Execute Disable\) protection: active" again.log &&
	test_grep "Kernel/User page tables isolation: enabled" again.log &&
	test_grep "LSM: Security Framework initializing" again.log &&
	test_grep "AA=Y PROFILES=[1-9][0-9]* UNIT=active PTRACE=1" again.log &&
	test_grep "UUTIMER=enabled APT::Periodic::Unattended-Upgrade \"1\";" again.log &&
	test_grep "UUDRY=0" again.log &&
	grep -a "^/sys/devices/system/cpu/vulnerabilities/" again.log | tr -d "\r" |
		sed "s|^/sys/devices/system/cpu/vulnerabilities/|# note: vulnerability |" >&3 &&
	{ grep -a "^Startup finished" again.log | tr -d "\r" | sed "s/^/# note: second boot: /" >&3 || true; } &&
	sed "s/^/# note: second boot: /" err >&3 &&
	test_grep "^/sys/devices/system/cpu/vulnerabilities/meltdown:" again.log &&
	# the APM BIOS runs under NX (apm-bios-nx.patch), and nothing is W+X
	test_grep -v "NX-protected page" again.log &&
	test_grep "Checked W\+X mappings: passed" again.log &&
	test_grep "reboot: Power down" again.log
'

test_expect_success ROOT,DEBOOTSTRAP,QEMU,SSH,CLOUDLOCALDS 'the qcow2 on virtio, seeded by cloud-localds (NoCloud), enlarged: no prompt, the password, the key over SSH, the host name, the unsupported key named; the disk filled' '
	ssh-keygen -q -t ed25519 -N "" -C seeded -f key &&
	m O="$TRASH/o" "$TRASH/o/out/debian/debian.qcow2" >out 2>&1 &&
	qemu-img create -q -f qcow2 -F qcow2 -b "$TRASH/o/out/debian/debian.qcow2" big.qcow2 3G &&
	# What Proxmox writes for its Cloud-Init tab: a plain password (it is
	# hashed here), a key, the host name, and a key not supported.
	cat >user-data <<-EOF &&
	#cloud-config
	hostname: seeded-host
	manage_etc_hosts: true
	user: root
	password: seeded-pass-1
	chpasswd:
	  expire: False
	ssh_authorized_keys:
	  - $(cat key.pub)
	users:
	  - default
	package_upgrade: true
	EOF
	printf "instance-id: iid-seeded\nlocal-hostname: not-this-one\n" >meta-data &&
	cloud-localds seed.iso user-data meta-data &&
	isoinfo -d -i seed.iso >iso && test_grep "^Volume id: cidata" iso &&
	port=$(free_ports 1) &&
	{
		# sshd starts once first boot is done: after the banner is written
		echo "expect SSH host key fingerprints:" &&
		echo "run for i in \$(seq 90); do ssh -i key -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -p $port root@127.0.0.1 \"hostname; id -u\" >ssh.out 2>ssh.err && exit 0; sleep 1; done; cat ssh.err; exit 1" &&
		login_chat seeded-pass-1 | sed "/^send poweroff/,\$d" &&
		cat <<-\EOF
		send grep -o "^root:[$][a-z0-9]*[$]" /etc/shadow\n
		expect root:$
		expect # 
		send poweroff\n
		EOF
	} >seeded.chat &&
	boot --bus virtio --writable --forward $port:22 --chat seeded.chat --log seeded.log \
		--seed seed.iso big.qcow2 2>err &&
	test_grep -v "New root password" seeded.log &&
	test_grep "NoCloud: seed read from cidata on /dev/sr0 \(read-only\)" seeded.log &&
	test_grep "NoCloud \(cidata on /dev/sr0\): not supported, ignored: package_upgrade" seeded.log &&
	test_grep -v "seeded-pass-1" seeded.log &&
	test_grep "seeded-host login: " seeded.log &&
	printf "seeded-host\n0\n" >expect && test_cmp expect ssh.out &&
	test_grep "PID1=systemd HOST=seeded-host" seeded.log &&
	# the plain password stored hashed, yescrypt (the method of Debian 12 passwd)
	test_grep "root:[$]y[$]" seeded.log &&
	# df -k / on the console: more than 2.5 GiB now (the image had 1 GiB)
	size=$(tr -d "\r" <seeded.log | awk "\$NF == \"/\" && \$2 ~ /^[0-9]+\$/ { print \$2 }" | tail -1) &&
	test "$size" -gt $((5 * 1024 * 1024 / 2)) &&
	qemu-img convert -O raw big.qcow2 big.raw &&
	sfdisk -d big.raw >parts && test_grep "big.raw2 : start=.*size= *[0-9]+" parts &&
	end=$(awk "/big.raw2/ { gsub(/[,=]/, \" \"); print \$4 + \$6 }" parts) &&
	test "$end" -eq $((3 * 1024 * 1024 * 1024 / 512))
'

test_expect_success ROOT,DEBOOTSTRAP,QEMU,MTOOLS 'sysvinit Debian: a VFAT CIDATA seed names the host (no way in: still asked), asked on the VGA console (tty1), then root logs in on the serial one' '
	# A FAT seed as a second disk (mkfs.fat and mtools, not ours): a host
	# name alone, so the console still asks.
	mkfs.fat -C -n CIDATA vfat.img 1440 >/dev/null &&
	printf "#cloud-config\nfqdn: vfat-seed.example.org\n" >vfat-user-data &&
	printf "instance-id: iid-vfat\n" >vfat-meta-data &&
	MTOOLS_SKIP_CHECK=1 mcopy -i vfat.img vfat-user-data ::user-data &&
	MTOOLS_SKIP_CHECK=1 mcopy -i vfat.img vfat-meta-data ::meta-data &&
	mkdir -p sysv &&
	sed -e "s/^name = debian/name = sysv/" -e "s/^hostname = .*/hostname = sysv-appliance/" \
		"$SRCDIR/appliances/debian/appliance.conf" >sysv/appliance.conf &&
	printf "%s\n" sysvinit-core ifupdown iproute2 isc-dhcp-client openssh-server >sysv/packages &&
	E=1700000000 &&
	SOURCE_DATE_EPOCH=$E "$APPLIANCE" rootfs --pvinit "$PVINIT" --firstboot "$FIRSTBOOT" \
		-o sysv/rootfs sysv >err 2>&1 &&
	SOURCE_DATE_EPOCH=$E "$APPLIANCE" disk --rootfs sysv/rootfs --kernel "$KERNEL" \
		-o sysv/disk.raw sysv 2>err &&
	{
		cat <<-EOF &&
		expect pvappliance-firstboot: asking for a root password on /dev/tty1
		keys vga-password-1\n
		keys vga-password-1\n
		expect The root password was set on another console.
		EOF
		login_chat vga-password-1
	} >vga.chat &&
	boot --chat vga.chat --log sysv.log --seed vfat.img sysv/disk.raw 2>err &&
	test_grep "NoCloud: seed read from cidata on /dev/vda \(read-only\)" sysv.log &&
	test_grep "PID1=init HOST=vfat-seed.example.org" sysv.log &&
	test_grep "reboot: Power down" sysv.log
'

test_expect_success ROOT,RPMBUILD,CREATEREPO 'setup: the local RPM repository' '
	SOURCE_DATE_EPOCH=1700000000 "$SRCDIR/tests/fixtures/make-rpm-repo" "$TRASH/repo"
'

test_expect_success ROOT,DNF,QEMU,GENISOIMAGE 'fedora (dnf) boots on pvscsi with a genisoimage cidata seed (a host name: still asked); first-boot password, login, poweroff' '
	m O="$TRASH/o" fedora FEDORA_REPO="file://$TRASH/repo" >out 2>&1 &&
	test_grep "scsi0.virtualDev = \"lsilogic\"" o/out/fedora/fedora.vmx &&
	# An ISO 9660 seed made the way the cloud-init docs show, by genisoimage
	mkdir iso-seed &&
	printf "#cloud-config\n" >iso-seed/user-data &&
	printf "instance-id: iid-iso\nlocal-hostname: iso-seed\n" >iso-seed/meta-data &&
	genisoimage -quiet -output seed.iso -volid cidata -joliet -rock \
		iso-seed/user-data iso-seed/meta-data &&
	{
		first_boot_chat "$PW" && login_chat "$PW"
	} >rpm.chat &&
	boot --bus pvscsi --chat rpm.chat --log fedora.log --seed seed.iso \
		o/out/fedora/fedora.vmdk 2>err &&
	test_grep "pvinit: hypervisor: QEMU TCG" fedora.log &&
	test_grep "NoCloud: seed read from cidata on /dev/sr0" fedora.log &&
	test_grep "PID1=init HOST=iso-seed" fedora.log
'

test_expect_success ROOT,DNF,QEMU 'fedora refuses to run without a hypervisor, and powers off' '
	boot --bus pvscsi --no-hypervisor --expect-refusal --log refuse.log \
		o/out/fedora/fedora.vmdk 2>err &&
	test_grep "pvinit: no hypervisor found" refuse.log &&
	test_grep "refuses to run on native hardware" refuse.log &&
	test_grep "require_hypervisor = no" refuse.log &&
	test_grep -v "login:" refuse.log
'

test_expect_success ROOT,ZYPPER,QEMU 'suse (zypper) from its OVA disk: a plain-text password handed in, stored hashed' '
	m O="$TRASH/o" suse SUSE_REPO="file://$TRASH/repo" >out 2>&1 &&
	mkdir ova && tar -C ova -xf o/out/suse/suse.ova &&
	{
		login_chat plain-pass-1 | sed "/^send poweroff/,\$d" &&
		cat <<-\EOF
		send grep -o "^root:[$][a-z0-9]*[$]" /etc/shadow\n
		expect root:$
		expect # 
		send poweroff\n
		EOF
	} >plain.chat &&
	boot --bus pvscsi --chat plain.chat --log suse.log \
		--credential passwd.plaintext-password.root=plain-pass-1 ova/suse-disk1.vmdk 2>err &&
	test_grep -v "New root password" suse.log &&
	test_grep -v "plain-pass-1" suse.log &&
	# busybox login knows SHA-512 crypt, not yescrypt: no login.defs, SHA-512
	test_grep "root:[$]6[$]" suse.log &&
	test_grep "PID1=init HOST=suse-appliance" suse.log
'

test_expect_success ROOT,DNF,QEMU 'without the requirement it boots with no hypervisor' '
	mkdir -p tiny && sed -e "s/^name = fedora/name = tiny/" \
		-e "s/^require_hypervisor = yes/require_hypervisor = no/" \
		-e "s|^repo = .*|repo = file://$TRASH/repo|" \
		"$SRCDIR/appliances/fedora/appliance.conf" >tiny/appliance.conf &&
	sed -i "s/^disk_size = .*/disk_size = 256M/" tiny/appliance.conf &&
	E=1700000000 &&
	SOURCE_DATE_EPOCH=$E "$APPLIANCE" rootfs --pvinit "$PVINIT" -o t1/rootfs tiny 2>err &&
	SOURCE_DATE_EPOCH=$E "$APPLIANCE" disk --rootfs t1/rootfs --kernel "$KERNEL" -o t1/disk.raw tiny 2>err &&
	boot --bus ide --no-hypervisor --log tiny.log t1/disk.raw 2>err &&
	test_grep "pvinit: no hypervisor found" tiny.log &&
	test_grep "login: " tiny.log
'

build_tiny() { # dir
	E=1700000000 &&
	SOURCE_DATE_EPOCH=$E "$APPLIANCE" rootfs --pvinit "$PVINIT" -o $1/rootfs tiny &&
	SOURCE_DATE_EPOCH=$E "$APPLIANCE" disk --rootfs $1/rootfs --kernel "$KERNEL" -o $1/disk.raw tiny &&
	"$APPLIANCE" vmdk --appliance tiny -o $1/tiny.vmdk $1/disk.raw &&
	"$APPLIANCE" vmdk --appliance tiny --subformat streamOptimized -o $1/s/tiny.vmdk $1/disk.raw &&
	"$APPLIANCE" vmx --template-dir "$SRCDIR/vmx-templates" --vmdk tiny.vmdk -o $1/tiny.vmx tiny &&
	SOURCE_DATE_EPOCH=$E "$APPLIANCE" ova --vmdk $1/s/tiny.vmdk -o $1/tiny.ova tiny
}

test_expect_success ROOT,DNF 'reproducible: two directories, two times, the same bytes' '
	mkdir -p a/s b/s && build_tiny a 2>err && sleep 2 && build_tiny b 2>err &&
	for f in disk.raw tiny.vmdk s/tiny.vmdk tiny.vmx tiny.ova; do
		cmp a/$f b/$f || exit 1
	done
'

test_expect_success ROOT,DNF,QEMU 'qemu boots every VMDK subformat' '
	for f in monolithicSparse streamOptimized twoGbMaxExtentSparse monolithicFlat; do
		mkdir -p sub-$f &&
		"$APPLIANCE" vmdk --subformat $f -o sub-$f/tiny.vmdk a/disk.raw 2>err &&
		boot --log sub-$f.log sub-$f/tiny.vmdk 2>err || exit 1
		test_grep "login: " sub-$f.log || exit 1
	done
'

test_done
