#!/bin/bash
# The release's page and index.json: one section per appliance (title, what
# it is, screen shot, each download with size, HTTP, BitTorrent, metalink,
# magnet and sums, package list and SBOM, release notes), the sources, getting
# started with the first boot's four ways in; no script. Headless Chromium
# reads it at desktop and phone widths: no horizontal scrolling, and every
# link resolves inside the tree; the screenshots are kept in
# build/test-artifacts/. index.json is checked against our schema with
# python3-jsonschema, and against the files themselves.
. "$(dirname "$0")/lib.sh"

test_require_tool CHROMIUM chromium chromium
if /usr/bin/python3 -c "import jsonschema" 2>/dev/null; then
	test_set_prereq JSONSCHEMA
else
	echo "# SKIP: no python3-jsonschema (Debian package python3-jsonschema)"
fi
if /usr/bin/python3 -c "import libtorrent" 2>/dev/null; then
	test_set_prereq LIBTORRENT
else
	echo "# SKIP: no python3-libtorrent (Debian package python3-libtorrent)"
fi

ARTIFACTS=${TEST_ARTIFACTS:-$SRCDIR/build/test-artifacts}

test_expect_success 'setup: two appliances'"'"' files, a package database, a screen shot' '
	cat >release.conf <<-\EOF &&
	version = 5.0
	title = Paravirtual appliances
	base_url = http://127.0.0.1:1/rel
	tracker = http://127.0.0.1:6969/announce
	EOF
	mkdir -p in tree/var/lib/dpkg &&
	printf "Package: busybox\nStatus: install ok installed\nArchitecture: i386\nVersion: 1:1.35.0-4\n" >tree/var/lib/dpkg/status &&
	for a in debian fedora; do
		random_bytes 300000 $a-ova >in/$a.ova &&
		random_bytes 200000 $a-zip >in/$a-1.0.zip &&
		"$APPLIANCE" sbom --format packages --rootfs tree -o in/$a-1.0.packages "$SRCDIR/appliances/$a" &&
		"$APPLIANCE" sbom --format spdx --rootfs tree -o in/$a-1.0.spdx.json "$SRCDIR/appliances/$a" || exit 1
	done &&
	random_bytes 100000 qcow2 >in/debian.qcow2 &&
	random_bytes 50000 src >in/pvappliance-kernel-paravirt-6.1-source.tar &&
	/usr/bin/python3 -c "
