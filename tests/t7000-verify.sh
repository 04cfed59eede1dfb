#!/bin/bash
# appliance verify, the downloader's side of a release: checksum manifests
# compared with what md5sum -c / sha256sum -c do on the same input; torrents
# made by mktorrent and by libtorrent (v1, v2, hybrid) with one flipped byte
# caught in exactly the right piece; hostile manifests, torrents and
# metalinks refused; and our own published release checked by all three.
. "$(dirname "$0")/lib.sh"
. "$SRCDIR/tests/lib-torrent.sh"

test_require_tool MKTORRENT mktorrent mktorrent

verify() { "$APPLIANCE" verify "$@"; }
# md5sum's messages with our name, to compare the two.
as_ours() { sed "s/^md5sum: /appliance: /; s/^sha256sum: /appliance: /"; }

test_expect_success 'setup: files with awkward names and their manifests' '
	mkdir dl &&
	random_bytes 300000 big >dl/big.iso &&
	echo hello >"dl/with space" &&
	echo back >"dl/back\\slash" &&
	printf "nl" >"dl/new
line" &&
	mkdir dl/sub && echo deep >dl/sub/file &&
	(cd dl && md5sum big.iso "with space" "back\\slash" "new
line" sub/file >MD5SUMS &&
	 sha256sum --tag big.iso "with space" "back\\slash" "new
line" sub/file >SHA256SUMS &&
	 sha1sum big.iso >SHA1SUMS && sha512sum big.iso >SHA512SUMS) &&
	test_grep "^\\\\SHA256 \\(new\\\\nline\\)" dl/SHA256SUMS
'

test_expect_success 'all OK: the same output as md5sum -c and sha256sum -c' '
	verify dl/MD5SUMS >ours &&
	(cd dl && md5sum -c MD5SUMS) >theirs &&
	test_cmp theirs ours &&
	verify dl/SHA256SUMS >ours &&
	(cd dl && sha256sum -c SHA256SUMS) >theirs &&
	test_cmp theirs ours &&
	verify dl/SHA1SUMS dl/SHA512SUMS >ours &&
	test "$(cat ours)" = "big.iso: OK
big.iso: OK"
'

test_expect_success 'names are relative to the manifest, or to -C DIR' '
	mkdir elsewhere && cp dl/MD5SUMS elsewhere/ &&
	(cd / && "$APPLIANCE" verify "$TRASH/dl/MD5SUMS") >ours &&
	test "$(grep -c ": OK$" ours)" = 5 &&
	test_must_fail verify elsewhere/MD5SUMS >out 2>err &&
	test_grep "big.iso: MISSING" out &&
	verify -C dl elsewhere/MD5SUMS >out &&
	(cd dl && verify - <MD5SUMS) >out2 && test_cmp out out2
'

test_expect_success 'CRLF lines and uppercase hex' '
	sed "s/\$/\\r/" dl/MD5SUMS >dl/CRLF &&
	sed "s/^\\([0-9a-f]*\\) /\\U\\1 /" dl/MD5SUMS >dl/UPPER &&
	test_grep "^[0-9A-F]{32}  big.iso" dl/UPPER &&
	verify dl/CRLF >a && (cd dl && md5sum -c CRLF) >b && test_cmp b a &&
	verify dl/UPPER >a && (cd dl && md5sum -c UPPER) >b && test_cmp b a
'

test_expect_success 'a changed file: FAILED, the summary and exit code of md5sum' '
	cp -r dl bad && corrupt_byte bad/big.iso 1000 &&
	test_expect_code 1 verify bad/MD5SUMS >ours 2>ours.err &&
	(cd bad && test_expect_code 1 md5sum -c MD5SUMS) >theirs 2>theirs.err &&
	test_cmp theirs ours &&
	as_ours <theirs.err >theirs.err2 && test_cmp theirs.err2 ours.err &&
	test_grep "^big.iso: FAILED$" ours &&
	test_grep "WARNING: 1 computed checksum did NOT match" ours.err
'

