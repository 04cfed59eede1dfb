#!/bin/bash
# appliance vmx and ova: the three templates rendered for the three
# appliances, each with the guest identifier its hardware version knows;
# template errors at their line; the OVA as VMware packs it (.ovf, .mf, the
# disk; the manifest's algorithm by vmx-NN), read by tools we did not write:
# tar, xmllint, 7-Zip, vmdkinfo, openssl dgst; its determinism; the ESXi
# appliance's OVA and zip.
. "$(dirname "$0")/lib.sh"

test_require_tool XMLLINT xmllint libxml2-utils
test_require_tool QEMUIMG qemu-img qemu-utils
test_require_tool SEVENZIP 7zz 7zip
test_require_tool VMDKINFO vmdkinfo libvmdk-utils
test_require_tool OPENSSL openssl openssl

vmx() { "$APPLIANCE" vmx --vmdk disk.vmdk "$@"; }

test_expect_success 'every template renders for every appliance' '
	for t in hosted-2006 workstation esxi; do
		for a in debian fedora suse; do
			vmx --template "$SRCDIR/vmx-templates/$t.vmx.in" "$SRCDIR/appliances/$a" \
				>$t-$a.vmx || exit 1
		done || exit 1
	done &&
	test_grep "^virtualHW.version = \"4\"$" hosted-2006-debian.vmx &&
	test_grep "^vmi.present = \"TRUE\"$" hosted-2006-debian.vmx &&
	test_grep "^guestOS = \"other26xlinux\"$" hosted-2006-debian.vmx &&
	test_grep "^ide0:0.fileName = \"disk.vmdk\"$" hosted-2006-debian.vmx &&
	test_grep "^ethernet0.virtualDev = \"vlance\"$" hosted-2006-debian.vmx &&
	# the newest identifier the hardware version knows: debian12 needs
	# vSphere 8 / Workstation 17, the templates target older products
	test_grep "^guestOS = \"debian10\"$" workstation-debian.vmx &&
	test_grep "^guestOS = \"debian10\"$" esxi-debian.vmx &&
	test_grep "^guestOS = \"suse\"$" hosted-2006-suse.vmx &&
	# the annotation says the three ways in on first boot
	test_grep "^annotation = .*the console asks for a new root password" workstation-debian.vmx &&
	test_grep "^annotation = .*-smbios type=11,value=io.systemd.credential:passwd.hashed-password.root=HASH" workstation-debian.vmx &&
	test_grep "^annotation = .*guestinfo.passwd.hashed-password.root = \|22HASH\|22" workstation-debian.vmx &&
	test_grep "^guestOS = \"fedora\"$" workstation-fedora.vmx &&
	test_grep "^guestOS = \"opensuse\"$" esxi-suse.vmx &&
	test_grep "^scsi0.virtualDev = \"lsilogic\"$" workstation-fedora.vmx &&
	test_grep "^scsi0.virtualDev = \"pvscsi\"$" esxi-debian.vmx &&
	test_grep "^ethernet0.virtualDev = \"vmxnet3\"$" esxi-debian.vmx &&
	for f in *.vmx; do
		test_grep "^usb.present = \"FALSE\"$" $f || exit 1
		test_grep "^sound.present = \"FALSE\"$" $f || exit 1
		test_grep -v "@" $f || exit 1
		test_grep -v "^#" $f || exit 1
	done &&
	# quotes in values are written as VMware writes them
	test_grep "^displayName = \"Debian 12 \|22bookworm\|22 paravirtual appliance\"$" workstation-debian.vmx
'

test_expect_success 'the default template comes from appliance.conf' '
	"$APPLIANCE" vmx --template-dir "$SRCDIR/vmx-templates" --vmdk disk.vmdk \
		"$SRCDIR/appliances/debian" >default.vmx &&
	test_cmp workstation-debian.vmx default.vmx
'

