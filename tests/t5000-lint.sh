#!/bin/bash
# appliance lint: tiny disks made by `appliance disk`, each with one known
# problem planted, are refused naming it (and nothing else); a clean one,
# with everything lint must allow, passes; every VMDK form (ours and
# qemu-img's) reads the same; hostile VMDKs give a clear error and leave no
# temporary file; the real debian image is clean.
. "$(dirname "$0")/lib.sh"

test_require_tool QEMUIMG qemu-img qemu-utils
test_require_tool OPENSSL openssl openssl
test_require_root "the crafted trees need chown and mknod"
if [[ -f $KERNEL ]]; then test_set_prereq KERNEL; else echo "# SKIP: no kernel at $KERNEL (make check-run builds it)"; fi

E=1700000000
mkdisk() { # TREE OUT
	SOURCE_DATE_EPOCH=$E "$APPLIANCE" disk --rootfs "$1" --kernel "$KERNEL" -o "$2" tiny 2>/dev/null
}
lint() { "$APPLIANCE" lint --host-etc hostetc "$@"; }

test_expect_success ROOT,KERNEL 'setup: a fake build machine, and a clean tree with what lint allows' '
	mkdir -p tiny hostetc/apt/sources.list.d &&
	sed -e "s/^name = debian/name = tiny/" -e "s/^disk_size = .*/disk_size = 64M/" \
		"$SRCDIR/appliances/debian/appliance.conf" >tiny/appliance.conf &&
	printf "search example.org\nnameserver 192.0.2.53\nnameserver 127.0.0.53\n" >hostetc/resolv.conf &&
	echo buildhost-t5000 >hostetc/hostname &&
	echo "deb [arch=i386 signed-by=/k.gpg] http://mirror.t5000.example/debian bookworm main" \
		>hostetc/apt/sources.list &&
	printf "Types: deb\n# http://commented.t5000.example/\nURIs: https://deb822.t5000.example/debian\n" \
		>hostetc/apt/sources.list.d/x.sources &&
	mkdir -p tree/etc/ssh tree/etc/apt tree/etc/dnf tree/usr/bin tree/var/lib/dbus tree/tmp/.X11-unix \
		tree/var/tmp tree/run/lock tree/dev tree/root &&
	echo "root:x:0:0:root:/root:/bin/sh" >tree/etc/passwd &&
	echo "user:x:1000:1000::/home/user:/bin/sh" >>tree/etc/passwd &&
	echo "root:!:19000:0:99999:7:::" >tree/etc/shadow &&
	# a non-root account may have a password, if it is no well-known one
	echo "user:$(openssl passwd -6 not-a-default-9):19000:0:99999:7:::" >>tree/etc/shadow &&
	echo "root:*::" >tree/etc/gshadow &&
	chmod 640 tree/etc/shadow tree/etc/gshadow &&
	: >tree/etc/machine-id && ln -s /etc/machine-id tree/var/lib/dbus/machine-id &&
	echo tiny >tree/etc/hostname &&
	printf "127.0.0.1\tlocalhost\n127.0.1.1\ttiny\n" >tree/etc/hosts &&
	echo "nameserver 127.0.0.53" >tree/etc/resolv.conf &&
	printf "# Add yours, e.g.: deb http://MIRROR/debian bookworm main\n" >tree/etc/apt/sources.list &&
	printf "[main]\nproxy=_none_\n" >tree/etc/dnf/dnf.conf &&
	echo "ssh_host_key_hint" >tree/etc/ssh/sshd_config &&
	chmod 1777 tree/tmp tree/tmp/.X11-unix tree/var/tmp tree/run/lock &&
	echo scratch >tree/tmp/scratch && chmod 666 tree/tmp/scratch &&
	mknod -m 666 tree/dev/null c 1 3 &&
	ln -s /nowhere tree/usr/bin/dangling &&
	mkdisk tree clean.raw
'

test_expect_success ROOT,KERNEL 'a clean image passes, with a one-line summary' '
	lint clean.raw >out 2>err &&
	test_must_fail test -s out &&
	test_grep "^lint: clean.raw: clean \([0-9]+ files checked\)$" err &&
	test "$(wc -l <err)" = 1 &&
	lint --quiet clean.raw >out 2>err && ! test -s out && ! test -s err
'

# One problem per image: exactly that finding, exit 1.
problem() { # NAME EXPECTED-LINE PLANT
	name=$1 want=$2 plant=$3
	test_expect_success ROOT,KERNEL,OPENSSL "finding: $name" '
		rm -rf "t-$name" && cp -a tree "t-$name" &&
		(cd "t-$name" && eval "$plant") &&
		mkdisk "t-$name" "$name.raw" &&
		test_expect_code 1 lint "$name.raw" >out 2>err &&
		test_grep "^$name.raw: $want" out &&
		test "$(wc -l <out)" = 1 &&
		test_grep "^lint: $name.raw: 1 finding \([0-9]+ files checked\)$" err
	'
}
problem hostkey "/etc/ssh/ssh_host_ed25519_key: SSH host key baked into the image \(hygiene removes them; regenerate on first boot\)$" \
	'echo key >etc/ssh/ssh_host_ed25519_key'
