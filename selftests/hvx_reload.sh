#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# rmmod/insmod hvx many times (HVX_RELOAD_CYCLES, default 50). After each
# insmod every online CPU must be under hvx; after each rmmod /dev/hvx and
# /sys/kernel/hvx must be gone. The kernel must log no trouble, and memory
# must not leak: the free memory (with the per-CPU free lists), sampled after
# every cycle with the page cache dropped, must not trend down. Leaves hvx loaded. Root; TAP output.
#
# HVX_RELOAD_VERBOSE=1 prints the memory samples; HVX_RELOAD_FAKE_LEAK_KB=N
# leaks N kB of tmpfs memory per cycle, to check that the leak check fails.
# HVX_RELOAD_TREND=0 skips the leak check, for the debug kernel: there
# KASAN's quarantine and the stack depot keep more freed memory with every
# cycle, and kmemleak looks for leaks instead (tools/hvx-vm).
. "$(dirname "$0")/lib/tap.sh"

cycles=${HVX_RELOAD_CYCLES:-50}
warmup=5
samples=/tmp/hvx_reload.$$.mem
trap 'rm -f "$samples" "$samples".leak*' EXIT

meminfo() { awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo; }
settle() {
	sync
	echo 3 >/proc/sys/vm/drop_caches 2>/dev/null
	# fold the per-CPU counter deltas into the global counters
	echo 1 >/proc/sys/vm/stat_refresh 2>/dev/null
}

# free_kb: free memory in kB, counting the pages parked on the per-CPU free
# lists (/proc/zoneinfo "count:"), which MemFree leaves out and which swing
# by megabytes from one moment to the next.
free_kb() {
	awk -v memfree="$(meminfo MemFree)" '
	$1 == "pages" && $2 == "free" { free += $3 }
	$1 == "count:" { pcp += $2 }
	END {
		page_kb = 4
		while (free > 0 && page_kb < 64 && memfree / free > page_kb * 1.5)
			page_kb *= 2
		print (free + pcp) * page_kb
	}' /proc/zoneinfo
}

# Per-cycle failures, counted per test point; the first few are printed.
unload_errs=0
load_errs=0
hyp_errs=0
printed=0
note() {	# note unload|load|hyp MSG
	case "$1" in
	unload) unload_errs=$((unload_errs + 1)) ;;
	load) load_errs=$((load_errs + 1)) ;;
	hyp) hyp_errs=$((hyp_errs + 1)) ;;
	esac
	printed=$((printed + 1))
	[ $printed -gt 10 ] || tap_diag "cycle $i: $2"
}

if ! hvx_loaded; then
	tap_diag "hvx was not loaded; loading it first"
	insmod "$HVX_KO" || tap_diag "insmod $HVX_KO failed"
fi
mark=$(kmsg_mark reload)
nr_online=$(online_cpus | nr_lines)

i=1
while [ $i -le "$cycles" ]; do
	if ! rmmod hvx; then
		note unload "rmmod hvx failed"
	fi
	if hvx_loaded; then
		note unload "hvx still in /proc/modules after rmmod"
	fi
	[ ! -e /dev/hvx ] || note unload "/dev/hvx still exists after rmmod"
	[ ! -e "$HVX_SYSFS" ] || note unload "$HVX_SYSFS still exists after rmmod"

	if ! insmod "$HVX_KO"; then
		note load "insmod $HVX_KO failed"
		i=$((i + 1))
		continue
	fi
	[ -c /dev/hvx ] || note load "no /dev/hvx after insmod"
	for c in $(online_cpus); do
		s=$(hvx_state "$c")
		[ "$s" = hyp ] || note hyp "cpu$c is '$s' after insmod, not 'hyp'"
	done
	n=$(cat "$HVX_SYSFS/nr_hyp_cpus" 2>/dev/null)
	[ "$n" = "$nr_online" ] || note hyp "nr_hyp_cpus '$n' with $nr_online CPUs online"

	if [ "${HVX_RELOAD_FAKE_LEAK_KB:-0}" -gt 0 ]; then
		# Self-check of the leak check: leak this much tmpfs memory
		# every cycle; the leak test must then fail.
		dd if=/dev/zero of="$samples.leak$i" bs=1024 \
			count="$HVX_RELOAD_FAKE_LEAK_KB" 2>/dev/null
	fi
	if [ $i -ge $warmup ]; then
		settle
		echo "$i $(free_kb) $(meminfo MemFree) $(meminfo Slab)" >>"$samples"
	fi
	i=$((i + 1))
done

tap_begin "rmmod removes hvx, /dev/hvx and /sys/kernel/hvx ($cycles cycles)"
[ $unload_errs = 0 ] || tap_fail "$unload_errs failures"
tap_end

tap_begin "insmod creates /dev/hvx ($cycles cycles)"
[ $load_errs = 0 ] || tap_fail "$load_errs failures"
tap_end

tap_begin "every online CPU under hvx after each insmod"
[ $hyp_errs = 0 ] || tap_fail "$hyp_errs failures"
tap_end

tap_begin "no kernel trouble during the cycles"
tap_kmsg_clean "$mark"
tap_end

# The leak check: see lib/memtrend.awk.
if [ "${HVX_RELOAD_TREND:-1}" = 0 ]; then
	tap_skip "no memory leak over the cycles" "HVX_RELOAD_TREND=0 (kmemleak checks instead)"
else
	tap_begin "no memory leak over the cycles"
	if [ "$(wc -l <"$samples" 2>/dev/null || echo 0)" -lt 10 ]; then
		tap_fail "too few memory samples ($cycles cycles; need $((warmup + 10)))"
	else
		verdict=$(awk -f "$SELFTESTS_LIB/memtrend.awk" "$samples")
		leak=$?
		tap_diag "$verdict"
		[ $leak = 0 ] || tap_fail "memory goes away with every cycle: $verdict"
		if [ $leak != 0 ] || [ -n "${HVX_RELOAD_VERBOSE:-}" ]; then
			tap_diag "samples (cycle free+pcp MemFree Slab, kB):"
			tap_diag "$(cat "$samples")"
		fi
	fi
	tap_end
fi

tap_begin "hvx loaded at the end"
hvx_loaded || insmod "$HVX_KO" || tap_fail "insmod failed"
[ -c /dev/hvx ] || tap_fail "no /dev/hvx"
for c in $(online_cpus); do
	[ "$(hvx_state "$c")" = hyp ] || tap_fail "cpu$c is '$(hvx_state "$c")'"
done
tap_end

tap_done
