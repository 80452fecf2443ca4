#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# hvx_acpi_boot.sh: guests booted from ACPI tables (issue #15), by
# `hvxctl run --acpi` (tables acpi-gen makes of the guest's device tree)
# and `--acpi-tables DIR` (the tables in DIR as they are):
#   - the acpi test guest (guests/acpi.c) with 1 and 4 vCPUs: its checks
#     of the hand-over (stub device tree, EFI system table and memory map,
#     RSDP -> XSDT -> tables, MADT, GTDT, SPCR, every vCPU up) all pass;
#   - the same guest from --acpi-tables: tables hvx-acpigen made of the
#     device tree hvxctl would give it (--dump-dtb);
#   - bad table folders (empty, a checksum off, no DSDT, a file shorter
#     than a header) are refused, exit 1 with a message, no VM left;
#   - --acpi-map: a mapping file that gives the PL011 the ID VNDR0042 and
#     says "VNDR0042 => ARMH0011": the guest binds its PL011 driver only
#     through the OEMB table (its checks go out through the UART so
#     found); without the "=>" line it finds none to bind;
#   - Linux (/usr/lib/hvx/linux) with 2 vCPUs: ACPI mode (no /cpus in its
#     device tree), both vCPUs online, timer interrupts rising on each
#     (the GTDT's), its console the SPCR's ttyAMA0, every table it loaded
#     byte-identical to what hvx-acpigen makes of the dumped device tree
#     at the address Linux found the RSDP, no firmware-bug or ACPI error
#     line in its log; hvxctl exits 0 (its poweroff);
#   - the device-ID map's bind lines reaching Linux (--acpi-map, the OEMB
#     table, hvx-acpi-bind under the guest's hvx.bind=1): with the UART
#     mapped to VNDR0042, which no Linux driver knows, and "VNDR0042 =>
#     ARMH0011 sbsa-uart", the kernel has no console for init, the tool
#     binds VNDR0042:00 to sbsa-uart, and the report then comes on the
#     console; OEMB in /sys/firmware/acpi/tables, byte-identical to
#     hvx-acpigen's. Without the bind line (control): no OEMB, nothing
#     bound, VNDR0042:00 without a driver, init on the kernel log.
# Needs root and hvx loaded; TAP output.
set -u

