# SPDX-License-Identifier: GPL-2.0
# TAP output and hvx helpers for the shell selftests; sourced, not run.
# POSIX sh (the test VM has busybox ash).
#
#   tap_begin NAME	start a test point
#   tap_fail MSG...	record a failure of the current test point (a diagnostic)
#   tap_end		print "ok N NAME" or "not ok N NAME"
#   tap_skip NAME WHY	print "ok N NAME # SKIP WHY"
#   tap_done		print the plan ("1..N") and exit 1 if anything failed

TAP_N=0
TAP_FAILED=0
TAP_NAME=
TAP_ERRS=0

echo "TAP version 13"

tap_diag() {
	printf '%s\n' "$*" | sed 's/^/# /'
}

tap_begin() {
	TAP_NAME=$1
	TAP_ERRS=0
}

tap_fail() {
	TAP_ERRS=$((TAP_ERRS + 1))
	tap_diag "$TAP_NAME: $*"
}

# tap_check DESCRIPTION CMD [ARGS...]: run CMD, failing the test point if it fails.
tap_check() {
	_d=$1
	shift
	"$@" || tap_fail "$_d"
}

tap_end() {
	TAP_N=$((TAP_N + 1))
	if [ "$TAP_ERRS" = 0 ]; then
		echo "ok $TAP_N $TAP_NAME"
	else
		TAP_FAILED=$((TAP_FAILED + 1))
		echo "not ok $TAP_N $TAP_NAME"
	fi
}

tap_skip() {
	TAP_N=$((TAP_N + 1))
	echo "ok $TAP_N $1 # SKIP $2"
}

tap_done() {
	echo "1..$TAP_N"
	[ "$TAP_FAILED" = 0 ] || exit 1
	exit 0
}

# --- hvx and the system ---------------------------------------------------

# Used by the scripts that source this file.
# shellcheck disable=SC2034
HVX_KO=${HVX_KO:-/lib/modules/hvx.ko}
HVX_SYSFS=/sys/kernel/hvx
SELFTESTS_LIB=$(cd "$(dirname "$0")/lib" 2>/dev/null && pwd)
# shellcheck disable=SC2034
JSONQ=$SELFTESTS_LIB/jsonq
# shellcheck disable=SC2034
RUNAS=$SELFTESTS_LIB/runas

hvx_loaded() {
	grep -q '^hvx ' /proc/modules
}

# cpulist FILE: the CPUs of a kernel CPU list file ("0-3,6"), one a line.
cpulist() {
	tr ',' '\n' <"$1" | while IFS=- read -r _a _b; do
		[ -n "$_a" ] || continue
		[ -n "$_b" ] || _b=$_a
		while [ "$_a" -le "$_b" ]; do
			echo "$_a"
			_a=$((_a + 1))
		done
	done
}

possible_cpus() { cpulist /sys/devices/system/cpu/possible; }
online_cpus() { cpulist /sys/devices/system/cpu/online; }
nr_lines() { wc -l | tr -d ' '; }

# hvx_state CPU: hvx's sysfs state of CPU ("hyp", "stub", "offline").
hvx_state() {
	cat "$HVX_SYSFS/cpus/cpu$1/state" 2>/dev/null || echo "(no $HVX_SYSFS/cpus/cpu$1/state)"
}

# wait_state CPU STATE: wait up to 2 s for hvx to report STATE for CPU.
wait_state() {
	_i=0
	while [ "$(hvx_state "$1")" != "$2" ] && [ $_i -lt 20 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	[ "$(hvx_state "$1")" = "$2" ]
}

# --- the kernel log -------------------------------------------------------
#
# kmsg_mark NAME writes a unique marker line into the kernel log and prints
# it; kmsg_since MARKER prints the log lines after it, without timestamps.

kmsg_mark() {
	_m="hvx-selftest: $(basename "$0") $1 $$ $(date +%s)"
	echo "$_m" >/dev/kmsg
	echo "$_m"
}

kmsg_since() {
	dmesg | sed 's/^\[[ 0-9.]*\] //' | awk -v m="$1" 'found { print } $0 == m { found = 1 }'
}

# Kernel oops, BUG, WARN, panic, lockup reports.
KERNEL_TROUBLE='WARNING:|BUG:|Oops|Internal error:|Unable to handle kernel|Kernel panic|kernel BUG at|Call trace:|cut here|SError|Unhandled [0-9]+-bit|blocked for more than|detected stall|soft lockup|list_add corruption|list_del corruption|refcount_t:'

# kmsg_trouble MARKER: print kernel trouble logged since MARKER; fails if none.
kmsg_trouble() {
	kmsg_since "$1" | grep -E "$KERNEL_TROUBLE"
}

# tap_kmsg_clean MARKER: fail the current test point with the kernel
# trouble logged since MARKER, if any.
tap_kmsg_clean() {
	if _trouble=$(kmsg_trouble "$1"); then
		tap_fail "kernel log: $(printf '%s\n' "$_trouble" | head -n 20)"
	fi
}
