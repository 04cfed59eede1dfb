#!/bin/bash
# What is inside an appliance: the package manifest and the SPDX 2.3 SBOM,
# written by make from the built tree's package database (dpkg here, rpm on
# a tree rpm installed from the local RPM repository fixture), checked with
# dpkg-query, rpm and python3-jsonschema against the official SPDX schema;
# appliance diff-release and make diff-release on two manifests.
. "$(dirname "$0")/lib.sh"

test_require_tool DEBOOTSTRAP debootstrap debootstrap
test_require_tool DPKGQUERY dpkg-query dpkg
test_require_tool RPMBUILD rpmbuild rpm
test_require_tool CREATEREPO createrepo_c createrepo-c
if /usr/bin/python3 -c "import jsonschema" 2>/dev/null; then
	test_set_prereq JSONSCHEMA
else
	echo "# SKIP: no python3-jsonschema (Debian package python3-jsonschema)"
fi
test_require_root "root filesystem trees keep owners and device nodes"

SCHEMA=$SRCDIR/tests/fixtures/spdx-2.3.schema.json
m() { make -C "$SRCDIR" --no-print-directory O="$TRASH/o" "$@"; }
R=o/build/debian/rootfs
P=o/out/debian/debian-1.0.packages
S=o/out/debian/debian-1.0.spdx.json

test_expect_success ROOT,DEBOOTSTRAP 'make writes the manifest and the SBOM from the built tree' '
	m "$TRASH/$P" "$TRASH/$S" >out 2>&1 &&
	test_grep "PKGLIST .*debian-1.0.packages" out && test_grep "SPDX .*debian-1.0.spdx.json" out &&
	test -s $P && test -s $S
'

test_expect_success ROOT,DEBOOTSTRAP,DPKGQUERY 'the manifest is what dpkg-query says is installed' '
	dpkg-query --admindir $R/var/lib/dpkg -W -f "\${db:Status-Status} \${Package} \${Version} \${Architecture} \${source:Package} \${source:Version}\n" |
		sed -n "s/^installed //p" | sort >expect &&
	test_grep "^# name version architecture source source-version$" $P &&
	grep -v "^#" $P >actual && sort actual | test_cmp - actual &&
	test_cmp expect actual &&
	test $(wc -l <actual) -gt 50
'

test_expect_success ROOT,DEBOOTSTRAP,JSONSCHEMA 'the SBOM is valid SPDX 2.3, and lists every package and the kernel' '
	"$SRCDIR/tests/fixtures/validate-json" "$SCHEMA" $S &&
	/usr/bin/python3 - $S $P "$KERNEL" >check 2>&1 <<-\PY
	import hashlib, json, sys
	d = json.load(open(sys.argv[1]))
	rows = [l.split() for l in open(sys.argv[2]) if not l.startswith("#")]
	pk = {p["SPDXID"]: p for p in d["packages"]}
	assert d["creationInfo"]["created"].endswith("Z")
	app = pk["SPDXRef-Appliance"]
	assert (app["name"], app["versionInfo"]) == ("debian", "1.0"), app
	k = pk["SPDXRef-Kernel"]
	cfg = open(sys.argv[3].rsplit("/", 1)[0] + "/config", "rb").read()
	assert hashlib.sha256(cfg).hexdigest() in k["sourceInfo"], k
	img = open(sys.argv[3], "rb").read()
	assert k["checksums"][0]["checksumValue"] == hashlib.sha256(img).hexdigest()
	debs = {(p["name"], p["versionInfo"]) for p in d["packages"] if p["SPDXID"].startswith("SPDXRef-Package-deb-")}
	assert debs == {(r[0], r[1]) for r in rows}, "packages differ from the manifest"
	contained = {r["relatedSpdxElement"] for r in d["relationships"] if r["relationshipType"] == "CONTAINS"}
	assert contained == set(pk) - {"SPDXRef-Appliance"}
	purls = [p["externalRefs"][0]["referenceLocator"] for p in d["packages"] if "externalRefs" in p]
	assert all(u.startswith("pkg:deb/debian/") for u in purls), purls[:3]
	lic = {p["name"]: p["licenseDeclared"] for p in d["packages"]}
	assert lic["adduser"] == "GPL-2.0-or-later", lic["adduser"]
	assert lic["base-files"] == "NOASSERTION"  # not a DEP-5 copyright file
	PY
'

test_expect_success ROOT,DEBOOTSTRAP 'the same tree gives the same bytes; the epoch changes only the date' '
	"$APPLIANCE" sbom --format spdx --rootfs $R --kernel-dir o/build/kernel/paravirt-6.1 -o again.json "$SRCDIR/appliances/debian" &&
	cmp $S again.json &&
	"$APPLIANCE" sbom --format spdx --epoch 1 --rootfs $R --kernel-dir o/build/kernel/paravirt-6.1 -o epoch1.json "$SRCDIR/appliances/debian" &&
	test_expect_code 1 diff again.json epoch1.json >diff &&
	grep "^[<>]" diff >d && test $(wc -l <d) = 2 && test_grep "\"created\": \"1970-01-01T00:00:01Z\"" d
'

