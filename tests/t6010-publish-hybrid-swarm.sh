#!/bin/bash
# appliance publish, continued: hybrid v1 + v2 torrents checked by
# libtorrent, the GPG-signed SHA256SUMS, and downloads through a swarm
# (opentracker in whitelist mode, aria2c and libtorrent seeders and
# leechers) with no web server at all, inside a network namespace.
. "$(dirname "$0")/lib.sh"
. "$SRCDIR/tests/lib-torrent.sh"

test_require_tool ARIA2 aria2c aria2
test_require_tool OPENTRACKER opentracker opentracker
test_require_tool GPG gpg gpg
test_require_tool GPGV gpgv gpgv
export GNUPGHOME=$TRASH/gnupg

release_conf() { # hybrid
	cat <<-EOF
	version = 3.0
	title = Swarm test
	base_url = http://127.0.0.1:18097/nowhere
	tracker = http://127.0.0.1:$TRACKER/announce
	hybrid = $1
	EOF
}

test_expect_success 'setup: a 6 MB artifact, v1 and hybrid releases' '
	mkdir in && random_bytes 6000000 >in/app.ova &&
	release_conf no >v1.conf && release_conf yes >hybrid.conf &&
	SOURCE_DATE_EPOCH=1700000000 "$APPLIANCE" publish --config v1.conf -o v1 in/app.ova 2>err &&
	SOURCE_DATE_EPOCH=1700000000 "$APPLIANCE" publish --config hybrid.conf -o hy in/app.ova 2>err
'

test_expect_success LIBTORRENT 'hybrid: libtorrent reads it and computes the same v1 and v2 hashes' '
	/usr/bin/python3 - hy/3.0/app.ova.torrent in/app.ova <<-\EOF &&
	import sys, os, libtorrent as lt
	ours = lt.torrent_info(sys.argv[1])
	fs = lt.file_storage()
	lt.add_files(fs, sys.argv[2])
	ct = lt.create_torrent(fs, ours.piece_length())  # libtorrent 2 makes hybrids by default
	lt.set_piece_hashes(ct, os.path.dirname(sys.argv[2]))
	theirs = lt.torrent_info(ct.generate())
	a, b = ours.info_hashes(), theirs.info_hashes()
	assert a.has_v1() and a.has_v2(), "not a hybrid"
	assert str(a.v1) == str(b.v1), (a.v1, b.v1)
	assert str(a.v2) == str(b.v2), (a.v2, b.v2)
	print(a.v1, a.v2)
	EOF
	read -r v1 v2 <<<"$(/usr/bin/python3 -c "import libtorrent as lt; h = lt.torrent_info(\"hy/3.0/app.ova.torrent\").info_hashes(); print(h.v1, h.v2)")" &&
	test_grep "xt=urn:btih:$v1&amp;xt=urn:btmh:1220$v2&amp;dn=app.ova" hy/3.0/index.html
'

test_expect_success LIBTORRENT 'hybrid: libtorrent checks the data by our pieces and piece layers; a flipped byte fails one piece' '
	$LT check hy/3.0/app.ova.torrent in 0 30 >check.out &&
	test_grep "^state .* pieces 367 of 367$" check.out &&
	mkdir bad && cp in/app.ova bad/ &&
	corrupt_byte bad/app.ova 3000000 &&
	test_must_fail $LT check hy/3.0/app.ova.torrent bad 0 30 >bad.out &&
	test_grep "pieces 366 of 367$" bad.out
'

test_expect_success 'v1 is the default: no v2 keys there; the sums are the same either way' '
	! grep -a -q "meta version" v1/3.0/app.ova.torrent &&
	! grep -q btmh v1/3.0/index.html &&
	grep -a -q "12:piece layers" hy/3.0/app.ova.torrent &&
	# the artifacts'"'"' sums; index.json names the torrents'"'"' ids, which differ
	grep -v "  index.json$" v1/3.0/SHA256SUMS >v1sums &&
	grep -v "  index.json$" hy/3.0/SHA256SUMS | test_cmp v1sums -
'

