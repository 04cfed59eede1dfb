#!/bin/bash
# pvappliance-firstboot, the static i386 binary as built: apply on a tree
# (--root) checked with other tools (Python's crypt, ssh-keygen), the
# console prompt on a pseudo-terminal then the getty it wraps, and a real
# first boot under qemu: SMBIOS type 11 credentials from -smbios, a disk
# enlarged before the boot whose partition and ext3 filesystem grow
# (sfdisk, e2fsck, dumpe2fs check them afterwards), a second apply that
# does nothing. The boot needs a kernel with DMI_SYSFS for the SMBIOS part.
. "$(dirname "$0")/lib.sh"

test_require_tool QEMU qemu-system-i386 qemu-system-x86
test_require_tool MKE2FS mke2fs e2fsprogs
test_require_tool SFDISK sfdisk fdisk
test_require_tool KEYGEN ssh-keygen openssh-client
test_require_tool ISO genisoimage genisoimage
F=$FIRSTBOOT K=$KERNEL
if [[ -x $F ]]; then
	test_set_prereq BUILT
else
	echo "# SKIP: build pvappliance-firstboot first (make firstboot)"
fi
if [[ -s $K ]] && grep -qx CONFIG_DMI_SYSFS=y "$(dirname "$(readlink -f "$K")")/config" 2>/dev/null; then
	test_set_prereq DMI_KERNEL
else
	echo "# SKIP: the kernel has no DMI_SYSFS (SMBIOS strings are not in /sys): no boot test"
fi
# gcc -m32 -static for the test init (gcc-multilib).
if echo 'int main(void){return 0;}' | gcc -m32 -static -x c -o m32-probe - 2>/dev/null; then
	test_set_prereq M32
fi

ssh-keygen -q -t ed25519 -N '' -C test@fbtest -f key
KEY=$(cat key.pub)

# A tree like an appliance's, root locked (as hygiene leaves it).
tree() { # DIR
	mkdir -p "$1"/etc "$1"/root "$1"/proc "$1"/sys "$1"/dev "$1"/tmp "$1"/run "$1"/usr/sbin "$1"/sbin \
		"$1"/var/lib &&
	printf 'root:*:19000:0:99999:7:::\nbin:*:19000:0:99999:7:::\n' >"$1"/etc/shadow &&
	chmod 0640 "$1"/etc/shadow &&
	printf 'root:x:0:0:root:/root:/bin/sh\n' >"$1"/etc/passwd &&
	printf '127.0.0.1\tlocalhost\n127.0.1.1\tdebian\n' >"$1"/etc/hosts &&
	printf 'NAME=fbtest\nTITLE="First boot test"\nVERSION=9.9\n' >"$1"/etc/appliance-release &&
	cp "$F" "$1"/usr/sbin/pvappliance-firstboot
}
# SMBIOS type 11 structure with the strings given, as sysfs shows it.
smbios_raw() { # FILE STRING...
	local f=$1
	shift
	/usr/bin/python3 - "$f" "$@" <<-\EOF
	import sys
	strs = [s.encode() for s in sys.argv[2:]]
	raw = bytes([11, 5, 0, 0x11, len(strs)]) + b"".join(s + b"\0" for s in strs) + b"\0"
	open(sys.argv[1], "wb").write(raw)
	EOF
}
crypt_ok() { # PASSWORD HASH
	/usr/bin/python3 -W ignore -c 'import crypt, sys; sys.exit(crypt.crypt(sys.argv[1], sys.argv[2]) != sys.argv[2])' "$1" "$2"
}

test_expect_success BUILT 'a static i386 program that answers --help' '
	file "$F" | grep -q "ELF 32-bit LSB executable, Intel 80386.*statically linked" &&
	"$F" --help >help &&
	test_grep "^    pvappliance-firstboot \[--root DIR\] console TTY \[-- PROGRAM \[ARG...\]\]" help &&
	test_grep "passwd.hashed-password.root" help &&
	test_expect_code 2 "$F" frobnicate 2>err &&
	test_grep "unknown subcommand .frobnicate." err
'

