#!/bin/bash
# appliance verify --signature: a release's SHA256SUMS.asc checked in one
# step with gpgv, against a key the user names (a file, and or a full
# fingerprint), in a keyring made for the check alone; then the sums. A
# good signature, a tampered SHA256SUMS, another key's signature, a
# truncated .asc, a wrong or short fingerprint, a key file without a key.
. "$(dirname "$0")/lib.sh"

test_require_tool GPG gpg gpg
test_require_tool GPGV gpgv gpgv

export GNUPGHOME=$TRASH/gnupg
verify() { "$APPLIANCE" verify "$@"; }
fpr() { gpg --with-colons --fingerprint "$1" | awk -F: '$1 == "fpr" {print $10; exit}'; }

test_expect_success GPG,GPGV 'setup: a release key, another key, a signed release' '
	mkdir -m 700 gnupg &&
	gpg --batch --passphrase "" --quick-gen-key "Release <rel@example.org>" ed25519 sign never 2>gpg.log &&
	gpg --batch --passphrase "" --quick-gen-key "Mallory <m@example.org>" ed25519 sign never 2>>gpg.log &&
	gpg --armor --export rel@example.org >rel.asc &&
	gpg --armor --export m@example.org >other.asc &&
	mkdir in && random_bytes 200000 >in/app.ova &&
	printf "version = 5.0\ntitle = T\nbase_url = http://127.0.0.1/r\ngpg_key = rel@example.org\n" >rel.conf &&
	"$APPLIANCE" publish --config rel.conf -o pub in/app.ova 2>err &&
	test -s pub/5.0/SHA256SUMS.asc &&
	sha256sum gnupg/pubring.kbx >keyring.before
'

R=pub/5.0

test_expect_success GPG,GPGV 'a good signature by the given key, then the sums' '
	verify --signature $R/SHA256SUMS.asc --key rel.asc $R/SHA256SUMS >out 2>err &&
	test_grep "^$R/SHA256SUMS: good signature by key $(fpr rel@example.org)$" out &&
	test_grep "^app.ova: OK$" out
'

test_expect_success GPG,GPGV 'the full fingerprint, as a page prints it (groups, any case), with the key file' '
	f=$(fpr rel@example.org) &&
	spaced=$(echo "$f" | sed "s/..../& /g" | tr A-F a-f) &&
	verify --signature $R/SHA256SUMS.asc --key rel.asc --fingerprint "$spaced" $R/SHA256SUMS >out 2>err &&
	test_grep "good signature" out
'

test_expect_success GPG,GPGV 'the release'"'"'s KEYS beside the signature, with the fingerprint' '
	cp rel.asc $R/KEYS &&
	verify --signature $R/SHA256SUMS.asc --fingerprint "$(fpr rel@example.org)" $R/SHA256SUMS >out 2>err &&
	test_grep "good signature" out &&
	# KEYS alone proves nothing: a fingerprint is required with it
	test_expect_code 2 verify --signature $R/SHA256SUMS.asc $R/SHA256SUMS 2>err &&
	test_grep "needs --key KEYFILE .* or --fingerprint FPR" err &&
	rm $R/KEYS
'

test_expect_success GPG,GPGV 'another fingerprint: refused, naming both; a key ID is not enough' '
	test_expect_code 1 verify --signature $R/SHA256SUMS.asc --key rel.asc \
		--fingerprint "$(fpr m@example.org)" $R/SHA256SUMS >out 2>err &&
	test_grep "good signature, but by key $(fpr rel@example.org), not by $(fpr m@example.org)" err &&
	! test_grep "OK" out &&
	test_expect_code 1 verify --signature $R/SHA256SUMS.asc --key rel.asc \
		--fingerprint "$(fpr rel@example.org | cut -c25-)" $R/SHA256SUMS 2>err &&
	test_grep "full fingerprint .*not a key ID" err
'

test_expect_success GPG,GPGV 'a tampered SHA256SUMS: BAD signature, the sums not checked' '
	cp -r $R tampered &&
	corrupt_byte tampered/SHA256SUMS 0 &&
	test_expect_code 1 verify --signature tampered/SHA256SUMS.asc --key rel.asc tampered/SHA256SUMS >out 2>err &&
	test_grep "BAD signature: .tampered/SHA256SUMS. does not match" err &&
	! test -s out
'

test_expect_success GPG,GPGV 'a signature by another key than the one given' '
	gpg --batch --yes --local-user m@example.org --armor --detach-sign -o mallory.asc $R/SHA256SUMS &&
	test_expect_code 1 verify --signature mallory.asc --key rel.asc $R/SHA256SUMS >out 2>err &&
	test_grep "was made by key [0-9A-F]{16}, which is not in .rel.asc." err &&
	! test -s out
'

test_expect_success GPG,GPGV 'a truncated or missing signature, a key file without a key' '
	head -c 100 $R/SHA256SUMS.asc >short.asc &&
	test_expect_code 1 verify --signature short.asc --key rel.asc $R/SHA256SUMS 2>err &&
	test_grep "is not an OpenPGP signature gpgv can read" err &&
	test_expect_code 1 verify --signature nowhere.asc --key rel.asc $R/SHA256SUMS 2>err &&
	test_grep "cannot read the signature .nowhere.asc.: No such file" err &&
	echo "not a key" >nokey.asc &&
	test_expect_code 1 verify --signature $R/SHA256SUMS.asc --key nokey.asc $R/SHA256SUMS 2>err &&
	test_grep "nokey.asc. holds no OpenPGP public key" err &&
	test_expect_code 2 verify --key rel.asc $R/SHA256SUMS 2>err &&
	test_grep "go with --signature" err
'

test_expect_success GPG,GPGV 'the user'"'"'s keyring is neither read nor changed' '
	sha256sum gnupg/pubring.kbx >keyring.after &&
	test_cmp keyring.before keyring.after &&
	# with an empty GNUPGHOME the check works the same: it never looks there
	mkdir -m 700 empty &&
	GNUPGHOME=$TRASH/empty verify --signature $R/SHA256SUMS.asc --key rel.asc $R/SHA256SUMS >out 2>err &&
	test_grep "good signature" out &&
	test -z "$(ls -A empty)"
'

gpgconf --kill gpg-agent 2>/dev/null || true
test_done
