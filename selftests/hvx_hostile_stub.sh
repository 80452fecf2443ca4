#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The host kernel, deprivileged, must not get EL2 back through the kernel's
# hyp-stub ABI while hvx holds it. modules/hvx_hostile.ko issues the stub
# calls itself, as any EL1 code could, on every online CPU:
#   HVC_SOFT_RESTART  with x1 = its own code: must not run at EL2
#   HVC_RESET_VECTORS must not turn the host's stage 2 off
#   HVC_SET_VECTORS   with its own vectors, HVC_FINALISE_EL2: refused
# Each must answer the stub's error (HVC_STUB_ERR) and leave hvx in place:
# HVX_HC_VERSION answered, HCR_EL2.VM set. Leaves the module loaded.
# Root; TAP output.
. "$(dirname "$0")/lib/tap.sh"
. "$(dirname "$0")/lib/hostile.sh"

STUB_ERR=badca11
RAN_AT_EL2=4e555232

# stub_refused CPU RESULT: the stub call got the stub's error back.
stub_refused() {
	set -- "$1" $2
	[ "$2" != "$RAN_AT_EL2" ] || tap_fail "CPU$1: the host's code ran at EL2"
	[ "$2" = "$STUB_ERR" ] || tap_fail "CPU$1: x0=$2, not the stub's error $STUB_ERR"
}

hostile_load

for cpu in $(online_cpus); do
	tap_begin "CPU$cpu: HVC_SOFT_RESTART runs no host code at EL2"
	r=$(hostile soft-restart "$cpu") && stub_refused "$cpu" "$r" ||
		tap_fail "soft-restart command failed"
	hostile_hvx_intact "$cpu"
	tap_end

	tap_begin "CPU$cpu: HVC_RESET_VECTORS leaves hvx and stage 2 in place"
	r=$(hostile hvc "$cpu" 2) && stub_refused "$cpu" "$r" ||
		tap_fail "hvc command failed"
	hostile_hvx_intact "$cpu"
	tap_end

	tap_begin "CPU$cpu: HVC_SET_VECTORS and HVC_FINALISE_EL2 refused"
	hostile_hvx_intact "$cpu"
	# With the stub back, its SET_VECTORS would install these "vectors".
	if [ "$TAP_ERRS" = 0 ]; then
		pa=$(hostile page)
		r=$(hostile hvc "$cpu" 0 "$pa") && stub_refused "$cpu" "$r"
		r=$(hostile hvc "$cpu" 3) && stub_refused "$cpu" "$r"
		hostile_hvx_intact "$cpu"
	fi
	tap_end
done
tap_done
