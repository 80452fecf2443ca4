#!/bin/sh
# The hvx demo, run in the test VM as /usr/lib/hvx/demo (`make run`).
# tools/hvx-vm has already loaded hvx.ko. It shows hvx's status, runs the
# hello and smp test guests with their consoles on the terminal, then a
# guest that never stops (spin) in the background, to show `hvxctl list`
# and `hvxctl status` while it runs, until its --timeout ends it. Last, a
# Linux guest (the test kernel and the busybox initramfs of
# tools/linux-guest, in /usr/lib/hvx/linux) boots on 2 vCPUs to its shell
# prompt, where the demo types a command and then `poweroff`.
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

ptyrun=/usr/lib/hvx/selftests/lib/ptyrun
echo "-- hvxctl run --name demo-echo --detach --append hvx-echo-tag=demo $guests/echo.img"
name=$(hvxctl run --name demo-echo --detach --append hvx-echo-tag=demo "$guests/echo.img") ||
	die "hvxctl run --detach failed"
echo "$name runs in the background"
echo "-- hvxctl list"
hvxctl list || die "hvxctl list failed"
echo "-- hvxctl console demo-echo (the demo types 'hello, hvx' and then Ctrl-] to detach)"
"$ptyrun" -t 60 -e "tag demo" -s 'hello, hvx\r' -e "hello, hvx" -s '\x1d' -e detached \
	-- hvxctl console demo-echo || die "hvxctl console failed"
echo
echo "-- hvxctl stats demo-echo"
hvxctl stats demo-echo || die "hvxctl stats failed"
echo "-- hvxctl stop demo-echo"
hvxctl stop demo-echo || die "hvxctl stop failed"
echo "-- hvxctl list (demo-echo gone)"
hvxctl list || die "hvxctl list failed"

linux=/usr/lib/hvx/linux
cr=$(printf '\r')
[ -f "$linux/Image" ] && [ -f "$linux/initramfs.cpio" ] ||
	die "no Linux guest in $linux (make tools builds it)"
echo "-- hvxctl run --kernel $linux/Image --initrd $linux/initramfs.cpio --vcpus 2 --mem 128"
echo "   (the demo types at the guest's prompt: hvxctl's stdin is the guest's console)"
# fd 3 holds the FIFO that is hvxctl's stdin open; what the demo types
# goes there once the guest's output says it is time
mkfifo "$tmp/linux.in"
exec 3<>"$tmp/linux.in"
{
	hvxctl run --kernel "$linux/Image" --initrd "$linux/initramfs.cpio" \
		--vcpus 2 --mem 128 --timeout 300 --append "console=ttyAMA0" \
		<"$tmp/linux.in"
	echo $? >"$tmp/linux.rc"
} | while IFS= read -r line; do
	line=${line%"$cr"}
	printf '%s\n' "$line"
	case "$line" in
	"HVX-LINUX: shell")
		echo 'uname -a; grep -E "CPU|arch_timer|IPI[01]" /proc/interrupts; echo demo-done-$((6*7))' >&3 ;;
	demo-done-42)
		echo poweroff >&3 ;;
	esac
done
exec 3>&-
rc=$(cat "$tmp/linux.rc")
# poweroff in the guest: PSCI SYSTEM_OFF, status 0
[ "$rc" = 0 ] || die "hvxctl run (Linux) exited with $rc, expected 0 (see 'hvxctl help run')"
echo "== demo done =="