test_expect_success '--quiet, --status' '
	test_expect_code 1 verify --quiet bad/MD5SUMS >ours 2>/dev/null &&
	(cd bad && test_expect_code 1 md5sum -c --quiet MD5SUMS) >theirs 2>/dev/null &&
	test_cmp theirs ours &&
	verify -q dl/MD5SUMS >ours && test_must_fail test -s ours &&
	test_expect_code 1 verify --status bad/MD5SUMS >ours 2>err &&
	test_must_fail test -s ours && test_must_fail test -s err
'

test_expect_success 'missing files and --ignore-missing, as md5sum does' '
	mkdir part && cp dl/MD5SUMS dl/big.iso part/ &&
	test_expect_code 1 verify part/MD5SUMS >ours 2>err &&
	test_grep "^with space: MISSING$" ours && test_grep "^big.iso: OK$" ours &&
	test_grep "WARNING: 4 listed files are missing" err &&
	verify --ignore-missing part/MD5SUMS >ours &&
	(cd part && md5sum -c --ignore-missing MD5SUMS) >theirs &&
	test_cmp theirs ours &&
	rm part/big.iso &&
	test_expect_code 1 verify --ignore-missing part/MD5SUMS 2>err &&
	(cd part && test_expect_code 1 md5sum -c --ignore-missing MD5SUMS) 2>/dev/null &&
	test_grep "no file was verified" err
'

test_expect_success 'malformed lines: warned with FILE:LINE and skipped; --strict fails' '
	{ cat dl/MD5SUMS && echo "this is not a checksum line" && echo && echo "# comment"; } >dl/MIXED &&
	verify dl/MIXED >ours 2>err &&
	(cd dl && md5sum -c MIXED) >theirs 2>/dev/null &&
	test_cmp theirs ours &&
	test_grep "dl/MIXED:6: warning: not a checksum line; line skipped" err &&
	test_grep "WARNING: 1 line is improperly formatted" err &&
	test_expect_code 1 verify --strict dl/MIXED >/dev/null 2>err &&
	(cd dl && test_expect_code 1 md5sum -c --strict MIXED) >/dev/null 2>&1 &&
	echo "garbage only" >dl/NONE &&
	test_expect_code 1 verify dl/NONE 2>err &&
	test_grep "no properly formatted checksum lines found" err
'

test_expect_success 'a 10 MB line and NUL bytes: clear errors, no hang' '
	{ head -c 10000000 /dev/zero | tr "\\0" a && echo; } >dl/HUGE &&
	{ printf "%s  " "$(md5sum <dl/big.iso | cut -c1-32)" && head -c 10000000 /dev/zero | tr "\\0" b && echo; } >dl/LONGNAME &&
	printf "%s  big.iso\\0junk\\n\\0\\0\\0\\n" "$(md5sum <dl/big.iso | cut -c1-32)" >dl/NUL &&
	test_expect_code 1 timeout 20 "$APPLIANCE" verify dl/HUGE 2>err &&
	test_grep "dl/HUGE:1: warning: not a checksum line" err &&
	test_expect_code 1 timeout 20 "$APPLIANCE" verify dl/LONGNAME 2>err &&
	test_grep "dl/LONGNAME:1: error: refusing .*\\(10000000 bytes\\).: it is longer than 4095 bytes" err &&
	test $(wc -c <err) -lt 2000 &&
	test_expect_code 1 timeout 20 "$APPLIANCE" verify dl/NUL 2>err &&
	test_grep "dl/NUL:1: warning: it contains a NUL byte" err &&
	random_bytes 100000 RANDOM >dl/RANDOM &&
	test_expect_code 1 timeout 20 "$APPLIANCE" verify dl/RANDOM 2>err &&
	test_grep "no properly formatted checksum lines found" err
'