test_expect_success GPG,GPGV 'gpg_key: SHA256SUMS.asc verifies with gpg and gpgv; a changed SUMS does not' '
	mkdir -m 700 gnupg &&
	gpg --batch --passphrase "" --quick-gen-key "Release <rel@example.org>" ed25519 sign never 2>gpg.log &&
	{ cat v1.conf && echo "gpg_key = rel@example.org"; } >signed.conf &&
	"$APPLIANCE" publish --config signed.conf -o signed in/app.ova 2>err &&
	gpg --verify signed/3.0/SHA256SUMS.asc signed/3.0/SHA256SUMS 2>v.log &&
	test_grep "Good signature" v.log &&
	gpg --export rel@example.org >key.gpg &&
	gpgv --keyring "$TRASH/key.gpg" signed/3.0/SHA256SUMS.asc signed/3.0/SHA256SUMS &&
	test_grep "SHA256SUMS.asc" signed/3.0/index.html &&
	test "$(stat -c %a signed/3.0/SHA256SUMS.asc)" = 644 &&
	# the public key beside it, and its full fingerprint on the page
	test_grep "BEGIN PGP PUBLIC KEY BLOCK" signed/3.0/KEYS &&
	fpr=$(gpg --with-colons --fingerprint rel@example.org | awk -F: "\$1 == \"fpr\" {print \$10; exit}") &&
	shown=$(sed -n "s/.*fingerprint <code>\([0-9A-F ]*\)<\/code>.*/\1/p" signed/3.0/index.html) &&
	test "$(echo "$shown" | tr -d " ")" = "$fpr" &&
	"$APPLIANCE" verify --signature signed/3.0/SHA256SUMS.asc --fingerprint "$shown" \
		signed/3.0/SHA256SUMS >v.out 2>&1 &&
	test_grep "good signature by key $fpr" v.out && test_grep "^app.ova: OK$" v.out &&
	gpg --dearmor <signed/3.0/KEYS >keys.gpg &&
	gpgv --keyring "$TRASH/keys.gpg" signed/3.0/SHA256SUMS.asc signed/3.0/SHA256SUMS &&
	corrupt_byte signed/3.0/SHA256SUMS 0 &&
	test_must_fail gpgv --keyring "$TRASH/key.gpg" signed/3.0/SHA256SUMS.asc signed/3.0/SHA256SUMS
'

test_expect_success GPG 'a key gpg does not have: the error names it, no release appears' '
	{ cat v1.conf && echo "gpg_key = nobody@example.org"; } >nokey.conf &&
	test_expect_code 1 "$APPLIANCE" publish --config nokey.conf -o nokey in/app.ova 2>err &&
	test_grep "gpg could not export the public key .nobody@example.org.*gpg --list-secret-keys nobody@example.org" err &&
	! test -e nokey/3.0 && test -z "$(ls -A nokey)"
'

# opentracker in whitelist mode and the clients, in a network namespace
# with only lo and no web server (the web seed is refused), bounded; the
# leecher starts once the seeder is known to the tracker.
test_expect_success NETNS,OPENTRACKER,ARIA2 'swarm: an aria2c seeder and leecher through opentracker, no web server' '
	aria2c -S v1/3.0/app.ova.torrent | sed -n "s/^Info Hash: //p" >whitelist &&
	test_grep "^[0-9a-f]{40}$" whitelist &&
	mkdir -p seed leech && cp in/app.ova seed/ &&
	swarm whitelist "$(aria_cmd seed "--seed-ratio=0 --seed-time=1 --listen-port=16881 --check-integrity=true") v1/3.0/app.ova.torrent >seed.log 2>&1 &
		wait_seeders 1 &&
		$(aria_cmd leech "--seed-time=0 --bt-stop-timeout=40 --listen-port=16882") v1/3.0/app.ova.torrent >leech.log 2>&1" &&
	test_grep "Connection refused" leech.log &&
	(cd leech && grep " app.ova$" ../v1/3.0/MD5SUMS | md5sum -c)
'

test_expect_success NETNS,OPENTRACKER,ARIA2 'opentracker refuses a torrent that is not on its whitelist' '
	echo 0000000000000000000000000000000000000000 >otherlist &&
	mkdir -p leech3 &&
	! swarm otherlist "$(aria_cmd leech3 "--seed-time=0 --bt-stop-timeout=5 --listen-port=16883") v1/3.0/app.ova.torrent >leech3.log 2>&1" &&
	test_grep "not authorized|Requested download is not authorized" leech3.log
'

test_expect_success NETNS,OPENTRACKER,LIBTORRENT 'swarm: a hybrid torrent between libtorrent seeder and leecher' '
	grep -o "btih:[0-9a-f]*" hy/3.0/index.html | head -n1 | cut -c6- >hywhitelist &&
	grep -o "btmh:1220[0-9a-f]*" hy/3.0/index.html | head -n1 | cut -c10-49 >>hywhitelist &&
	mkdir -p hyleech &&
	swarm hywhitelist "$LT seed hy/3.0/app.ova.torrent in 16901 60 >hyseed.log 2>&1 &
		wait_seeders 1 &&
		$LT leech hy/3.0/app.ova.torrent hyleech 16902 30 >hyleech.log 2>&1" &&
	test_grep "^downloaded 6000000 seeding True$" hyleech.log &&
	cmp in/app.ova hyleech/app.ova
'

# The key's agent goes with the trash directory.
gpgconf --kill gpg-agent 2>/dev/null || true
test_done
