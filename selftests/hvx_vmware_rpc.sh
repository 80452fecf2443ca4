#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The VMware backdoor's host half (issue 16) from the vmware-rpc test
# guest (guests/vmware-rpc.c) under `hvxctl run`:
#   - host time (GETTIME, GETTIMEFULL, GETTIMEFULL_WITH_LAG), the RPC
#     channels (MESSAGE: RPCI requests, TCLO commands), the high-bandwidth
#     port refused: every check of the guest passes;
#   - the attack: wrong cookies, channel ids past the table, calls out of
#     sequence, unknown types and protocols, oversized and 64 KiB messages,
#     receives given up, too many keys, channels never closed until the
#     table is full, messages held until the byte budget is full, stale
#     channels taken back (hvx-vmw-stale=): each a clear failure status
#     to the guest, and the guest's checks say the channels work after;
#   - what the guest stored: the VM's sysfs guestinfo and
#     `hvxctl guestinfo --json`, read while the guest waits, and no one
#     but root may read them;
#   - each whole message in the hvx_vmware_rpc trace event;
#   - hvxctl run --no-vmware: the guest finds no backdoor;
#   - the host: no kernel trouble, no VM left (the channels' buffers,
#     some never closed, are freed with the VM: the debug kernel's boot
#     runs this test under kmemleak, tools/run-vm-tests.sh).
# Needs hvx loaded and root; TAP output. HVX_VMWARE_RPC_TIMEOUT: seconds
# a guest run gets (default 240).
. "$(dirname "$0")/lib/tap.sh"

guests=$(cd "$(dirname "$0")/guests" 2>/dev/null && pwd)
img=$guests/vmware-rpc.img
timeout_s=${HVX_VMWARE_RPC_TIMEOUT:-240}
stale_s=11	# hvx closes channels idle for 10 s when it needs room
tracefs=/sys/kernel/tracing
event=$tracefs/events/hvx/hvx_vmware_rpc
tmp=/tmp/hvx_vmware_rpc.$$
mkdir -p "$tmp"
bg_pid=""
cleanup() {
	[ -z "$bg_pid" ] || kill -KILL "$bg_pid" 2>/dev/null
	[ ! -w "$event/enable" ] || echo 0 >"$event/enable"
	rm -rf "$tmp"
}
trap cleanup EXIT

nr_vms() { cat "$HVX_SYSFS/nr_vms" 2>/dev/null || echo "(no $HVX_SYSFS/nr_vms)"; }

# show_out FILE: the guest's lines, once, when a test point failed.
show_out() {
	[ "$TAP_ERRS" = 0 ] || sed 's/^/#   | /' "$1" | head -n 150
}

# expect_checks FILE: every check passed, and the guest said so.
expect_checks() {
	grep -q '^hvx-guest: vmware-rpc: done: [0-9]* checks, 0 failed' "$1" ||
		tap_fail "no 'done: N checks, 0 failed' line"
	grep '^hvx-guest: vmware-rpc: fail: ' "$1" | sed 's/^hvx-guest: vmware-rpc: /#   /'
	grep -q '^hvx-guest: vmware-rpc: fail: ' "$1" && tap_fail "checks failed"
	! grep -q 'unexpected exception\|error: ' "$1" || tap_fail "the guest stopped on an error"
}

mark=$(kmsg_mark start)

tap_begin "vmware-rpc: the guest image, hvxctl and the VM sysfs are there"
[ -f "$img" ] || tap_fail "no $img (make guests)"
command -v hvxctl >/dev/null 2>&1 || tap_fail "no hvxctl in PATH"
[ -r "$HVX_SYSFS/nr_vms" ] || tap_fail "no $HVX_SYSFS/nr_vms"
[ -d "$event" ] || [ -d "$tracefs/events/hvx" ] ||
	mount -t tracefs tracefs "$tracefs" 2>/dev/null
[ -d "$event" ] || tap_fail "no $event"
usable=$TAP_ERRS
tap_end
if [ "$usable" != 0 ]; then
	for t in "every check of the guest passes" "what the guest stored" \
		"the trace event" "--no-vmware" "the host"; do
		tap_skip "vmware-rpc: $t" "cannot run (see above)"
	done
	tap_done
