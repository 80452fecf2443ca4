#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# hvx refuses to load on a VHE kernel (kernel at EL2). Run in the boot
# 'tools/hvx-vm --vhe --no-load': insmod must fail with ENODEV, each load
# attempt must log exactly one "hvx: " line saying why (EL2/VHE), no oops,
# and nothing of hvx may be left behind. Root; TAP output.
. "$(dirname "$0")/lib/tap.sh"

# Lines the kernel itself prints for any out-of-tree module ("hvx: loading
# out-of-tree module taints kernel."): not hvx's explanation.
KERNEL_NOTES='taints kernel|module verification failed'

tap_begin "the kernel runs at EL2 with VHE"
# The boot CPU's capabilities are logged once: "CPU features: detected:
# Virtualization Host Extensions" only if the kernel kept EL2 for itself.
if ! dmesg | grep -q 'CPU features: detected: Virtualization Host Extensions'; then
	tap_fail "no 'Virtualization Host Extensions' in the boot log: not a VHE boot (tools/hvx-vm --vhe?)"
fi
tap_end

tap_begin "hvx is not loaded before the test"
hvx_loaded && tap_fail "hvx is already loaded (boot with --no-load)"
[ ! -e /dev/hvx ] || tap_fail "/dev/hvx exists"
tap_end

start=$(kmsg_mark vhe)

tap_begin "insmod hvx.ko fails"
if [ ! -f "$HVX_KO" ]; then
	tap_fail "$HVX_KO missing"
elif insmod "$HVX_KO" >/tmp/insmod.out 2>&1; then
	tap_fail "insmod succeeded on a VHE kernel"
	rmmod hvx
else
	grep -q 'No such device' /tmp/insmod.out ||
		tap_fail "insmod failed, but not with ENODEV: $(cat /tmp/insmod.out)"
fi
tap_end

# busybox insmod retries a failed finit_module() with init_module(): one
# load attempt at a time, with lib/modload, to count hvx's lines.
mark=$(kmsg_mark vhe-modload)

tap_begin "a load attempt fails with ENODEV"
out=$("$SELFTESTS_LIB/modload" "$HVX_KO")
rc=$?
tap_diag "$out"
[ $rc = 1 ] || tap_fail "modload exit status $rc, expected 1 (refused)"
[ $rc != 0 ] || rmmod hvx
echo "$out" | grep -q 'errno 19 ' || tap_fail "not ENODEV (errno 19): $out"
tap_end

tap_begin "exactly one 'hvx: ' line explains the refusal"
lines=$(kmsg_since "$mark" | grep '^hvx: ' | grep -vE "$KERNEL_NOTES")
n=$(printf '%s' "$lines" | grep -c '^')
tap_diag "hvx said: $lines"
[ "$n" = 1 ] || tap_fail "$n 'hvx: ' lines, expected 1"
printf '%s\n' "$lines" | grep -qE 'EL2|VHE' || tap_fail "the line does not mention EL2 or VHE"
tap_end

tap_begin "no kernel trouble"
if trouble=$(kmsg_trouble "$start"); then
	tap_fail "kernel log: $(printf '%s\n' "$trouble" | head -n 20)"
fi
tap_end

tap_begin "nothing of hvx is left"
hvx_loaded && tap_fail "hvx is in /proc/modules"
[ ! -e /dev/hvx ] || tap_fail "/dev/hvx exists"
[ ! -e "$HVX_SYSFS" ] || tap_fail "$HVX_SYSFS exists"
tap_end

tap_done
