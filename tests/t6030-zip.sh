#!/bin/bash
# appliance zip: the download archive, read by unzip; deterministic.
. "$(dirname "$0")/lib.sh"

test_require_tool UNZIP unzip unzip

test_expect_success UNZIP 'a folder of the files, sorted, dated by the epoch; unzip agrees' '
	random_bytes 300000 >app.vmdk && echo "displayName = \"x\"" >app.vmx &&
	SOURCE_DATE_EPOCH=1700000000 "$APPLIANCE" zip --folder app-1.0 -o app-1.0.zip app.vmx app.vmdk &&
	unzip -tq app-1.0.zip &&
	unzip -Z1 app-1.0.zip >names && printf "app-1.0/app.vmdk\napp-1.0/app.vmx\n" >expect &&
	test_cmp expect names &&
	mkdir x && (cd x && unzip -q ../app-1.0.zip) && cmp x/app-1.0/app.vmdk app.vmdk &&
	unzip -l app-1.0.zip >l && test_grep "2023-11-14 22:13 +app-1.0/app.vmx" l
'

test_expect_success UNZIP 'the same files, another order, another time: the same bytes' '
	sleep 1 && touch app.vmx &&
	SOURCE_DATE_EPOCH=1700000000 "$APPLIANCE" zip --folder app-1.0 -o again.zip app.vmdk app.vmx &&
	cmp app-1.0.zip again.zip
'

test_expect_success 'a missing file: an error and no archive' '
	test_must_fail env SOURCE_DATE_EPOCH=1 "$APPLIANCE" zip --folder f -o bad.zip nothing 2>err &&
	test_grep "cannot open .nothing." err && ! test -e bad.zip && ! test -e bad.zip.tmp
'

test_done
