#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# acpi-gen's libFuzzer target for a fixed time, as TAP on stdout (part of
# make check).
#
# usage: fuzz-test.sh FUZZ_BIN WORKDIR SECONDS DTB_DIR
#
# The seed corpus is the committed test trees and mapping files
# (fuzz-seed.sh) plus the test DTBs (QEMU dumps, kernel board trees) that
# gen-dtbs.sh makes in DTB_DIR, a cache kept between runs.  First every
# seed runs once on its own, so a parser bug the test trees already reach
# fails by name; then libFuzzer mutates them for SECONDS.  Any crash,
# sanitizer report (ASan, UBSan, leaks), input slower than 10 s or over
# 2 GiB fails; the input that did it is kept in WORKDIR/artifacts.
# FUZZ_SEED=N replays libFuzzer's random choices (the seed used is
# printed).
set -u
bin=$(realpath "$1")
work=$2
secs=$3
dtbs=$4
here=$(cd "$(dirname "$0")" && pwd)
seed=${FUZZ_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
. "$here/../lib/tap.sh"
rm -rf "$work"
mkdir -p "$work/corpus" "$work/artifacts"

# show_log LOG: its sanitizer or libFuzzer report, else its tail.
show_log() {
	{ grep -A 24 -m 1 -E '^==[0-9]+==|runtime error|deadly signal|ALARM|out-of-memory' "$1" ||
	  tail -n 20 "$1"; } | head -n 30 | sed 's/^/#   /'
}

tap_diag "fuzz: FUZZ_SEED=$seed, $secs s"

seeded=
if "$here/fuzz-seed.sh" "$work/seed" >"$work/seed.log" 2>&1 &&
   "$here/gen-dtbs.sh" "$dtbs" >>"$work/seed.log" 2>&1; then
	# Repacked: QEMU pads its dumps to 1 MiB, past -max_len, and
	# libFuzzer would cut them into truncated DTBs.
	for f in "$dtbs"/*.dtb; do
		[ -e "$f" ] && dtc -q -I dtb -O dtb -o "$work/seed/${f##*/}" "$f"
	done
	seeded=1
fi
tap_begin "fuzz: seed corpus of $(find "$work/seed" -type f 2>/dev/null | wc -l) inputs"
if [ -z "$seeded" ]; then
	tap_fail "fuzz-seed.sh or gen-dtbs.sh failed"
	show_log "$work/seed.log"
fi
tap_end

# Each seed on its own: a bug the test trees reach fails under its name.
for f in "$work"/seed/*; do
	[ -e "$f" ] || continue
	tap_begin "fuzz: seed $(basename "$f") runs clean"
	if ! "$bin" -rss_limit_mb=2048 -timeout=10 "$f" >"$work/replay.log" 2>&1; then
		tap_fail "replay: $bin $f"
		show_log "$work/replay.log"
	fi
	tap_end
done

# -max_len covers the largest board tree; -close_fd_mask keeps the
# harness's own output (none expected) out of the log.
log="$work/fuzz.log"
start=$(date +%s)
"$bin" -seed="$seed" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	-max_len=65536 -print_final_stats=1 -close_fd_mask=1 \
	-artifact_prefix="$work/artifacts/" "$work/corpus" "$work/seed" \
	>"$log" 2>&1
rc=$?
took=$(($(date +%s) - start))
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
art=$(find "$work/artifacts" -type f | head -n 1)
tap_begin "fuzz: libFuzzer ${took} s, ${execs:-?} inputs (${rate:-?}/s), ${cov:-?} edges, no crash, leak, hang or OOM"
if [ "$rc" -ne 0 ] || [ -n "$art" ] || [ -z "$execs" ]; then
	tap_fail "exit $rc${art:+, input kept in $art; replay: $bin $art}"
	show_log "$log"
fi
tap_end
tap_done