fi
echo 1 >"$event/enable"
: >"$tracefs/trace"

# --- the main run; guestinfo read while the guest waits for stale channels
raw=$tmp/rpc.raw
hvxctl run "$img" --name vmwrpc --mem 16 --timeout "$timeout_s" \
	--append "hvx-vmw-stale=$stale_s" </dev/null >"$raw" 2>"$tmp/rpc.err" &
bg_pid=$!
t0=$(date +%s)
seen=""
vmdir=""
while kill -0 "$bg_pid" 2>/dev/null; do
	if grep -q 'pass: full again' "$raw"; then
		seen=1
		for d in "$HVX_SYSFS"/vms/vm*; do
			[ "$(cat "$d/pid" 2>/dev/null)" = "$bg_pid" ] && vmdir=$d
		done
		cat "${vmdir:-/nonexistent}/guestinfo" >"$tmp/sysfs" 2>&1
		cat "${vmdir:-/nonexistent}/vmware" >"$tmp/vmware" 2>&1
		hvxctl guestinfo --json vmwrpc >"$tmp/json" 2>&1
		echo $? >"$tmp/json.rc"
		hvxctl guestinfo vmwrpc >"$tmp/text" 2>&1
		"$RUNAS" 65534 65534 cat "${vmdir:-/nonexistent}/guestinfo" \
			>/dev/null 2>&1 && echo "nobody read it" >"$tmp/nobody"
		break
	fi
	[ $(($(date +%s) - t0)) -lt $((timeout_s + 30)) ] || break
	sleep 0.2
done
while kill -0 "$bg_pid" 2>/dev/null && [ $(($(date +%s) - t0)) -lt $((timeout_s + 30)) ]; do
	sleep 0.5
done
kill -0 "$bg_pid" 2>/dev/null && kill -KILL "$bg_pid"
wait "$bg_pid"
rc=$?
bg_pid=""
out=$tmp/rpc.out
tr -d '\r' <"$raw" >"$out"
tap_diag "vmware-rpc: hvxctl ran $(($(date +%s) - t0)) s, status $rc"

tap_begin "vmware-rpc: every check of the guest passes (time, RPCI, TCLO, HB refused, the attack)"
[ "$rc" = 0 ] || tap_fail "hvxctl exited with status $rc, expected 0 (the guest powers off)"
expect_checks "$out"
for l in 'GETTIMEFULL: magic' 'tclo: after .OK ATR toolbox. the host says .Capabilities_Register.' \
	'high bandwidth: refused, status cleared' 'a 64 KiB request' \
	'channels never closed: 16 opened, then refused' \
	'[0-9]+ messages of 64 KiB held: no room for another' \
	'after [0-9]+ s idle: OPEN takes a stale channel' '[0-9]+ new keys: [0-9]+ stored'; do
	grep -Eq "^hvx-guest: vmware-rpc: pass: $l" "$out" || tap_fail "no passed check '$l'"
done
# The guest's clock check is its own; here against this host's clock.
gsecs=$(sed -n 's/^hvx-guest: vmware-rpc: pass: GETTIMEFULL: magic, \([0-9]*\) s.*/\1/p' "$out")
if [ -n "$gsecs" ]; then
	d=$((gsecs - t0))
	[ "$d" -ge -2 ] && [ "$d" -le $((timeout_s + 2)) ] ||
		tap_fail "GETTIMEFULL said $gsecs s, the host's clock $t0 s when the run began"
fi
show_out "$out"
tap_end

tap_begin "vmware-rpc: what the guest stored, in sysfs guestinfo and hvxctl guestinfo --json"
if [ -z "$seen" ]; then
	tap_fail "the guest never waited for stale channels ('full again')"
