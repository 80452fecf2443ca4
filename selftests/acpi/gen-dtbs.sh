#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Produce the DTBs the acpi-gen tests run on, into DIR:
#   qemu-*.dtb   dumped by QEMU 7.2's virt machine (-machine ...,dumpdtb=)
#   board-*.dtb  built from the kernel source's arch/arm64/boot/dts
#   err-*.dtb    small broken trees from selftests/acpi/dts/*.dts
# usage: gen-dtbs.sh DIR     (prints nothing on success)
set -eu
dir=$1
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
mkdir -p "$dir"

# name | -machine options | -smp
qemu_configs="
qemu-v3-smp4|gic-version=3|4
qemu-v3-smp8-noits|gic-version=3,its=off|8
qemu-v3-smp8-topo-el2|gic-version=3,virtualization=on|8,sockets=2,clusters=2,cores=2,threads=1
qemu-v2-smp1|gic-version=2|1
qemu-v2-smp4-lowmem|gic-version=2,highmem=off|4
"
for cfg in $qemu_configs; do
	IFS='|' read -r name mopts smp <<<"$cfg"
	out="$dir/$name.dtb"
	[ -s "$out" ] && continue
	timeout 60 qemu-system-aarch64 -nodefaults -nographic -display none \
		-machine "virt,$mopts,dumpdtb=$out.tmp" -cpu max -smp "$smp" \
		-m 512 >/dev/null 2>&1 || true
	[ -s "$out.tmp" ] || { echo "gen-dtbs: QEMU failed for $name" >&2; exit 1; }
	mv "$out.tmp" "$out"
done

# Boards: Juno (GICv2 + v2m, PCIe on r1), FVP Base RevC (GICv3 + ITS).
ksrc=$("$top/tools/kernel-src.sh")
dts="$ksrc/arch/arm64/boot/dts"
for b in arm/juno arm/juno-r1 arm/fvp-base-revc arm/rtsm_ve-aemv8a; do
	out="$dir/board-$(basename $b).dtb"
	[ -s "$out" ] && continue
	cpp -nostdinc -I "$ksrc/scripts/dtc/include-prefixes" \
		-I "$(dirname "$dts/$b")" -undef -D__DTS__ \
		-x assembler-with-cpp "$dts/$b.dts" |
		dtc -q -I dts -O dtb -o "$out.tmp" -
	mv "$out.tmp" "$out"
done
# The FVP tree has no stdout-path; a copy with one exercises SPCR/DBG2
# through the motherboard's interrupt-map on a GICv3 board.
if [ ! -s "$dir/board-fvp-base-revc-console.dtb" ]; then
	cp "$dir/board-fvp-base-revc.dtb" "$dir/fvp.tmp"
	fdtput -p -t s "$dir/fvp.tmp" /chosen stdout-path "serial0:115200n8"
	mv "$dir/fvp.tmp" "$dir/board-fvp-base-revc-console.dtb"
fi

for f in "$here"/dts/*.dts; do
	dtc -q -I dts -O dtb -o "$dir/$(basename "$f" .dts).dtb" "$f"
done
