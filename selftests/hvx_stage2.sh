#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# hvx host stage 2: the host keeps running under hvx's stage 2 on every
# CPU, through a workload, CPU hotplug and many unload/load cycles, and
# cannot reach hvx's own memory. TAP output; run as root in the test VM.
#
#   HVX_KO      path of hvx.ko (default /lib/modules/hvx.ko); loaded here
#               unless already loaded
#   HVX_PARAMS  module parameters for insmod (e.g. pool_pages=300)
#   HVX_CYCLES  rmmod/insmod cycles (default 20)
#   HVX_STATUS  the hvx_status_vm program (lib/hvx_status_vm.c), for the
#               HVX_GET_STATUS check (default: lib/ next to this script;
#               skipped if absent)

. "$(dirname "$0")/lib/tap.sh"

HVX_PARAMS=${HVX_PARAMS:-}
HVX_CYCLES=${HVX_CYCLES:-20}
HVX_STATUS=${HVX_STATUS:-$SELFTESTS_LIB/hvx_status_vm}
SYS=$HVX_SYSFS
HCR_VM=1	# HCR_EL2.VM, bit 0

# check NAME CMD [ARGS...]: one test point that passes if CMD succeeds.
check() {
	tap_begin "$1"
	shift
	tap_check "failed" "$@"
	tap_end
}

# Every online CPU runs under hvx with HCR_EL2.VM set, as read at EL2.
all_cpus_vm() {
	for c in $(online_cpus); do
		[ "$(cat "$SYS/cpus/cpu$c/state")" = hyp ] || return 1
		hcr=$(cat "$SYS/cpus/cpu$c/hcr_el2")
		[ $((hcr & HCR_VM)) -eq $HCR_VM ] || return 1
	done
}

cpu_vm() {
	[ "$(cat "$SYS/cpus/cpu$1/state")" = hyp ] &&
	[ $(($(cat "$SYS/cpus/cpu$1/hcr_el2") & HCR_VM)) -eq $HCR_VM ]
}

# HVX_PARAMS may hold several parameters: split on purpose.
# shellcheck disable=SC2086
hvx_insmod() {
	insmod "$HVX_KO" $HVX_PARAMS
}

load() {
	[ -d "$SYS" ] || hvx_insmod
}

status_vm() {
	"$HVX_STATUS" >/dev/null
}

pool_sane() {
	pages=$(cat $SYS/pool_pages)
	used=$(cat $SYS/pool_used_pages)
	[ "$pages" -gt 0 ] && [ "$used" -gt 0 ] && [ "$used" -le "$pages" ] &&
	[ "$pages" -lt "$(cat $SYS/mem_pages)" ]
}

s2_mapped() {
	m=$(($(cat $SYS/host_s2/blocks_1g) + $(cat $SYS/host_s2/blocks_2m) +
	     $(cat $SYS/host_s2/pages_4k)))
	[ "$m" -gt 0 ] && [ "$(cat $SYS/host_s2/faults)" -gt 0 ]
}

# 200 MiB of zeros through tmpfs (page cache: RAM faulted in at stage 2).
dd_md5() {
	dd if=/dev/zero of=/tmp/hvx_s2 bs=1M count=200 2>/dev/null &&
	sum=$(md5sum < /tmp/hvx_s2) &&
	rm -f /tmp/hvx_s2 &&
	[ "${sum%% *}" = 3566de3a97906edb98d004d6b947ae9b ]
}

fork_loop() {
	i=0
	while [ $i -lt 300 ]; do
		/bin/busybox true || return 1
		i=$((i + 1))
	done
	[ "$(sh -c 'echo $((6 * 7))')" = 42 ]
}

# A user-space read of hvx's memory through /dev/mem must not take hvx or
# the host down: it gets an external abort (SIGBUS) and hvx counts it.
hyp_mem_refused() {
	start=$(cat $SYS/mem_range)
	start=${start%-*}
	before=$(cat $SYS/host_s2/aborts)
	if { devmem "$start" 32; } >/dev/null 2>&1; then
		return 1
	fi
	[ "$(cat $SYS/host_s2/aborts)" -gt "$before" ]
}

# Dropping every host stage-2 mapping (unmap, TLB invalidation on every
# CPU, tables back to the pool), repeatedly, while the host works: the
# host faults its map back in and its data stays intact.
s2_reset_under_load() {
	faults=$(cat $SYS/host_s2/faults)
	resets=$(cat $SYS/host_s2/resets)
	(
		i=0
		while [ $i -lt 50 ]; do
			echo 1 > $SYS/host_s2/reset || exit 1
			i=$((i + 1))
		done
	) &
	resetter=$!
	dd_md5 && fork_loop || return 1
	wait $resetter || return 1
	[ "$(cat $SYS/host_s2/resets)" -eq $((resets + 50)) ] &&
	[ "$(cat $SYS/host_s2/faults)" -gt "$faults" ] &&
	all_cpus_vm
}