test_expect_success 'manifest names cannot leave the directory' '
	echo secret >outside &&
	ln -s ../outside dl/up && ln -s /etc/passwd dl/abs && ln -s sub/file dl/inside &&
	h=$(md5sum <outside | cut -c1-32) &&
	{ echo "$h  ../outside" && echo "$h  /etc/passwd" && echo "$h  up" &&
	  echo "$(md5sum <dl/abs | cut -c1-32)  abs" &&
	  echo "$(md5sum <dl/sub/file | cut -c1-32)  inside"; } >dl/EVIL &&
	test_expect_code 1 verify dl/EVIL >out 2>err &&
	test_grep "dl/EVIL:1: error: refusing .\\.\\./outside.: it has a .\\.\\.. component" err &&
	test_grep "dl/EVIL:2: error: refusing ./etc/passwd.: it is absolute" err &&
	test_grep "dl/EVIL:3: error: refusing .up.: it resolves outside" err &&
	test_grep "dl/EVIL:4: error: refusing .abs.: it resolves outside" err &&
	test_grep "WARNING: 4 listed names were refused as unsafe" err &&
	test "$(cat out)" = "inside: OK"
'

# The torrent tests: a multi-file tree, pieces of 32 KiB (2^15).
test_expect_success 'setup: a tree to share' '
	mkdir share && random_bytes 100000 a >share/a &&
	random_bytes 50000 b >share/b && mkdir share/c && random_bytes 70000 d >share/c/d &&
	: >share/empty &&
	random_bytes 1000000 single >single.bin
'

test_expect_success MKTORRENT 'mktorrent: single and multi-file torrents verify' '
	mktorrent -l 15 -a http://x/a -o mk1.torrent single.bin >/dev/null &&
	mktorrent -l 15 -a http://x/a -o mk2.torrent share >/dev/null &&
	verify --torrent mk1.torrent >out && test "$(cat out)" = "single.bin: OK" &&
	verify --torrent mk2.torrent >out && test "$(grep -c ": OK$" out)" = 4
'

test_expect_success MKTORRENT 'mktorrent: one flipped byte, exactly its piece' '
	cp single.bin single.orig && corrupt_byte single.bin 500000 &&
	test_expect_code 1 verify --torrent mk1.torrent >out 2>err &&
	# 500000 / 32768 = 15: bytes 491520-524287
	test "$(cat out)" = "single.bin: piece 15 bad: bytes 491520-524287
single.bin: FAILED (1 bad piece)" &&
	test_grep "1 of 31 pieces bad" err &&
	mv single.orig single.bin
'

test_expect_success MKTORRENT 'mktorrent multi-file: a piece across two files, with each file'"'"'s offsets' '
	cp -r share share.orig &&
	corrupt_byte share/b 49999 &&
	test_expect_code 1 verify --torrent mk2.torrent >out 2>err &&
	test_grep "^piece [0-9]+ bad: bytes [0-9]+-[0-9]+ of the torrent: share/b bytes [0-9]+-49999" out &&
	test_grep "^share/b: FAILED \\(1 bad piece\\)" out &&
	rm -r share && mv share.orig share
'

# libtorrent: v1-only, v2-only and hybrid torrents of the same tree.
lt_make() {
	/usr/bin/python3 - "$@" <<-EOF
	import sys, libtorrent as lt
	kind, src, out, pl = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
	flags = {"v1": lt.create_torrent.v1_only, "v2": lt.create_torrent.v2_only, "hybrid": 0}[kind]
	fs = lt.file_storage()
	lt.add_files(fs, src)
	ct = lt.create_torrent(fs, pl, flags=flags)
	lt.set_piece_hashes(ct, ".")
	open(out, "wb").write(lt.bencode(ct.generate()))
	EOF
}

test_expect_success LIBTORRENT 'libtorrent v1, v2, hybrid: single and multi-file verify' '
	for k in v1 v2 hybrid; do
		lt_make $k share lt-$k.torrent 32768 &&
		lt_make $k single.bin lt1-$k.torrent 65536 &&
		verify --torrent lt-$k.torrent >out &&
		test "$(grep -c ": OK$" out)" = 4 &&
		verify --torrent lt1-$k.torrent >out &&
		test "$(cat out)" = "single.bin: OK" || return 1
	done
'

