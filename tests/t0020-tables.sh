#!/bin/bash
# One source of truth for every list: in a scratch copy of the tree, a
# dummy member added to each table by its "how to add" recipe alone (an
# appliance.conf key, a release.conf key, an output format, a bootstrap
# backend, a disk adapter, a qemu bus) shows up everywhere the tree lists
# that table's members. And make takes every value of appliance.conf and
# release.conf from the C parsers: tabs, indentation, trailing blanks and
# comments give make the values the tool reads.
. "$(dirname "$0")/lib.sh"

# The tree without its build outputs (a build in the source tree may hold
# a root-owned root filesystem).
tar -C "$SRCDIR" --exclude=./build --exclude=./out --exclude=./.git -cf - . | {
	mkdir tree && tar -C tree -xf -
} || exit 1
T=$TRASH/tree
m() { make -C "$T" --no-print-directory "$@"; }
A=$T/build/bin/appliance

test_expect_success 'the recipes: each member added in the files its recipe names' '
	# appliance.conf key: its field (conf/appconf.h) and its row.
	perl -0pi -e "s/(\tbool has_overlay;)/\tchar *dummy_key;\n\$1/" \
		"$T/builder/lib/conf/appconf.h" &&
	perl -0pi -e "s/(\t\{ \.name = NULL \},\n\};\n#undef KEY)/\t{ KEY(\"dummy_key\", CONF_STRING, dummy_key), .parse = conf_parse_text, .def = \"dflt\", .make_var = \"DUMMY_KEY\", .doc = \"A dummy key for the table test.\" },\n\$1/" \
		"$T/builder/lib/conf/appconf.c" &&
	# release.conf key: its field (conf/relconf.h) and its row.
	perl -0pi -e "s/(\tchar \*gpg_key;)/\tchar *dummy_rel;\n\$1/" \
		"$T/builder/lib/conf/relconf.h" &&
	perl -0pi -e "s/(\t\{ \.name = NULL \},\n\};\n#undef KEY)/\t{ KEY(\"dummy_rel\", CONF_STRING, dummy_rel), .parse = conf_parse_text, .make_var = \"DUMMY_REL\", .doc = \"A dummy release key.\" },\n\$1/" \
		"$T/builder/lib/conf/relconf.c" &&
	# bootstrap backend: its row (it reuses dir'"'"'s run function and tool,
	# whose packages deps.mk and tools.c know).
	perl -0pi -e "s/(\n\};\n\nconst size_t bootstrap_backends_nr)/\t{ .name = \"dummyboot\", .run = bootstrap_dir, .tool = \"cp\", .packages = \"coreutils\", .family = BACKEND_IMPORT, .required = { { \"repo\", \" (the tree)\" } }, .guest_os = { \"other26xlinux\" } },\$1/" \
		"$T/builder/lib/rootfs/backends/backends.c" &&
	# disk adapter and qemu bus: their rows.
	perl -0pi -e "s/(\n\};\n\nconst size_t disk_adapters_nr)/\t{ .name = \"dummyadapter\", .vmdk_type = \"ide\", .vmdk_heads = 16, .vmx_prefix = \"ide0\", .vmx_device_type = \"disk\", .hw_version = 4, .ovf_name = \"IDE\", .ovf_resource_type = 5, .qemu_bus = \"dummybus\" },\$1/" \
		"$T/builder/lib/image/adapters.c" &&
	perl -0pi -e "s/(\t\{ \.name = NULL \},\n\};)/\t{ .name = \"dummybus\", .drive_if = \"ide\" },\n\$1/" \
		"$T/builder/lib/image/adapters.c" &&
	# output format: its row, builder/outputs/FORMAT.mk (an existing
	# command makes its file), optional.
	cat >"$T/builder/outputs/dummyfmt.mk" <<-\EOF &&
	OUTPUTS += dummyfmt
	OUTPUT_dummyfmt_FILE = $(OUT)/$(1)/$(1).dummy
	OUTPUT_dummyfmt_DEPS = appliances/$(1)/appliance.conf
	OUTPUT_dummyfmt_CMD = config -o $$@ appliances/$(1)
	OUTPUT_dummyfmt_MSG = DUMMY
	OUTPUT_dummyfmt_PUBLISH = optional
	OUTPUT_dummyfmt_FOR = the table test
	EOF
	# what changed: exactly the files the recipes name
	(cd "$SRCDIR" && find . -path ./build -prune -o -path ./out -prune -o -path ./.git -prune \
		-o -type f -print) | sort >before &&
	(cd "$T" && find . -type f -print) | sort >after &&
	comm -13 before after >added &&
	echo ./builder/outputs/dummyfmt.mk >expect && test_cmp expect added &&
	for f in builder/lib/conf/appconf.h builder/lib/conf/appconf.c builder/lib/conf/relconf.h \
		 builder/lib/conf/relconf.c builder/lib/rootfs/backends/backends.c \
		 builder/lib/image/adapters.c; do
		! cmp -s "$SRCDIR/$f" "$T/$f" || { echo "$f: the edit did not apply"; exit 1; }
	done &&
	nice make -C "$T" --no-print-directory -j2 appliance >build.log 2>&1
