#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# CPU hotplug under hvx: take each secondary CPU offline and back online,
# one at a time and then all together. hvx must report an offline CPU as
# "offline" and, once it is back, as "hyp" (under hvx, at EL2) again, in
# sysfs and in 'hvxctl status --json'; the kernel must log no trouble.
# Needs hvx loaded and root; TAP output.
. "$(dirname "$0")/lib/tap.sh"

cpu_dir=/sys/devices/system/cpu
json=/tmp/hvx_hotplug.$$.json
trap 'rm -f "$json"' EXIT

# json_state CPU: CPU's state according to 'hvxctl status --json'.
json_state() {
	hvxctl status --json >"$json" || { echo "(hvxctl failed)"; return; }
	"$JSONQ" "$json" ".cpus[$1].state" 2>&1
}

# check_cpu CPU STATE: sysfs and hvxctl agree that CPU is in STATE.
check_cpu() {
	if ! wait_state "$1" "$2"; then
		tap_fail "cpu$1: hvx state '$(hvx_state "$1")', expected '$2'"
	fi
	s=$(json_state "$1")
	[ "$s" = "$2" ] || tap_fail "cpu$1: hvxctl status --json says '$s', expected '$2'"
	if [ "$2" = hyp ]; then
		el=$(cat "$HVX_SYSFS/cpus/cpu$1/current_el" 2>/dev/null)
		[ "$el" = 0x8 ] || tap_fail "cpu$1: current_el '$el', expected 0x8 (EL2)"
		el=$("$JSONQ" "$json" ".cpus[$1].current_el" 2>&1)
		[ "$el" = EL2 ] || tap_fail "cpu$1: hvxctl current_el '$el', expected EL2"
	fi
}

# check_counts: nr_hyp_cpus and hvxctl's counts match the online CPUs.
check_counts() {
	n=$(online_cpus | nr_lines)
	h=$(cat "$HVX_SYSFS/nr_hyp_cpus" 2>/dev/null)
	[ "$h" = "$n" ] || tap_fail "nr_hyp_cpus is '$h' with $n CPUs online"
	hvxctl status --json >"$json" || { tap_fail "hvxctl status --json failed"; return; }
	v=$("$JSONQ" "$json" .nr_online 2>&1)
	[ "$v" = "$n" ] || tap_fail "hvxctl nr_online is '$v' with $n CPUs online"
	v=$("$JSONQ" "$json" .nr_hyp 2>&1)
	[ "$v" = "$n" ] || tap_fail "hvxctl nr_hyp is '$v' with $n CPUs online"
}

set_online() {
	echo "$2" >"$cpu_dir/cpu$1/online" || tap_fail "cpu$1: writing $2 to online failed"
	[ "$(cat "$cpu_dir/cpu$1/online")" = "$2" ] || tap_fail "cpu$1: online is not $2"
}

if ! hvx_loaded || [ ! -d "$HVX_SYSFS" ]; then
	tap_begin "hvx loaded"
	tap_fail "hvx is not loaded (run from tools/hvx-vm, which loads it)"
	tap_end
	tap_done
fi

mark=$(kmsg_mark hotplug)
initial_online=$(online_cpus)

# The secondary CPUs that are online and can be hot-unplugged.
secondaries=""
for c in $(online_cpus); do
	[ "$c" != 0 ] && [ -w "$cpu_dir/cpu$c/online" ] && secondaries="$secondaries $c"
done

tap_begin "all online CPUs under hvx before hotplug"
for c in $initial_online; do
	check_cpu "$c" hyp
done
check_counts
tap_end

if [ -z "$secondaries" ]; then
	tap_skip "hotplug" "no secondary CPU can go offline (boot with --smp 2 or more)"
	tap_done
fi

for c in $secondaries; do
	tap_begin "cpu$c offline"
	set_online "$c" 0
	check_cpu "$c" offline
	check_counts
	for o in $(online_cpus); do
		[ "$(hvx_state "$o")" = hyp ] || tap_fail "cpu$o: '$(hvx_state "$o")' while cpu$c is offline"
	done
	tap_end

	tap_begin "cpu$c back online"
	set_online "$c" 1
	check_cpu "$c" hyp
	check_counts
	tap_end
done

tap_begin "all secondaries offline at once"
for c in $secondaries; do
	set_online "$c" 0
done
for c in $secondaries; do
	check_cpu "$c" offline
done
check_cpu 0 hyp
check_counts
tap_end

tap_begin "all secondaries back online"
for c in $secondaries; do
	set_online "$c" 1
done
for c in $initial_online; do
	check_cpu "$c" hyp
done
check_counts
tap_end

tap_begin "offline/online cycles (5 rounds)"
round=0
while [ $round -lt 5 ]; do
	for c in $secondaries; do
		set_online "$c" 0
		set_online "$c" 1
	done
	round=$((round + 1))
done
for c in $(online_cpus); do
	check_cpu "$c" hyp
done
check_counts
tap_end

tap_begin "no kernel trouble during hotplug"
tap_kmsg_clean "$mark"
tap_end

tap_done
