#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# hvx's guest calls (uapi/hvx-guest.h, issue 6) from the calls test guest
# (guests/calls.c) under `hvxctl run`, 4 vCPUs:
#   - the guest's own BRKs and idle MDCCSR_EL0 reads behave as without hvx;
#   - every service through HVC, BRK and DCC, with the same results; unknown
#     function ids NOT_SUPPORTED; x4-x30, SP, NZCV kept and the PC after
#     the call; VCPU_ID and COUNTER_FREQ on every vCPU; a DCC call from EL0;
#   - the host's services from the guest's EL0 (DCC and BRK): DENIED, with
#     no console line, no trace line and no reset;
#   - the VMware backdoor (GETVERSION, GETHZ, GETMHZ, GET_VCPU_INFO, an
#     unknown command) through its three doors and from EL0;
#   - CONSOLE_WRITE lines on hvxctl's stdout, LOG lines in the hvx_guest_log
#     tracepoint, nothing from calls over the byte limits;
#   - /sys/kernel/hvx/vms/vm<handle>/{calls_*,reflected_*,dcc_idle_reads,
#     guest_logs} equal to what the guest says it did, read while the guest
#     waits without calling (bootarg hvx-calls-wait=);
#   - SHUTDOWN OFF through a call ends hvxctl run with 0, SHUTDOWN RESET
#     (bootarg hvx-calls-end=1) with 3;
#   - no kernel trouble, no VM left.
# The guest's lines are "hvx-guest: calls: ..."; each of its "error: ..."
# lines fails the test point it belongs to. Needs hvx loaded and root;
# TAP output. HVX_CALLS_TIMEOUT: seconds a guest run gets (default 120).
. "$(dirname "$0")/lib/tap.sh"

guests=$(cd "$(dirname "$0")/guests" 2>/dev/null && pwd)
img=$guests/calls.img
timeout_s=${HVX_CALLS_TIMEOUT:-120}
wait_s=15	# the guest's pause while the counters are read
tracefs=/sys/kernel/tracing
event=$tracefs/events/hvx/hvx_guest_log
tmp=/tmp/hvx_calls.$$
mkdir -p "$tmp"
bg_pid=""
cleanup() {
	[ -z "$bg_pid" ] || kill -KILL "$bg_pid" 2>/dev/null
	[ ! -w "$event/enable" ] || echo 0 >"$event/enable"
	rm -rf "$tmp"
}
trap cleanup EXIT

now_cs() { awk '{ printf "%d\n", $1 * 100 }' /proc/uptime; }
nr_vms() { cat "$HVX_SYSFS/nr_vms" 2>/dev/null || echo "(no $HVX_SYSFS/nr_vms)"; }

expect_rc() {
	[ "$rc" = "$1" ] || tap_fail "hvxctl exited with status $rc, expected $1${2:+ ($2)}"
}

expect_line() {
	grep -Eq -- "$1" "$out" || tap_fail "no line matching: $1"
}

expect_count() {
	_n=$(grep -Ec -- "$2" "$out")
	[ "$_n" = "$1" ] || tap_fail "$_n lines matching '$2', expected $1"
}

# expect_no_errors REGEX [EXCLUDE]: no "error: " line of the guest whose
# text after "error: " matches REGEX (and not EXCLUDE); each one shown.
expect_no_errors() {
	grep -E -- "^hvx-guest: calls: error: ($1)" "$out" |
		grep -Ev -- "${2:-^$}" >"$tmp/errors"
	if [ -s "$tmp/errors" ]; then
		tap_fail "the guest reported $(nr_lines <"$tmp/errors") problem(s):"
		sed 's/^hvx-guest: calls: /#   /' "$tmp/errors"
	fi
}

end_test() {
	if [ "$TAP_ERRS" != 0 ] && [ -z "${shown:-}" ] && [ -f "${out:-}" ]; then
		shown=1
		head -n 120 "$out" | sed 's/^/#   | /'
		[ -s "${err:-}" ] && head -n 30 "$err" | sed 's/^/#   stderr: /'
	fi
	tap_end
}

mark=$(kmsg_mark start)

