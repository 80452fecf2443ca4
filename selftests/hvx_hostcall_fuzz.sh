#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The host-call fuzzer: modules/hvx_hostile.ko issues random host calls
# with boundary arguments straight to EL2 (selftests/modules/
# hostile-fuzz.c), from one task per online CPU at once,
# HVX_HOSTCALL_FUZZ_CALLS in all (default 1000000), seeded by
# HVX_FUZZ_SEED (printed; set it to replay). The calls must be made
# within HVX_HOSTCALL_FUZZ_SECONDS (default 300; 36 s in the test VM on
# a busy machine): a task stops at that time, and the shortfall fails
# the test, rather than a machine whose CPUs are all kept at EL2 running
# into the test VM's timeout with nothing said. Then everything the calls
# made is taken back and must leave EL2's page counters where they were;
# the kernel logs no trouble; hvx still answers at EL2 with stage 2 on
# every CPU and runs a guest. Root; TAP output.
. "$(dirname "$0")/lib/tap.sh"
. "$(dirname "$0")/lib/hostile.sh"

guests=$(dirname "$0")/guests
total=${HVX_HOSTCALL_FUZZ_CALLS:-1000000}
seed=${HVX_FUZZ_SEED:-$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')}
budget=${HVX_HOSTCALL_FUZZ_SECONDS:-300}

hostile_load
tap_diag "seed $seed (HVX_FUZZ_SEED=$seed replays), $total calls"

tap_begin "no VM before the fuzzer"
[ "$(cat "$HVX_SYSFS/nr_vms")" = 0 ] || tap_fail "VMs exist: $(cat "$HVX_SYSFS/nr_vms")"
tap_end

mark=$(kmsg_mark fuzz)
tap_begin "$total random host calls from every CPU at once"
hostile fuzz-start >/dev/null || tap_fail "fuzz-start failed"
cpus=$(online_cpus)
n=$(echo "$cpus" | nr_lines)
start=$(date +%s)
pids=""
for cpu in $cpus; do
	# The write runs the task's calls: pinned to its CPU (not through
	# $$, which is this shell's, not the subshell's).
	cmd="fuzz $((total / n)) $(printf %x $((0x$seed + cpu))) $budget"
	if command -v taskset >/dev/null; then
		taskset -c "$cpu" sh -c 'echo "$1" >"$2"' - "$cmd" "$HOSTILE_CMD" &
	else
		echo "$cmd" >"$HOSTILE_CMD" &
	fi
	pids="$pids $!"
done
for p in $pids; do
	wait "$p" || tap_fail "a fuzzing task failed"
done
secs=$(($(date +%s) - start))
# shellcheck disable=SC2046 # the result's four words
set -- $(hostile fuzz-end) || tap_fail "fuzz-end failed"
tap_diag "calls $1, succeeded ${2:-?}, VMs left ${3:-?}, pages left with EL2 ${4:-?} (shared ${5:-?} donated ${6:-?} guest ${7:-?}), in ${secs} s"
[ "${1:-0}" -ge $((total / n * n)) ] ||
	tap_fail "only ${1:-0} calls made in ${secs} s (HVX_HOSTCALL_FUZZ_SECONDS=$budget): EL2 too slow, or stuck"
tap_end

tap_begin "everything the calls took is back: EL2's page counters as before"
[ "${4:-x}" = 0 ] && [ "${3:-x}" = 0 ] || tap_fail "${4:-?} pages still with hvx or guests, ${3:-?} VMs"
tap_end

tap_begin "no kernel trouble, hvx intact on every CPU, a guest still runs"
kmsg_trouble "$mark" && tap_fail "the kernel logged trouble"
for cpu in $cpus; do
	hostile_hvx_intact "$cpu"
done
hvxctl run --timeout 60 "$guests/hello.img" >/dev/null 2>&1 ||
	tap_fail "the hello guest failed after the fuzzer"
tap_end
tap_done
