#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# hvx-acpigen over every arm64 DTB of the kernel source, as TAP on stdout
# (make acpi-corpus).
#
# usage: corpus-run.sh HVX_ACPIGEN WORKDIR [DTB_DIR]
#
# DTB_DIR defaults to the cached build of corpus-dtbs.sh (all of
# arch/arm64/boot/dts).  Every DTB must convert: exit status 0, warnings
# allowed (what ACPI cannot describe is left out, one warning per node).
# Every table must then disassemble with iasl -d without a warning or an
# error (a DSDT iasl mistakes for source: acpiexec loads it and evaluates
# its predefined names), and have the length, checksum and revision
# check.py checks (the RSDP, which iasl cannot disassemble alone, only
# those).
# Each conversion is timed on its own; the last lines give the counts
# (converted, warned, failed), the total conversion time and the slowest
# DTB.  Exit status 1 when any DTB failed; its tables and logs are kept in
# WORKDIR/failed/NAME/.  WORKDIR/warnings has every warning.  CORPUS_JOBS (2) conversions run at a time.
set -u
tool=$(realpath "$1")
work=$2
here=$(cd "$(dirname "$0")" && pwd)

# --one DTB NAME: convert one DTB and validate its tables; prints
# "NAME STATUS WARNINGS WALL_SECONDS CPU_SECONDS" (STATUS ok, convert or
# iasl) for the conversion.
if [ "${3:-}" = --one ]; then
	dtb=$4 name=$5
	out="$work/out/$name"
	log="$work/log/$name"
	mkdir -p "$(dirname "$log")"
	TIMEFORMAT='%3R %3U %3S'
	{ time "$tool" "$dtb" -o "$out" >"$log.gen" 2>&1; } 2>"$log.time"
	rc=$?
	secs=$(awk '{ printf "%s %.3f", $1, $2 + $3 }' "$log.time")
	warn=$(grep -c ': warning: ' "$log.gen")
	if [ "$rc" != 0 ] || grep -v ': warning: ' "$log.gen" | grep -q .; then
		echo "$name convert $warn $secs"
		exit 0
	fi
	# iasl 20200925 cannot disassemble a standalone RSDP.  It takes a
	# table whose length is 0x2a2f (bytes "/*") for ASL source with
	# an open comment and exits 255 silently: acpiexec loads those.
	tables=''
	aml=
	for t in "$out"/*.dat; do
		case "$(basename "$t"):$(od -An -tx1 -j4 -N2 "$t" | tr -d ' ')" in
		RSDP.dat:*) ;;
		*:2f2a)	aml="$aml $t" ;;
		*)	tables="$tables $(basename "$t")" ;;
		esac
	done
	# shellcheck disable=SC2086 # one word per table
	if ! (cd "$out" && iasl -d $tables) >"$log.iasl" 2>&1 ||
	   grep -Eiq 'warning|error' "$log.iasl"; then
		echo "$name iasl $warn $secs"
		exit 0
	fi
	for t in $aml; do
		timeout 30 acpiexec -b predefined "$t" >"$log.iasl" 2>&1
		if grep -Eq 'ACPI Error|ACPI Warning|AE_[A-Z_]+' "$log.iasl" ||
		   ! grep -q 'predefined names in the namespace' "$log.iasl"; then
			echo "$name iasl $warn $secs"
			exit 0
		fi
	done
	rm -f "$out"/*.dsl "$log.iasl" "$log.time"
	echo "$name ok $warn $secs"
	exit 0
fi

dtbs=${3:-}
if [ -z "$dtbs" ]; then
	if ! dtbs=$("$here/corpus-dtbs.sh" 2>"$work.dtbs.log"); then
		echo "not ok 1 - acpi corpus: build the kernel's arm64 DTBs"
		sed 's/^/# /' "$work.dtbs.log" | tail -n 20
		echo "1..1"
		exit 1
	fi
fi
rm -rf "$work"
mkdir -p "$work"
# Thousands of small files: in memory when possible (creating and
# removing them on this machine's disk took longer than converting).
# What failed is copied into WORKDIR at the end.
scratch=$(mktemp -d "${CORPUS_TMP:-/dev/shm}/hvx-acpi-corpus.XXXXXX" 2>/dev/null) ||
	scratch=$(mktemp -d "$work/scratch.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
start=$EPOCHREALTIME
echo "TAP version 13"
(cd "$dtbs" && find . -name '*.dtb' | sed 's|^\./||' | sort) >"$work/list"
total=$(grep -c . "$work/list")

# Two conversions at a time at most: the machine is shared, and each is
# timed on its own.
jobs=${CORPUS_JOBS:-2}
while IFS= read -r n; do
	printf '%s\0%s\0' "$dtbs/$n" "$n"
done <"$work/list" |
	xargs -0 -n 2 -P "$jobs" "$0" "$1" "$scratch" --one >"$work/results"

n=0
failed=0
result() {
	n=$((n + 1))
	if [ -z "$2" ]; then
		echo "ok $n - acpi corpus: $1"
	else
		failed=$((failed + 1))
		echo "not ok $n - acpi corpus: $1"
		printf '%s\n' "$2" | head -n 20 | sed 's/^/# /'
	fi
}

python3 "$here/check.py" corpus "$scratch/out" >"$work/check.log" 2>&1
# Every DTB that failed anything: conversion, iasl, check.py, no result.
{
	awk '$2 != "ok" { print $1 }' "$work/results"
	sed -n 's/^\([^ :]*\): .*/\1/p' "$work/check.log"
	cut -d' ' -f1 "$work/results" | sort | comm -23 "$work/list" -
} | sort -u >"$work/failed.list"