# --- can this run at all ----------------------------------------------------
tap_begin "calls: the guest image, hvxctl run and the VM sysfs are there"
[ -f "$img" ] || tap_fail "no $img (make guests)"
command -v hvxctl >/dev/null 2>&1 || tap_fail "no hvxctl in PATH"
[ -r "$HVX_SYSFS/nr_vms" ] || tap_fail "no $HVX_SYSFS/nr_vms"
usable=$TAP_ERRS
tap_end
if [ "$usable" != 0 ]; then
	for t in "trace event" "own BRKs and idle DCC reads" "every door answers" \
		"EL2 services on 4 vcpus" FEATURES "unknown functions" \
		"registers and PC" "host services" "console" "LOG" "limits" \
		"EL0" "host services from EL0" "VMware" "sysfs counters" \
		"SHUTDOWN OFF" "SHUTDOWN RESET" \
		"at the end"; do
		tap_skip "calls: $t" "cannot run (see above)"
	done
	tap_done
fi

tap_begin "calls: tracepoint hvx/hvx_guest_log enabled"
[ -f "$tracefs/trace" ] || mount -t tracefs tracefs "$tracefs" 2>"$tmp/mount" ||
	tap_fail "cannot mount tracefs on $tracefs: $(cat "$tmp/mount")"
if [ -d "$event" ]; then
	echo 1 >"$event/enable" || tap_fail "cannot enable $event"
	: >"$tracefs/trace" || tap_fail "cannot clear $tracefs/trace"
else
	tap_fail "no $event (events/hvx: $(echo "$tracefs"/events/hvx/*))"
fi
tap_end

# --- the main run: 4 vCPUs, counters read while the guest waits ---------------
out=$tmp/calls.out
err=$tmp/calls.err
raw=$tmp/calls.raw
t0=$(now_cs)
hvxctl run "$img" --vcpus 4 --mem 16 --timeout "$timeout_s" \
	--append "hvx-calls-wait=$wait_s" </dev/null >"$raw" 2>"$err" &
bg_pid=$!
# Wait for the guest's pause (or its end), then read the VM's counters.
vmdir=""
seen=""		# when the pause was seen, and when the counters were read
counted=""
while kill -0 "$bg_pid" 2>/dev/null; do
	if grep -q '^hvx-guest: calls: waiting ' "$raw"; then
		seen=$(now_cs)
		for d in "$HVX_SYSFS"/vms/vm*; do
			[ "$(cat "$d/pid" 2>/dev/null)" = "$bg_pid" ] && vmdir=$d
		done
		if [ -n "$vmdir" ]; then
			for f in calls_hvc calls_brk calls_dcc calls_vmware \
				reflected_brk reflected_debug dcc_idle_reads guest_logs; do
				echo "$f=$(cat "$vmdir/$f" 2>/dev/null || echo "(no $vmdir/$f)")"
			done >"$tmp/sysfs"
			counted=$(now_cs)
			# What every local user could read of the VM.
			for f in pid nr_vcpus mem_kib calls_hvc calls_brk \
				calls_dcc calls_vmware reflected_brk \
				reflected_debug dcc_idle_reads exits \
				user_exits guest_logs; do
				"$RUNAS" 65534 65534 cat "$vmdir/$f" \
					>/dev/null 2>&1 && echo "$f"
			done >"$tmp/sysfs_nobody"
			"$RUNAS" 65534 65534 cat "$HVX_SYSFS/cpus/cpu0/vbar_el2" \
				>/dev/null 2>&1 && echo vbar_el2 >>"$tmp/sysfs_nobody"
			[ -e "$vmdir/pid" ] ||
				echo "(the VM was gone before the end)" >>"$tmp/sysfs_nobody"
		fi
		break
	fi
	[ $(($(now_cs) - t0)) -lt $(((timeout_s + 30) * 100)) ] || break
	sleep 0.2
done
while kill -0 "$bg_pid" 2>/dev/null && [ $(($(now_cs) - t0)) -lt $(((timeout_s + 30) * 100)) ]; do
	sleep 0.5
done
kill -0 "$bg_pid" 2>/dev/null && kill -KILL "$bg_pid"
wait "$bg_pid"
rc=$?
bg_pid=""
tr -d '\r' <"$raw" >"$out"
tap_diag "calls: hvxctl ran $((($(now_cs) - t0) / 100)) s, status $rc"
[ -z "$seen" ] || tap_diag "calls: the guest paused after $(((seen - t0) / 100)) s"

