#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# EFI runtime services under hvx's stage 2 (host/efi-code.c,
# hyp/mem-protect.c): in a boot through UEFI firmware (tools/hvx-vm
# --uefi), with hvx loaded, the kernel calls the firmware's runtime code:
# mounting efivarfs lists the variables (GetNextVariableName) and reading
# each one calls GetVariable, on every CPU in turn (the calls run on a
# kernel worker: each CPU is offered the work by pinning the reader). The
# calls must work and the kernel must not find them faulting (an abort, or
# "[Firmware Bug]" and the runtime services disabled).
# Run in its own boot (tools/run-vm-tests.sh); needs hvx loaded, root and
# CONFIG_EFIVAR_FS; TAP output.
. "$(dirname "$0")/lib/tap.sh"

mnt=/sys/firmware/efi/efivars
mark=$(kmsg_mark efi)

tap_begin "booted through UEFI, runtime services on, hvx loaded"
[ -d /sys/firmware/efi ] || tap_fail "no /sys/firmware/efi: not booted through UEFI"
dmesg | grep -q 'Remapping and enabling EFI services' ||
	tap_fail "the kernel did not enable the EFI runtime services"
hvx_loaded || tap_fail "hvx is not loaded"
for c in $(online_cpus); do
	[ "$(hvx_state "$c")" = hyp ] || tap_fail "cpu$c is $(hvx_state "$c"), not hyp"
done
usable=$TAP_ERRS
tap_end
if [ "$usable" != 0 ]; then
	tap_skip "EFI variables read through the runtime services" "see above"
	tap_done
fi

tap_begin "EFI variables read through the runtime services under hvx"
if mount -t efivarfs efivarfs "$mnt"; then
	n=0
	for c in $(online_cpus); do
		for v in "$mnt"/*; do
			[ -f "$v" ] || continue
			taskset -c "$c" cat "$v" >/dev/null ||
				tap_fail "cpu$c: reading $(basename "$v") failed"
			n=$((n + 1))
		done
	done
	tap_diag "$n variable reads"
	[ "$n" -gt 0 ] || tap_fail "efivarfs lists no variable"
	umount "$mnt"
else
	tap_fail "mounting efivarfs failed"
fi
tap_end

tap_begin "no fault in firmware code, runtime services still on"
if trouble=$(kmsg_since "$mark" | grep -E "$KERNEL_TROUBLE|Firmware Bug|EFI runtime|efi_rts|External Abort"); then
	tap_fail "kernel log: $(printf '%s\n' "$trouble" | head -n 20)"
fi
tap_end

tap_done
