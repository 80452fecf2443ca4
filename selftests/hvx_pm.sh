#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# System sleep while hvx is loaded (host/pm.c): suspend (to idle here:
# QEMU's PSCI has no SYSTEM_SUSPEND) and hibernation are refused at their
# first step with EBUSY and a log line, before anything is frozen. Tried
# with /sys/power/pm_test set to "freezer", so that a sleep that is not
# refused stops after freezing the tasks and comes back (5 seconds)
# instead of sleeping; with hvx unloaded the same writes must succeed
# (which shows the test can tell). Leaves hvx loaded.
# Needs root and CONFIG_PM_DEBUG; TAP output.
. "$(dirname "$0")/lib/tap.sh"

P=/sys/power
err=/tmp/hvx_pm.$$
trap 'echo none >"$P/pm_test" 2>/dev/null; rm -f "$err"' EXIT

# sleep_write STATE: write STATE to /sys/power/state; its status, and
# the shell's message in $err.
sleep_write() {
	( echo "$1" >"$P/state" ) 2>"$err"
}

if [ ! -w "$P/pm_test" ] || [ ! -w "$P/state" ]; then
	tap_skip "system sleep refused while hvx is loaded" "no $P/pm_test (CONFIG_PM_DEBUG) or $P/state"
	tap_done
fi
if ! hvx_loaded; then
	tap_begin "hvx loaded"
	tap_fail "hvx is not loaded"
	tap_end
	tap_done
fi
states=$(cat "$P/state")
tap_diag "$P/state: $states"
echo freezer >"$P/pm_test" || { tap_begin "pm_test"; tap_fail "cannot set pm_test"; tap_end; tap_done; }

for s in freeze disk; do
	case " $states " in
	*" $s "*) ;;
	*) tap_skip "$s refused while hvx is loaded" "not in $P/state"; continue ;;
	esac
	tap_begin "$s refused while hvx is loaded, with a log line"
	mark=$(kmsg_mark "$s")
	if sleep_write "$s"; then
		tap_fail "writing '$s' to $P/state succeeded"
	else
		grep -q 'busy' "$err" ||
			tap_fail "writing '$s' failed, but not with EBUSY: $(cat "$err")"
	fi
	kmsg_since "$mark" | grep -q 'hvx: .* refused while hvx holds EL2: unload hvx first' ||
		tap_fail "no 'refused' line from hvx in the kernel log"
	hvx_loaded || tap_fail "hvx is no longer loaded"
	for c in $(online_cpus); do
		[ "$(hvx_state "$c")" = hyp ] || tap_fail "cpu$c is $(hvx_state "$c"), not hyp"
	done
	tap_end
done

tap_begin "without hvx the same sleeps get through pm_test (the test can tell)"
if rmmod hvx; then
	for s in freeze disk; do
		case " $states " in *" $s "*) ;; *) continue ;; esac
		sleep_write "$s" || tap_fail "without hvx, '$s' failed: $(cat "$err")"
	done
	insmod "$HVX_KO" || tap_fail "insmod $HVX_KO failed"
else
	tap_fail "rmmod hvx failed"
fi
tap_end

tap_done