bad=$(awk '$2 == "convert" { print $1 }' "$work/results")
missing=$(cut -d' ' -f1 "$work/results" | sort | comm -23 "$work/list" -)
result "every one of $total DTBs converts" "$(
	for f in $bad; do grep -v ': warning: ' "$scratch/log/$f.gen" | head -n 1; done
	for f in $missing; do echo "$f: no result"; done)"
bad=$(awk '$2 == "iasl" { print $1 }' "$work/results")
result "iasl -d disassembles every table without warnings (or acpiexec loads it)" "$(
	for f in $bad; do echo "$f:"; grep -Ei 'warning|error' "$scratch/log/$f.iasl" | head -n 3; done)"
result "table lengths, checksums and revisions" "$(cat "$work/check.log")"
while IFS= read -r f; do
	mkdir -p "$work/failed/$f"
	cp -r "$scratch/out/$f/." "$scratch/log/$f".* "$work/failed/$f/" 2>/dev/null
done <"$work/failed.list"
# Every warning, for reading (the conversions' stderr, in DTB order).
while IFS= read -r f; do
	cat "$scratch/log/$f.gen" 2>/dev/null
done <"$work/list" >"$work/warnings"

converted=$(awk '$2 != "convert"' "$work/results" | grep -c .)
warned=$(awk '$2 != "convert" && $3 > 0' "$work/results" | grep -c .)
fails=$(grep -c . "$work/failed.list")
end=$EPOCHREALTIME
# CPU time (user + system) is what a loaded machine changes least.
awk -v total="$total" -v conv="$converted" -v warned="$warned" \
    -v failed="$fails" -v run=$(( ${end/./} - ${start/./} )) '
	{ wall += $4; cpu += $5; if ($5 >= max) { max = $5; slow = $1 } }
	END {
		printf "# acpi corpus: %d DTBs: %d converted (%d with warnings), %d failed\n",
			total, conv, warned, failed
		printf "# acpi corpus: hvx-acpigen took %.2f s CPU (%.2f s wall) for all, %.1f ms CPU a DTB; slowest %s, %.0f ms CPU\n",
			cpu, wall, NR ? cpu / NR * 1e3 : 0, slow, max * 1e3
		printf "# acpi corpus: the whole run (with iasl) took %.0f s\n", run / 1e6
	}' "$work/results"
echo "1..$n"
[ "$failed" -eq 0 ] && [ "$fails" -eq 0 ]