'

# An appliance whose file make could misread: tabs around '=', indented
# lines, trailing blanks and tabs, comment lines, '#' and '$' in a value.
mkdir -p "$T/appliances/tabby"
printf '%s\n' '# a comment line' \
	'name	=	tabby' \
	'   title = Tabs $HOME # not a comment   ' \
	'	version=2.5~rc1	 ' \
	'  # an indented comment' \
	'bootstrap =dir' 'repo = /srv/tabby' 'kernel = paravirt-6.1' \
	'disk_size	= 64M' 'dummy_key = x' >"$T/appliances/tabby/appliance.conf"

test_expect_success 'appliance.conf: make and the tool read the same values' '
	"$A" config --kernel-configs "$T/kernel-configs" "$T/appliances/tabby" >tool.mk &&
	test_grep "^APP_tabby_VERSION := 2.5~rc1$" tool.mk &&
	cat >expect <<-\EOF &&
	APP_tabby_TITLE := Tabs $$HOME \# not a comment
	EOF
	grep "^APP_tabby_TITLE" tool.mk >actual && test_cmp expect actual &&
	for v in NAME TITLE VERSION BOOTSTRAP REPO DISK_SIZE DUMMY_KEY; do
		m print-APP_tabby_$v >make.out 2>/dev/null &&
		printf "include tool.mk\nall:\n\t@printf \"%%s\\\\n\" '"'"'\$(APP_tabby_$v)'"'"'\n" >Makefile &&
		make -s >tool.out && test_cmp tool.out make.out || exit 1
	done &&
	m print-APP_tabby_TITLE >title && echo "Tabs \$HOME # not a comment" >expect &&
	test_cmp expect title &&
	m print-APP_tabby_VERSION >version && echo 2.5~rc1 >expect && test_cmp expect version &&
	{ m -n tabby >plan 2>&1 || :; } && test_grep "/tabby-2\.5~rc1\.zip" plan
'

test_expect_success 'release.conf: make and the tool read the same values' '
	printf "%s\n" "  # the release" "version	=	3.1 " "	title = T # t" \
		"base_url =https://example.org/r	" "formats =	img  dummyfmt" \
		"  sources = best-effort" >rel.conf &&
	"$A" release-config --optional-formats "$(m print-OPTIONAL_FORMATS)" rel.conf >tool.mk &&
	for v in VERSION TITLE BASE_URL FORMATS SOURCES; do
		m print-REL_$v RELEASE_CONF="$TRASH/rel.conf" >make.out 2>/dev/null &&
		printf "include tool.mk\nall:\n\t@printf \"%%s\\\\n\" '"'"'\$(REL_$v)'"'"'\n" >Makefile &&
		make -s >tool.out && test_cmp tool.out make.out || exit 1
	done &&
	m print-REL_VERSION RELEASE_CONF="$TRASH/rel.conf" >v && echo 3.1 >expect && test_cmp expect v &&
	m print-RELEASE_FILES RELEASE_CONF="$TRASH/rel.conf" >files &&
	test_grep "/debian\.img\.xz( |$)" files && test_grep "/debian\.dummy( |$)" files &&
	test_grep "/debian-1.0-sources.tar" files
