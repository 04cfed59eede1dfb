# tests/lib-torrent.sh: what the download tests share (git's t/lib-httpd.sh
# is the model). Source it after lib.sh.
#
#   prerequisites LIBTORRENT (python3-libtorrent for /usr/bin/python3) and
#   NETNS (root and unshare -n), each skipped loudly when missing
#   $LT                       tests/fixtures/lt-client.py (check, seed, leech)
#   aria_cmd DIR [FLAGS]      an aria2c command line that stays on loopback
#   in_netns SECS SCRIPT      run SCRIPT in a new network namespace holding
#                             only lo, bounded by SECS
#   swarm WHITELIST SCRIPT    the same with opentracker on 127.0.0.1:$TRACKER
#                             (whitelist mode); SCRIPT may call
#                             wait_seeders N: until the tracker has N seeds;
#                             what SCRIPT left running is stopped at its end
#
# Inside a namespace of our own nothing else listens, so ports there are
# fixed; a port outside one comes from free_ports.

if /usr/bin/python3 -c "import libtorrent" 2>/dev/null; then
	test_set_prereq LIBTORRENT
else
	echo "# SKIP: /usr/bin/python3 has no libtorrent (Debian package python3-libtorrent)"
fi
if [[ $EUID == 0 ]] && unshare -n true 2>/dev/null; then
	test_set_prereq NETNS
else
	echo "# SKIP: cannot make a network namespace (unshare -n): the download tests need one"
fi

LT="/usr/bin/python3 $SRCDIR/tests/fixtures/lt-client.py"
TRACKER=16969

aria_cmd() { # DIR [FLAGS]
	echo "aria2c --no-conf --enable-dht=false --enable-dht6=false --bt-enable-lpd=false \
		--enable-peer-exchange=false --disable-ipv6=true --summary-interval=0 \
		--console-log-level=notice --dir=$1 ${2:-}"
}

# Servers in the namespace run as root and drop to nobody: the trash
# directory (0700 from mktemp) must be readable to them.
in_netns() { # SECS SCRIPT
	chmod 755 "$TRASH" &&
	timeout "$1" unshare -n bash -c "ip link set lo up
		$2"
}

# The tracker's /stats?mode=peer answers "PEERS\nSEEDS\n...".
swarm() { # WHITELIST SCRIPT
	in_netns 180 "
		up() { curl -s -m 1 -o /dev/null http://127.0.0.1:$TRACKER/stats; }
		seeds() { curl -s -m 1 'http://127.0.0.1:$TRACKER/stats?mode=peer' | sed -n 2p; }
		wait_seeders() {
			for i in \$(seq 600); do
				test \"\$(seeds)\" -ge \"\$1\" 2>/dev/null && return 0
				sleep 0.1
			done
			echo 'swarm: no seeder reached the tracker in 60 s' >&2
			return 1
		}
		opentracker -i 127.0.0.1 -p $TRACKER -P $TRACKER -d $TRASH -w $1 -A 127.0.0.1 &
		ot=\$!
		for i in \$(seq 100); do up && break; sleep 0.1; done
		$2
		rc=\$?
		kill \$(jobs -p) 2>/dev/null
		wait
		exit \$rc"
}