else
	for l in 'guestinfo.hvxtest=hello from the rpc guest' 'os_name=hvxdetail-64' \
		'os_name_full=hvx test OS 1.0' "os_detailed=prettyName='hvx test OS'" \
		'tools.version=2147483647' 'tools.type=4' \
		'ip_addresses=00:50:56:aa:bb:cc 10.0.2.15/24 fe80::1/64; 00:50:56:00:00:01 192.168.1.2/24' \
		'ip_address_v3=(216 bytes)'; do
		grep -qx "$l" "$tmp/sysfs" || tap_fail "guestinfo has no line '$l'"
	done
	big=$(sed -n 's/^guestinfo.big=//p' "$tmp/sysfs")
	[ "${#big}" = 255 ] || tap_fail "guestinfo.big is ${#big} bytes, expected 255 (cut)"
	n=$(wc -l <"$tmp/sysfs")
	[ "$n" -le 32 ] || tap_fail "$n entries, more than the 32 hvx keeps"
	[ "$(cat "$tmp/vmware")" = 1 ] || tap_fail "vmware file: '$(cat "$tmp/vmware")', expected 1"
	[ "$(cat "$tmp/json.rc")" = 0 ] || tap_fail "hvxctl guestinfo --json exited $(cat "$tmp/json.rc")"
	v=$("$JSONQ" "$tmp/json" .guestinfo.os_name 2>&1)
	[ "$v" = hvxdetail-64 ] || tap_fail "--json guestinfo.os_name: '$v'"
	# jsonq's paths have no dotted keys: the key's line.
	"$JSONQ" -k "$tmp/json" .guestinfo | grep -qx guestinfo.hvxtest ||
		tap_fail "--json: no key guestinfo.hvxtest"
	grep -q '"guestinfo.hvxtest": "hello from the rpc guest",$' "$tmp/json" ||
		tap_fail "--json: guestinfo.hvxtest not 'hello from the rpc guest'"
	v=$("$JSONQ" "$tmp/json" .name 2>&1)
	[ "$v" = vmwrpc ] || tap_fail "--json name: '$v'"
	v=$("$JSONQ" "$tmp/json" .vmware 2>&1)
	[ "$v" = true ] || tap_fail "--json vmware: '$v'"
	grep -q '^os_name: hvxdetail-64$' "$tmp/text" || tap_fail "hvxctl guestinfo: no 'os_name: hvxdetail-64'"
	[ ! -f "$tmp/nobody" ] || tap_fail "another user (uid 65534) could read guestinfo"
	[ "$TAP_ERRS" = 0 ] || sed 's/^/#   sysfs: /' "$tmp/sysfs" "$tmp/json" | head -n 60
fi
tap_end

tap_begin "vmware-rpc: each message in the hvx_vmware_rpc trace event"
echo 0 >"$event/enable"
trace=$tmp/trace
grep 'hvx_vmware_rpc:' "$tracefs/trace" >"$trace"
grep -q 'word=info-set len=[0-9]* result=1' "$trace" || tap_fail "no info-set with result=1"
grep -q 'word=no.such.request len=21 result=0' "$trace" || tap_fail "no unknown request with result=0"
grep -q 'word=OK len=14 result=1' "$trace" || tap_fail "no TCLO result 'OK ATR toolbox'"
grep -q 'word=info-set len=65536 result=1' "$trace" || tap_fail "no 64 KiB request"
[ "$TAP_ERRS" = 0 ] || head -n 20 "$trace" | sed 's/^/#   /'
tap_end

tap_begin "vmware-rpc: hvxctl run --no-vmware: no backdoor for the guest"
raw=$tmp/off.raw
hvxctl run "$img" --no-vmware --mem 16 --timeout 60 --append "hvx-vmw-off=1" \
	</dev/null >"$raw" 2>"$tmp/off.err"
rc=$?
out=$tmp/off.out
tr -d '\r' <"$raw" >"$out"
[ "$rc" = 0 ] || tap_fail "hvxctl exited with status $rc: $(head -n 3 "$tmp/off.err")"
expect_checks "$out"
grep -q 'pass: door off: GETVERSION via mrs has no answer' "$out" || tap_fail "no door-off check via mrs"
grep -q 'pass: door off: GETVERSION via hvc #0x86 has no answer' "$out" || tap_fail "no door-off check via hvc"
show_out "$out"
tap_end

tap_begin "vmware-rpc: the host: no kernel trouble, no VM left"
tap_kmsg_clean "$mark"
i=0
while [ "$(nr_vms)" != 0 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
[ "$(nr_vms)" = 0 ] || tap_fail "$(nr_vms) VM(s) left"
tap_end

tap_done