'

test_expect_success 'the dummy appliance.conf key: --help, --keys, unknown key, make' '
	"$A" config --help >help && test_grep "^  dummy_key +A dummy key for the table test\. Default: dflt\.$" help &&
	"$A" config --keys >keys &&
	test_grep "^dummy_key	no	dflt	APP_<name>_DUMMY_KEY	-	A dummy key for the table test\.$" keys &&
	mkdir -p bad && printf "colour = red\n" >bad/appliance.conf &&
	test_must_fail "$A" config bad 2>err &&
	test_grep "unknown key .colour.; known: .*, app_url, dummy_key$" err &&
	m print-APP_debian_DUMMY_KEY >v && echo dflt >expect && test_cmp expect v
'

test_expect_success 'the dummy release.conf key: --help, --keys, unknown key, make' '
	"$A" release-config --help >help && test_grep "^  dummy_rel +A dummy release key\.$" help &&
	"$A" publish --help >help && test_grep "^  dummy_rel " help &&
	"$A" release-config --keys >keys && test_grep "^dummy_rel	no	-	REL_DUMMY_REL	" keys &&
	printf "version = 1\ntitle = t\nbase_url = http://x/y\ncolour = red\n" >bad.conf &&
	test_must_fail "$A" release-config bad.conf 2>err &&
	test_grep "unknown key .colour.; known: .*, sources, dummy_rel$" err &&
	printf "version = 1\ntitle = t\nbase_url = http://x/y\ndummy_rel = z\n" >good.conf &&
	m print-REL_DUMMY_REL RELEASE_CONF="$TRASH/good.conf" >v && echo z >expect && test_cmp expect v
'

test_expect_success 'the dummy output format: make help, make formats, the optional list' '
	m help >help && test_grep "^  dummyfmt +optional +the table test$" help &&
	m formats >formats && test_grep "^dummyfmt +publish=optional +the table test$" formats &&
	m print-OPTIONAL_FORMATS >opt && test_grep "(^| )dummyfmt( |$)" opt &&
	printf "version = 1\ntitle = t\nbase_url = http://x/y\nformats = vhd\n" >vhd.conf &&
	test_must_fail "$A" release-config --optional-formats "$(cat opt)" vhd.conf 2>err &&
	test_grep "known: .*dummyfmt" err
'

test_expect_success 'the dummy backend: --help, the error, loading, make' '
	"$A" config --help >help && test_grep "dummyboot" help &&
	mkdir -p nob && printf "name = nob\nbootstrap = yum\n" >nob/appliance.conf &&
	test_must_fail "$A" config nob 2>err && test_grep "expected .*, dir or dummyboot$" err &&
	sed -i "s/^bootstrap =dir$/bootstrap = dummyboot/" "$T/appliances/tabby/appliance.conf" &&
	m print-APP_tabby_BOOTSTRAP >v && echo dummyboot >expect && test_cmp expect v
'

test_expect_success 'the dummy adapter and bus: --help, the error, make, boot-test' '
	"$A" config --help >help && test_grep "dummyadapter" help &&
	echo "disk_adapter = nvme" >>"$T/appliances/tabby/appliance.conf" &&
	test_must_fail "$A" config "$T/appliances/tabby" 2>err &&
	test_grep "expected one of ide, .*, dummyadapter$" err &&
	sed -i "s/^disk_adapter = nvme$/disk_adapter = dummyadapter/" "$T/appliances/tabby/appliance.conf" &&
	m print-APP_tabby_BOOT_BUS >v && echo dummybus >expect && test_cmp expect v &&
	"$A" boot-test --help >help && test_grep "ahci.virtio.dummybus" help &&
	test_expect_code 2 "$A" boot-test --bus nvme x.vmdk 2>err && test_grep "virtio or dummybus" err
'

test_done