guests=$(dirname "$0")/guests
linux=/usr/lib/hvx/linux
tmp=$(mktemp -d /tmp/hvx_acpi_boot.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0

tap() {	# tap ok|fail NAME [DETAIL]
	n=$((n + 1))
	if [ "$1" = ok ]; then
		echo "ok $n $2"
	else
		failed=$((failed + 1))
		echo "not ok $n $2"
		[ -z "${3:-}" ] || printf '%s\n' "$3" | sed 's/^/# /'
	fi
}

# no_vms: no VM left behind
no_vms() { [ -z "$(ls /sys/kernel/hvx/vms 2>/dev/null)" ]; }

# guest_run LABEL CPUS [HVXCTL OPTIONS]: the acpi guest; its checks
guest_run() {
	label=$1 cpus=$2
	shift 2
	timeout 120 hvxctl run "$@" --vcpus "$cpus" --mem 64 \
		--append "hvx-cpus=$cpus hvx-mem=64 ${bind_arg:-}" \
		"$guests/acpi.img" >"$tmp/out" 2>&1
	rc=$?
	sed -n 's/^hvx-guest: acpi: \(pass\|fail\): //p' "$tmp/out" >"$tmp/checks"
	grep '^hvx-guest: acpi: fail' "$tmp/out" >"$tmp/fails"
	if [ $rc = 0 ] && [ ! -s "$tmp/fails" ] &&
	   grep -q 'done: [0-9]* checks, 0 failed' "$tmp/out"; then
		tap ok "$label: $(grep -c . "$tmp/checks") checks of the hand-over pass ($cpus vCPUs)"
	else
		tap fail "$label: the acpi guest's checks ($cpus vCPUs, hvxctl status $rc)" \
			"$(tail -n 30 "$tmp/out")"
	fi
}

echo "TAP version 13"
if [ ! -c /dev/hvx ] || [ ! -f "$guests/acpi.img" ]; then
	tap fail "/dev/hvx and $guests/acpi.img are there"
	echo "1..$n"
	exit 1
fi

guest_run "--acpi" 1 --acpi
guest_run "--acpi" 4 --acpi

# The tables of the tree hvxctl gives a 2-vCPU guest, as files.
if hvxctl run --vcpus 2 --mem 64 --dump-dtb "$tmp/vm.dtb" "$guests/acpi.img" &&
   hvx-acpigen "$tmp/vm.dtb" -o "$tmp/tables" >"$tmp/gen" 2>&1; then
	guest_run "--acpi-tables (hvx-acpigen of --dump-dtb)" 2 \
		--acpi-tables "$tmp/tables"
else
	tap fail "--dump-dtb and hvx-acpigen make tables" "$(cat "$tmp/gen")"
fi

# bad_dir LABEL DIR EXPECTED: refused with a message naming the problem
bad_dir() {
	hvxctl run --acpi-tables "$2" --mem 64 "$guests/acpi.img" \
		>"$tmp/bad" 2>&1
	rc=$?
	if [ $rc = 1 ] && grep -q -- "$3" "$tmp/bad" && no_vms; then
		tap ok "--acpi-tables $1: refused ($(head -n 1 "$tmp/bad"))"
	else
		tap fail "--acpi-tables $1: exit 1 saying '$3', no VM left (status $rc)" \
			"$(cat "$tmp/bad")"
	fi
}

mkdir -p "$tmp/empty" "$tmp/sum" "$tmp/nodsdt" "$tmp/short"
bad_dir "an empty folder" "$tmp/empty" "no FACP"
if [ -f "$tmp/tables/FACP.dat" ]; then
	cp "$tmp/tables/"*.dat "$tmp/sum/"
	# one byte of the DSDT's body changed: its checksum is off
	printf 'Z' | dd of="$tmp/sum/DSDT.dat" bs=1 seek=40 conv=notrunc 2>/dev/null
	bad_dir "a table's checksum off" "$tmp/sum" "bad checksum"
	cp "$tmp/tables/"*.dat "$tmp/nodsdt/"
	rm "$tmp/nodsdt/DSDT.dat"
	bad_dir "no DSDT" "$tmp/nodsdt" "no DSDT"
	cp "$tmp/tables/"*.dat "$tmp/short/"
	printf 'SSDT' >"$tmp/short/SSDT.dat"
	bad_dir "a file shorter than a header" "$tmp/short" "shorter than a header"
fi

# The PL011 under an ID no driver knows, bound through OEMB.
printf '%s\n' "arm,pl011 = VNDR0042" "VNDR0042 => ARMH0011 pl011" >"$tmp/bind.map"
bind_arg=hvx-bind=1 guest_run "--acpi-map (VNDR0042 => ARMH0011)" 1 \
	--acpi-map "$tmp/bind.map"
grep -q "pass: UART bound through OEMB: device VNDR0042 at 0x9000000" "$tmp/out" ||
	tap fail "--acpi-map: the guest bound VNDR0042 as ARMH0011" "$(head -n 5 "$tmp/out")"
# Control: no "=>" line, no OEMB: nothing binds.
printf '%s\n' "arm,pl011 = VNDR0042" >"$tmp/nobind.map"
timeout 120 hvxctl run --acpi-map "$tmp/nobind.map" --mem 64 \
	--append "hvx-bind=1" "$guests/acpi.img" >"$tmp/out" 2>&1
if grep -q "fail: no device of the DSDT binds a driver here" "$tmp/out"; then
	tap ok "--acpi-map without the '=>' line: the guest binds no UART"
else
	tap fail "--acpi-map without the '=>' line: the guest binds no UART" \
		"$(head -n 5 "$tmp/out")"
fi

# --- Linux ---------------------------------------------------------------
if [ ! -f "$linux/Image" ]; then
	tap fail "Linux guest: $linux/Image is there"
	echo "1..$n"
	exit 1
fi
timeout 240 hvxctl run --acpi --kernel "$linux/Image" \
	--initrd "$linux/initramfs.cpio" --vcpus 2 --mem 128 \
	--append "panic=-1 hvx.acpi=1 hvx.end=poweroff" </dev/null \
	>"$tmp/linux" 2>&1
rc=$?
tr -d '\r' <"$tmp/linux" >"$tmp/l"
report() { sed -n "s/^HVX-ACPI: $1 //p" "$tmp/l" | head -n 1; }

[ $rc = 0 ] && tap ok "Linux --acpi: booted and powered off (status 0)" ||
	tap fail "Linux --acpi: booted and powered off (status $rc)" \
		"$(tail -n 40 "$tmp/l")"
[ "$(report mode)" = acpi ] && tap ok "Linux --acpi: ACPI mode, no /cpus in its device tree" ||
	tap fail "Linux --acpi: ACPI mode (it says: '$(report mode)')"
cpus=$(report cpus)
case "$cpus" in
"2 online=0-1 possible=0-1") tap ok "Linux --acpi: both vCPUs online, from the MADT ($cpus)" ;;
*) tap fail "Linux --acpi: both vCPUs online ($cpus)" ;;
esac
timer=$(report timer)
case "$timer" in
ok:*) tap ok "Linux --acpi: timer interrupts (the GTDT's) rose on each vCPU (${timer#ok:})" ;;
*) tap fail "Linux --acpi: timer interrupts rose on each vCPU ($timer)" ;;
esac
console=$(report console)
if grep -q "ACPI: SPCR: console: pl011,mmio32,0x9000000" "$tmp/l" &&
   [ "${console%% *}" = ttyAMA0 ]; then
	tap ok "Linux --acpi: its console ttyAMA0 from the SPCR ($console)"