test_expect_success LIBTORRENT 'libtorrent: a flipped byte in the right piece, v1, v2 and hybrid' '
	cp share/c/d d.orig && corrupt_byte share/c/d 40000 &&
	test_expect_code 1 verify --torrent lt-v2.torrent >out &&
	# v2: pieces are per file: 40000 / 32768 = 1
	test_grep "^share/c/d: piece 1 bad: bytes 32768-65535$" out &&
	test_expect_code 1 verify --torrent lt-hybrid.torrent >out &&
	test_grep "^piece [0-9]+ bad: bytes [0-9]+-[0-9]+ of the torrent: share/c/d bytes 32768-65535$" out &&
	test_expect_code 1 verify --torrent lt-v1.torrent >out &&
	test_grep "share/c/d bytes [0-9]+-[0-9]+" out &&
	test "$(grep -c "bad:" out)" = 1 &&
	test_grep "^share/c/d: FAILED \\(1 bad piece\\)$" out &&
	mv d.orig share/c/d &&
	cp single.bin s.orig && corrupt_byte single.bin 700000 &&
	test_expect_code 1 verify --torrent lt1-v2.torrent >out &&
	test_grep "^single.bin: piece 10 bad: bytes 655360-720895$" out &&
	test_expect_code 1 verify --torrent lt1-hybrid.torrent >out &&
	test_grep "^single.bin: piece 10 bad: bytes 655360-720895$" out &&
	mv s.orig single.bin
'

test_expect_success LIBTORRENT 'missing and short files; PATH given; an unreadable tree' '
	cp -r share got && rm got/b && truncate -s 60000 got/c/d &&
	test_expect_code 1 verify --torrent lt-hybrid.torrent got >out 2>err &&
	test_grep "^got/b: MISSING$" out &&
	test_grep "^got/c/d: SHORT \\(60000 of 70000 bytes\\)$" out &&
	test_grep "^got/a: OK$" out &&
	test_expect_code 1 verify --torrent lt-v1.torrent nowhere 2>err &&
	test_grep "cannot open the directory .nowhere." err
'

# Hostile torrents, written byte by byte.
bad_torrent() { printf "%s" "$2" >"$1.torrent"; }

test_expect_success 'hostile torrents are refused with the reason' '
	info="4:infod6:lengthi1e4:name1:x12:piece lengthi16384e6:pieces20:aaaaaaaaaaaaaaaaaaaae" &&
	bad_torrent ok "d${info}e" &&
	bad_torrent trunc "d${info}" &&
	bad_torrent unsorted "d4:infod4:name1:x6:lengthi1e12:piece lengthi16384e6:pieces20:aaaaaaaaaaaaaaaaaaaaee" &&
	bad_torrent dup "d4:infod6:lengthi1e6:lengthi1e4:name1:x12:piece lengthi16384e6:pieces20:aaaaaaaaaaaaaaaaaaaaee" &&
	bad_torrent zero "d4:infod6:lengthi01e4:name1:x12:piece lengthi16384e6:pieces20:aaaaaaaaaaaaaaaaaaaaee" &&
	bad_torrent deep "d4:info$(printf "l%.0s" $(seq 100))$(printf "e%.0s" $(seq 100))e" &&
	bad_torrent dotdot "d4:infod5:filesld6:lengthi1e4:pathl2:..6:passwdeee4:name1:x12:piece lengthi16384e6:pieces20:aaaaaaaaaaaaaaaaaaaaee" &&
	bad_torrent abs "d4:infod5:filesld6:lengthi1e4:pathl11:/etc/passwdeee4:name1:x12:piece lengthi16384e6:pieces20:aaaaaaaaaaaaaaaaaaaaee" &&
	bad_torrent name "d4:infod6:lengthi1e4:name2:..12:piece lengthi16384e6:pieces20:aaaaaaaaaaaaaaaaaaaaee" &&
	printf "x" >x && test_expect_code 1 verify --torrent ok.torrent >out 2>err &&
	test_grep "x: piece 0 bad: bytes 0-0" out &&
	for t in trunc unsorted dup zero deep dotdot abs name; do
		test_expect_code 1 verify --torrent $t.torrent >/dev/null 2>err.$t || return 1
	done &&
	test_grep "trunc.torrent: not a valid torrent: offset 0: truncated dictionary" err.trunc &&
	test_grep "unsorted key .length. after .name." err.unsorted &&
	test_grep "duplicate key .length." err.dup &&
	test_grep "offset 16: leading zero in integer" err.zero &&
	test_grep "nested deeper than 64 levels" err.deep &&
	test_grep "refusing the file name .\\.\\.. : it has a .\\.\\.. component|refusing the file name .\\.\\..: it has" err.dotdot &&
	test_grep "a component contains ./." err.abs &&
	test_grep "refusing the name .\\.\\.." err.name
