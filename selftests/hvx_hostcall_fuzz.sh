#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The host-call fuzzer: modules/hvx_hostile.ko issues random host calls
# with boundary arguments straight to EL2 (selftests/modules/
# hostile-fuzz.c), from one task per online CPU at once,
# HVX_HOSTCALL_FUZZ_CALLS in all (default 1000000), seeded by
# HVX_FUZZ_SEED (printed; set it to replay). Then everything the calls
# made is taken back and must leave EL2's page counters where they were;
# the kernel logs no trouble; hvx still answers at EL2 with stage 2 on
# every CPU and runs a guest. Root; TAP output.
. "$(dirname "$0")/lib/tap.sh"

HOSTILE_KO=$(dirname "$0")/modules/hvx_hostile.ko
CMD=/sys/kernel/debug/hvx_hostile/cmd
guests=$(dirname "$0")/guests
total=${HVX_HOSTCALL_FUZZ_CALLS:-1000000}
seed=${HVX_FUZZ_SEED:-$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')}
HC_VERSION=c6000001
HC_CPU_STATE=c6000002

hostile() {
	echo "$*" >"$CMD" && cat "$CMD"
}

grep -q ' /sys/kernel/debug ' /proc/mounts || mount -t debugfs none /sys/kernel/debug
grep -q '^hvx_hostile ' /proc/modules || insmod "$HOSTILE_KO" ||
	{ echo "Bail out! cannot load $HOSTILE_KO"; exit 1; }
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
	(
		command -v taskset >/dev/null && taskset -p -c "$cpu" $$ >/dev/null
		echo "fuzz $((total / n)) $(printf %x $((0x$seed + cpu)))" >"$CMD"
	) &
	pids="$pids $!"
done
for p in $pids; do
	wait "$p" || tap_fail "a fuzzing task failed"
done
secs=$(($(date +%s) - start))
# shellcheck disable=SC2046 # the result's four words
set -- $(hostile fuzz-end) || tap_fail "fuzz-end failed"
tap_diag "calls $1, succeeded ${2:-?}, VMs left ${3:-?}, pages left with EL2 ${4:-?} (shared ${5:-?} donated ${6:-?} guest ${7:-?}), in ${secs} s"
[ "${1:-0}" -ge $((total / n * n)) ] || tap_fail "only ${1:-0} calls made"
tap_end

tap_begin "everything the calls took is back: EL2's page counters as before"
[ "${4:-x}" = 0 ] && [ "${3:-x}" = 0 ] || tap_fail "${4:-?} pages still with hvx or guests, ${3:-?} VMs"
tap_end

tap_begin "no kernel trouble, hvx intact on every CPU, a guest still runs"
kmsg_trouble "$mark" && tap_fail "the kernel logged trouble"
for cpu in $cpus; do
	# shellcheck disable=SC2046
	set -- $(hostile hvc "$cpu" "$HC_VERSION")
	[ "${1:-x}" = 0 ] || tap_fail "CPU$cpu: hvx does not answer (x0=${1:-?})"
	# shellcheck disable=SC2046
	set -- $(hostile hvc "$cpu" "$HC_CPU_STATE")
	[ $((0x${4:-0} & 1)) = 1 ] || tap_fail "CPU$cpu: stage 2 off"
done
hvxctl run --timeout 60 "$guests/hello.img" >/dev/null 2>&1 ||
	tap_fail "the hello guest failed after the fuzzer"
tap_end
tap_done