problem machine-id "/etc/machine-id: machine-id baked into the image" \
	'echo 0123456789abcdef0123456789abcdef >etc/machine-id'
problem dbus-machine-id "/var/lib/dbus/machine-id: machine-id baked into the image" \
	'rm var/lib/dbus/machine-id && echo 0123456789abcdef0123456789abcdef >var/lib/dbus/machine-id'
problem root-password "/etc/shadow: the password of .root. \(uid 0\) is .root., a well-known default" \
	'sed -i "s|^root:!:|root:$(openssl passwd -6 root):|" etc/shadow'
problem uid0-alias "/etc/shadow: the password of .toor. \(uid 0\) is .changeme., a well-known default" \
	'echo "toor:x:0:0::/root:/bin/sh" >>etc/passwd && echo "toor:$(openssl passwd -1 changeme):19000::::::" >>etc/shadow'
problem user-password "/etc/shadow: the password of .user. is .password., a well-known default" \
	'sed -i "s|^user:[^:]*:|user:$(openssl passwd -6 password):|" etc/shadow'
problem passwd-empty-field "/etc/passwd: account .user. has an empty password field" \
	'sed -i "s|^user:x:|user::|" etc/passwd'
problem shadow-link "/etc/shadow: a symbolic link, not a regular file" \
	'mv etc/shadow etc/shadow.real && ln -s shadow.real etc/shadow'
problem wtmp "/var/log/wtmp: login records \(wtmp\), left by a running machine" \
	'mkdir -p var/log && echo x >var/log/wtmp'
problem history "/root/.bash_history: a shell or tool history" 'echo ls >root/.bash_history'
problem systemd-no-udev "/sbin/init: systemd is init but there is no udev .* add the package udev" \
	'mkdir -p lib/systemd sbin && echo x >lib/systemd/systemd && ln -s /lib/systemd/systemd sbin/init'
problem empty-password "/etc/shadow: account .root. has an empty password" \
	'sed -i "s|^root:!:|root::|" etc/shadow'
problem passwd-field "/etc/passwd: account .root. \(uid 0\) has a password in /etc/passwd itself" \
	'sed -i "s|^root:x:|root:$(openssl passwd -6 secret):|" etc/passwd'
problem shadow-readable "/etc/shadow: world-readable \(mode 0644\)" 'chmod 644 etc/shadow'
problem gshadow-readable "/etc/gshadow: world-readable \(mode 0644\)" 'chmod 644 etc/gshadow'
problem owner "/usr/bin/tool: owned by uid 1000, not root" 'echo x >usr/bin/tool && chown 1000:1000 usr/bin/tool'
problem world-writable "/etc/foo: world-writable file \(mode 0666\)" 'echo x >etc/foo && chmod 666 etc/foo'
problem world-writable-dir "/srv/drop: world-writable directory \(mode 1777\)" 'mkdir -p srv/drop && chmod 1777 srv/drop'
problem tmp-not-sticky "/var/tmp/open: world-writable directory without the sticky bit" 'mkdir -m 777 var/tmp/open'
problem resolv "/etc/resolv.conf: the build machine's name server 192.0.2.53" \
	'echo "nameserver 192.0.2.53" >>etc/resolv.conf'
problem hostname "/etc/hostname: line 1: the build machine's host name .buildhost-t5000." \
	'echo buildhost-t5000 >etc/hostname'
problem hosts "/etc/hosts: line 3: the build machine's host name .buildhost-t5000." \
	'printf "10.0.0.5\tBuildHost-T5000 other\n" >>etc/hosts'
problem apt-proxy "/etc/apt/apt.conf.d/01proxy: line 2: an apt proxy setting" \
	'mkdir -p etc/apt/apt.conf.d && printf "// cache\nAcquire::http::Proxy \"http://192.0.2.1:3142\";\n" >etc/apt/apt.conf.d/01proxy'
problem apt-proxy-block "/etc/apt/apt.conf: line 1: an apt proxy setting" \
	'echo "Acquire { http { Proxy \"http://192.0.2.1:3142\"; }; };" >etc/apt/apt.conf'
problem dnf-proxy "/etc/dnf/dnf.conf: line 2: a dnf/yum proxy setting" \
	'printf "[main]\nproxy = http://192.0.2.1:3128\n" >etc/dnf/dnf.conf'