test_expect_success ROOT,RPMBUILD,CREATEREPO 'an rpm tree: the manifest is what rpm -qa says, the licence is rpm'"'"'s' '
	"$SRCDIR/tests/fixtures/make-rpm-repo" "$TRASH/repo" &&
	mkdir rt && rpm --root "$TRASH/rt" --dbpath /var/lib/rpm --initdb &&
	rpm --root "$TRASH/rt" --dbpath /var/lib/rpm -i --nodeps --ignorearch --ignoreos --noscripts repo/*.rpm 2>/dev/null &&
	"$APPLIANCE" sbom --format packages --rootfs rt -o rt.packages "$SRCDIR/appliances/fedora" &&
	rpm --root "$TRASH/rt" --dbpath /var/lib/rpm -qa --qf "%{NAME} %{VERSION}-%{RELEASE} %{ARCH}\n" | sort >expect &&
	grep -v "^#" rt.packages | cut -d" " -f1-3 >actual && test_cmp expect actual &&
	"$APPLIANCE" sbom --format spdx --epoch 0 --rootfs rt -o rt.json "$SRCDIR/appliances/fedora" &&
	test_grep "\"licenseDeclared\": \"GPL-2.0-only\"" rt.json &&
	test_grep "\"referenceLocator\": \"pkg:rpm/pvtest/pvtest-userland@1.0-1\?arch=i586\"" rt.json
'

test_expect_success ROOT,RPMBUILD,CREATEREPO,JSONSCHEMA 'the rpm SBOM is valid SPDX 2.3' '
	"$SRCDIR/tests/fixtures/validate-json" "$SCHEMA" rt.json
'

test_expect_success 'a tree without a package database: named' '
	mkdir empty &&
	test_must_fail "$APPLIANCE" sbom --format packages --rootfs empty "$SRCDIR/appliances/debian" 2>err &&
	test_grep "empty. has no package database" err &&
	test_expect_code 2 "$APPLIANCE" sbom --format cyclonedx --rootfs empty "$SRCDIR/appliances/debian" 2>err &&
	test_grep "expected packages or spdx" err
'

# Two manifests, written into the trash directory by name (the committed
# new.packages at the root was such a file; tests/run now fails any test
# that changes the work tree).
test_expect_success 'setup: two manifests to compare' '
	cat >"$TRASH/old.packages" <<-\EOF &&
	# name version architecture source source-version
	apt 2.6.1 i386 apt 2.6.1
	gone 1 all gone 1
	libc6 2.36-9 i386 glibc 2.36-9
	tzdata 2024a-0+deb12u1 all tzdata 2024a-0+deb12u1
	EOF
	cat >"$TRASH/new.packages" <<-\EOF
	# name version architecture source source-version
	apt 2.6.1 i386 apt 2.6.1
	libc6 2.36-9+deb12u4 i386 glibc 2.36-9+deb12u4
	new 3 i386 new 3
	tzdata 2023c-5 all tzdata 2023c-5
	EOF
'

test_expect_success 'diff-release: added, removed, upgraded, downgraded, in name order' '
	"$APPLIANCE" diff-release old.packages new.packages >out 2>err &&
	cat >expect <<-\EOF &&
	removed gone all 1
	upgraded libc6 i386 2.36-9 2.36-9+deb12u4
	added new i386 3
	downgraded tzdata all 2024a-0+deb12u1 2023c-5
	EOF
	test_cmp expect out &&
	test_grep "^1 added, 1 removed, 1 upgraded, 1 downgraded \(4 packages, then 4\)$" err &&
	"$APPLIANCE" diff-release old.packages old.packages >same 2>err &&
	! test -s same && test_grep "^0 added, 0 removed" err
'

test_expect_success DPKGQUERY 'diff-release orders versions as dpkg does' '
	"$APPLIANCE" diff-release old.packages new.packages 2>/dev/null |
	while read -r what name arch a b; do
		case $what in
		upgraded) dpkg --compare-versions "$a" lt "$b" ;;
		downgraded) dpkg --compare-versions "$a" gt "$b" ;;
		esac || exit 1
	done
'

test_expect_success 'diff-release: a file that is no manifest is named with its line; exit 1, usage 2' '
	printf "abc  SHA256SUMS\n" >bad.packages &&
	test_expect_code 1 "$APPLIANCE" diff-release old.packages bad.packages 2>err &&
	test_grep "bad.packages:1: expected .name version architecture source source-version., 5 words, not 2" err &&
	test_expect_code 1 "$APPLIANCE" diff-release old.packages missing.packages 2>err &&
	test_grep "missing.packages" err &&
	test_expect_code 2 "$APPLIANCE" diff-release old.packages 2>err
'

test_expect_success 'make diff-release compares two recorded releases; a missing one is named' '
	mkdir -p rec/1.0 rec/1.1 &&
	cp old.packages rec/1.0/debian-1.0.packages && cp new.packages rec/1.1/debian-1.1.packages &&
	m diff-release OLD=1.0 NEW=1.1 RELEASE_RECORD="$TRASH/rec" DEFAULT_APPLIANCES=debian >out 2>err &&
	test_grep "^# debian: 1.0 -> 1.1" out && test_grep "^upgraded libc6 i386 2.36-9 2.36-9\+deb12u4$" out &&
	test_must_fail m diff-release OLD=1.0 NEW=2.0 RELEASE_RECORD="$TRASH/rec" DEFAULT_APPLIANCES=debian >out 2>err &&
	test_grep "no debian-\*.packages in .*rec/2.0" err &&
	test_must_fail m diff-release OLD=1.0 >out 2>err &&
	test_grep "say which releases" err
'

test_done