else
	tap fail "Linux --acpi: its console ttyAMA0 from the SPCR ('$console')"
fi

# The tables again, at the address Linux found the RSDP.
rsdp=$(sed -n 's/.*ACPI: RSDP 0x\([0-9A-Fa-f]*\) .*/\1/p' "$tmp/l" | head -n 1)
hvxctl run --vcpus 2 --mem 128 --kernel "$linux/Image" \
	--initrd "$linux/initramfs.cpio" \
	--append "panic=-1 hvx.acpi=1 hvx.end=poweroff" \
	--dump-dtb "$tmp/linux.dtb"
if [ -n "$rsdp" ] &&
   hvx-acpigen --base "0x$rsdp" "$tmp/linux.dtb" -o "$tmp/lt" >"$tmp/gen" 2>&1; then
	same=0 differ=
	for f in "$tmp/lt/"*.dat; do
		sig=$(basename "$f" .dat)
		case "$sig" in RSDP | XSDT) continue ;; esac
		if [ "$(report "table $sig")" = "$(md5sum <"$f" | cut -d' ' -f1)" ]; then
			same=$((same + 1))
		else
			differ="$differ $sig"
		fi
	done
	loaded=$(grep -c '^HVX-ACPI: table ' "$tmp/l")
	if [ -z "$differ" ] && [ "$same" = "$loaded" ] && [ "$same" -ge 5 ]; then
		tap ok "Linux --acpi: its $loaded tables byte-identical to hvx-acpigen's at 0x$rsdp"
	else
		tap fail "Linux --acpi: tables byte-identical to hvx-acpigen's (differ:${differ:- none}, $same same of $loaded loaded)" \
			"$(grep '^HVX-ACPI: table' "$tmp/l")"
	fi
else
	tap fail "Linux --acpi: the RSDP's address in its log, hvx-acpigen at it" \
		"rsdp '$rsdp' $(cat "$tmp/gen")"
fi
bugs=$(report fwbugs)
[ "$bugs" = 0 ] && tap ok "Linux --acpi: no firmware-bug or ACPI error line in its log" ||
	tap fail "Linux --acpi: no firmware-bug or ACPI error line in its log ($bugs)" \
		"$(grep '^HVX-ACPI: fwbug ' "$tmp/l")"
# --- Linux: the device-ID map's bind lines (OEMB, hvx-acpi-bind) --------
# linux_map NAME MAPFILE EXTRA-BOOTARGS: Linux with --acpi-map MAPFILE and
# hvx.bind=1; $tmp/NAME (carriage returns dropped), status in $rc. With
# "earlycon" the kernel's messages come on the SPCR's UART before a
# driver has it.
linux_map() {
	timeout 240 hvxctl run --acpi --acpi-map "$2" --kernel "$linux/Image" \
		--initrd "$linux/initramfs.cpio" --vcpus 2 --mem 128 \
		--append "panic=-1 earlycon $3 hvx.bind=1 hvx.acpi=1 hvx.end=poweroff" \
		</dev/null >"$tmp/$1.raw" 2>&1
	rc=$?
	tr -d '\r' <"$tmp/$1.raw" >"$tmp/$1"
}

