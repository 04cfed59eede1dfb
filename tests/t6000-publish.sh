#!/bin/bash
# appliance publish, checked by other people's tools: md5sum -c and
# sha256sum -c (names with spaces, a backslash, a newline), mktorrent's and
# libtorrent's info hash, transmission-show and aria2c -S; then served by
# nginx on loopback inside a network namespace of its own: curl downloads and
# resumes, aria2c downloads through the web seed alone, and a web seed with
# one flipped byte is caught. Two runs give the same tree.
. "$(dirname "$0")/lib.sh"
. "$SRCDIR/tests/lib-torrent.sh"

test_require_tool MKTORRENT mktorrent mktorrent
test_require_tool TRANSMISSION transmission-show transmission-cli
test_require_tool ARIA2 aria2c aria2
test_require_tool NGINX nginx nginx-light
test_require_tool CURL curl curl
test_require_tool XMLLINT xmllint libxml2-utils
test_require_tool CHROMIUM chromium chromium
PORT=18099
publish() { "$APPLIANCE" publish --config release.conf "$@"; }

test_expect_success 'setup: artifacts with awkward names' '
	cat >release.conf <<-EOF &&
	version = 2.0
	title = Test appliances
	base_url = http://127.0.0.1:$PORT/rel
	tracker = http://127.0.0.1:6969/announce
	tracker = http://127.0.0.2:6969/announce http://127.0.0.3:6969/announce
	EOF
	mkdir in &&
	random_bytes 5000000 >in/appliance.ova &&
	echo hello >"in/with space.txt" &&
	echo back >"in/back\\slash" &&
	printf "nl" >"in/new
line"
'