test_expect_success 'template errors name the line' '
	printf "virtualHW.version = \"4\"\ndisplayName = @TITEL@\n@DISK@\n" >unknown.vmx.in &&
	test_expect_code 1 vmx --template unknown.vmx.in "$SRCDIR/appliances/debian" 2>err &&
	test_grep "unknown.vmx.in:2: error: unknown placeholder @TITEL@; known: @TITLE@" err &&
	printf "virtualHW.version = \"4\"\nmail = root@localhost\n@DISK@\n" >stray.vmx.in &&
	test_expect_code 1 vmx --template stray.vmx.in "$SRCDIR/appliances/debian" 2>err &&
	test_grep "stray.vmx.in:2: error: a stray" err &&
	printf "virtualHW.version = \"4\"\nmemsize = @MEMORY@\n" >nodisk.vmx.in &&
	test_expect_code 1 vmx --template nodisk.vmx.in "$SRCDIR/appliances/debian" 2>err &&
	test_grep "never uses @DISK@" err
'

test_expect_success 'an adapter newer than the template is refused' '
	mkdir -p pv && sed "s/^disk_adapter = .*/disk_adapter = pvscsi/; s/^name = debian/name = pv/" \
		"$SRCDIR/appliances/debian/appliance.conf" >pv/appliance.conf &&
	test_expect_code 1 vmx --template "$SRCDIR/vmx-templates/hosted-2006.vmx.in" pv 2>err &&
	test_grep "disk_adapter = pvscsi needs virtualHW.version 7 or later; this template has 4" err
'

test_expect_success QEMUIMG 'setup: a small streamOptimized disk' '
	truncate -s 64M disk.raw &&
	random_bytes 3000000 | dd of=disk.raw conv=notrunc status=none &&
	"$APPLIANCE" vmdk --subformat streamOptimized -o stream.vmdk disk.raw 2>err
'

# An OVA's members checked by others' tools: the .ovf well-formed
# (xmllint), every manifest line by openssl dgst, ovf:size by stat, the
# capacity, 7-Zip's test of the archive and the disk, vmdkinfo on the disk,
# and 7-Zip's extraction of the disk equal to the raw disk.
check_ova() {
	local ova=$1 name=$2 alg=$3 dir=$4
	rm -rf "$dir" && mkdir "$dir" && tar -C "$dir" -xf "$ova" &&
	xmllint --noout "$dir/$name.ovf" &&
	xmllint --xpath "string(//*[local-name()=\"Disk\"]/@*[local-name()=\"capacity\"])" \
		"$dir/$name.ovf" >"$dir.cap" &&
	test "$(cat "$dir.cap")" = "$(stat -c %s disk.raw)" &&
	xmllint --xpath "string(//*[local-name()=\"File\"]/@*[local-name()=\"size\"])" \
		"$dir/$name.ovf" >"$dir.size" &&
	test "$(cat "$dir.size")" = "$(stat -c %s "$dir/$name-disk1.vmdk")" &&
	test "$(wc -l <"$dir/$name.mf")" = 2 &&
	while read -r line; do
		f=$(echo "$line" | sed -E "s/^SHA[0-9]+\((.*)\)= [0-9a-f]+$/\1/") &&
		want=$(echo "$line" | sed -E "s/^SHA[0-9]+\(.*\)= ([0-9a-f]+)$/\1/") &&
		[[ $line == "${alg^^}("* ]] &&
		got=$(openssl dgst -"$alg" -r "$dir/$f" | cut -d" " -f1) &&
		test "$got" = "$want" || { echo "manifest line for $f: $line, openssl: $got"; return 1; }
	done <"$dir/$name.mf" &&
	7zz t "$ova" >"$dir.7z" && test_grep "^Everything is Ok" "$dir.7z" &&
	vmdkinfo "$dir/$name-disk1.vmdk" >"$dir.info" &&
	test_grep "Disk type:.*Stream optimized" "$dir.info" &&
	(cd "$dir" && 7zz t "$name-disk1.vmdk" >../"$dir.7zd") &&
	(cd "$dir" && 7zz x -so "$name-disk1.vmdk") >"$dir.raw" && cmp disk.raw "$dir.raw"
}

