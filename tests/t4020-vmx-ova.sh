#!/bin/bash
# appliance vmx and ova: the three templates rendered for the three
# appliances; template errors at their line; the OVA's layout, its OVF parsed
# by xmllint, its manifest checked by sha256sum, and its determinism.
. "$(dirname "$0")/lib.sh"

test_require_tool XMLLINT xmllint libxml2-utils
test_require_tool QEMUIMG qemu-img qemu-utils

vmx() { "$APPLIANCE" vmx --vmdk disk.vmdk "$@"; }

test_expect_success 'every template renders for every appliance' '
	for t in hosted-2006 workstation esxi; do
		for a in debian fedora suse; do
			vmx --template "$SRCDIR/vmx-templates/$t.vmx.in" "$SRCDIR/appliances/$a" \
				>$t-$a.vmx || exit 1
		done
	done &&
	test_grep "^virtualHW.version = \"4\"$" hosted-2006-debian.vmx &&
	test_grep "^vmi.present = \"TRUE\"$" hosted-2006-debian.vmx &&
	test_grep "^guestOS = \"other26xlinux\"$" hosted-2006-debian.vmx &&
	test_grep "^ide0:0.fileName = \"disk.vmdk\"$" hosted-2006-debian.vmx &&
	test_grep "^ethernet0.virtualDev = \"vlance\"$" hosted-2006-debian.vmx &&
	test_grep "^guestOS = \"debian12\"$" workstation-debian.vmx &&
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

test_expect_success QEMUIMG,XMLLINT 'the OVA: .ovf first, the disk, the manifest; all checked' '
	SOURCE_DATE_EPOCH=1700000000 "$APPLIANCE" ova --vmdk stream.vmdk -o debian.ova \
		"$SRCDIR/appliances/debian" &&
	tar tf debian.ova >members &&
	printf "debian.ovf\ndebian-disk1.vmdk\ndebian.mf\n" >expect && test_cmp expect members &&
	tar tvf debian.ova >long && test_grep "^-rw-r--r-- root/root .* 2023-11-14 22:13 debian.ovf$" long &&
	mkdir x && tar -C x -xf debian.ova &&
	xmllint --noout x/debian.ovf &&
	xmllint --xpath "string(//*[local-name()=\"Disk\"]/@*[local-name()=\"capacity\"])" x/debian.ovf >cap &&
	test "$(cat cap)" = 67108864 &&
	xmllint --xpath "string(//*[local-name()=\"File\"]/@*[local-name()=\"size\"])" x/debian.ovf >size &&
	test "$(cat size)" = "$(stat -c %s stream.vmdk)" &&
	cmp stream.vmdk x/debian-disk1.vmdk &&
	(cd x && sed -E "s/^SHA256\((.*)\)= (.*)$/\2  \1/" debian.mf | sha256sum -c) &&
	qemu-img compare -f raw -F vmdk disk.raw x/debian-disk1.vmdk
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
