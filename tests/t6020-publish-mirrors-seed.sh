#!/bin/bash
# Load spread over mirrors and the swarm: release.conf's mirror lines reach
# the torrents (web seeds), the metalinks (URLs), the magnets (ws=) and the
# page; two nginx mirrors on loopback, one stopped in the middle of a
# download, and aria2c with the metalink still completes and verifies; then
# `make seed` (builder/scripts/seed-release) seeds a published release to a
# leecher through opentracker with no web server. All inside unshare -n.
. "$(dirname "$0")/lib.sh"
. "$SRCDIR/tests/lib-torrent.sh"

test_require_tool ARIA2 aria2c aria2
test_require_tool NGINX nginx nginx-light
test_require_tool CURL curl curl
test_require_tool XMLLINT xmllint libxml2-utils
test_require_tool OPENTRACKER opentracker opentracker
A=18111 B=18112
SEED="$SRCDIR/builder/scripts/seed-release"

test_expect_success 'setup: a release with two mirrors' '
	cat >release.conf <<-EOF &&
	version = 4.0
	title = Mirror test
	base_url = http://127.0.0.1:$A/rel
	mirror = http://127.0.0.2:$B/copy
	tracker = http://127.0.0.1:$TRACKER/announce
	EOF
	mkdir in && random_bytes 8000000 >in/app.ova &&
	SOURCE_DATE_EPOCH=1700000000 "$APPLIANCE" publish --config release.conf -o out in/app.ova 2>err
'

test_expect_success ARIA2,XMLLINT 'every download file names both copies, base_url first' '
	xmllint --noout out/4.0/app.ova.meta4 &&
	grep -o "<url[^>]*>[^<]*</url>" out/4.0/app.ova.meta4 >urls &&
	test "$(wc -l <urls)" = 2 &&
	head -n1 urls | grep -q "http://127.0.0.1:$A/rel/4.0/app.ova<" &&
	tail -n1 urls | grep -q "http://127.0.0.2:$B/copy/4.0/app.ova<" &&
	aria2c -S out/4.0/app.ova.torrent >show &&
	test_grep "http://127.0.0.1:$A/rel/4.0/" show &&
	test_grep "http://127.0.0.2:$B/copy/4.0/" show &&
	test_grep "ws=http%3A%2F%2F127.0.0.1%3A$A%2Frel%2F4.0%2Fapp.ova&amp;ws=http%3A%2F%2F127.0.0.2%3A$B%2Fcopy%2F4.0%2Fapp.ova" \
		out/4.0/index.html &&
	test_grep "http://127.0.0.2:$B/copy/4.0/" out/4.0/index.html
'

test_expect_success 'a mirrorless release is unchanged by the feature; a bad mirror line is named' '
	grep -v "^mirror" release.conf >plain.conf &&
	SOURCE_DATE_EPOCH=1700000000 "$APPLIANCE" publish --config plain.conf -o plain in/app.ova 2>err &&
	! grep -q "$B" plain/4.0/app.ova.torrent plain/4.0/app.ova.meta4 plain/4.0/index.html &&
	grep -v "  index.json$" out/4.0/SHA256SUMS >withmirrors &&
	grep -v "  index.json$" plain/4.0/SHA256SUMS | test_cmp withmirrors - &&
	{ cat release.conf && echo "mirror = http://127.0.0.2:$B/copy"; } >dup.conf &&
	test_expect_code 1 "$APPLIANCE" publish --config dup.conf -o dup in/app.ova 2>err &&
	test_grep "dup.conf:6: error: .*list each copy once" err &&
	! test -e dup/4.0
'

# Two nginx, each its own prefix, config and pid, rate-limited so that a
# download takes a few seconds; only lo in the namespace. The mirrors sit on
# two addresses as real mirrors sit on two hosts: aria2c counts a refused
# connection against the host, so a second port on the same address would
# never be tried.
nginx_conf() { # name address:port location
	mkdir -p "$1/tmp"
	cat >"$1/nginx.conf" <<-EOF
	daemon off;
	worker_processes 1;
	pid $TRASH/$1/nginx.pid;
	error_log stderr;
	events { worker_connections 64; }
	http {
		access_log $TRASH/$1/access.log;
		client_body_temp_path $TRASH/$1/tmp; proxy_temp_path $TRASH/$1/tmp;
		fastcgi_temp_path $TRASH/$1/tmp; uwsgi_temp_path $TRASH/$1/tmp; scgi_temp_path $TRASH/$1/tmp;
		server {
			listen $2;
			limit_rate 1m;
			location /$3/ { alias $TRASH/www/; }
		}
	}
	EOF
}

