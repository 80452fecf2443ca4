#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run every hvx selftest in this directory (/usr/lib/hvx/selftests in the
# test VM) and merge their TAP output into one TAP stream on stdout.
#
# A test is an executable regular file here, except run-all.sh itself and
# vhe-refusal.sh, hvx_stage2.sh, hvx_own_test, hvx_vm_isolation,
# hvx_efi.sh and hvx_icount.sh (each needs a boot of its own, see
# tools/run-vm-tests.sh);
# lib/ holds helpers. The fuzzers (names with "fuzz") run only with
# --fuzz, and the guest operating-system tests (the vGIC, timers and Linux
# guests: hvx_linux.sh, hvx_vgic_*, hvx_timer_guests.sh,
# hvx_clock_guests.sh, hvx_gic_hostile.sh, hvx_acpi_boot.sh,
# hvx_vmware_tools.sh) only with
# --guests; each of
# those runs nothing else (tools/run-vm-tests.sh gives each group a boot
# of its own).
# HVX_SKIP_TESTS (names, space-separated) leaves tests out. Tests run in
# name order, each with a timeout
# (HVX_TEST_TIMEOUT seconds, default 600). Every result line is
# renumbered and named "<test file>: <its description>", starting at column
# 0; everything else a test prints becomes a "# " diagnostic. A test that
# exits non-zero without a failing result, times out, or reports fewer
# results than it planned, gets a "not ok" line of its own.
# Exits 1 if any result failed, else 0.
set -u
group=main
case "${1:-}" in
--fuzz) group=fuzz ;;
--guests) group=guests ;;
"") ;;
*) echo "usage: run-all.sh [--fuzz | --guests]" >&2; exit 2 ;;
esac

# group_of TEST: which run of run-all.sh it belongs to.
group_of() {
	case "$1" in
	*fuzz*) echo fuzz ;;
	hvx_linux.sh | hvx_vgic_* | hvx_timer_guests.sh | hvx_clock_guests.sh | \
	hvx_gic_hostile.sh | hvx_acpi_boot.sh | hvx_vmware_tools.sh)
		echo guests ;;
	*) echo main ;;
	esac
}

dir=$(cd "$(dirname "$0")" && pwd)
self=$(basename "$0")
timeout_s=${HVX_TEST_TIMEOUT:-600}
tmp=$(mktemp -d /tmp/run-all.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# Keep the kernel's informational messages off the console while the tests
# run, so they do not interleave with the TAP lines; warnings and worse
# still show (console loglevel 5 prints levels 0-4). dmesg has them all.
old_loglevel=$(cut -f1 /proc/sys/kernel/printk 2>/dev/null)
dmesg -n 5 2>/dev/null

echo "TAP version 13"
total=0
failed=0

for t in "$dir"/*; do
	name=$(basename "$t")
	case "$name" in
	"$self" | vhe-refusal.sh | hvx_stage2.sh | hvx_own_test | hvx_vm_isolation | \
	hvx_efi.sh | hvx_icount.sh) continue ;;
	esac
	[ "$(group_of "$name")" = "$group" ] || continue
	case " ${HVX_SKIP_TESTS:-} " in *" $name "*) continue ;; esac
	[ -f "$t" ] && [ -x "$t" ] || continue

	echo "# ---- $name"
	if command -v timeout >/dev/null 2>&1; then
		set -- timeout "$timeout_s" "$t"
	else
		set -- "$t"
	fi
	started=$(date +%s)
	echo "?" >"$tmp/rc"
	echo "0 0 -1" >"$tmp/stats"
	{
		"$@" 2>&1 </dev/null
		echo $? >"$tmp/rc"
	} | awk -v name="$name" -v start="$total" -v stats="$tmp/stats" '
	function out(s) { print s; fflush() }
	/^(not )?ok([ \t]|$)/ {
		notok = ($0 ~ /^not ok/)
		rest = substr($0, notok ? 7 : 3)
		sub(/^[ \t]+/, "", rest)
		num = ""
		if (match(rest, /^[0-9]+/)) {
			num = substr(rest, 1, RLENGTH)
			rest = substr(rest, RLENGTH + 1)
		}
		sub(/^[ \t]+/, "", rest)
		sub(/^-[ \t]+/, "", rest)
		# the description, and the directive ("# SKIP ...") after it
		desc = rest
		dir = ""
		if ((p = index(rest, "#")) > 0) {
			desc = substr(rest, 1, p - 1)
			dir = " " substr(rest, p)
		}
		sub(/[ \t]+$/, "", desc)
		if (desc == "")
			desc = "test " (num != "" ? num : n + 1)
		if (seen[desc]++)
			desc = desc " (" seen[desc] ")"
		n++
		todo = (tolower(dir) ~ /^ #[ \t]*todo/)
		if (notok && !todo)
			bad++
		out((notok ? "not ok " : "ok ") (start + n) " " name ": " desc dir)
		next
	}
	/^1\.\.[0-9]+/ { plan = substr($0, 4) + 0; out("# " $0); next }
	/^#/ { out($0); next }
	/^[ \t]*$/ { next }
	{ out("# " $0) }
	END { printf "%d %d %s\n", n, bad, (plan == "" ? -1 : plan) > stats }'

	rc=$(cat "$tmp/rc")
	read -r n bad plan <"$tmp/stats"
	elapsed=$(($(date +%s) - started))
	total=$((total + n))
	failed=$((failed + bad))

	why=""
	if [ "$rc" != 0 ] && [ $# -gt 1 ] && [ "$elapsed" -ge "$timeout_s" ]; then
		why="timed out after ${timeout_s}s"
	elif [ "$n" = 0 ]; then
		why="no TAP results (exit status $rc)"
	elif [ "$plan" != -1 ] && [ "$plan" != "$n" ]; then
		why="planned $plan results, reported $n (exit status $rc)"
	elif [ "$rc" != 0 ] && [ "$bad" = 0 ]; then
		why="exit status $rc, but no result failed"
	fi
	if [ -n "$why" ]; then
		total=$((total + 1))
		failed=$((failed + 1))
		echo "not ok $total $name: $why"
	fi
done

echo "1..$total"
echo "# run-all: $total results, $failed failed"
[ -z "$old_loglevel" ] || dmesg -n "$old_loglevel" 2>/dev/null
[ "$failed" = 0 ]
