# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Sourced by run-tests.sh: compare hvx-acpigen's tables with the ones QEMU
# itself builds for the same virt machine.  QEMU hands its tables to UEFI
# firmware (Debian's qemu-efi-aarch64), which installs them in guest RAM;
# qemu-tables.py boots the machine, dumps its RAM over QMP (pmemsave)
# until a complete RSDP -> XSDT -> tables chain is there, and kills QEMU.
# hvx-acpigen runs on the DTB of the same machine (same options, firmware
# included: with firmware QEMU swaps the PL061 + gpio-keys for a GED), and
# qemu-compare.py compares the decoded tables field by field, with an
# explicit allowlist of the differences that are expected.
#
# QEMU_EFI overrides the firmware image.  Takes ~10 s per machine.

qemu_efi=${QEMU_EFI:-/usr/share/qemu-efi-aarch64/QEMU_EFI.fd}
qc="$work/qemu-compare"

# name | -machine options | -smp
qemu_uefi_configs="
qemu-uefi-v3-smp4|gic-version=3|4
qemu-uefi-v2|gic-version=2|1
"

if ! command -v qemu-system-aarch64 >/dev/null 2>&1; then
	fail "QEMU/UEFI comparison: qemu-system-aarch64 not installed"
elif [ ! -r "$qemu_efi" ]; then
	fail "QEMU/UEFI comparison: no firmware at $qemu_efi (install qemu-efi-aarch64, see tools/setup-deps.sh)"
else
	for cfg in $qemu_uefi_configs; do
		IFS='|' read -r name mopts smp <<<"$cfg"
		d="$qc/$name"
		mkdir -p "$d"
		args=(-cpu max -smp "$smp" -m 512 -nographic -nic none
		      -bios "$qemu_efi")
		if ! timeout 60 qemu-system-aarch64 \
			-machine "virt,$mopts,dumpdtb=$d/machine.dtb" "${args[@]}" \
			</dev/null >"$d/dumpdtb.log" 2>&1 ||
		   ! "$tool" "$d/machine.dtb" -o "$d/ours" >"$d/ours.log" 2>&1; then
			cat "$d/ours.log" >>"$d/dumpdtb.log" 2>/dev/null
			fail "$name: QEMU dumpdtb and hvx-acpigen" "$d/dumpdtb.log"
			continue
		fi
		if ! python3 "$here/qemu-tables.py" "$d/qemu" 60 \
			-machine "virt,$mopts" "${args[@]}" >"$d/qemu.log" 2>&1; then
			fail "$name: QEMU's UEFI firmware installs ACPI tables in guest RAM" \
				"$d/qemu.log"
			continue
		fi
		pass "$name: QEMU's tables read from guest RAM ($(grep -c '^[A-Z]' "$d/qemu/ADDRS") tables, RSDP at $(sed -n 's/^RSDP //p' "$d/qemu/ADDRS"), $(sed -n 's/^# //p' "$d/qemu/ADDRS"))"
		py_results "$name" python3 "$here/qemu-compare.py" "" \
			"$d/ours" "$d/qemu"
	done
fi