test_expect_success BUILT,KEYGEN 'apply --root: SMBIOS credentials applied, checked by other tools' '
	tree t &&
	mkdir -p t/sys/kernel t/sys/firmware/dmi/entries/11-0 t/usr/bin t/etc/ssh &&
	ln -s "$(command -v ssh-keygen)" t/usr/bin/ssh-keygen &&
	smbios_raw t/sys/firmware/dmi/entries/11-0/raw "vendor=x" \
		"io.systemd.credential:passwd.plaintext-password.root=correct horse" \
		"io.systemd.credential.binary:ssh.authorized_keys.root=$(base64 -w0 key.pub)" \
		"io.systemd.credential:system.hostname=web1.example.org" &&
	"$F" --root t apply >out 2>&1 &&
	test_grep "^pvappliance-firstboot: root password: set from SMBIOS type 11 string 2$" out &&
	test_grep "^pvappliance-firstboot: first boot done$" out &&
	test_grep -v "correct horse" out &&
	hash=$(awk -F: "\$1 == \"root\" {print \$2}" t/etc/shadow) &&
	crypt_ok "correct horse" "$hash" &&
	test "$(stat -c %a t/etc/shadow)" = 640 &&
	test_grep "^bin:\*:19000:0:99999:7:::$" t/etc/shadow &&
	cmp key.pub t/root/.ssh/authorized_keys &&
	test "$(stat -c %a t/root/.ssh) $(stat -c %a t/root/.ssh/authorized_keys)" = "700 600" &&
	test "$(cat t/etc/hostname)" = web1.example.org &&
	test_grep "^127.0.1.1	web1.example.org web1$" t/etc/hosts &&
	printf "passwd.plaintext-password.root\nssh.authorized_keys.root\nsystem.hostname\n" >expect &&
	test_cmp expect t/var/lib/pvappliance/credentials &&
	test "$(stat -c %a t/var/lib/pvappliance/credentials)" = 600 &&
	test_grep "^pvappliance-firstboot: SSH host keys: made \(ssh-keygen -A\)$" out &&
	ls t/etc/ssh/ssh_host_ed25519_key.pub t/etc/ssh/ssh_host_rsa_key.pub &&
	for k in t/etc/ssh/ssh_host_*_key.pub; do
		ssh-keygen -l -f "$k" >fp && grep -qxF "    $(cat fp)" t/etc/issue || exit 1
	done &&
	test_grep "^First boot test 9.9$" t/etc/issue &&
	"$F" --root t apply >again 2>&1 && test ! -s again
'

test_expect_success BUILT 'apply --root: one bad value, nothing applied' '
	tree bad &&
	mkdir -p bad/sys/kernel bad/sys/firmware/dmi/entries/11-0 &&
	smbios_raw bad/sys/firmware/dmi/entries/11-0/raw \
		"io.systemd.credential:system.hostname=fine" \
		"io.systemd.credential:ssh.authorized_keys.root=ssh-ed25519 bm90IGEga2V5 x" &&
	"$F" --root bad apply >out 2>&1 &&
	test_grep "SMBIOS type 11 string 2: ssh.authorized_keys.root line 1 has key data that is not a ssh-ed25519 key" out &&
	test_grep "credentials: 1 refused" out &&
	test ! -e bad/etc/hostname && test ! -e bad/root/.ssh &&
	test ! -e bad/var/lib/pvappliance/credentials &&
	test_grep "^root:\*:" bad/etc/shadow
'

test_expect_success BUILT,KEYGEN,ISO 'apply --root: a NoCloud seed from genisoimage, read by the static program (libyaml in it)' '
	tree nc &&
	mkdir -p nc/proc nc/seed iso &&
	printf "#cloud-config\nhostname: nc-host\nssh_authorized_keys: [\"%s\"]\nruncmd: [ls]\n" \
		"$KEY" >iso/user-data &&
	printf "instance-id: iid-nc\n" >iso/meta-data &&
	genisoimage -quiet -output seed.iso -V cidata -J -r iso/user-data iso/meta-data &&
	isoinfo -i seed.iso -J -x /user-data >nc/seed/user-data &&
	isoinfo -i seed.iso -J -x /meta-data >nc/seed/meta-data &&
	echo "root=/dev/sda2 ds=nocloud;s=file:///seed/" >nc/proc/cmdline &&
	"$F" --root nc apply >out 2>&1 &&
	test_grep "NoCloud: seed read from ds=nocloud;s=/seed/" out &&
	test_grep "NoCloud \(ds=nocloud;s=/seed/\): not supported, ignored: runcmd$" out &&
	test "$(cat nc/etc/hostname)" = nc-host &&
	test_cmp key.pub nc/root/.ssh/authorized_keys
'

