#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Giving EL2 back leaves nothing of hvx's behind, and is hvx's decision:
# - rmmod hvx is refused while a VM exists, and the VM goes on running;
# - the EL2 stacks are zeroed before any CPU leaves: modules/hvx_hostile.ko
#   puts a value found nowhere else into x5-x17 of a host call on every
#   CPU (EL2 saves them on its stack), and after rmmod hvx a scan of all
#   RAM must not find it.
# Loads hvx again at the end. Root; TAP output.
. "$(dirname "$0")/lib/tap.sh"
. "$(dirname "$0")/lib/hostile.sh"

guests=$(dirname "$0")/guests

rand64() { od -An -N8 -tx8 /dev/urandom | tr -d ' '; }

hostile_load
hvx_loaded || insmod "$HVX_KO"

tap_begin "rmmod hvx refused while a VM runs, the VM unharmed"
hvxctl run --timeout 30 "$guests/spin.img" >/dev/null 2>&1 &
vmm=$!
i=0
while [ "$(cat "$HVX_SYSFS/nr_vms")" = 0 ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
[ $i -lt 50 ] || tap_fail "the spin guest did not start"
rmmod hvx 2>/dev/null && tap_fail "rmmod hvx succeeded with a VM alive"
hvx_loaded || tap_fail "hvx is gone"
kill -0 "$vmm" 2>/dev/null || tap_fail "the VM's hvxctl died"
kill "$vmm" 2>/dev/null
wait "$vmm" 2>/dev/null
tap_end

tap_begin "EL2 stacks zeroed before EL2 is given back"
a=$(rand64)
b=$(rand64)
for cpu in $(online_cpus); do
	hostile mark "$cpu" "$a" "$b" >/dev/null || tap_fail "CPU$cpu: mark failed"
done
i=0
until rmmod hvx 2>/dev/null || [ $i -ge 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
if hvx_loaded; then
	tap_fail "rmmod hvx failed"
else
	# shellcheck disable=SC2046 # the result's two words
	set -- $(hostile scan "$a" "$b")
	[ "${1:-x}" = 0 ] || tap_fail "a value EL2 saved is still in RAM after unload: $1 copies, at 0x${2:-?}"
fi
tap_end

insmod "$HVX_KO" || echo "Bail out! insmod hvx.ko failed"
tap_done
