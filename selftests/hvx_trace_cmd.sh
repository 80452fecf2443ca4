#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# hvx_trace_cmd.sh: hvx's trace events as Debian's trace-cmd records them.
# `trace-cmd record -e hvx` around `hvxctl run` of the traced guest
# (guests/traced.c: a known number of VERSION calls through each door,
# LOG calls, PSCI_VERSION calls, MMIO loads with nothing behind them and
# SGIs to itself), twice: with EL2 sending the guest's SGIs (el2_sgis=1)
# and with the host's vGIC doing it (el2_sgis=0). `trace-cmd report`
# must show, for that VM:
#   - EL2's events: the VERSION calls answered at EL2 per door (11 HVC,
#     13 BRK, 17 DCC), every exit to the host recorded at EL2 as the host
#     saw it (as many as hvx_vcpu_exit events), the SGI writes answered
#     at EL2 (9 with el2_sgis=1), el2_ns no later than the event itself,
#     nothing lost (no hvx_el2_lost);
#   - the host's: 5 LOG calls through HVC (hvx_guest_call) and 5
#     hvx_guest_log lines, 7 PSCI_VERSION calls (hvx_psci), 3 MMIO loads
#     to user space at the address after RAM and 3 completed with an
#     abort, 9 SGI 3s acknowledged (hvx_vgic_ack, with el2_sgis=0), as
#     many entries as exits, VM and vCPU creation and the VM's
#     destruction, its RAM mapped and unmapped;
#   - /sys/kernel/hvx/el2_trace: rings set only while recording.
# Then a flood: FLOOD NOP calls through HVC, faster than the host drains
# EL2's rings: events are lost, hvx_el2_lost says how many, as much as
# el2_trace/lost grew, and what was recorded and what was lost add up to
# at least the calls (other EL2 events share the rings).
# Root, hvx loaded; TAP output. The guest's line "did ..." says what it did.
. "$(dirname "$0")/lib/tap.sh"