'

test_expect_success 'a torrent whose file is a symlink out of its directory' '
	mkdir -p tree/x && ln -s /etc/passwd tree/x/p &&
	printf "d4:infod5:filesld6:lengthi1e4:pathl1:peee4:name1:x12:piece lengthi16384e6:pieces20:aaaaaaaaaaaaaaaaaaaaee" >tree/x.torrent &&
	test_expect_code 1 verify --torrent tree/x.torrent >out 2>err &&
	test_grep "^tree/x/p: REFUSED" out
'

test_expect_success 'our own release: sums, torrents and metalinks all verify' '
	cat >release.conf <<-EOF &&
	version = 2.0
	title = Test
	base_url = http://127.0.0.1:1/rel
	tracker = http://127.0.0.1:6969/announce
	EOF
	mkdir in && random_bytes 3000000 ova >in/appliance.ova && echo hi >"in/with space.txt" &&
	SOURCE_DATE_EPOCH=1700000000 "$APPLIANCE" publish --config release.conf -o pub in/* 2>/dev/null &&
	r=pub/2.0 &&
	verify $r/MD5SUMS $r/SHA256SUMS >out && test "$(grep -c ": OK$" out)" = 6 &&
	verify --torrent $r/appliance.ova.torrent >out && test_grep "appliance.ova: OK" out &&
	verify --torrent "$r/with space.txt.torrent" >out &&
	verify --metalink $r/appliance.ova.meta4 >out && test_grep "^appliance.ova: OK$" out &&
	verify --metalink $r/appliance.ova.meta4 $r/appliance.ova >out &&
	corrupt_byte $r/appliance.ova 2000000 &&
	test_expect_code 1 verify --metalink $r/appliance.ova.meta4 >out 2>err &&
	pl=$(sed -n "s/.*<pieces length=\"\\([0-9]*\\)\".*/\\1/p" $r/appliance.ova.meta4) &&
	p=$((2000000 / pl)) &&
	test_grep "^$r/appliance.ova: piece $p bad: bytes $((p * pl))-$((p * pl + pl - 1))$|^appliance.ova: piece $p bad: bytes $((p * pl))-$((p * pl + pl - 1))$" out &&
	test_grep "its md5 does not match; its sha-256 does not match; 1 bad piece" out &&
	test_expect_code 1 verify --torrent $r/appliance.ova.torrent >out &&
	test_grep "piece $p bad: bytes $((p * pl))-" out
'

test_expect_success 'hostile metalinks are refused' '
	cat >evil.meta4 <<-EOF &&
	<?xml version="1.0"?>
	<metalink xmlns="urn:ietf:params:xml:ns:metalink">
	  <file name="../outside"><hash type="md5">0123456789abcdef0123456789abcdef</hash></file>
	</metalink>
	EOF
	test_expect_code 1 verify --metalink evil.meta4 2>err &&
	test_grep "evil.meta4:3: error: refusing the file name .\\.\\./outside." err &&
	cat >xxe.meta4 <<-EOF &&
	<?xml version="1.0"?>
	<!DOCTYPE metalink [<!ENTITY x SYSTEM "file:///etc/passwd">]>
	<metalink xmlns="urn:ietf:params:xml:ns:metalink"><file name="a">&x;</file></metalink>
	EOF
	test_expect_code 1 verify --metalink xxe.meta4 2>err &&
	test_grep "xxe.meta4:2: error: a DOCTYPE" err
'

test_expect_success 'usage errors exit 2; --help is complete' '
	test_expect_code 2 verify &&
	test_expect_code 2 verify --torrent a --metalink b &&
	test_expect_code 2 verify --jobs 0 x &&
	verify --help >help &&
	test_grep "^usage: appliance verify" help && test_grep "Exit status" help &&
	test_grep "ignore-missing" help && test_grep "Examples" help &&
	"$APPLIANCE" help >list && test_grep "^  verify " list
'

test_done