printf 'arm,pl011 = VNDR0042\nVNDR0042 => ARMH0011 sbsa-uart\n' >"$tmp/linux-bind.map"
linux_map bind "$tmp/linux-bind.map" ""
b=$tmp/bind
# The lines init wrote on the console: at a line's start (the kernel log's
# have a timestamp first).
if [ $rc = 0 ] &&
   grep -qx 'HVX-BIND: bound VNDR0042:00 to sbsa-uart (as ARMH0011)' "$b" &&
   grep -qx 'HVX-BIND: exit 0' "$b"; then
	tap ok "Linux --acpi-map: hvx-acpi-bind bound VNDR0042:00 to sbsa-uart (as ARMH0011), exit 0"
else
	tap fail "Linux --acpi-map: hvx-acpi-bind bound VNDR0042:00 to sbsa-uart (hvxctl status $rc)" \
		"$(grep -E 'HVX-|console' "$b" | head -n 20; tail -n 20 "$b")"
fi
# Its console only through the table: none when init started, the report
# on it after the tool (not on the kernel log), the device on sbsa-uart.
if grep -q 'unable to open an initial console' "$b" &&
   ! grep -q 'HVX-LINUX: no console' "$b" &&
   grep -qx 'HVX-ACPI: mode acpi' "$b" &&
   grep -q '^HVX-ACPI: console ttyAMA0' "$b" &&
   grep -qx 'HVX-ACPI: device VNDR0042:00 sbsa-uart' "$b" &&
   grep -q '^HVX-ACPI: fwbugs ' "$b"; then
	tap ok "Linux --acpi-map: no console for init until the tool bound the UART; then the report on ttyAMA0"
else
	tap fail "Linux --acpi-map: the console works after the tool bound the UART (the kernel had none before)" \
		"$(grep -E 'HVX-|console' "$b" | head -n 30)"
fi
oemb=$(sed -n 's/^HVX-ACPI: table OEMB //p' "$b")
if hvx-acpigen --map "$tmp/linux-bind.map" "$tmp/linux.dtb" -o "$tmp/mt" >"$tmp/gen" 2>&1 &&
   [ -f "$tmp/mt/OEMB.dat" ] && [ -n "$oemb" ] &&
   [ "$oemb" = "$(md5sum <"$tmp/mt/OEMB.dat" | cut -d' ' -f1)" ]; then
	tap ok "Linux --acpi-map: /sys/firmware/acpi/tables/OEMB there, byte-identical to hvx-acpigen --map's"
else
	tap fail "Linux --acpi-map: /sys/firmware/acpi/tables/OEMB there, as hvx-acpigen --map makes it ('$oemb')" \
		"$(grep '^HVX-ACPI: table' "$b"; cat "$tmp/gen")"
fi

# Control: the UART still mapped to VNDR0042, no bind line. Init has no
# console then and writes to the kernel log (printk.devkmsg=on: all its
# lines), which the boot console shows: timestamps first.
printf 'arm,pl011 = VNDR0042\n' >"$tmp/linux-nobind.map"
linux_map nobind "$tmp/linux-nobind.map" "printk.devkmsg=on"
sed 's/^\[ *[0-9]*\.[0-9]*\] //' "$tmp/nobind" >"$tmp/nb"
if [ $rc = 0 ] &&
   grep -qx 'HVX-BIND: nothing to bind: no OEMB table (/sys/firmware/acpi/tables/OEMB)' "$tmp/nb" &&
   grep -qx 'HVX-ACPI: device VNDR0042:00 none' "$tmp/nb" &&
   grep -q '^HVX-ACPI: fwbugs ' "$tmp/nb" &&
   ! grep -q '^HVX-ACPI: table OEMB' "$tmp/nb" &&
   grep -q 'HVX-LINUX: no console' "$tmp/nb" &&
   ! grep -q '^HVX-' "$tmp/nobind"; then
	tap ok "Linux --acpi-map without a bind line: no OEMB, nothing to bind, VNDR0042:00 without a driver, no console"
else
	tap fail "Linux --acpi-map without a bind line: no OEMB, VNDR0042:00 unbound (hvxctl status $rc)" \
		"$(grep -E 'HVX-|console' "$tmp/nb" | head -n 30; tail -n 10 "$tmp/nobind")"
fi

no_vms && tap ok "no VM left" || tap fail "no VM left"

echo "1..$n"
[ $failed = 0 ]
