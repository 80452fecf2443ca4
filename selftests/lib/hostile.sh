# SPDX-License-Identifier: GPL-2.0
# The hostile host kernel (modules/hvx_hostile.ko, see its source for the
# commands) from the shell tests; sourced after lib/tap.sh. POSIX sh.
#
#   hostile_load		mount debugfs and insmod the module, once; bails
#				out if it cannot
#   hostile CMD...		one command to the module; prints its result line
#   hostile_hvx_intact CPU	a failure of the current test point unless hvx
#				answers at EL2 on CPU with the host under stage 2

HOSTILE_KO=$(dirname "$0")/modules/hvx_hostile.ko
HOSTILE_CMD=/sys/kernel/debug/hvx_hostile/cmd
# hvx-hyp.h's host calls the tests share, and HCR_EL2.VM.
# shellcheck disable=SC2034
HC_VERSION=c6000001
# shellcheck disable=SC2034
HC_CPU_STATE=c6000002
HCR_VM=1

hostile_load() {
	grep -q ' /sys/kernel/debug ' /proc/mounts ||
		mount -t debugfs none /sys/kernel/debug
	grep -q '^hvx_hostile ' /proc/modules || insmod "$HOSTILE_KO" ||
		{ echo "Bail out! cannot load $HOSTILE_KO"; exit 1; }
}

hostile() {
	echo "$*" >"$HOSTILE_CMD" && cat "$HOSTILE_CMD"
}

hostile_hvx_intact() {
	_hv=$(hostile hvc "$1" "$HC_VERSION") ||
		{ tap_fail "CPU$1: VERSION call failed"; return; }
	# shellcheck disable=SC2086 # the result's words
	set -- "$1" $_hv
	[ "$2" = 0 ] || tap_fail "CPU$1: HVX_HC_VERSION answered x0=$2: hvx is gone from EL2"
	_hs=$(hostile hvc "$1" "$HC_CPU_STATE") ||
		{ tap_fail "CPU$1: CPU_STATE call failed"; return; }
	# shellcheck disable=SC2086
	set -- "$1" $_hs
	[ "$2" = 0 ] && [ $((0x$5 & HCR_VM)) = "$HCR_VM" ] ||
		tap_fail "CPU$1: host stage 2 off (CPU_STATE x0=$2 hcr_el2=0x$5)"
}
