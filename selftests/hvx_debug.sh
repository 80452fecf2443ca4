#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The host's debug state stays the host's (hyp/debug-emul.c): with a
# hardware watchpoint and breakpoint armed on every host CPU for EL0
# (lib/hwbp: perf_event_open, PERF_TYPE_BREAKPOINT), the debug guest
# (guests/debug.c) sets MDSCR_EL1.MDE and touches both addresses at its
# EL0: no exception may come (one would be the host's, a LEAK line). The
# guest's breakpoint registers, the OS lock and the other debug registers
# a Linux guest touches at boot read as zero and ignore writes (OSLSR_EL1:
# an OS lock, unlocked; a breakpoint the CPU lacks: UNDEFINED), and it
# reads back its own MDE. After the run the host's breakpoints still
# fire on the host, on every CPU. Also: SVE and SME (RDVL, RDSVL, ZCR_EL1,
# SVCR) are UNDEFINED for the guest, not the host's vector state.
# Needs hvx loaded and root; TAP output.
. "$(dirname "$0")/lib/tap.sh"

guests=$(cd "$(dirname "$0")/guests" 2>/dev/null && pwd)
tmp=/tmp/hvx_debug.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
out=$tmp/out
err=$tmp/err
# The guest's addresses (guests/debug.c), in its 16 MiB of RAM.
watch=0x40c00000
exec=0x40c01000

expect_line() {
	grep -Eq -- "$1" "$out" || tap_fail "no line matching: $1"
}

expect_none() {
	if grep -Eq -- "$1" "$out"; then
		tap_fail "unexpected line(s) matching '$1':"
		grep -E -- "$1" "$out" | head -n 5 | sed 's/^/#   /'
	fi
}

show_run() {
	if [ "$TAP_ERRS" != 0 ]; then
		head -n 40 "$out" | sed 's/^/#   | /'
		head -n 20 "$err" | sed 's/^/#   stderr: /'
	fi
}

mark=$(kmsg_mark debug)

if ! hvx_loaded || [ ! -f "$guests/debug.img" ]; then
	tap_skip "the debug guest" "hvx not loaded, or no guests/debug.img"
	tap_done
fi

tap_begin "host breakpoints on every CPU: the guest sees none of them"
"$SELFTESTS_LIB/hwbp" $watch $exec -- \
	hvxctl run "$guests/debug.img" --mem 16 --timeout 60 >"$tmp/raw" 2>"$err"
rc=$?
tr -d '\r' <"$tmp/raw" >"$out"
grep '^hwbp:' "$err" | while read -r l; do tap_diag "$l"; done
[ "$rc" = 0 ] || tap_fail "hwbp + hvxctl run exited with status $rc"
grep -q '^hwbp: before: both fire' "$err" ||
	tap_fail "the host's breakpoints did not fire on the host before the run"
grep -q '^hwbp: after: both fire' "$err" ||
	tap_fail "the host's breakpoints did not fire on the host after the run"
expect_none '^hvx-guest: debug: LEAK'
expect_line "^hvx-guest: debug: store to $watch at EL0: no exception$"
expect_line "^hvx-guest: debug: call to $exec at EL0: no exception$"
expect_line '^hvx-guest: debug: MDSCR_EL1 after setting MDE: 0x[0-9a-f]+ \(MDE set\)$'
expect_line '^hvx-guest: debug: done$'
expect_none '^hvx-guest: debug: (error|unexpected exception)'
show_run
tap_end

tap_begin "breakpoint, watchpoint and OS lock registers read as zero, writes ignored"
# (the write returns x0, the address it wrote)
for r in "read DBGBVR0_EL1" "read DBGBCR0_EL1" "read DBGWVR0_EL1" \
	"read DBGWCR0_EL1" "read back DBGWVR0_EL1" "write OSLAR_EL1" \
	"write OSDLR_EL1" "read OSDLR_EL1" "read MDRAR_EL1"; do
	expect_line "^hvx-guest: debug: $r: returned 0x0$"
done
# QEMU 7.2 has none of these: UNDEFINED at EL1 then, without a trap
for r in "read DBGPRCR_EL1" "read DBGCLAIMSET_EL1" \
	"write DBGCLAIMCLR_EL1" "read DBGAUTHSTATUS_EL1"; do
	expect_line "^hvx-guest: debug: $r: (returned 0x0|undefined \(esr 0x2000000, )"
done
expect_line "^hvx-guest: debug: write DBGWVR0_EL1: returned $watch$"
expect_line '^hvx-guest: debug: read OSLSR_EL1: returned 0x8$'
expect_line "^hvx-guest: debug: read DBGBVR15_EL1: undefined \(esr 0x2000000, elr 0x[0-9a-f]+\)$"
show_run
tap_end

tap_begin "SVE and SME are UNDEFINED in the guest"
for r in rdvl "read ZCR_EL1" rdsvl "read SVCR"; do
	expect_line "^hvx-guest: debug: $r: undefined \(esr 0x2000000, elr 0x[0-9a-f]+\)$"
done
show_run
tap_end

tap_begin "no kernel trouble"
tap_kmsg_clean "$mark"
tap_end

tap_done
