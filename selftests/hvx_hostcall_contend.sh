#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# EL2's locks under contention. Host calls that take hvx's stage-2 lock
# and do nothing else (modules/hvx_hostile.ko "contend N MS":
# HVX_HC_OWN_STATS) are timed from one CPU, then from every CPU at once,
# each task pinned to its CPU. The lock serialises them, but the CPUs
# together must keep up a fair share of one CPU's pace: at most
# HVX_CONTEND_FACTOR (default 4) times as long per call as from one CPU.
# A ticket lock failed this in the test VM, where the virtual CPUs are
# QEMU threads on fewer host cores: it hands the lock to the next waiter
# in line, and while that waiter's CPU is not running all the others
# spin; 10^6 fuzzer calls from 4 CPUs then froze the VM for many minutes.
# Root; TAP output.
. "$(dirname "$0")/lib/tap.sh"
. "$(dirname "$0")/lib/hostile.sh"

factor=${HVX_CONTEND_FACTOR:-4}

# Centiseconds since boot.
now_cs() {
	read -r _up _ </proc/uptime
	echo $((${_up%.*} * 100 + 1${_up#*.} - 100))
}

# contend CPU N MS: N calls on CPU, failing once MS ms have passed.
contend() {
	taskset -c "$1" sh -c 'echo "contend $1 $2" >"$3"' - "$2" "$3" \
		"$HOSTILE_CMD"
}

hostile_load
cpus=$(online_cpus)
n=$(echo "$cpus" | nr_lines)
first=$(echo "$cpus" | head -n 1)

tap_begin "calls from one CPU, timed"
# A second at least: /proc/uptime counts hundredths, and one CPU's pace
# varies from run to run in the test VM.
calls=5000
while :; do
	start=$(now_cs)
	contend "$first" "$calls" 60000 ||
		{ tap_fail "contend on CPU$first failed"; break; }
	one=$(($(now_cs) - start))
	[ "$one" -lt 100 ] && [ "$calls" -lt 20000000 ] || break
	calls=$((calls * 2))
done
[ "$one" -gt 0 ] || one=1
tap_diag "$calls calls on CPU$first in $one cs"
tap_end

if [ "$n" -lt 2 ]; then
	tap_skip "calls from every CPU at once" "one CPU"
	tap_done
fi

tap_begin "calls from every CPU at once, at most $factor times as long per call"
limit=$((factor * n * one))
start=$(now_cs)
pids=""
for cpu in $cpus; do
	# Stopped at twice the limit: the ticket lock took minutes.
	contend "$cpu" "$calls" $((2 * limit * 10)) &
	pids="$pids $!"
done
for p in $pids; do
	wait "$p" || tap_fail "a task failed, or ran out of time"
done
all=$(($(now_cs) - start))
tap_diag "$calls calls on each of $n CPUs in $all cs (per call, $((all * 100 / (n * one)))% of one CPU's time)"
[ "$all" -le "$limit" ] ||
	tap_fail "$all cs, more than $factor x $n x $one cs"
tap_end

tap_begin "hvx intact on every CPU"
for cpu in $cpus; do
	hostile_hvx_intact "$cpu"
done
tap_end
tap_done