guests=$(cd "$(dirname "$0")/guests" 2>/dev/null && pwd)
img=$guests/traced.img
tmp=/tmp/hvx_trace_cmd.$$
sgis_param=/sys/module/hvx/parameters/el2_sgis
mkdir -p "$tmp"
old_sgis=$(cat "$sgis_param" 2>/dev/null || echo "")
cleanup() {
	[ -z "$old_sgis" ] || echo "$old_sgis" >"$sgis_param" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# VERSION's and LOG's function ids (uapi/hvx-guest.h), PSCI_VERSION's.
FN_VERSION=0xc6000001
FN_LOG=0xc6000008
FN_PSCI_VERSION=0x84000000

tap_begin "trace-cmd: trace-cmd, the traced guest, hvxctl are there"
command -v trace-cmd >/dev/null 2>&1 ||
	tap_fail "no trace-cmd in PATH (tools/trace-cmd-rootfs.sh)"
[ -f "$img" ] || tap_fail "no $img (make guests)"
command -v hvxctl >/dev/null 2>&1 || tap_fail "no hvxctl in PATH"
[ -r "$HVX_SYSFS/el2_trace/active" ] || tap_fail "no $HVX_SYSFS/el2_trace"
usable=$TAP_ERRS
tap_end
if [ "$usable" != 0 ]; then
	for s in 1 0; do
		tap_skip "trace-cmd: el2_sgis=$s: record and report" "cannot run"
		tap_skip "trace-cmd: el2_sgis=$s: EL2's events" "cannot run"
		tap_skip "trace-cmd: el2_sgis=$s: the host's events" "cannot run"
	done
	tap_skip "trace-cmd: a flood of EL2 events: the lost ones counted" "cannot run"
	tap_done
fi

# count EVENT [AWK-CONDITION]: lines of event EVENT in $rep for VM $vm
# (its "vm=N" field) meeting the condition, in awk over the fields
# key=value of the line (f["door"] and so on).
count() {
	awk -v ev="$1:" -v vm="$vm" '
	function hex(s,   i, v) {
		v = 0
		s = tolower(s)
		sub(/^0x/, "", s)
		for (i = 1; i <= length(s); i++)
			v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
		return v
	}
	{
		ok = 0
		for (i = 1; i <= NF; i++) if ($i == ev) ok = 1
		if (!ok) next
		delete f
		for (i = 1; i <= NF; i++) {
			n = index($i, "=")
			if (n) f[substr($i, 1, n - 1)] = substr($i, n + 1)
		}
		if (vm != "" && ("vm" in f) && f["vm"] != vm) next
		if ('"${2:-1}"') c++
	}
	END { print c + 0 }' "$rep"
}

expect() {	# DESCRIPTION WANT GOT
	[ "$2" = "$3" ] || tap_fail "$1: $3, expected $2"
}

for sgis in 1 0; do
	name="trace-cmd: el2_sgis=$sgis"
	tap_begin "$name: record and report"
	echo "$sgis" >"$sgis_param" || tap_fail "cannot write $sgis_param"
	[ "$(cat "$HVX_SYSFS/el2_trace/active")" = 0 ] ||
		tap_fail "EL2 rings set before recording"
	dat=$tmp/trace-$sgis.dat
	rep=$tmp/report-$sgis.txt
	out=$tmp/guest-$sgis.out
	(cd "$tmp" && trace-cmd record -q -e hvx -o "$dat" \
		hvxctl run "$img" --mem 16 --timeout 60) >"$out" 2>&1 ||
		tap_fail "trace-cmd record or hvxctl run failed"
	[ "$(cat "$HVX_SYSFS/el2_trace/active")" = 0 ] ||
		tap_fail "EL2 rings still set after recording"
	grep -q '^hvx-guest: traced: ok' "$out" ||
		tap_fail "the guest did not say ok"
	trace-cmd report -i "$dat" >"$rep" 2>"$tmp/report.err" ||
		tap_fail "trace-cmd report failed: $(head -n 3 "$tmp/report.err")"
	vm=$(grep ' hvx_vm_create: ' "$rep" | head -n 1 |
		sed -n 's/.* vm=\([0-9]*\) .*/\1/p')
	[ -n "$vm" ] || tap_fail "no hvx_vm_create in the report"
	tap_diag "$name: $(grep -c . "$rep") lines, VM $vm; guest: $(grep 'traced: did' "$out" | sed 's/.*did //')"
	if [ "$TAP_ERRS" != 0 ]; then
		sed 's/^/#   | /' "$out" | tail -n 20
	fi
	tap_end

	tap_begin "$name: EL2's events"
	at_el2='f["at_el2"] == 1 && f["x0"] == "'$FN_VERSION'"'
	expect "VERSION at EL2 through HVC" 11 \
		"$(count hvx_el2_guest_exit "f[\"door\"] == \"HVC\" && $at_el2")"
	expect "VERSION at EL2 through BRK" 13 \
		"$(count hvx_el2_guest_exit "f[\"door\"] == \"BRK\" && $at_el2")"
	expect "VERSION at EL2 through DCC" 17 \
		"$(count hvx_el2_guest_exit "f[\"door\"] == \"DCC\" && $at_el2")"
	expect "exits to the host recorded at EL2 (the host's hvx_vcpu_exit)" \
		"$(count hvx_vcpu_exit)" \
		"$(count hvx_el2_guest_exit 'f["at_el2"] == 0')"
	# ICC_SGI1R_EL1 writes: EC 0x18, op0 3 op1 0 CRn 12 CRm 11 op2 5,
	# a write; any Rt (ESR bits 9:5) and IL.
	sgi1r='f["door"] == "-" && and(hex(f["esr"]), 4261411871) == 1614426134'
	expect "SGI writes answered at EL2" "$([ "$sgis" = 1 ] && echo 9 || echo 0)" \
		"$(count hvx_el2_guest_exit "$sgi1r && f[\"at_el2\"] == 1")"
	expect "hvx_el2_lost events" 0 "$(count hvx_el2_lost)"
	late=$(awk '/ hvx_el2_guest_exit: / {
		for (i = 1; i <= NF; i++) {
			if ($i ~ /^[0-9]+\.[0-9]+:$/) ts = substr($i, 1, length($i) - 1) * 1e9
			if ($i ~ /^el2_ns=/) ns = substr($i, 8) + 0
		}
		if (ns > ts + 1000 || ns < ts - 2e9) {
			if (!bad++) print > "/dev/stderr"
		}
	} END { print bad + 0 }' "$rep" 2>"$tmp/late")
	expect "EL2 events with el2_ns after the event or 2 s before it" 0 "$late"
	[ ! -s "$tmp/late" ] || tap_diag "the first: $(cat "$tmp/late")"
	tap_end

	tap_begin "$name: the host's events"
	expect "LOG calls through HVC" 5 \
		"$(count hvx_guest_call "f[\"door\"] == \"HVC\" && f[\"fn\"] == \"$FN_LOG\"")"
	expect "hvx_guest_log lines" 5 "$(count hvx_guest_log 'f["text"] == "traced!"')"
	expect "PSCI_VERSION calls" 7 \
		"$(count hvx_psci "f[\"fn\"] == \"$FN_PSCI_VERSION\"")"
	expect "MMIO loads to user space" 3 \
		"$(count hvx_mmio 'f["user"] == 1 && $0 ~ / read /')"
	expect "MMIO accesses aborted by user space" 3 \
		"$(count hvx_mmio_done 'f["abort"] == 1')"
	if [ "$sgis" = 0 ]; then
		expect "SGI 3s acknowledged" 9 \
			"$(count hvx_vgic_ack 'f["intid"] == 3')"
		n=$(count hvx_vgic_inject 'f["intid"] == 3')
		[ "$n" -ge 9 ] || tap_fail "SGI 3s injected: $n, expected 9 or more"
	fi
	expect "entries (as many as exits)" "$(count hvx_vcpu_exit)" \
		"$(count hvx_vcpu_entry)"
	expect "VM created" 1 "$(count hvx_vm_create)"
	expect "vCPU created" 1 "$(count hvx_vcpu_create 'f["ret"] == 0')"
	expect "VM destroyed" 1 "$(count hvx_vm_destroy 'f["ret"] == 0')"
	n=$(count hvx_mem_map 'f["ret"] == 0')
	[ "$n" -ge 1 ] || tap_fail "no hvx_mem_map of the VM's RAM"
	expect "RAM unmapped as mapped" "$n" "$(count hvx_mem_unmap 'f["ret"] == 0')"
	tap_end
done

FLOOD=200000
FN_NOP=0xc6000000
tap_begin "trace-cmd: a flood of EL2 events: the lost ones counted"
lost0=$(cat "$HVX_SYSFS/el2_trace/lost")
dat=$tmp/flood.dat
rep=$tmp/flood.txt
out=$tmp/flood.out
(cd "$tmp" && trace-cmd record -q -e hvx -o "$dat" \
	hvxctl run "$img" --mem 16 --timeout 120 \
	--append "hvx-traced-flood=$FLOOD") >"$out" 2>&1 ||
	tap_fail "trace-cmd record or hvxctl run failed"
grep -q "^hvx-guest: traced: flooded $FLOOD" "$out" ||
	tap_fail "the guest did not flood: $(tail -n 3 "$out")"
trace-cmd report -i "$dat" >"$rep" 2>/dev/null || tap_fail "trace-cmd report failed"
lost=$(($(cat "$HVX_SYSFS/el2_trace/lost") - lost0))
vm=$(grep ' hvx_vm_create: ' "$rep" | head -n 1 | sed -n 's/.* vm=\([0-9]*\) .*/\1/p')
nops=$(count hvx_el2_guest_exit "f[\"x0\"] == \"$FN_NOP\" && f[\"at_el2\"] == 1")
vm=""
reported=$(awk '/ hvx_el2_lost: / { for (i = 1; i <= NF; i++) if ($i ~ /^lost=/) n += substr($i, 6) } END { print n + 0 }' "$rep")
tap_diag "flood: $nops NOP calls recorded, $lost lost (hvx_el2_lost: $reported)"
[ "$lost" -gt 0 ] || tap_fail "nothing lost: the flood did not fill a ring"
expect "events hvx_el2_lost reported (el2_trace/lost grew by)" "$lost" "$reported"
[ "$nops" -le "$FLOOD" ] || tap_fail "more NOP calls recorded than made: $nops"
[ $((nops + lost)) -ge "$FLOOD" ] ||
	tap_fail "recorded + lost ($nops + $lost) is less than the $FLOOD calls"
tap_end

tap_done
