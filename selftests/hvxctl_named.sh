#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Named VMs that outlive the terminal: 'hvxctl run --name --detach' of two
# echo guests (each prints its own tag), 'hvxctl list' and 'stats' with
# names and states, each console showing only its own VM, input reaching
# the guest that echoes it through 'hvxctl console' on a pseudo-terminal
# (lib/ptyrun), detach and re-attach, a second attach refused, 'hvxctl
# stop' from another process (of a detached VM, of a foreground one, of
# one whose console is attached: the attach ends with a message), another
# user refused, unknown names and bad ones.
# Needs hvx loaded and root; TAP output.
. "$(dirname "$0")/lib/tap.sh"

tmp=/tmp/hvxctl_named.$$
mkdir -p "$tmp"
out=$tmp/out
err=$tmp/err
echo_img=$(dirname "$0")/guests/echo.img
PTYRUN=$SELFTESTS_LIB/ptyrun
A=named-a$$
B=named-b$$
FG=named-fg$$

cleanup() {
	for n in "$A" "$B" "$FG"; do
		hvxctl stop --timeout 5 "$n" >/dev/null 2>&1
	done
	chmod 600 /dev/hvx 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

run() {
	"$@" >"$out" 2>"$err"
	rc=$?
}

expect_rc() {
	[ "$rc" = "$1" ] || tap_fail "exit status $rc, expected $1; stderr: $(head -c 400 "$err")"
}

# dir_of NAME: the sysfs folder of the VM named NAME, or nothing.
dir_of() {
	for d in "$HVX_SYSFS"/vms/vm*; do
		[ "$(cat "$d/name" 2>/dev/null)" = "$1" ] && echo "$d" && return
	done
}

# wait_for FILE TEXT: until FILE holds TEXT (10 s at most).
wait_for() {
	for _ in $(seq 100); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# replay TTY FILE: what opening /dev/TTY shows within a second.
replay() {
	timeout 1 cat "/dev/$1" >"$2" 2>/dev/null
}

if ! hvx_loaded; then
	tap_diag "hvx was not loaded; loading it first"
	insmod "$HVX_KO" || tap_diag "insmod $HVX_KO failed"
fi

tap_begin "run --name --detach: two echo guests in the background, each named"
run hvxctl run --name "$A" --detach --append hvx-echo-tag=alpha-$$ "$echo_img"
expect_rc 0
[ "$(cat "$out")" = "$A" ] || tap_fail "stdout: '$(cat "$out")', expected the name $A"
run hvxctl run --name "$B" --detach --append hvx-echo-tag=bravo-$$ "$echo_img"
expect_rc 0
[ "$(cat "$out")" = "$B" ] || tap_fail "stdout: '$(cat "$out")', expected the name $B"
da=$(dir_of "$A")
db=$(dir_of "$B")
[ -n "$da" ] && [ -n "$db" ] || tap_fail "no sysfs folder named $A / $B"
for d in $da $db; do
	s=$(cat "$d/state")
	[ "$s" = running ] || tap_fail "$d: state '$s', expected running (detached only once it runs)"
	# The VMM runs on in the background, not as a child of this shell.
	kill -0 "$(cat "$d/pid")" 2>/dev/null || tap_fail "$d: its VMM (pid $(cat "$d/pid")) is gone"
done
tap_end

tap_begin "run --name: a name in use and bad names are refused"
run hvxctl run --name "$A" --detach "$echo_img"
expect_rc 1
grep -q "named '$A' runs already" "$err" || tap_fail "stderr: $(cat "$err")"
for bad in 1vm "a b" "a/b" "" "$(printf 'x%.0s' $(seq 32))"; do
	run hvxctl run --name "$bad" --detach "$echo_img"
	expect_rc 2
done
tap_end

tap_begin "list: names and states, as a table and as JSON"
run hvxctl list
expect_rc 0
for n in "$A" "$B"; do
	h=$(basename "$(dir_of "$n")"); h=${h#vm}
	awk -v h="$h" -v n="$n" '$1 == h && $2 == n && $3 == "running"' "$out" | grep -q . ||
		tap_fail "no row '$h $n running': $(cat "$out")"
done
run hvxctl list --json
expect_rc 0
i=0
found=0
while [ "$i" -lt "$("$JSONQ" -l "$out" .vms)" ]; do
	n=$("$JSONQ" "$out" ".vms[$i].name")
	if [ "$n" = "$A" ] || [ "$n" = "$B" ]; then
		found=$((found + 1))
		[ "$("$JSONQ" "$out" ".vms[$i].state")" = running ] || tap_fail "vms[$i].state"
	fi
	i=$((i + 1))
done
[ "$found" = 2 ] || tap_fail "$found of the two names in list --json: $(cat "$out")"
tap_end

tap_begin "each console shows only its own VM's output"
ta=$(cat "$da/console")
tb=$(cat "$db/console")
[ -n "$ta" ] && [ "$ta" != "$tb" ] || tap_fail "consoles '$ta' and '$tb'"
replay "$ta" "$tmp/a.out"
replay "$tb" "$tmp/b.out"
grep -q "echo: ready, tag alpha-$$" "$tmp/a.out" || tap_fail "$ta: $(head -c 300 "$tmp/a.out")"
grep -q "echo: ready, tag bravo-$$" "$tmp/b.out" || tap_fail "$tb: $(head -c 300 "$tmp/b.out")"
grep -q bravo "$tmp/a.out" && tap_fail "$ta shows the other VM's output"
grep -q alpha "$tmp/b.out" && tap_fail "$tb shows the other VM's output"
tap_end

tap_begin "console: input reaches the guest, its echo comes back; Ctrl-] detaches"
run "$PTYRUN" -e "tag alpha-$$" -s "ping-a-$$\r" -e "ping-a-$$" -s '\x1d' -e detached \
	-- hvxctl console "$A"
expect_rc 0
grep -q "connected to VM $A" "$out" || tap_fail "no connected message: $(head -c 300 "$out")"
grep -q bravo "$out" && tap_fail "VM $B's output on $A's console"
s=$(cat "$da/state" 2>/dev/null)
[ "$s" = running ] || tap_fail "after the detach: state '$s'"
tap_end

tap_begin "console: a re-attach sees the earlier output; --escape"
run "$PTYRUN" -e "ping-a-$$" -s "again-$$\r" -e "again-$$" -s 'q' -e detached \
	-- hvxctl console --escape q "$A"
expect_rc 0
tap_end

tap_begin "console: a second attach is refused while the first is on"
"$PTYRUN" -t 60 -e "tag alpha-$$" -w 5 -s '\x1d' -e detached -- hvxctl console "$A" \
	>"$tmp/first.out" 2>&1 &
first=$!
wait_for "$tmp/first.out" "tag alpha-$$" || tap_fail "the first attach shows nothing"
run hvxctl console "$A" </dev/null
expect_rc 1
grep -q "attached already" "$err" || tap_fail "stderr: $(cat "$err")"
wait "$first"
rc=$?
expect_rc 0
grep -q "connected to VM $A" "$tmp/first.out" || tap_fail "the first attach: $(head -c 300 "$tmp/first.out")"
tap_end

tap_begin "stats: state and counters, as text and JSON"
run hvxctl stats "$A"
expect_rc 0
grep -qx "name: $A" "$out" || tap_fail "no name line: $(head -n 5 "$out")"
grep -qx "state: running" "$out" || tap_fail "no state line"
grep -qE '^exits: [1-9][0-9]*$' "$out" || tap_fail "no exits counter"
run hvxctl stats --json "$A"
expect_rc 0
[ "$("$JSONQ" "$out" .name)" = "$A" ] || tap_fail "name: $("$JSONQ" "$out" .name)"
[ "$("$JSONQ" "$out" .console)" = "$ta" ] || tap_fail "console"
bytes=$("$JSONQ" "$out" .counters.console_bytes)
[ "$bytes" -gt 20 ] 2>/dev/null || tap_fail "console_bytes '$bytes'"
for k in exits user_exits console_dropped nr_vcpus pid uid; do
	[ "$("$JSONQ" -t "$out" ".counters.$k")" = number ] || tap_fail "counters.$k missing"
done
h=$(basename "$da"); h=${h#vm}
run hvxctl stats "$h"
expect_rc 0
grep -qx "name: $A" "$out" || tap_fail "by handle $h: $(head -n 3 "$out")"
# Its UART is MMIO: exits by reason, with rates, while it runs.
grep -qE '^exit_reason mmio: [1-9][0-9]*, [0-9]+/s$' "$out" ||
	tap_fail "no MMIO exit reason: $(grep exit_reason "$out" | tr '\n' '|')"
grep -qE '^rates over 200 ms: exits [0-9]+/s, user_exits [0-9]+/s$' "$out" ||
	tap_fail "no rates line"
run hvxctl stats --json --interval 100 "$A"
expect_rc 0
[ "$("$JSONQ" "$out" .rates.interval_ms)" = 100 ] || tap_fail "rates.interval_ms"
[ "$("$JSONQ" -t "$out" .rates.exit_reasons.guest_call)" = number ] ||
	tap_fail "rates.exit_reasons.guest_call missing"
[ "$("$JSONQ" "$out" .exit_reasons.mmio)" -gt 0 ] 2>/dev/null ||
	tap_fail "exit_reasons.mmio: $("$JSONQ" "$out" .exit_reasons.mmio)"
# Without a name: every VM, this one among them.
run hvxctl stats --interval 0
expect_rc 0
grep -qx "name: $A" "$out" || tap_fail "every VM: no $A"
tap_end

tap_begin "unknown VMs: console, stop, stats exit 3 and say what to do"
for c in console stop stats; do
	run hvxctl "$c" no-such-vm$$
	expect_rc 3
	grep -q "no VM named 'no-such-vm$$'.*hvxctl list" "$err" || tap_fail "$c: $(cat "$err")"
	run hvxctl "$c" 999999
	expect_rc 3
done
run hvxctl stop
expect_rc 2
tap_end

tap_begin "stop: another user may not stop the VM"
chmod 666 /dev/hvx
run "$RUNAS" 65534 65534 hvxctl stop "$A"
chmod 600 /dev/hvx
expect_rc 1
grep -q "not allowed to stop VM $A" "$err" || tap_fail "stderr: $(cat "$err")"
s=$(cat "$da/state" 2>/dev/null)
[ "$s" = running ] || tap_fail "state '$s' after the refused stop"
tap_end

tap_begin "stop: a VM whose console is attached; the attach ends with a message"
"$PTYRUN" -t 60 -e "tag bravo-$$" -- hvxctl console "$B" >"$tmp/attached.out" 2>&1 &
attached=$!
wait_for "$tmp/attached.out" "tag bravo-$$" || tap_fail "the attach shows nothing"
run hvxctl stop "$B"
expect_rc 0
grep -qx "VM $B stopped" "$out" || tap_fail "stdout: $(cat "$out")"
[ -z "$(dir_of "$B")" ] || tap_fail "VM $B still listed after stop"
wait "$attached"
rc=$?
expect_rc 4
grep -q "VM $B has ended" "$tmp/attached.out" || tap_fail "attach: $(tail -c 300 "$tmp/attached.out")"
tap_end

tap_begin "stop: a detached VM, from this shell; its VMM exits"
pid=$(cat "$da/pid")
run hvxctl stop "$A"
expect_rc 0
# It closed the VM; its exit follows.
for _ in $(seq 50); do
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
kill -0 "$pid" 2>/dev/null && tap_fail "its VMM (pid $pid) runs on"
[ -z "$(dir_of "$A")" ] || tap_fail "VM $A still listed"
run hvxctl console "$A"
expect_rc 3
tap_end

tap_begin "run --detach without a name prints the handle; stop HANDLE"
run hvxctl run --detach "$echo_img"
expect_rc 0
h=$(cat "$out")
case "$h" in
"" | *[!0-9]*) tap_fail "stdout '$h', expected a handle" ;;
*)
	[ -d "$HVX_SYSFS/vms/vm$h" ] || tap_fail "no vms/vm$h"
	[ "$(cat "$HVX_SYSFS/vms/vm$h/name" 2>/dev/null)" = "" ] || tap_fail "vm$h has a name"
	run hvxctl stop "$h"
	expect_rc 0
	grep -qx "VM $h stopped" "$out" || tap_fail "stop's stdout: $(cat "$out")"
	[ ! -d "$HVX_SYSFS/vms/vm$h" ] || tap_fail "vm$h still there"
	;;
esac
tap_end

tap_begin "stop: a foreground hvxctl run (its console not attachable) ends with status 4"
hvxctl run --name "$FG" "$echo_img" >"$tmp/fg.out" 2>"$tmp/fg.err" </dev/null &
fg=$!
for _ in $(seq 50); do
	[ "$(cat "$(dir_of "$FG")/state" 2>/dev/null)" = running ] && break
	sleep 0.1
done
# It shows the console itself: no attach beside it.
run hvxctl console "$FG" </dev/null
expect_rc 1
grep -q "attached already (pid $fg" "$err" || tap_fail "console beside run: $(cat "$err")"
run hvxctl stop "$FG"
expect_rc 0
wait "$fg"
rc=$?
expect_rc 4
grep -q "the VM was stopped" "$tmp/fg.err" || tap_fail "run's stderr: $(cat "$tmp/fg.err")"
grep -q "tag none" "$tmp/fg.out" || tap_fail "run's stdout: $(head -c 300 "$tmp/fg.out")"
tap_end

tap_done
