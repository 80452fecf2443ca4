#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The test VM's side of the text UI's test
# (tools/hvxctl/test/test-tui-vm.py, which boots the VM with its serial
# console on its own stdin and stdout, and is the terminal): starts two
# console guests (guests/tui-echo.img, tags alpha and beta) with hvxctl
# run, then runs `hvxctl tui` on the serial line three times: as it
# starts (the terminal answers its probes), with --ascii, and as it
# starts again (the terminal then answers nothing). Each run begins after
# a line "TUI-RUN N" and ends with "TUI-END N rc=STATUS"; the test quits
# each one with its keys. Exits 0 if every run did.
#
# hvxctl run relays its VM's console to its stdout: here stdout is a full
# pipe (lib/stuck-stdout), so the relay blocks at once and the UI gets the
# console's output; the guests print their first line at boot, the rest
# only when asked. Those VMMs never end by themselves then: they are
# killed (a guest that powered off, and all at the end).
#
#   sh tui-vm.sh
set -u

here=$(dirname "$0")
guests=$here/../guests
tty=/dev/ttyAMA0
status=0
pids=""

# kernel messages would land in the middle of the UI's drawing
dmesg -n 1

name_opt() {
	# VM names, where hvxctl run has them
	if hvxctl run --help 2>&1 | grep -q -- '--name'; then
		echo "--name $1"
	fi
}

# A guest that said bye (a LOG call, then SYSTEM_OFF) has ended, but its
# hvxctl run waits for its relay, stuck on purpose: killed, which ends
# the VM as a crashed VMM would.
reaper() {
	while :; do
		for d in /sys/kernel/hvx/vms/vm*; do
			logs=$(cat "$d/guest_logs" 2>/dev/null) || continue
			[ "$logs" = 0 ] || kill -9 "$(cat "$d/pid")" 2>/dev/null
		done
		sleep 1
	done
}
reaper &
reaper_pid=$!

for tag in alpha beta; do
	# shellcheck disable=SC2046 # (the option and its value: two words)
	"$here/stuck-stdout" hvxctl run $(name_opt $tag) --timeout 600 \
		--append "hvx-echo-tag=$tag" "$guests/tui-echo.img" \
		</dev/null 2>"/tmp/tui-$tag.err" &
	pids="$pids $!"
	# the handles in order: alpha's is the lower
	sleep 1
done
# the relays have taken the first line and are stuck
sleep 2

for run in 1 2 3; do
	args=""
	[ $run = 2 ] && args=--ascii
	echo "TUI-RUN $run"
	# shellcheck disable=SC2086 # (no argument, or one)
	hvxctl tui --tty $tty $args 2>"/tmp/tui-$run.err"
	rc=$?
	stty -F $tty sane 2>/dev/null
	echo "TUI-END $run rc=$rc"
	[ $rc = 0 ] || status=1
	[ -s "/tmp/tui-$run.err" ] && sed "s/^/tui-$run stderr: /" "/tmp/tui-$run.err"
done

# The guests' VMMs cannot end by themselves (their relays are stuck):
# killed, which destroys their VMs.
kill "$reaper_pid"
for d in /sys/kernel/hvx/vms/vm*; do
	pid=$(cat "$d/pid" 2>/dev/null) && kill -9 "$pid"
done
# shellcheck disable=SC2086 # (the list of PIDs)
wait $pids
for tag in alpha beta; do
	[ -s "/tmp/tui-$tag.err" ] && sed "s/^/hvxctl run $tag: /" "/tmp/tui-$tag.err"
done
exit $status