problem zypper-proxy "/etc/sysconfig/proxy: line 2: an enabled proxy" \
	'mkdir -p etc/sysconfig && printf "PROXY_ENABLED=\"yes\"\nHTTP_PROXY=\"http://192.0.2.1:3128\"\n" >etc/sysconfig/proxy'
problem apt-mirror "/etc/apt/sources.list: line 2: the build machine's mirror .mirror.t5000.example." \
	'echo "deb http://mirror.t5000.example/debian bookworm main" >>etc/apt/sources.list'
problem yum-mirror "/etc/yum.repos.d/x.repo: line 2: the build machine's mirror .deb822.t5000.example." \
	'mkdir -p etc/yum.repos.d && printf "[x]\nbaseurl=https://DEB822.t5000.example/x\n" >etc/yum.repos.d/x.repo'

if grep -E "^[[:space:]]*nameserver[[:space:]]" /etc/resolv.conf 2>/dev/null |
	grep -vqE "nameserver[[:space:]]+(127\.|::1)"; then test_set_prereq HOSTNS
else echo "# SKIP: this machine's resolv.conf names no non-loopback name server to leak"; fi

test_expect_success ROOT,KERNEL 'the real build machine: its host name is found' '
	rm -rf t-host && cp -a tree t-host && hostname >t-host/etc/hostname &&
	mkdisk t-host host.raw &&
	test_expect_code 1 "$APPLIANCE" lint host.raw >out 2>err &&
	test_grep "^host.raw: /etc/hostname: line 1: the build machine.s host name .$(hostname)." out
'

test_expect_success ROOT,KERNEL,HOSTNS 'the real build machine: its resolv.conf is found' '
	rm -rf t-ns && cp -a tree t-ns && cp /etc/resolv.conf t-ns/etc/resolv.conf &&
	mkdisk t-ns ns.raw &&
	test_expect_code 1 "$APPLIANCE" lint ns.raw >out 2>err &&
	test_grep "^ns.raw: /etc/resolv.conf: the build machine.s name server " out
'

test_expect_success ROOT,KERNEL,OPENSSL 'several problems at once: all named, sorted by path' '
	rm -rf t-many && cp -a tree t-many &&
	echo k >t-many/etc/ssh/ssh_host_rsa_key && echo k >t-many/etc/ssh/ssh_host_rsa_key.pub &&
	echo 0123 >t-many/etc/machine-id && chmod 666 t-many/etc/hosts &&
	echo x >t-many/usr/bin/tool && chown 1000 t-many/usr/bin/tool &&
	mkdisk t-many many.raw &&
	test_expect_code 1 lint many.raw >out 2>err &&
	cut -d: -f2 out >paths &&
	printf " %s\n" /etc/hosts /etc/machine-id /etc/ssh/ssh_host_rsa_key \
		/etc/ssh/ssh_host_rsa_key.pub /usr/bin/tool >expect &&
	test_cmp expect paths &&
	test_grep "^lint: many.raw: 5 findings" err
'

for f in monolithicSparse streamOptimized twoGbMaxExtentSparse monolithicFlat; do
test_expect_success ROOT,KERNEL "our $f: the same findings as the raw disk" '
	mkdir -p ours-'$f' &&
	"$APPLIANCE" vmdk --subformat '$f' -o ours-'$f'/many.vmdk many.raw 2>/dev/null &&
	"$APPLIANCE" vmdk --subformat '$f' -o ours-'$f'/clean.vmdk clean.raw 2>/dev/null &&
	test_expect_code 1 lint --quiet many.raw >expect &&
	sed -i "s|^many.raw:|ours-'$f'/many.vmdk:|" expect &&
	mkdir -p tmp && TMPDIR=$TRASH/tmp test_expect_code 1 lint --quiet ours-'$f'/many.vmdk >out 2>err &&
	test_cmp expect out && ! test -s err &&
	TMPDIR=$TRASH/tmp lint ours-'$f'/clean.vmdk 2>err && test_grep "clean \(" err &&
	test -z "$(ls -A tmp)"
'
done

for f in monolithicSparse streamOptimized twoGbMaxExtentFlat; do
test_expect_success ROOT,KERNEL,QEMUIMG "qemu-img $f: the same findings as the raw disk" '
	mkdir -p qemu-'$f' &&
	qemu-img convert -f raw -O vmdk -o subformat='$f' many.raw qemu-'$f'/many.vmdk &&
	test_expect_code 1 lint --quiet many.raw >expect &&
	sed -i "s|^many.raw:|qemu-'$f'/many.vmdk:|" expect &&
	test_expect_code 1 lint --quiet qemu-'$f'/many.vmdk >out 2>err &&
	test_cmp expect out
'
done