frq=$(sed -n 's/^hvx-guest: calls: cntfrq \([0-9]*\),.*/\1/p' "$out")

tap_begin "calls: own BRKs and idle DCC reads as without hvx"
expect_line "^hvx-guest: calls: brk #0x800: reached the guest's vector \\(sync EL1h, esr 0xf2000800, "
expect_line "^hvx-guest: calls: brk #0x0: reached the guest's vector \\(sync EL1h, esr 0xf2000000, "
expect_count 3 '^hvx-guest: calls: dcc idle read \(x7 0x[0-9a-f]+\): 0, no call$'
expect_line '^hvx-guest: calls: regs across an idle dcc read: x0-x30, sp, nzcv kept; went on after the call$'
expect_line '^hvx-guest: calls: dcc idle read from EL0: 0, no call$'
expect_no_errors 'brk #|dcc idle read|regs across an idle'
end_test

tap_begin "calls: every door answers VERSION"
expect_line '^hvx-guest: calls: hvx answers on hvc, brk and dcc: ABI version 0x'
expect_no_errors 'only [0-9]+ of the 3 doors'
grep '^hvx-guest: calls: probe: ' "$out" | sed 's/^/#   /'
end_test

tap_begin "calls: NOP, VERSION, COUNTER_FREQ, VCPU_ID on 4 vcpus through every door"
for c in 0 1 2 3; do
	expect_line "^hvx-guest: calls: cpu $c: hvc, brk, dcc: COUNTER_FREQ $frq, VCPU_ID $c, mpidr 0x$c\$"
done
expect_no_errors 'cpu [0-9]|CPU_ON'
end_test

tap_begin "calls: FEATURES of every service and of unknown ones, every door"
expect_line '^hvx-guest: calls: FEATURES: 0-9 yes, 0xc600000a and 0xc600ffff no, via hvc, brk, dcc$'
expect_no_errors 'FEATURES'
end_test

tap_begin "calls: unknown function ids give NOT_SUPPORTED on every door"
expect_line '^hvx-guest: calls: unknown functions: NOT_SUPPORTED through hvc, brk, dcc$'
expect_no_errors 'unknown function'
end_test

tap_begin "calls: x4-x30, SP, NZCV kept and the PC after the call, every door"
for d in hvc brk dcc; do
	expect_line "^hvx-guest: calls: regs via $d: x4-x30, sp, nzcv kept; went on after the call$"
done
expect_no_errors 'regs via'
end_test

tap_begin "calls: YIELD and CONSOLE_READ through every door"
expect_line '^hvx-guest: calls: YIELD, CONSOLE_READ \([0-9]+, [0-9]+, [0-9]+ bytes\) through hvc, brk, dcc$'
expect_no_errors 'YIELD|CONSOLE_READ\(16\)'
end_test

tap_begin "calls: CONSOLE_WRITE lines on hvxctl's stdout, once each"
for d in hvc brk dcc; do
	expect_count 1 "^hvx-console: calls via $d\$"
done
expect_count 1 '^hvx-console: calls: a line of 72 bytes, written 40 at a time via dcc$'
expect_count 0 'too long'
expect_no_errors 'CONSOLE_WRITE of (27|32|40) bytes'
end_test

tap_begin "calls: LOG lines in the hvx_guest_log trace"
if [ -r "$tracefs/trace" ]; then
	grep hvx_guest_log "$tracefs/trace" >"$tmp/trace"
	for d in hvc brk dcc; do
		n=$(grep -Fc "hvx-calls log via $d 0x68767821" "$tmp/trace")
		[ "$n" = 1 ] || tap_fail "$n lines 'hvx-calls log via $d 0x68767821' in $tracefs/trace, expected 1"
	done
	! grep -Fq 'log too long' "$tmp/trace" ||
		tap_fail "the LOG of 41 bytes (INVALID) is in the trace"
	if [ "$TAP_ERRS" != 0 ]; then
		tap_diag "hvx_guest_log lines in the trace:"
		head -n 10 "$tmp/trace" | sed 's/^/#   /'
	fi