# Drive the console prompt on a pseudo-terminal; what the terminal showed
# goes to pty.log, the program exec'd after it prints GETTY-RAN.
console() { # ROOT ANSWER...
	/usr/bin/python3 - "$F" "$@" <<-\EOF
	import os, pty, select, sys, time
	prog, root, answers = sys.argv[1], sys.argv[2], sys.argv[3:]
	pid, fd = pty.fork()
	if pid == 0:
	    os.execv(prog, [prog, "--root", root, "console", "-", "--", "/bin/echo", "GETTY-RAN"])
	seen, out = b"", open("pty.log", "wb")
	def wait(text, secs=20):
	    global seen
	    end = time.time() + secs
	    while text.encode() not in seen and time.time() < end:
	        r, _, _ = select.select([fd], [], [], 0.2)
	        if r:
	            try:
	                data = os.read(fd, 4096)
	            except OSError:
	                break
	            out.write(data); out.flush(); seen += data
	    if text.encode() not in seen:
	        sys.exit("no %r on the terminal" % text)
	    seen = seen[seen.index(text.encode()) + len(text):]
	for a in answers:
	    prompt, _, answer = a.partition("=")
	    wait(prompt)
	    os.write(fd, answer.encode() + b"\n")
	wait("GETTY-RAN")
	os.waitpid(pid, 0)
	EOF
}

test_expect_success BUILT 'console: short and mismatched refused, then set; then the getty runs' '
	tree c &&
	console c "(or g): =short" "Again.=" "(or g): =first password" "Repeat it: =second password" \
		"differ. Again.=" "(or g): =correct horse" "Repeat it: =correct horse" &&
	test_grep "shorter than 8 characters" pty.log &&
	test_grep "The root password is set" pty.log &&
	test_grep -v "horse|first password" pty.log &&
	crypt_ok "correct horse" "$(awk -F: "\$1 == \"root\" {print \$2}" c/etc/shadow)" &&
	console c &&
	test_grep -v "New root password" pty.log
'

# The disk: an MBR, one ext3 partition at 1 MiB; enlarged before booting.
disk() {
	rm -f img && truncate -s 24M img &&
	printf "label: dos\nlabel-id: 0x1e2d3c4b\nstart=2048, type=83\n" | sfdisk -q img &&
	mke2fs -q -F -t ext3 -d root -E offset=1048576,nodiscard img 23M &&
	truncate -s 64M img
}

test_expect_success QEMU,MKE2FS,SFDISK,BUILT,DMI_KERNEL,M32 'a first boot: SMBIOS credentials, the disk grown, once' '
	rm -rf root && tree root &&
	gcc -m32 -static -Os -o root/sbin/init "$SRCDIR/tests/fixtures/firstboot-init.c" &&
	disk &&
	timeout 300 qemu-system-i386 -accel tcg -m 128 -nographic -no-reboot -monitor none \
		-serial stdio -kernel "$K" -drive file=img,format=raw,if=ide \
		-smbios "type=11,value=io.systemd.credential:system.hostname=fbtest,value=io.systemd.credential.binary:ssh.authorized_keys.root=$(base64 -w0 key.pub),value=io.systemd.credential:passwd.plaintext-password.root=correct horse" \
		-append "root=/dev/sda1 rw rootfstype=ext3 console=ttyS0,115200 init=/sbin/init panic=1 apm=power-off" \
		</dev/null >boot.log 2>&1 &&
	tr -d "\r" <boot.log >b.log &&
	test_grep "^FBTEST end$" b.log &&
	test_grep "^pvappliance-firstboot: host name: fbtest \(from SMBIOS type 11 string 1\)$" b.log &&
	test_grep "^pvappliance-firstboot: disk: partition 1 and / grown to 6[23] MiB$" b.log &&
	test_grep "^FBTEST uname-nodename=fbtest$" b.log &&
	grep -qxF "FBTEST keys: $KEY" b.log &&
	hash=$(sed -n "s/^FBTEST shadow: root:\([^:]*\):.*/\1/p" b.log) &&
	crypt_ok "correct horse" "$hash" &&
	sed -n "/^FBTEST second run$/,/^FBTEST apply-exit/p" b.log >second &&
	test "$(wc -l <second)" = 2 &&
	mib=$(sed -n "s/^FBTEST root-mib=//p" b.log) && test "$mib" -gt 50 &&
	test_grep -v "Kernel panic|correct horse" b.log &&
	sfdisk --dump img >table &&
	test_grep "^img1 : start= *2048, size= *129024, type=83$" table &&
	dd if=img of=part bs=1M skip=1 status=none &&
	e2fsck -fn part >fsck.log 2>&1 &&
	dumpe2fs -h part 2>/dev/null >super &&
	test_grep "^Filesystem features:.*has_journal.*resize_inode" super &&
	blocks=$(sed -n "s/^Block count: *//p" super) && bsize=$(sed -n "s/^Block size: *//p" super) &&
	test $((blocks * bsize)) -gt $((60 * 1024 * 1024))
'

test_done