u64() { od -An -t u8 -j "$2" -N 8 "$1" | tr -d " "; }
u32() { od -An -t u4 -j "$2" -N 4 "$1" | tr -d " "; }
put32() { printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($3 & 255)) $((($3 >> 8) & 255)) \
	$((($3 >> 16) & 255)) $((($3 >> 24) & 255)))" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none; }

test_expect_success ROOT,KERNEL 'hostile: a grain table entry past the end is a clear error' '
	cp ours-streamOptimized/clean.vmdk bad-gt.vmdk &&
	size=$(stat -c %s bad-gt.vmdk) &&
	gd=$(u64 bad-gt.vmdk $((size - 1024 + 56))) &&
	gt=$(u32 bad-gt.vmdk $((gd * 512))) &&
	put32 bad-gt.vmdk $((gt * 512)) 4294967280 &&
	mkdir -p tmp && TMPDIR=$TRASH/tmp test_expect_code 1 lint bad-gt.vmdk >out 2>err &&
	test_grep "error: .bad-gt.vmdk.: grain 0 points at sector 4294967280, past the end of the file" err &&
	! test -s out && test -z "$(ls -A tmp)"
'

test_expect_success ROOT,KERNEL 'hostile: a grain directory entry past the end' '
	cp ours-monolithicSparse/clean.vmdk bad-gd.vmdk &&
	gd=$(u64 bad-gd.vmdk 56) &&
	put32 bad-gd.vmdk $((gd * 512)) 2147483647 &&
	test_expect_code 1 lint bad-gd.vmdk >out 2>err &&
	test_grep "grain directory entry 0 \(grains 0 to 511\) points at sector 2147483647, past the end" err
'

test_expect_success ROOT,KERNEL 'hostile: absurd capacity, bad grain size, an escaping extent, a 10 MB line' '
	cp ours-monolithicSparse/clean.vmdk bad-cap.vmdk &&
	printf "\377\377\377\377\377\377\377\177" | dd of=bad-cap.vmdk bs=1 seek=12 conv=notrunc status=none &&
	test_expect_code 1 lint bad-cap.vmdk 2>err &&
	test_grep "capacity 9223372036854775807 sectors: expected 1 to" err &&
	cp ours-monolithicSparse/clean.vmdk bad-grain.vmdk &&
	printf "\003" | dd of=bad-grain.vmdk bs=1 seek=20 conv=notrunc status=none &&
	test_expect_code 1 lint bad-grain.vmdk 2>err &&
	test_grep "grainSize 3 sectors: expected a power of two" err &&
	printf "# Disk DescriptorFile\nRW 131072 FLAT \"../clean.raw\" 0\n" >esc.vmdk &&
	test_expect_code 1 lint esc.vmdk 2>err &&
	test_grep "esc.vmdk:2: error: extent .../clean.raw. leads out of the descriptor.s directory" err &&
	{ printf "# Disk DescriptorFile\nddb.x = \"" && head -c 10000000 /dev/zero | tr "\0" x; } >long.vmdk &&
	test_expect_code 1 lint long.vmdk 2>err &&
	test_grep "starts as a VMDK descriptor but is 10000031 bytes" err
'

test_expect_success 'bad usage, and images that are not disks' '
	test_expect_code 2 "$APPLIANCE" lint 2>err &&
	test_grep "lint: give one image" err &&
	test_expect_code 2 "$APPLIANCE" lint --frob x 2>err &&
	"$APPLIANCE" lint --help >help &&
	test_grep "^Exit status: 0 clean" help && test_grep "^Examples:" help &&
	test_expect_code 1 "$APPLIANCE" lint nothing.raw 2>err &&
	test_grep "cannot open .nothing.raw." err &&
	head -c 1048576 /dev/zero >zero.raw &&
	test_expect_code 1 "$APPLIANCE" lint zero.raw 2>err &&
	test_grep "has no partition table and is no ext2/3/4 filesystem" err
'

# The real appliance: the one `make debian` built next to this appliance binary.
REAL=$(dirname "$(dirname "$APPLIANCE")")/debian
if [[ -f $REAL/disk.raw ]]; then test_set_prereq REAL; else
	echo "# SKIP: no real debian image at $REAL/disk.raw (run make debian); its lint is not checked"; fi

test_expect_success REAL 'the real debian image is clean, raw and as its VMDKs' '
	"$APPLIANCE" lint "$REAL/disk.raw" 2>err &&
	test_grep "clean \(([0-9]{4,}) files checked\)" err &&
	for v in "$REAL/debian-stream.vmdk" "$(dirname "$(dirname "$REAL")")/out/debian/debian.vmdk"; do
		! test -f "$v" || "$APPLIANCE" lint --quiet "$v" || exit 1
	done
'

test_done