test_expect_success 'publish writes the release and the record' '
	SOURCE_DATE_EPOCH=1700000000 publish -o out --record rec in/* 2>err &&
	ls out/2.0 >files &&
	test_grep "^MD5SUMS$" files && test_grep "^SHA256SUMS$" files &&
	test_grep "^index.html$" files && test_grep "^index.json$" files &&
	test_grep "^appliance.ova.torrent$" files && test_grep "^appliance.ova.meta4$" files &&
	# the record: the artifacts, not index.json (it names extras, which are
	# not made bit for bit)
	grep -v "  index.json$" out/2.0/MD5SUMS | cmp - rec/2.0/MD5SUMS &&
	grep -v "  index.json$" out/2.0/SHA256SUMS | cmp - rec/2.0/SHA256SUMS &&
	test -z "$(find out ! -perm -o=r)" &&
	! ls -a out | grep tmp
'

test_expect_success 'md5sum -c and sha256sum -c accept the manifests' '
	(cd out/2.0 && md5sum -c MD5SUMS && sha256sum -c SHA256SUMS) >ok &&
	test "$(grep -c ": OK$" ok)" = 10 &&
	test_grep "^\\\\[0-9a-f]{32}  back\\\\\\\\slash$" out/2.0/MD5SUMS &&
	test_grep "^\\\\[0-9a-f]{32}  new\\\\nline$" out/2.0/MD5SUMS &&
	echo x >>out/2.0/appliance.ova &&
	! (cd out/2.0 && md5sum -c --quiet MD5SUMS) >bad 2>&1 &&
	test_grep "appliance.ova: FAILED" bad
'

test_expect_success MKTORRENT,LIBTORRENT 'our info hash is mktorrent'"'"'s and libtorrent'"'"'s' '
	# mktorrent takes pieces of 32 KiB or more; the automatic size is 16 KiB here
	sed "\$a piece_length = 64K" release.conf >r64.conf &&
	"$APPLIANCE" publish --config r64.conf -o out2 in/appliance.ova 2>err &&
	pl=$(/usr/bin/python3 -c "import libtorrent as lt; print(lt.torrent_info(\"out2/2.0/appliance.ova.torrent\").piece_length())") &&
	mktorrent -l $(/usr/bin/python3 -c "import math; print(int(math.log2($pl)))") \
		-a http://x/announce -o mk.torrent in/appliance.ova >/dev/null &&
	/usr/bin/python3 -c "
import libtorrent as lt
ours = lt.torrent_info(\"out2/2.0/appliance.ova.torrent\")
theirs = lt.torrent_info(\"mk.torrent\")
assert str(ours.info_hash()) == str(theirs.info_hash()), (ours.info_hash(), theirs.info_hash())
assert [t.url for t in ours.trackers()][:1] == [\"http://127.0.0.1:6969/announce\"]
assert [w[\"url\"] for w in ours.web_seeds()] == [\"http://127.0.0.1:$PORT/rel/2.0/appliance.ova\"]
print(ours.info_hash())
" >ih &&
	grep -a -q "$(cat ih)" out2/2.0/index.html
'

test_expect_success TRANSMISSION,ARIA2 'transmission-show and aria2c -S read our torrents' '
	transmission-show out2/2.0/appliance.ova.torrent >show &&
	test_grep "Tier #2" show && test_grep "http://127.0.0.1:$PORT/rel/2.0/appliance.ova" show &&
	aria2c -S out2/2.0/appliance.ova.torrent >s &&
	test_grep "^Info Hash: [0-9a-f]{40}$" s && test_grep "^Mode: single$" s
'

# Headless Chromium as a reader would see the page on a phone; no network.
chromium_run() {
	timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$TRASH/chromium-$1" "${@:2}" 2>>chromium.log
}

test_expect_success CHROMIUM 'the page in Chromium: every link, no script, a phone-sized screenshot' '
	page="file://$TRASH/out/2.0/index.html" &&
	chromium_run dom --dump-dom "$page" >dom.html &&
	test_grep "<h1>Test appliances 2.0</h1>" dom.html &&
	test_grep "href=\"appliance.ova.torrent\"" dom.html &&
	test_grep "href=\"appliance.ova.meta4\"" dom.html &&
	test_grep "href=\"magnet:\?xt=urn:btih:[0-9a-f]{40}" dom.html &&
	test_grep "href=\"back%5Cslash\"" dom.html &&
	test_grep "Getting started" dom.html &&
	test_grep -v "<script" dom.html &&
	chromium_run shot --window-size=412,1200 --screenshot="$TRASH/page.png" "$page" &&
	file page.png >f && test_grep "PNG image data, 412 x 1200" f
'

test_expect_success 'release notes from appliance.conf; a screen shot summed but not recorded' '
	printf "\x89PNG fake" >fedora-screen.png &&
	mkdir -p kernel && printf "profile = p\nversion = 6.1.99\n" >kernel/kernel.info &&
	"$APPLIANCE" publish --config release.conf -o notes --record notesrec \
		--notes "$SRCDIR/appliances/fedora" --kernel-dir kernel \
		--extra fedora-screen.png in/appliance.ova 2>err &&
	h=notes/2.0/index.html &&
	test_grep "<h3>Release notes</h3>" $h &&
	test_grep "kernel 6\.1\.99 with paravirt_ops" $h &&
	test_grep "USB and ACPI are disabled" $h &&
	test_grep "refuses to run on native hardware" $h &&
	# which products take which download, from the compatibility table
	test_grep "<li>VMware, the .vmx and zip: hardware version 16, guestOS fedora, for Workstation 15.5" $h &&
	test_grep "<li>VMware, the OVA: vmx-07, sha1 manifest, osType fedoraGuest, for vSphere/ESX 4.0" $h &&
	test_grep "<li>KVM/QEMU: fedora.qcow2 with fedora.libvirt.xml" $h &&
	test_grep "<a href=\"fedora-screen.png\">View screen shot</a>" $h &&
	test_grep "  fedora-screen.png$" notes/2.0/SHA256SUMS &&
	test_grep -v "fedora-screen.png" notesrec/2.0/SHA256SUMS &&
	! test -e notes/2.0/fedora-screen.png.torrent
'

test_expect_success 'two runs, two directories: the same tree' '
	SOURCE_DATE_EPOCH=1700000000 publish -o again in/* 2>err &&
	SOURCE_DATE_EPOCH=1700000000 publish -o again2 in/* 2>err &&
	diff -r again/2.0 again2/2.0
'

test_expect_success 'a missing file or a bad release.conf: an error, no release' '
	test_must_fail publish -o out3 in/appliance.ova in/missing 2>err &&
	test_grep "cannot read .in/missing." err &&
	! test -e out3/2.0 && test -z "$(ls -A out3)" &&
	printf "version = ../x\ntitle = t\nbase_url = ftp://x\ncolour = 1\n" >bad.conf &&
	test_expect_code 1 "$APPLIANCE" publish --config bad.conf -o out4 in/appliance.ova 2>err &&
	test_grep "bad.conf:1: error: version = .\.\./x." err &&
	test_grep "bad.conf:3: error: base_url = .ftp://x.: an http:// or https:// URL" err &&
	test_grep "bad.conf:4: error: unknown key .colour." err
'

# nginx as a user process, in a network namespace with only lo: nothing can
# leave the machine, whatever a client tries. Bounded by timeout.
serve() { # script
	cat >nginx.conf <<-EOF
	daemon off;
	worker_processes 1;
	pid $TRASH/nginx.pid;
	error_log stderr;
	events { worker_connections 64; }
	http {
		access_log off;
		client_body_temp_path $TRASH/tmp; proxy_temp_path $TRASH/tmp;
		fastcgi_temp_path $TRASH/tmp; uwsgi_temp_path $TRASH/tmp; scgi_temp_path $TRASH/tmp;
		server {
			listen 127.0.0.1:$PORT;
			location /rel/ { alias $TRASH/www/; }
		}
	}
	EOF
	mkdir -p tmp &&
	in_netns 120 "nginx -p $TRASH -c $TRASH/nginx.conf -e stderr &
		for i in \$(seq 100); do curl -s -o /dev/null http://127.0.0.1:$PORT/ && break; sleep 0.1; done
		$1
		rc=\$?
		kill \$(cat $TRASH/nginx.pid) 2>/dev/null
		wait
		exit \$rc"
}

test_expect_success NETNS,NGINX,CURL 'HTTP: curl downloads, resumes (206), md5sum -c passes' '
	rm -rf www && mkdir www && cp -r again/2.0 www/2.0 && chmod -R a+rX www &&
	serve "head -c 1000000 www/2.0/appliance.ova >dl.ova &&
	       curl -sf -C - -w \"%{http_code}\" -o dl.ova http://127.0.0.1:$PORT/rel/2.0/appliance.ova >code" &&
	test "$(cat code)" = 206 &&
	cmp dl.ova www/2.0/appliance.ova
'

aria() { aria_cmd "$1" "--seed-time=0 --bt-stop-timeout=30 ${2:-}"; }

test_expect_success NETNS,NGINX,ARIA2 'BitTorrent: aria2c downloads through the web seed alone' '
	mkdir -p leech &&
	serve "$(aria leech www/2.0/appliance.ova.torrent)" >aria.log 2>&1 &&
	cmp leech/appliance.ova www/2.0/appliance.ova &&
	(cd leech && grep " appliance.ova$" ../www/2.0/MD5SUMS | md5sum -c)
'

test_expect_success NETNS,NGINX,ARIA2,XMLLINT 'metalink: xmllint parses it, aria2c downloads and checks by it' '
	xmllint --noout www/2.0/appliance.ova.meta4 &&
	test_grep "<hash type=\"sha-256\">$(sha256sum www/2.0/appliance.ova | cut -d" " -f1)</hash>" \
		www/2.0/appliance.ova.meta4 &&
	mkdir -p meta &&
	serve "$(aria meta) --follow-torrent=false -M www/2.0/appliance.ova.meta4" >meta.log 2>&1 &&
	cmp meta/appliance.ova www/2.0/appliance.ova
'

test_expect_success NETNS,NGINX,ARIA2 'a web seed with one flipped byte: the bad piece is caught' '
	corrupt_byte www/2.0/appliance.ova 123456 &&
	mkdir -p leech2 &&
	! serve "$(aria leech2 www/2.0/appliance.ova.torrent)" >aria2.log 2>&1 &&
	test_grep "Invalid checksum|hash check failed|checksum" aria2.log &&
	! (cd leech2 && grep " appliance.ova$" ../again/2.0/MD5SUMS | md5sum -c --quiet) 2>/dev/null
'

test_done
