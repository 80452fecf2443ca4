#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# hvx's PSCI relay: with hvx loaded, a CPU brought online must come up
# through hvx's EL2 entry (PSCI CPU_ON relayed by hvx), already under hvx
# with the host's stage 2 on, not under the kernel's stub waiting for the
# hotplug callback. Checked right after each online, and through EL2's own
# counters (/sys/kernel/hvx/psci/), which the hotplug callback does not
# touch: every online adds one relayed CPU_ON and one entry through hvx,
# and no CPU is taken from the stub after load (late_takes). Also: the
# host's firmware calls are forwarded or refused as documented
# (psci/probe), offline/online rounds (HVX_PSCI_ROUNDS, default 20), and
# rmmod/insmod with a CPU offline. Leaves hvx loaded and every CPU online.
# Needs hvx loaded and root; TAP output.
. "$(dirname "$0")/lib/tap.sh"

cpu_dir=/sys/devices/system/cpu
P=$HVX_SYSFS/psci
rounds=${HVX_PSCI_ROUNDS:-20}
out=/tmp/hvx_psci.$$
trap 'rm -f "$out"' EXIT

stat() { cat "$P/$1" 2>/dev/null || echo "?"; }

# probe NAME: the result of call NAME in the last psci/probe read.
probe() { awk -v n="$1" '$1 == n { print $2 }' "$out"; }

# expect WHAT VALUE EXPECTED
expect() {
	[ "$2" = "$3" ] || tap_fail "$1 is '$2', expected '$3'"
}

# online_now CPU: bring CPU online and check, with nothing waited for,
# that it runs under hvx with stage 2 on and came through hvx's entry.
online_now() {
	_on=$(stat cpu_on)
	_en=$(stat entries)
	_el2=$(stat entries_kernel_el2)
	echo 1 >"$cpu_dir/cpu$1/online" || { tap_fail "cpu$1: online failed"; return; }
	_st=$(hvx_state "$1")
	_hcr=$(cat "$HVX_SYSFS/cpus/cpu$1/hcr_el2" 2>/dev/null)
	expect "cpu$1: state right after online" "$_st" hyp
	[ $((_hcr & 1)) = 1 ] || tap_fail "cpu$1: HCR_EL2 '$_hcr' right after online: VM clear"
	[ $((_hcr & 0x80000)) != 0 ] || tap_fail "cpu$1: HCR_EL2 '$_hcr' right after online: TSC clear"
	[ $((_hcr & 2)) != 0 ] || tap_fail "cpu$1: HCR_EL2 '$_hcr' right after online: SWIO clear"
	expect "cpu$1: psci/cpu_on" "$(stat cpu_on)" $((_on + 1))
	expect "cpu$1: psci/entries" "$(stat entries)" $((_en + 1))
	expect "cpu$1: psci/entries_kernel_el2" "$(stat entries_kernel_el2)" $((_el2 + 1))
}

offline() {
	echo 0 >"$cpu_dir/cpu$1/online" || tap_fail "cpu$1: offline failed"
	expect "cpu$1: state after offline" "$(hvx_state "$1")" offline
}

if ! hvx_loaded || [ ! -d "$P" ]; then
	tap_begin "hvx loaded"
	tap_fail "hvx is not loaded, or has no $P"
	tap_end
	tap_done
fi
mark=$(kmsg_mark psci)

secondaries=""
for c in $(online_cpus); do
	[ "$c" != 0 ] && [ -w "$cpu_dir/cpu$c/online" ] && secondaries="$secondaries $c"
done

tap_begin "psci sysfs counters"
for f in cpu_on cpu_off cpu_suspend entries entries_kernel_el2 forwarded refused late_takes; do
	v=$(stat $f)
	case "$v" in
	'' | *[!0-9]*) tap_fail "psci/$f: '$v'" ;;
	esac
done
expect "psci/late_takes" "$(stat late_takes)" 0
tap_end