test_expect_success QEMUIMG,XMLLINT,SEVENZIP,VMDKINFO,OPENSSL 'the OVA: .ovf, .mf, disk; SHA-1 for vmx-07; read by tools we did not write' '
	SOURCE_DATE_EPOCH=1700000000 "$APPLIANCE" ova --vmdk stream.vmdk -o debian.ova \
		"$SRCDIR/appliances/debian" &&
	tar tf debian.ova >members &&
	printf "debian.ovf\ndebian.mf\ndebian-disk1.vmdk\n" >expect && test_cmp expect members &&
	tar tvf debian.ova >long && test_grep "^-rw-r--r-- root/root .* 2023-11-14 22:13 debian.ovf$" long &&
	# ustar, not PAX and not GNU: the magic at 257 is "ustar\0" "00"
	test "$(dd if=debian.ova bs=1 skip=257 count=8 status=none | od -An -tx1 | tr -d " \n")" = 7573746172003030 &&
	check_ova debian.ova debian sha1 x &&
	xp() { xmllint --xpath "$1" x/debian.ovf; } &&
	test "$(xp "string(//*[local-name()=\"VirtualSystemType\"])")" = vmx-07 &&
	test "$(xp "string(//*[local-name()=\"OperatingSystemSection\"]/@*[local-name()=\"osType\"])")" = other26xLinuxGuest &&
	test "$(xp "string(//*[local-name()=\"VirtualHardwareSection\"]/@*[local-name()=\"transport\"])")" = com.vmware.guestInfo &&
	xp "//*[local-name()=\"Property\"]/@*[local-name()=\"key\"]" >keys &&
	printf " ovf:key=\"passwd.hashed-password.root\"\n ovf:key=\"ssh.authorized_keys.root\"\n ovf:key=\"system.hostname\"\n" >expect &&
	test_cmp expect keys &&
	test "$(xp "string(//*[local-name()=\"Property\"][@*[local-name()=\"key\"]=\"system.hostname\"]/@*[local-name()=\"value\"])")" = debian-appliance &&
	test "$(xp "string(//*[local-name()=\"ProductSection\"]/*[local-name()=\"Product\"])")" = "Debian 12 \"bookworm\" paravirtual appliance" &&
	test "$(xp "string(//*[local-name()=\"ProductSection\"]/*[local-name()=\"Version\"])")" = 1.0 &&
	xp "string(//*[local-name()=\"EulaSection\"]/*[local-name()=\"License\"])" >license &&
	test_grep "/usr/share/doc/\*/copyright" license &&
	qemu-img compare -f raw -F vmdk disk.raw x/debian-disk1.vmdk
'

test_expect_success QEMUIMG,XMLLINT,SEVENZIP,VMDKINFO,OPENSSL 'ESXi: vmx-14, SHA-256, vmxnet3; SATA raises vmx-NN; ova_manifest overrides; the licences of a tree' '
	mkdir -p esxi sata sha512 tree/usr/share/doc/a tree/usr/share/doc/b &&
	sed "s/^name = .*/name = esxi/; s/^vmx_template = .*/vmx_template = esxi/" \
		"$SRCDIR/appliances/debian/appliance.conf" >esxi/appliance.conf &&
	sed "s/^name = .*/name = sata/; s/^disk_adapter = .*/disk_adapter = sata/" \
		"$SRCDIR/appliances/debian/appliance.conf" >sata/appliance.conf &&
	{ sed "s/^name = .*/name = sha512/" "$SRCDIR/appliances/debian/appliance.conf" &&
	  echo "ova_manifest = sha512"; } >sha512/appliance.conf &&
	printf "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nLicense: GPL-2+\n" >tree/usr/share/doc/a/copyright &&
	printf "Files: debian/*\nLicense: GPL-2+\n\nFiles: *\nLicense: BSD-3-clause\n" >tree/usr/share/doc/b/copyright &&
	"$APPLIANCE" config esxi >vars && test_grep "^# VMware: ESXi: import the OVA" vars &&
	test_grep "^# VMware: the OVA: vmx-14, sha256 manifest, osType debian10Guest" vars &&
	SOURCE_DATE_EPOCH=1 "$APPLIANCE" ova --vmdk stream.vmdk --rootfs tree -o esxi.ova esxi &&
	check_ova esxi.ova esxi sha256 e &&
	test "$(xmllint --xpath "string(//*[local-name()=\"VirtualSystemType\"])" e/esxi.ovf)" = vmx-14 &&
	test_grep "<rasd:ResourceSubType>VmxNet3</rasd:ResourceSubType>" e/esxi.ovf &&
	test_grep "vmw:osType=\"debian10Guest\"" e/esxi.ovf &&
	xmllint --xpath "string(//*[local-name()=\"License\"])" e/esxi.ovf >license &&
	# the main licence: the "Files: *" paragraph'"'"'s, else the first one
	test_grep "the Linux kernel \(GPL-2.0\) and 2 packages .*; the 2 that state .* are under BSD-3-clause \(1\), GPL-2\+ \(1\)\. The full licence texts are in /usr/share/doc/\*/copyright" license &&
	SOURCE_DATE_EPOCH=1 "$APPLIANCE" ova --vmdk stream.vmdk -o sata.ova sata &&
	check_ova sata.ova sata sha1 s &&
	test "$(xmllint --xpath "string(//*[local-name()=\"VirtualSystemType\"])" s/sata.ovf)" = vmx-10 &&
	SOURCE_DATE_EPOCH=1 "$APPLIANCE" ova --vmdk stream.vmdk -o sha512.ova sha512 &&
	check_ova sha512.ova sha512 sha512 h
'

test_expect_success QEMUIMG,SEVENZIP,VMDKINFO 'ESXi: its disk is a vmfs pair, and its zip carries both files' '
	"$APPLIANCE" vmdk --appliance esxi -o esxi.vmdk disk.raw 2>err &&
	test_grep "^createType=\"vmfs\"$" esxi.vmdk &&
	test_grep "^ddb.adapterType = \"lsilogic\"$" esxi.vmdk &&
	vmdkinfo esxi.vmdk >info && test_grep "Disk type:.*VMFS flat" info &&
	"$APPLIANCE" vmx --template-dir "$SRCDIR/vmx-templates" --vmdk esxi.vmdk -o esxi.vmx esxi &&
	SOURCE_DATE_EPOCH=1 "$APPLIANCE" zip --folder esxi-1.0 -o esxi.zip esxi.vmx esxi.vmdk &&
	7zz l -slt esxi.zip >list &&
	test_grep "^Path = esxi-1.0/esxi-flat.vmdk$" list && test_grep "^Path = esxi-1.0/esxi.vmdk$" list &&
	test_grep "^Path = esxi-1.0/esxi.vmx$" list &&
	mkdir z && (cd z && 7zz x ../esxi.zip >/dev/null) &&
	cmp disk.raw z/esxi-1.0/esxi-flat.vmdk &&
	qemu-img compare -f raw -F vmdk disk.raw z/esxi-1.0/esxi.vmdk
'

test_expect_success QEMUIMG 'the OVA is deterministic; a non-stream disk is refused' '
	sleep 1 &&
	SOURCE_DATE_EPOCH=1700000000 "$APPLIANCE" ova --vmdk stream.vmdk -o again.ova \
		"$SRCDIR/appliances/debian" &&
	cmp debian.ova again.ova &&
	"$APPLIANCE" vmdk -o sparse.vmdk disk.raw 2>err &&
	test_expect_code 1 env SOURCE_DATE_EPOCH=1 "$APPLIANCE" ova --vmdk sparse.vmdk -o bad.ova \
		"$SRCDIR/appliances/debian" 2>err &&
	test_grep "is not a streamOptimized VMDK" err &&
	! test -e bad.ova && ! test -e bad.ova.tmp
'

test_done
