#!/bin/bash
# appliance zip: the download archive, deflated on every core in chunks
# joined into one stream; read by unzip, Python's zipfile and 7-Zip;
# deterministic. The long tier adds a member over 4 GiB (ZIP64).
. "$(dirname "$0")/lib.sh"

test_require_tool UNZIP unzip unzip
test_require_tool SEVENZIP 7zz 7zip
test_require_tool ZIP zip zip

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

# Compressible data over many 128 KiB chunks (each deflated with the one
# before as its dictionary), random data, an empty file, a UTF-8 name.
test_expect_success 'many chunks: unzip -t, Python zipfile and 7zz read every byte back' '
	for i in $(seq 1 400); do echo "line $i of a text that repeats $((i % 7))" || exit 1; done >text &&
	for i in $(seq 1 60); do cat text || exit 1; done >big.vmdk &&
	random_bytes 700000 r >>big.vmdk && cat text text >>big.vmdk &&
	: >empty.vmx && cp text "caf$(printf "\303\251").txt" &&
	SOURCE_DATE_EPOCH=1700000000 "$APPLIANCE" zip --folder m-1.0 -o m.zip big.vmdk empty.vmx caf*.txt &&
	unzip -tq m.zip &&
	7zz t m.zip >7z.out && test_grep "^Everything is Ok" 7z.out &&
	/usr/bin/python3 - m.zip <<-\PY &&
	import sys, zipfile
	z = zipfile.ZipFile(sys.argv[1])
	assert z.testzip() is None
	names = [i.filename for i in z.infolist()]
	assert names == ["m-1.0/big.vmdk", "m-1.0/caf\u00e9.txt", "m-1.0/empty.vmx"], names
	assert z.read("m-1.0/big.vmdk") == open("big.vmdk", "rb").read()
	assert z.read("m-1.0/empty.vmx") == b""
	i = z.getinfo("m-1.0/big.vmdk")
	assert i.compress_type == zipfile.ZIP_DEFLATED and i.compress_size < i.file_size // 2, i
	assert i.date_time == (2023, 11, 14, 22, 13, 20) and i.external_attr >> 16 == 0o100644
	PY
	test $(stat -c %s big.vmdk) -gt $((10 * 131072))
'

test_expect_success ZIP 'as small as one deflate stream: within 1% of zip -6 (Info-ZIP)' '
	zip -q -6 -X ref.zip big.vmdk &&
	SOURCE_DATE_EPOCH=1 "$APPLIANCE" zip --folder x -o ours.zip big.vmdk &&
	ours=$(stat -c %s ours.zip) && ref=$(stat -c %s ref.zip) &&
	echo "# note: ours $ours bytes, zip -6 $ref bytes" >&3 &&
	test $((ours * 100)) -le $((ref * 101))
'

test_expect_success LONG 'a member over 4 GiB: ZIP64, read by unzip and Python zipfile' '
	truncate -s 4400M huge.vmdk && printf "end" >>huge.vmdk &&
	SOURCE_DATE_EPOCH=1 "$APPLIANCE" zip --folder h -o huge.zip huge.vmdk &&
	unzip -tq huge.zip &&
	/usr/bin/python3 -c "
import zipfile
i = zipfile.ZipFile(\"huge.zip\").getinfo(\"h/huge.vmdk\")
assert i.file_size == 4400 * 2**20 + 3, i
"
'

test_expect_success 'a missing file: an error and no archive' '
	test_must_fail env SOURCE_DATE_EPOCH=1 "$APPLIANCE" zip --folder f -o bad.zip nothing 2>err &&
	test_grep "cannot open .nothing." err && ! test -e bad.zip && ! test -e bad.zip.tmp
'

test_done
