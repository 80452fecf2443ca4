#!/bin/sh
# The hvx demo, run in the test VM as /usr/lib/hvx/demo (`make run`).
# tools/hvx-vm has already loaded hvx.ko. It shows hvx's status, runs the
# hello and smp test guests with their consoles on the terminal, then a
# guest that never stops (spin) in the background, to show `hvxctl list`
# and `hvxctl status` while it runs, until its --timeout ends it.
set -u

guests=/usr/lib/hvx/selftests/guests
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

die() {
	echo "demo: $*" >&2
	exit 1
}

# guest NAME EXPECTED_STATUS HVXCTL_RUN_ARGS...: run a test guest
guest() {
	name=$1
	want=$2
	shift 2
	echo "-- hvxctl run $* $guests/$name.img"
	hvxctl run "$@" "$guests/$name.img"
	rc=$?
	[ "$rc" = "$want" ] ||
		die "hvxctl run $name exited with $rc, expected $want (see 'hvxctl help run')"
}

echo "== hvx demo =="
grep -q '^hvx ' /proc/modules || die "hvx.ko is not loaded"
command -v hvxctl >/dev/null 2>&1 || die "hvxctl is not installed"
[ -d /sys/kernel/hvx ] || die "/sys/kernel/hvx does not exist"
echo "-- hvxctl status"
hvxctl status || die "hvxctl status failed"
echo "-- /sys/kernel/hvx"
find /sys/kernel/hvx -type f | sort | while read -r f; do
	printf '%s: %s\n' "${f#/sys/kernel/hvx/}" "$(head -c 200 "$f" 2>/dev/null | tr '\n' ' ')"
done

# Each ends with PSCI SYSTEM_OFF: status 0. The timeout only guards the demo.
guest hello 0 --timeout 60
guest smp 0 --vcpus 4 --timeout 60

echo "-- hvxctl run --vcpus 2 --timeout 6 $guests/spin.img &"
hvxctl run --vcpus 2 --timeout 6 "$guests/spin.img" >"$tmp/spin.out" 2>&1 &
pid=$!
sleep 2
echo "-- hvxctl list (spin running)"
hvxctl list || die "hvxctl list failed"
echo "-- hvxctl status (spin running)"
hvxctl status || die "hvxctl status failed"
wait "$pid"
rc=$?
echo "-- spin's console and hvxctl's last words"
cat "$tmp/spin.out"
# spin never stops by itself: its --timeout ends it, status 124.
[ "$rc" = 124 ] || die "hvxctl run spin exited with $rc, expected 124 (--timeout)"
echo "-- hvxctl list (spin gone)"
hvxctl list || die "hvxctl list failed"
echo "== demo done =="