test_expect_success NETNS,NGINX,ARIA2,CURL 'one mirror stops in the middle: aria2c finishes from the other, md5sum -c passes' '
	mkdir www && cp -r out/4.0 www/4.0 && chmod 755 "$TRASH" && chmod -R a+rX www &&
	nginx_conf ma 127.0.0.1:$A rel && nginx_conf mb 127.0.0.2:$B copy &&
	mkdir dl &&
	timeout 120 unshare -n bash -c "ip link set lo up
		nginx -p $TRASH/ma -c $TRASH/ma/nginx.conf -e stderr 2>ma.err &
		nginx -p $TRASH/mb -c $TRASH/mb/nginx.conf -e stderr 2>mb.err &
		for p in 127.0.0.1:$A 127.0.0.2:$B; do
			for i in \$(seq 50); do curl -s -o /dev/null http://\$p/ && break; sleep 0.1; done
		done
		aria2c --no-conf --enable-dht=false --bt-enable-lpd=false --disable-ipv6=true \
			--follow-torrent=false --split=2 --min-split-size=1M --max-connection-per-server=1 \
			--retry-wait=1 --max-tries=3 --seed-time=0 --summary-interval=0 --console-log-level=notice \
			--dir=dl -M www/4.0/app.ova.meta4 >aria.log 2>&1 &
		aria=\$!
		# stop A once it has sent half a megabyte of its 4 MB half
		acked() { ss -Htni state established \"( sport = :$A )\" |
			grep -o \"bytes_acked:[0-9]*\" | cut -d: -f2 | awk \"{s += \\\$1} END {print s + 0}\"; }
		for i in \$(seq 600); do test \$(acked) -gt 500000 && break; sleep 0.1; done
		kill \$(cat ma/nginx.pid)
		wait \$aria
		rc=\$?
		kill \$(cat mb/nginx.pid) 2>/dev/null
		exit \$rc" &&
	# A went away mid-file; B was asked only for the rest (206, fewer bytes)
	test_grep "Download aborted. URI=http://127.0.0.1:$A/rel/4.0/app.ova" aria.log &&
	sed -n "s|.*\"GET /copy/4.0/app.ova HTTP/1.1\" 206 \([0-9]*\) .*|\1|p" mb/access.log >from-b &&
	test -s from-b && test "$(awk "{s += \$1} END {print s}" from-b)" -lt 8000000 &&
	(cd dl && grep " app.ova$" ../out/4.0/MD5SUMS | md5sum -c) &&
	"$APPLIANCE" verify --metalink out/4.0/app.ova.meta4 dl/app.ova
'

test_expect_success 'seed-release: usage errors are named; --dry-run shows the aria2c line' '
	test_expect_code 2 "$SEED" 2>err && test_grep "which release" err &&
	test_expect_code 2 "$SEED" --port 99999 out/4.0 2>err && test_grep "port .99999." err &&
	test_expect_code 2 "$SEED" --seed-time soon out/4.0 2>err && test_grep "seed-time .soon." err &&
	test_expect_code 1 "$SEED" nowhere 2>err && test_grep "make publish" err &&
	"$SEED" --help >help && test_grep "^usage: seed-release" help &&
	"$SEED" --dry-run --address 127.0.0.1 --port 16991 --seed-time 1 out/4.0 >line &&
	test_grep "--check-integrity=true" line &&
	test_grep "--interface=127.0.0.1" line &&
	test_grep "--listen-port=16991" line &&
	test_grep "out/4.0/app.ova.torrent" line
'

test_expect_success 'make seed: a release that was never published is a clear error' '
	printf "version = 9.9\ntitle = t\nbase_url = http://x/\n" >never.conf &&
	test_expect_code 2 make -C "$SRCDIR" --no-print-directory O="$TRASH/o" \
		RELEASE_CONF="$TRASH/never.conf" seed >make.out 2>err &&
	test_grep "no release directory .*9.9. \\(run make publish first\\)" err
'

test_expect_success NETNS,OPENTRACKER,ARIA2 'seed-release seeds the release to a leecher through opentracker, no web server' '
	aria2c -S out/4.0/app.ova.torrent | sed -n "s/^Info Hash: //p" >whitelist &&
	mkdir leech && chmod -R a+rX out &&
	swarm whitelist "$SEED --address 127.0.0.1 --port 16993 --seed-time 1 out/4.0 >seed.log 2>&1 &
		wait_seeders 1 &&
		$(aria_cmd leech "--seed-time=0 --bt-stop-timeout=40 --listen-port=16994") \
			out/4.0/app.ova.torrent >leech.log 2>&1" &&
	test_grep "seeding 1 torrents from out/4.0 on 127.0.0.1:16993" seed.log &&
	(cd leech && grep " app.ova$" ../out/4.0/MD5SUMS | md5sum -c)
'

test_done