else
	tap_fail "no $tracefs/trace"
fi
expect_no_errors 'LOG of 32 bytes'
end_test

tap_begin "calls: over the byte limits and a bad SHUTDOWN type: INVALID"
expect_line '^hvx-guest: calls: CONSOLE_WRITE and LOG via hvc, brk, dcc; INVALID over the limits$'
expect_line '^hvx-guest: calls: SHUTDOWN\(7\): INVALID$'
expect_no_errors 'CONSOLE_WRITE of 41|LOG of 41|CONSOLE_READ\(17\)|SHUTDOWN\(7\)'
end_test

tap_begin "calls: a DCC call from EL0"
expect_line '^hvx-guest: calls: VERSION via dcc from EL0: 0x'
expect_line '^hvx-guest: calls: vmware GETVERSION via mrs from EL0: version 6$'
expect_no_errors 'dcc call from EL0|EL0 function|VERSION via dcc from EL0|vmware GETVERSION via mrs from EL0'
end_test

tap_begin "calls: host services from EL0 DENIED, nothing done"
expect_line '^hvx-guest: calls: from EL0: YIELD, CONSOLE_WRITE, CONSOLE_READ, LOG, SHUTDOWN DENIED via dcc and brk$'
expect_count 0 '^hvx-console: calls: from EL0'
if [ -r "$tracefs/trace" ]; then
	! grep -Fq 'hvx-calls log from EL0' "$tracefs/trace" ||
		tap_fail "a LOG made from EL0 is in $tracefs/trace"
fi
expect_no_errors '(YIELD|CONSOLE_WRITE|CONSOLE_READ|LOG|SHUTDOWN) via (dcc|brk) from EL0|host services from EL0'
end_test

tap_begin "calls: VMware backdoor through mrs, brk #0x86, hvc #0x86"
expect_line '^hvx-guest: calls: vmware GETVERSION: version 6, magic 0x564d5868, '
expect_line '^hvx-guest: calls: vmware GETHZ: [1-9][0-9]* Hz$'
expect_line '^hvx-guest: calls: vmware GETMHZ: [1-9][0-9]* MHz$'
expect_line '^hvx-guest: calls: vmware GET_VCPU_INFO: 0x'
expect_line '^hvx-guest: calls: vmware command 999: w0 0xffffffff$'
for d in 'mrs' 'brk #0x86' 'hvc #0x86'; do
	expect_line "^hvx-guest: calls: vmware regs via $d: x6-x30, sp, nzcv kept; went on after the call\$"
done
hz=$(sed -n 's/^hvx-guest: calls: vmware GETHZ: \([0-9]*\) Hz$/\1/p' "$out")
[ -z "$hz" ] || [ "$hz" = "$frq" ] || tap_fail "GETHZ $hz Hz, CNTFRQ_EL0 $frq"
expect_no_errors 'vmware' 'from EL0'
end_test

# counters: the guest's "counts: name=N ..." against the VM's sysfs files
tap_begin "calls: the VM's sysfs counters equal what the guest did"
counts=$(sed -n 's/^hvx-guest: calls: counts: //p' "$out" | tr '\n' ' ')
byvm=$(sed -n 's/^hvx-guest: calls: vmware by door: //p' "$out")
if [ -z "$counts" ]; then
	tap_fail "no 'counts:' line from the guest"
elif [ -z "$vmdir" ]; then
	tap_fail "no $HVX_SYSFS/vms/vm*/pid with hvxctl's pid $bg_pid while the guest waited"