import struct, zlib
w, h = 720, 400
raw = b\"\".join(b\"\\0\" + bytes([0x20, 0x20, 0x20]) * w for _ in range(h))
def chunk(t, d):
    return struct.pack(\">I\", len(d)) + t + d + struct.pack(\">I\", zlib.crc32(t + d))
open(\"debian-screen.png\", \"wb\").write(b\"\\x89PNG\\r\\n\\x1a\\n\" + chunk(b\"IHDR\", struct.pack(\">IIBBBBB\", w, h, 8, 2, 0, 0, 0)) + chunk(b\"IDAT\", zlib.compress(raw)) + chunk(b\"IEND\", b\"\"))
" &&
	mkdir -p kernel && printf "profile = p\nversion = 6.1.192\n" >kernel/kernel.info &&
	"$APPLIANCE" publish --config release.conf -o out --notes "$SRCDIR/appliances/debian" \
		--notes "$SRCDIR/appliances/fedora" --kernel-dir kernel \
		--extra debian-screen.png in/* 2>err &&
	test -s out/5.0/index.html && test -s out/5.0/index.json
'

P=out/5.0/index.html

test_expect_success 'one section per appliance, in order: downloads, what is inside, notes' '
	/usr/bin/python3 - $P >sections <<-\PY &&
	import html as H, re, sys
	html = open(sys.argv[1]).read()
	for sec in re.findall(r"<section id=\"([^\"]+)\">(.*?)</section>", html, re.S):
	    heads = re.findall(r"<h[234][^>]*>(.*?)</h[234]>", sec[1])
	    print(sec[0] + ": " + " | ".join(H.unescape(h) for h in heads))
	PY
	cat >expect <<-\EOF &&
	debian: Debian 12 "bookworm" paravirtual appliance 1.0 | Downloads | debian-1.0.zip | debian.ova | debian.qcow2 | What is inside | Release notes
	fedora: Fedora 30 paravirtual appliance 1.0 | Downloads | fedora-1.0.zip | fedora.ova | What is inside | Release notes
	sources: Sources | pvappliance-kernel-paravirt-6.1-source.tar
	getting-started: Getting started | Open or import | First boot: four ways in | Verify
	EOF
	test_cmp expect sections
'

test_expect_success 'each download: size, HTTP, BitTorrent, metalink, magnet, md5 and sha256' '
	for f in debian.ova debian-1.0.zip debian.qcow2 fedora.ova; do
		sed -n "/<h4>$f<\/h4>/,/<\/div>/p" $P >block &&
		test_grep "<li>Size: [0-9.]+ KiB</li>" block &&
		test_grep "<a href=\"$f\">HTTP download</a>" block &&
		test_grep "<a href=\"$f.torrent\">BitTorrent download</a>" block &&
		test_grep "<a href=\"$f.meta4\">Metalink</a>" block &&
		test_grep "<a href=\"magnet:\?xt=urn:btih:[0-9a-f]{40}" block &&
		test_grep "md5sum: <code>$(md5sum <in/$f | cut -c1-32)</code>" block &&
		test_grep "sha256sum: <code>$(sha256sum <in/$f | cut -c1-64)</code>" block || exit 1
	done &&
	test_grep "<a href=\"debian-1.0.packages\">Package list</a>" $P &&
	test_grep "<a href=\"fedora-1.0.spdx.json\">SBOM \(SPDX 2.3 JSON\)</a>" $P &&
	test_grep "<img src=\"debian-screen.png\" alt=\"The console of Debian" $P &&
	test_grep -v "<script" $P
'

test_expect_success 'getting started: the first boot'"'"'s four ways in, key-only SSH' '
	test_grep "asks for a new root password" $P &&
	test_grep "Proxmox.s Cloud-Init tab" $P &&
	test_grep "virt-install --import --disk NAME.qcow2 --osinfo linux2022 --cloud-init" $P &&
	test_grep "type=11,value=io.systemd.credential:passwd.hashed-password.root=HASH" $P &&
	test_grep "ssh.authorized_keys.root" $P && test_grep "system.hostname" $P &&
	test_grep "guestinfo.passwd.hashed-password.root" $P &&
	test_grep "OVF properties in vSphere" $P &&
	test_grep "root logs in with a key only" $P &&
	sed -n "/<h3>Release notes/,/<\/ul>/p" $P >notes &&
	test_grep "console asks for a new root password" notes
'

test_expect_success JSONSCHEMA 'index.json: valid against its schema, true to the files, in the sums' '
	"$SRCDIR/tests/fixtures/validate-json" "$SRCDIR/tests/fixtures/index.schema.json" out/5.0/index.json &&
	/usr/bin/python3 - out/5.0 >check 2>&1 <<-\PY &&
	import hashlib, json, os, sys
	d = sys.argv[1]
	ix = json.load(open(os.path.join(d, "index.json")))
	names = sorted(f["name"] for f in ix["files"])
	want = sorted(n for n in os.listdir(d) if not n.endswith((".torrent", ".meta4")) and n not in ("index.html", "index.json", "MD5SUMS", "SHA256SUMS"))
	assert names == want, (names, want)
	for f in ix["files"]:
	    data = open(os.path.join(d, f["name"]), "rb").read()
	    assert f["size"] == len(data), f["name"]
	    assert f["sha256"] == hashlib.sha256(data).hexdigest(), f["name"]
	    assert f["md5"] == hashlib.md5(data).hexdigest(), f["name"]
	    assert f["urls"] == ["http://127.0.0.1:1/rel/5.0/" + f["name"]], f["urls"]
	    if f["role"] == "screenshot":
	        assert "torrent" not in f
	    else:
	        assert os.path.exists(os.path.join(d, f["torrent"])) and os.path.exists(os.path.join(d, f["metalink"]))
	        assert f["magnet"].startswith("magnet:?xt=urn:btih:" + f["btih"])
	apps = {a["name"]: a for a in ix["appliances"]}
	assert sorted(apps["debian"]["files"]) == ["debian-1.0.packages", "debian-1.0.spdx.json", "debian-1.0.zip", "debian-screen.png", "debian.ova", "debian.qcow2"], apps["debian"]
	roles = {f["name"]: f["role"] for f in ix["files"]}
	assert roles["pvappliance-kernel-paravirt-6.1-source.tar"] == "sources"
	assert roles["fedora-1.0.spdx.json"] == "sbom" and roles["debian-1.0.packages"] == "packages"
	PY
	(cd out/5.0 && sha256sum -c SHA256SUMS && md5sum -c MD5SUMS) >ok &&
	test_grep "^index.json: OK$" ok
'

test_expect_success LIBTORRENT 'index.json: each btih is libtorrent'"'"'s info hash of the torrent' '
	/usr/bin/python3 - out/5.0 <<-\PY
	import json, os, sys
	import libtorrent as lt
	d = sys.argv[1]
	for f in json.load(open(os.path.join(d, "index.json")))["files"]:
	    if "torrent" in f:
	        ti = lt.torrent_info(os.path.join(d, f["torrent"]))
	        assert str(ti.info_hash()) == f["btih"], (f["name"], ti.info_hash(), f["btih"])
	PY
'

# Headless Chromium on a harness page of the test's own (the release's page
# has no script): it frames index.html at a width and writes what it
# measured into its DOM, which --dump-dom prints.
chromium_run() {
	timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--allow-file-access-from-files --user-data-dir="$TRASH/chromium-$1" "${@:2}" 2>>chromium.log
}

measure() { # WIDTH [PAGE]: "scrollWidth clientWidth" of PAGE in a frame that wide
	cat >out/5.0/measure-$1.html <<-EOF &&
	<!DOCTYPE html><html><body style="margin:0">
	<iframe id="f" src="${2:-index.html}" style="width:$1px;height:900px;border:0"></iframe>
	<script>
	document.getElementById("f").onload = function () {
		var d = this.contentDocument.documentElement;
		var p = document.createElement("p");
		p.id = "measured";
		p.textContent = "measured " + d.scrollWidth + " " + d.clientWidth;
		document.body.appendChild(p);
	};
	</script></body></html>
	EOF
	chromium_run m$1 --virtual-time-budget=10000 --dump-dom "file://$TRASH/out/5.0/measure-$1.html" >dom-$1.html &&
	rm out/5.0/measure-$1.html &&
	sed -n "s/.*<p id=\"measured\">measured \([0-9]*\) \([0-9]*\)<\/p>.*/\1 \2/p" dom-$1.html
}

test_expect_success CHROMIUM 'Chromium at desktop and phone widths: no horizontal scrolling' '
	# the measure sees an overflow where there is one
	echo "<!DOCTYPE html><div style=\"width:2000px\">wide</div>" >out/5.0/wide.html &&
	m=$(measure 412 wide.html) && rm out/5.0/wide.html && set -- $m && test "$1" -gt "$2" &&
	for w in 1280 412 360; do
		m=$(measure $w) && test -n "$m" && set -- $m &&
		echo "# note: width $w: scrollWidth $1, clientWidth $2" >&3 &&
		test "$1" -le "$2" || { echo "width $w: scrollWidth $1 > clientWidth $2"; exit 1; }
	done
'

test_expect_success CHROMIUM 'Chromium: every link and image resolves inside the tree; screenshots kept' '
	chromium_run dom --dump-dom "file://$TRASH/$P" >dom.html &&
	/usr/bin/python3 - dom.html out/5.0 <<-\PY &&
	import os, sys, urllib.parse
	from html.parser import HTMLParser
	class P(HTMLParser):
	    def __init__(self):
	        super().__init__(); self.refs = []; self.ids = set()
	    def handle_starttag(self, tag, attrs):
	        a = dict(attrs)
	        if "id" in a: self.ids.add(a["id"])
	        for k in ("href", "src"):
	            if k in a: self.refs.append(a[k])
	p = P(); p.feed(open(sys.argv[1]).read())
	assert len(p.refs) > 30, p.refs
	for r in p.refs:
	    if r.startswith("#"):
	        assert r[1:] in p.ids, r
	    elif r.startswith("magnet:?xt=urn:btih:"):
	        pass
	    elif r in ("https://www.bittorrent.org/beps/bep_0003.html",
	               "https://www.rfc-editor.org/rfc/rfc5854"):
	        pass  # what BitTorrent and Metalink are: the only links out
	    else:
	        u = urllib.parse.urlsplit(r)
	        assert not u.scheme and not u.netloc, "leaves the tree: " + r
	        path = os.path.join(sys.argv[2], urllib.parse.unquote(u.path))
	        assert os.path.isfile(path), "no such file: " + r
	PY
	mkdir -p "$ARTIFACTS" &&
	chromium_run d --window-size=1280,2200 --screenshot="$ARTIFACTS/t6060-page-desktop.png" "file://$TRASH/$P" &&
	chromium_run p --window-size=412,2600 --screenshot="$ARTIFACTS/t6060-page-phone.png" "file://$TRASH/$P" &&
	file "$ARTIFACTS/t6060-page-desktop.png" >f && test_grep "PNG image data, 1280 x 2200" f &&
	file "$ARTIFACTS/t6060-page-phone.png" >f && test_grep "PNG image data, 412 x 2600" f
'

test_done
