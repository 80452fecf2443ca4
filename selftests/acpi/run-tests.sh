#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-side tests of hvx-acpigen, as TAP.
#
# usage: run-tests.sh HVX_ACPIGEN WORKDIR TAPFILE
#
# For every test DTB (QEMU virt dumps, kernel board trees, a small
# hand-written one): tables generate, each disassembles with iasl -d
# without warnings, lengths/revisions/checksums are right, acpiexec loads
# the DSDT and evaluates every predefined name without errors, fields
# match the DT, and the linked image is consistent.  Then error handling,
# what ACPI cannot describe (warnings, partial tables, serial types),
# mapping files, and the comparison against QEMU's own ACPI tables.
# Exit status is non-zero when any test failed.
set -u
tool=$(realpath "$1")
work=$2
tapfile=$3
here=$(cd "$(dirname "$0")" && pwd)
n=0
failed=0
rm -rf "$work"
mkdir -p "$work" "$(dirname "$tapfile")"
: >"$tapfile.tmp"

emit() {
	printf '%s\n' "$*" | tee -a "$tapfile.tmp"
}

pass() {
	n=$((n + 1))
	emit "ok $n - $1"
}

# fail DESC [LOGFILE]: a failed test, with the log as TAP diagnostics.
fail() {
	n=$((n + 1))
	failed=$((failed + 1))
	emit "not ok $n - $1"
	if [ -n "${2:-}" ] && [ -s "$2" ]; then
		head -n 20 "$2" | sed 's/^/# /' | tee -a "$tapfile.tmp"
	fi
}

# check DESC CMD...: run CMD, pass if it succeeds.
check() {
	local desc=$1 log="$work/last.log"
	shift
	if "$@" >"$log" 2>&1; then pass "$desc"; else fail "$desc" "$log"; fi
}

# Turn check.py's PASS/FAIL lines into TAP results.
py_results() {
	local prefix=$1 line
	shift
	"$@" >"$work/py.log" 2>&1
	while IFS= read -r line; do
		case "$line" in
		PASS\ *) pass "$prefix: ${line#PASS }" ;;
		FAIL\ *) fail "$prefix: ${line#FAIL }" ;;
		*) fail "$prefix: unexpected output: $line" ;;
		esac
	done <"$work/py.log"
	[ -s "$work/py.log" ] || fail "$prefix: checker produced no results"
}

# iasl -d must exit 0 and print no warning or error.
iasl_clean() {
	local f=$1 log
	log=$(cd "$(dirname "$f")" && iasl -d "$(basename "$f")" 2>&1) || {
		echo "$log"
		return 1
	}
	if echo "$log" | grep -Eiq 'warning|error'; then
		echo "$log"
		return 1
	fi
	return 0
}

# acpiexec_clean DSDT [TOLERATED]: acpiexec loads the DSDT and evaluates
# all predefined names.  It exits 0 even on errors, so its output decides:
# no "ACPI Error", "ACPI Warning" or AE_ status, except lines matching the
# optional TOLERATED pattern.
acpiexec_clean() {
	local log bad
	log=$(timeout 30 acpiexec -b predefined "$1" 2>&1)
	bad=$(echo "$log" | grep -E 'ACPI Error|ACPI Warning|AE_[A-Z_]+')
	[ -n "${2:-}" ] && bad=$(echo "$bad" | grep -Ev "$2")
	if [ -n "$bad" ]; then
		echo "$bad"
		return 1
	fi
	echo "$log" | grep 'predefined names in the namespace'
}

emit "TAP version 13"

dtbs="$work/dtb"
if ! "$here/gen-dtbs.sh" "$dtbs" >"$work/gen.log" 2>&1; then
	fail "generate test DTBs (QEMU dumpdtb, kernel dts)" "$work/gen.log"
fi

for dtb in "$dtbs"/qemu-*.dtb "$dtbs"/board-*.dtb "$dtbs"/minimal-*.dtb; do
	[ -e "$dtb" ] || continue
	name=$(basename "$dtb" .dtb)
	out="$work/out/$name"
	if ! "$tool" --blob "$work/out/$name.blob" --base 0x7f000000 \
		"$dtb" -o "$out" >"$work/run.log" 2>&1; then
		fail "$name: hvx-acpigen runs" "$work/run.log"
		continue
	fi
	pass "$name: hvx-acpigen writes $(cd "$out" && ls *.dat | sed 's/.dat//' | tr '\n' ' ')"
	for t in "$out"/*.dat; do
		sig=$(basename "$t" .dat)
		# iasl 20200925 cannot disassemble a standalone RSDP (not even
		# one it compiled itself); check.py validates it instead.
		[ "$sig" = RSDP ] && continue
		check "$name: iasl -d $sig clean" iasl_clean "$t"
	done
	py_results "$name" python3 "$here/check.py" tables "$dtb" "$out"
	check "$name: acpiexec loads DSDT, predefined names evaluate" \
		acpiexec_clean "$out/DSDT.dat"
	py_results "$name" python3 "$here/check.py" fields "$dtb" "$out"
	py_results "$name" python3 "$here/check.py" blob \
		"$work/out/$name.blob" 0x7f000000 "$out"
done

. "$here/error-tests.sh"
. "$here/partial-tests.sh"
. "$here/map-tests.sh"
. "$here/qemu-compare.sh"

emit "1..$n"
mv "$tapfile.tmp" "$tapfile"
echo "# acpi: $((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