tap_begin "host firmware calls: forwarded or refused as documented"
fw0=$(stat forwarded)
rf0=$(stat refused)
su0=$(stat cpu_suspend)
if cat "$P/probe" >"$out"; then
	sed 's/^/probe: /' "$out" | while read -r l; do tap_diag "$l"; done
	# The version the kernel found at boot, before hvx was loaded.
	ver=$(dmesg | sed -n 's/.*psci: PSCIv\([0-9]*\)\.\([0-9]*\) detected in firmware.*/\1 \2/p' | head -n 1)
	if [ -n "$ver" ]; then
		set -- $ver
		expect "PSCI_VERSION" "$(probe psci_version)" $(($1 * 65536 + $2))
	else
		tap_fail "no 'PSCIvX.Y detected' line in the kernel log"
	fi
	expect "PSCI_FEATURES(CPU_ON)" "$(probe features_cpu_on)" 0
	expect "PSCI_FEATURES(CPU_OFF)" "$(probe features_cpu_off)" 0
	expect "PSCI_FEATURES(SYSTEM_SUSPEND)" "$(probe features_system_suspend)" -1
	expect "MIGRATE_INFO_TYPE" "$(probe migrate_info_type)" 2
	expect "SiP call" "$(probe sip_call)" -1
	expect "SYSTEM_SUSPEND" "$(probe system_suspend)" -1
	expect "CPU_SUSPEND (standby)" "$(probe cpu_suspend)" 0
	expect "CPU_ON, unaligned entry" "$(probe cpu_on_unaligned)" -9
	expect "CPU_ON to an online CPU" "$(probe cpu_on_online)" -4
	v=$(probe smccc_version)
	[ "$v" = -1 ] || [ "$v" -le 65537 ] || tap_fail "SMCCC_VERSION '$v' above 1.1"
	# psci_version, 2 features, migrate_info_type, smccc_version,
	# arch_features; refused: features(SYSTEM_SUSPEND), SiP, SYSTEM_SUSPEND
	expect "psci/forwarded delta" $(($(stat forwarded) - fw0)) 6
	expect "psci/refused delta" $(($(stat refused) - rf0)) 3
	expect "psci/cpu_suspend delta" $(($(stat cpu_suspend) - su0)) 1
else
	tap_fail "reading $P/probe failed"
fi
tap_end

if [ -z "$secondaries" ]; then
	tap_skip "hotplug through the PSCI relay" "no secondary CPU can go offline (boot with --smp 2 or more)"
	tap_done
fi

tap_begin "offline/online every secondary, $rounds rounds: up through hvx at once"
off0=$(stat cpu_off)
n=0
r=0
while [ $r -lt "$rounds" ]; do
	for c in $secondaries; do
		offline "$c"
		online_now "$c"
		n=$((n + 1))
	done
	r=$((r + 1))
	[ "$TAP_ERRS" = 0 ] || break
done
expect "psci/cpu_off delta" $(($(stat cpu_off) - off0)) $n
expect "psci/late_takes" "$(stat late_takes)" 0
tap_end

tap_begin "all secondaries offline, then back online together"
for c in $secondaries; do
	offline "$c"
done
expect "cpu0 state" "$(hvx_state 0)" hyp
for c in $secondaries; do
	online_now "$c"
done
expect "psci/late_takes" "$(stat late_takes)" 0
tap_end

# SVE's EL2 controls on a CPU that came up through hvx (hyp/finalise.c):
# the kernel touched ZCR_EL1 bringing it up; user space gets SVE there,
# with the default vector length.
vl=$(cat /proc/sys/abi/sve_default_vector_length 2>/dev/null)
if [ -z "$vl" ]; then
	tap_skip "SVE in user space on every CPU brought up through hvx" \
		"no SVE (no /proc/sys/abi/sve_default_vector_length)"
else
	tap_begin "SVE in user space on every CPU brought up through hvx"
	for c in 0 $secondaries; do
		got=$("$SELFTESTS_LIB/sve-probe" "$c" 2>&1)
		expect "cpu$c: SVE vector length (bytes)" "$got" "$vl"
	done
	tap_end
fi

c=${secondaries##* }
tap_begin "rmmod/insmod with cpu$c offline (5 cycles), then online through hvx"
i=0
while [ $i -lt 5 ]; do
	offline "$c"
	rmmod hvx || tap_fail "rmmod hvx failed"
	insmod "$HVX_KO" || { tap_fail "insmod failed"; break; }
	expect "cpu_on after load" "$(stat cpu_on)" 0
	online_now "$c"
	expect "psci/late_takes" "$(stat late_takes)" 0
	i=$((i + 1))
done
tap_end

tap_begin "a CPU onlined while hvx is unloaded is taken at load"
offline "$c"
rmmod hvx || tap_fail "rmmod hvx failed"
echo 1 >"$cpu_dir/cpu$c/online" || tap_fail "cpu$c: online without hvx failed"
insmod "$HVX_KO" || tap_fail "insmod failed"
for o in $(online_cpus); do
	expect "cpu$o state" "$(hvx_state "$o")" hyp
done
expect "psci/late_takes" "$(stat late_takes)" 0
online_now_after=$(stat cpu_on)
expect "psci/cpu_on" "$online_now_after" 0
tap_end

tap_begin "no kernel trouble"
tap_kmsg_clean "$mark"
tap_end

tap_done