else
	tap_diag "guest: $counts; vmware by door: $byvm"
	tap_diag "sysfs ($vmdir): $(tr '\n' ' ' <"$tmp/sysfs")"
	[ $((counted - seen)) -lt $((wait_s * 100)) ] ||
		tap_fail "reading the counters took $(((counted - seen) / 100)) s, longer than the guest's pause of $wait_s s"
	# VMware calls may be counted by their door as well as in
	# calls_vmware, but then by all three doors alike.
	vmw_mode=""
	for kv in $counts; do
		k=${kv%%=*}
		want=${kv#*=}
		got=$(sed -n "s/^$k=//p" "$tmp/sysfs")
		case $k in
		calls_hvc) v=$(echo "$byvm" | sed -n 's/.*hvc=\([0-9]*\).*/\1/p') ;;
		calls_brk) v=$(echo "$byvm" | sed -n 's/.*brk=\([0-9]*\).*/\1/p') ;;
		calls_dcc) v=$(echo "$byvm" | sed -n 's/.*mrs=\([0-9]*\).*/\1/p') ;;
		*) v="" ;;
		esac
		if [ "$got" = "$want" ]; then
			mode="without"
		elif [ -n "$v" ] && [ "$got" = $((want + v)) ]; then
			mode="with"
		else
			tap_fail "$vmdir/$k is $got, the guest made $want${v:+ (or $((want + v)) with its VMware calls through that door)}$([ "$k" = calls_hvc ] && echo "; PSCI calls (not guest calls) it made: ${byvm##*psci calls: }")"
			continue
		fi
		[ -n "$v" ] || continue
		if [ -z "$vmw_mode" ]; then
			vmw_mode=$mode
			tap_diag "the door counters count the VMware calls: $mode them ($k $got)"
		elif [ "$mode" != "$vmw_mode" ]; then
			tap_fail "$k is $got: $mode the guest's $v VMware calls through that door, but another door counter was $vmw_mode"
		fi
	done
fi
end_test

tap_begin "calls: a VM's counters and EL2's addresses are root's only"
if [ -z "$vmdir" ]; then
	tap_fail "no VM folder found while the guest waited"
else
	readable=$(tr '\n' ' ' <"$tmp/sysfs_nobody")
	[ "$readable" = "pid nr_vcpus mem_kib " ] ||
		tap_fail "nobody (uid 65534) reads: $readable(want: pid nr_vcpus mem_kib)"
fi
end_test

tap_begin "calls: ok, then SHUTDOWN OFF through DCC ends hvxctl run with 0"
[ "$rc" != 124 ] || tap_fail "hvxctl run hit its --timeout $timeout_s; the guest's last line: $(grep '^hvx-guest: ' "$out" | tail -n 1)"
expect_line '^hvx-guest: calls: ok$'
expect_line '^hvx-guest: calls: SHUTDOWN OFF via dcc$'
expect_rc 0 "SHUTDOWN OFF"
expect_no_errors '.' 'hvx-guest: calls: error: (brk #|dcc idle read|regs|cpu [0-9]|CPU_ON|FEATURES|unknown function|YIELD|CONSOLE_|LOG|SHUTDOWN\(7\)|SHUTDOWN via (dcc|brk) from EL0|dcc call from EL0|EL0 function|VERSION via dcc from EL0|host services from EL0|vmware|only [0-9]|single step|step [0-9])'
expect_count 0 '^hvx-guest: calls: unexpected exception'
end_test

# --- SHUTDOWN RESET -----------------------------------------------------------
tap_begin "calls: SHUTDOWN RESET through BRK ends hvxctl run with 3"
out=$tmp/reset.out
err=$tmp/reset.err
timeout -s KILL $((timeout_s + 30)) hvxctl run "$img" --mem 16 \
	--timeout "$timeout_s" --append "hvx-calls-end=1" </dev/null \
	>"$tmp/reset.raw" 2>"$err"
rc=$?
tr -d '\r' <"$tmp/reset.raw" >"$out"
expect_line '^hvx-guest: calls: SHUTDOWN RESET via brk$'
expect_rc 3 "SHUTDOWN RESET"
expect_no_errors '.'
expect_count 0 '^hvx-guest: calls: unexpected exception'
end_test

tap_begin "calls: at the end no VM left, no kernel trouble"
out=""
_end=$(($(now_cs) + 500))
until [ "$(nr_vms)" = 0 ] || [ "$(now_cs)" -ge "$_end" ]; do
	sleep 0.1
done
[ "$(nr_vms)" = 0 ] || tap_fail "nr_vms is $(nr_vms), expected 0"
hvx_loaded || tap_fail "hvx is no longer loaded"
if kmsg_trouble "$mark" >"$tmp/trouble"; then
	tap_fail "the kernel logged trouble:"
	head -n 20 "$tmp/trouble" | sed 's/^/#   /'
fi
end_test

tap_done