# Tables freed by the resets are back in the pool: every page in use is a
# table of the host's stage 2 (read twice around, for a stable answer).
pool_pages_returned() {
	tries=0
	while [ $tries -lt 5 ]; do
		t1=$(cat $SYS/host_s2/tables)
		used=$(cat $SYS/pool_used_pages)
		t2=$(cat $SYS/host_s2/tables)
		[ "$t1" = "$t2" ] && [ "$used" = "$t1" ] && return 0
		tries=$((tries + 1))
	done
	return 1
}

# EL2's locks under contention: every online CPU reading the stage-2
# counters (taken under the host stage-2 lock) at once must not hang.
lock_contention() {
	pids=
	for c in $(online_cpus); do
		taskset -c "$c" sh -c '
			i=0
			while [ $i -lt 200 ]; do
				cat /sys/kernel/hvx/host_s2/tables >/dev/null ||
					exit 1
				i=$((i + 1))
			done' &
		pids="$pids $!"
	done
	for p in $pids; do
		wait "$p" || return 1
	done
}

# Is [$1, $2) inside one "System RAM" range of /proc/iomem?
in_system_ram() {
	sed -n 's/^\([0-9a-f]*\)-\([0-9a-f]*\) : System RAM$/\1 \2/p' \
		/proc/iomem | while read -r rs re; do
		if [ $(($1)) -ge $((0x$rs)) ] && [ $(($2)) -le $((0x$re + 1)) ]
		then
			echo yes
		fi
	done | grep -q yes
}

# The host RAM pages just outside hvx's memory stay the host's (mapped
# with pages when hvx's memory splits a 2 MiB block).
neighbours_readable() {
	range=$(cat $SYS/mem_range)
	below=$((${range%-*} - 4096))
	above=$((${range#*-}))
	for a in $below $above; do
		if in_system_ram "$a" $((a + 4096)); then
			devmem "$a" 32 >/dev/null || return 1
		fi
	done
}

hotplug_cpu1() {
	[ -f /sys/devices/system/cpu/cpu1/online ] || return 1
	echo 0 > /sys/devices/system/cpu/cpu1/online || return 1
	[ "$(cat $SYS/cpus/cpu1/state)" = offline ] || return 1
	echo 1 > /sys/devices/system/cpu/cpu1/online || return 1
	cpu_vm 1
}

mem_free_kb() {
	sync
	echo 3 > /proc/sys/vm/drop_caches
	sed -n 's/^MemFree: *\([0-9]*\) kB/\1/p' /proc/meminfo
}

# Each cycle takes and gives back mem_pages pages: losing them in half the
# cycles shows; the few MiB the per-CPU page lists hold or not do not.
cycles() {
	leak_kb=$((HVX_CYCLES * $(cat $SYS/mem_pages) * 4 / 2))
	[ $leak_kb -ge 8192 ] || leak_kb=8192
	before=$(mem_free_kb)
	i=0
	while [ $i -lt "$HVX_CYCLES" ]; do
		rmmod hvx || return 1
		[ ! -d $SYS ] || return 1
		hvx_insmod || return 1
		all_cpus_vm || return 1
		i=$((i + 1))
	done
	after=$(mem_free_kb)
	echo "# MemFree before $before kB, after $after kB"
	[ $((before - after)) -lt "$leak_kb" ]
}

# After unload, the memory hvx had is the host's again, with stage 2 off.
unload_gives_back() {
	range=$(cat $SYS/mem_range)
	rmmod hvx || return 1
	devmem "${range%-*}" 32 >/dev/null 2>&1
	ret=$?
	hvx_insmod || return 1
	[ $ret -eq 0 ]
}

# Only what the kernel logged while this test ran counts.
kmsg_start=$(dmesg | wc -l)

no_kernel_warnings() {
	! dmesg | tail -n +$((kmsg_start + 1)) |
		grep -E -q 'WARNING:|Oops|BUG:|Internal error|Call trace'
}

echo "TAP version 13"
check "hvx loads" load
check "every online CPU has HCR_EL2.VM set" all_cpus_vm
if [ -x "$HVX_STATUS" ]; then
	check "HVX_GET_STATUS: HCR_EL2.VM on every online CPU" status_vm
else
	tap_skip "HVX_GET_STATUS: HCR_EL2.VM on every online CPU" "no $HVX_STATUS"
fi
check "EL2 page pool in use and within bounds" pool_sane
check "host stage 2 has mappings, made on faults" s2_mapped
check "200 MiB dd + md5sum under stage 2" dd_md5
check "fork/exec loop under stage 2" fork_loop
check "host read of hvx memory is refused with an abort" hyp_mem_refused
check "host RAM next to hvx memory stays readable" neighbours_readable
check "host stage 2 dropped 50 times under load" s2_reset_under_load
check "dropped tables go back to the EL2 pool" pool_pages_returned
check "EL2 locks under contention from every CPU" lock_contention
if [ -f /sys/devices/system/cpu/cpu1/online ]; then
	check "cpu1 offline/online keeps HCR_EL2.VM" hotplug_cpu1
else
	tap_skip "cpu1 offline/online keeps HCR_EL2.VM" "no hotpluggable cpu1"
fi
check "$HVX_CYCLES rmmod/insmod cycles, VM on every CPU, no leak" cycles
check "unload gives hvx's memory back to the host" unload_gives_back
check "no WARN/oops in the kernel log" no_kernel_warnings
tap_done
