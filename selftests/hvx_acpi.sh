#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# ACPI generation inside hvx.ko (HVX_ACPI_GENERATE through 'hvxctl acpi'):
# the host's own device tree converts, the tables are byte for byte those
# of the user-space tool hvx-acpigen (tested against iasl/acpiexec on the
# build host), /sys/kernel/hvx/acpi/ shows the last set, and a bad device
# tree or mapping table is refused with the reason while hvx keeps working.
# Needs hvx loaded and root; TAP output.
. "$(dirname "$0")/lib/tap.sh"

tmp=/tmp/hvx_acpi.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT

tap_begin "hvxctl acpi converts the host's device tree"
hvxctl acpi -o "$tmp/mod" >"$tmp/out" 2>&1 || tap_fail "exit $?: $(cat "$tmp/out")"
for sig in RSDP XSDT FACP DSDT APIC GTDT SPCR DBG2 MCFG; do
	[ -s "$tmp/mod/$sig.dat" ] || tap_fail "no $sig.dat"
done
tap_end

tap_begin "module tables equal hvx-acpigen's"
hvx-acpigen /sys/firmware/fdt -o "$tmp/user" >/dev/null 2>&1 ||
	tap_fail "hvx-acpigen failed"
n=0
for f in "$tmp"/user/*.dat; do
	n=$((n + 1))
	cmp -s "$f" "$tmp/mod/${f##*/}" || tap_fail "${f##*/} differs"
done
[ "$(ls "$tmp/mod" | wc -l)" = "$n" ] || tap_fail "different table sets"
[ "$n" -ge 9 ] || tap_fail "only $n tables"
tap_end

tap_begin "/sys/kernel/hvx/acpi shows the last tables"
for f in "$tmp"/mod/*.dat; do
	sig=${f##*/}
	sig=${sig%.dat}
	cmp -s "$f" "/sys/kernel/hvx/acpi/$sig" || tap_fail "$sig differs in sysfs"
done
tap_end

tap_begin "a mapping table changes a device's _HID"
printf '# test map\narm,pl011 = HVXU0001\n' >"$tmp/map"
hvxctl acpi --map "$tmp/map" -o "$tmp/mapped" >/dev/null 2>&1 ||
	tap_fail "hvxctl acpi --map failed"
grep -q HVXU0001 "$tmp/mapped/DSDT.dat" || tap_fail "HVXU0001 not in the DSDT"
grep -q HVXU0001 "$tmp/mod/DSDT.dat" && tap_fail "HVXU0001 in the unmapped DSDT"
tap_end

tap_begin "a bad mapping line is refused with its line number"
printf 'arm,pl011 = HVXU0001\nthis is not a mapping\n' >"$tmp/badmap"
if hvxctl acpi --map "$tmp/badmap" -o "$tmp/bad1" >"$tmp/out" 2>&1; then
	tap_fail "accepted"
fi
grep -q ':2' "$tmp/out" || tap_fail "no line number: $(cat "$tmp/out")"
tap_end

tap_begin "a malformed device tree is refused, nothing written"
head -c 4096 /dev/urandom >"$tmp/junk.dtb"
if hvxctl acpi --dtb "$tmp/junk.dtb" -o "$tmp/bad2" >"$tmp/out" 2>&1; then
	tap_fail "accepted"
fi
[ -e "$tmp/bad2" ] && tap_fail "output written"
grep -q 'HVX_ACPI_GENERATE: ' "$tmp/out" || tap_fail "no reason: $(cat "$tmp/out")"
tap_end

tap_begin "a truncated device tree is refused"
head -c 200 /sys/firmware/fdt >"$tmp/short.dtb"
hvxctl acpi --dtb "$tmp/short.dtb" -o "$tmp/bad3" >/dev/null 2>&1 &&
	tap_fail "accepted"
tap_end

tap_begin "hvx still works after refusals"
hvxctl acpi -o "$tmp/again" >/dev/null 2>&1 || tap_fail "generation failed"
cmp -s "$tmp/again/DSDT.dat" "$tmp/mod/DSDT.dat" || tap_fail "DSDT changed"
[ "$(cat /sys/kernel/hvx/nr_hyp_cpus)" -ge 1 ] || tap_fail "no CPU under hvx"
tap_end

tap_done
