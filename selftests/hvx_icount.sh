#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# hvx_icount.sh: hvx under QEMU's instruction clock (-icount: one TCG
# thread runs the CPUs in turn), booted for it by tools/run-vm-tests.sh
# (vm-icount). QEMU 7.2 gives the CPU whose turn it is all the time to the
# next timer event: a CPU that spins at EL2, interrupts masked, waiting
# for another without YIELD or WFE takes every turn and the other never
# runs again; the whole test VM hangs. hvx's release of EL2 (rmmod, and the
# reboot notifier at poweroff) makes all CPUs wait for each other at EL2.
#
# Releases EL2 and takes it again (rmmod, insmod) a few times, after
# pauses of different lengths (which CPU arrives last changes with what
# the CPUs did before); runs a Linux guest and checks that the host's
# timer still ticks on every CPU afterwards; releases again; leaves hvx
# loaded, so that the test VM's poweroff releases once more. A hang ends
# the boot with a timeout, which tools/run-vm-tests.sh counts as a failure.
# HVX_ICOUNT_PAUSES: the pauses (seconds) before each rmmod, default
# "0 1 3". Root; TAP output.
. "$(dirname "$0")/lib/tap.sh"

linux=/usr/lib/hvx/linux
pauses=${HVX_ICOUNT_PAUSES:-0 1 3}

# cycles WHEN: one rmmod/insmod per pause, a TAP line for the lot.
cycles() {
	tap_begin "EL2 released and taken again after pauses of $pauses s ($1)"
	for s in $pauses; do
		sleep "$s"
		rmmod hvx || tap_fail "rmmod hvx failed after $s s"
		! hvx_loaded || tap_fail "hvx still loaded after rmmod"
		insmod "$HVX_KO" || { tap_fail "insmod $HVX_KO failed"; continue; }
		for c in $(online_cpus); do
			st=$(hvx_state "$c")
			[ "$st" = hyp ] || tap_fail "cpu$c is '$st' after insmod, not 'hyp'"
		done
	done
	tap_end
}

# ticks: "CPU COUNT" lines, the host timer's interrupts per CPU (the
# arch_timer row of /proc/interrupts).
ticks() {
	awk '$NF == "arch_timer" {
		for (i = 2; i < NF && $i ~ /^[0-9]+$/; i++) print i - 2, $i
	}' /proc/interrupts
}

if ! hvx_loaded; then
	tap_diag "hvx was not loaded; loading it first"
	insmod "$HVX_KO" || tap_diag "insmod $HVX_KO failed"
fi
mark=$(kmsg_mark icount)

cycles "before a guest"

tap_begin "a Linux guest runs and powers off"
if [ ! -f "$linux/Image" ] || [ ! -f "$linux/initramfs.cpio" ]; then
	tap_fail "no $linux/Image or $linux/initramfs.cpio (make tools)"
else
	log=/tmp/hvx_icount.$$.log
	hvxctl run --kernel "$linux/Image" --initrd "$linux/initramfs.cpio" \
		--vcpus 2 --mem 128 --timeout 300 \
		--append "console=ttyAMA0 quiet panic=-1 hvx.end=poweroff" \
		>"$log" 2>&1 </dev/null
	rc=$?
	[ $rc = 0 ] || tap_fail "hvxctl run exited with $rc: $(tail -n 5 "$log")"
	grep -q "HVX-LINUX: up" "$log" || tap_fail "the guest's init did not start"
	rm -f "$log"
fi
tap_end

tap_begin "the host's timer ticks on every CPU after the guest"
before=$(ticks)
sleep 1
after=$(ticks)
[ -n "$before" ] || tap_fail "no arch_timer row in /proc/interrupts"
for c in $(online_cpus); do
	b=$(echo "$before" | awk -v c="$c" '$1 == c { print $2 }')
	a=$(echo "$after" | awk -v c="$c" '$1 == c { print $2 }')
	if [ -z "$a" ] || [ -z "$b" ] || [ "$a" -le "$b" ]; then
		tap_fail "cpu$c: $b timer interrupts before sleep 1, $a after"
	fi
done
tap_end

cycles "after a guest"

tap_begin "no kernel trouble"
tap_kmsg_clean "$mark"
tap_end

tap_begin "hvx loaded at the end (the poweroff releases EL2 again)"
hvx_loaded || tap_fail "hvx is not loaded"
tap_end

tap_done
