#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# hvxctl: exit codes, help, 'status' as a table and as JSON (checked
# against /sys/kernel/hvx), 'run' with the console in hvx.ko, 'run
# --counter-freq' (bad values; the VM's clock in sysfs, list and stats,
# or the message of a module without HVX_FEATURE_CLOCK), and the
# errors when hvx is not loaded or the
# caller is not root. Unloads and reloads hvx; leaves it loaded.
# Needs hvx loaded and root; TAP output.
. "$(dirname "$0")/lib/tap.sh"

tmp=/tmp/hvxctl_test.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
out=$tmp/out
err=$tmp/err

# run CMD...: run CMD with stdout in $out, stderr in $err; sets rc.
run() {
	"$@" >"$out" 2>"$err"
	rc=$?
}

# expect_rc WANT: the last run exited WANT.
expect_rc() {
	[ "$rc" = "$1" ] || tap_fail "exit status $rc, expected $1; stderr: $(head -c 400 "$err")"
}

# norm HEX: a hex value in one spelling (lower case, no leading zeros).
norm() {
	echo "$1" | tr 'A-F' 'a-f' | sed 's/^0x0*\([0-9a-f]\)/0x\1/'
}

if ! hvx_loaded; then
	tap_diag "hvx was not loaded; loading it first"
	insmod "$HVX_KO" || tap_diag "insmod $HVX_KO failed"
fi
possible=$(possible_cpus)
nr_possible=$(possible_cpus | nr_lines)
nr_online=$(online_cpus | nr_lines)

tap_begin "hvxctl --version"
run hvxctl --version
expect_rc 0
grep -qE '^hvxctl [0-9]+\.[0-9]+\.[0-9]+' "$out" || tap_fail "no version: $(cat "$out")"
tap_end

tap_begin "hvxctl --help lists the commands and exit codes"
run hvxctl --help
expect_rc 0
grep -q 'status' "$out" || tap_fail "no 'status' command in --help"
grep -q 'help' "$out" || tap_fail "no 'help' command in --help"
grep -qi 'exit status' "$out" || tap_fail "exit status not documented in --help"
tap_end

tap_begin "hvxctl without a command is a usage error"
run hvxctl
expect_rc 2
grep -q 'Usage' "$err" || tap_fail "no usage on stderr"
tap_end

tap_begin "hvxctl bogus exits 2"
run hvxctl bogus
expect_rc 2
grep -q "unknown command 'bogus'" "$err" || tap_fail "stderr: $(cat "$err")"
tap_end

tap_begin "hvxctl --bogus, hvxctl status --bogus and hvxctl run --bogus exit 2"
run hvxctl --bogus
expect_rc 2
run hvxctl status --bogus
expect_rc 2
grep -q "unknown option '--bogus'" "$err" || tap_fail "stderr: $(cat "$err")"
run hvxctl status extra-argument
expect_rc 2
run hvxctl run --bogus /dev/null
expect_rc 2
grep -q "unknown option '--bogus'" "$err" || tap_fail "run stderr: $(cat "$err")"
run hvxctl run --vcpus 0 /dev/null
expect_rc 2
tap_end

tap_begin "hvxctl status --help and hvxctl help status"
run hvxctl status --help
expect_rc 0
grep -q '^Usage: hvxctl status' "$out" || tap_fail "no usage line: $(head -n 3 "$out")"
grep -q -- '--json' "$out" || tap_fail "--json not documented"
cp "$out" "$tmp/help1"
run hvxctl help status
expect_rc 0
cmp -s "$out" "$tmp/help1" || tap_fail "'hvxctl help status' differs from 'hvxctl status --help'"
run hvxctl help bogus
expect_rc 2
tap_end

tap_begin "hvxctl status shows every CPU"
run hvxctl status
expect_rc 0
version=$(cat "$HVX_SYSFS/version")
grep -q "^hvx $version " "$out" || tap_fail "module version $version not shown: $(head -n 1 "$out")"
grep -q 'VBAR_EL2' "$out" || tap_fail "no table header"
for c in $possible; do
	s=$(hvx_state "$c")
	line=$(awk -v c="$c" '$1 == c' "$out")
	[ -n "$line" ] || { tap_fail "no row for cpu$c"; continue; }
	set -- $line
	[ "$2" = "$s" ] || tap_fail "cpu$c: state '$2', sysfs says '$s'"
	if [ "$s" = hyp ]; then
		[ "$4" = EL2 ] || tap_fail "cpu$c: EL '$4', expected EL2"
		[ "$(norm "$5")" = "$(norm "$(cat "$HVX_SYSFS/cpus/cpu$c/vbar_el2")")" ] ||
			tap_fail "cpu$c: VBAR_EL2 $5 differs from sysfs"
	fi
done
rows=$(awk '$1 ~ /^[0-9]+$/ && NF >= 4' "$out" | nr_lines)
[ "$rows" = "$nr_possible" ] || tap_fail "$rows CPU rows, $nr_possible possible CPUs"
tap_end

tap_begin "hvxctl status --json is valid JSON with the documented schema"
run hvxctl status --json
expect_rc 0
cp "$out" "$tmp/status.json"
j=$tmp/status.json
if ! "$JSONQ" "$j" 2>"$tmp/jerr"; then
	tap_fail "invalid JSON: $(cat "$tmp/jerr")"
else
	q() { "$JSONQ" "$j" "$1" 2>&1; }
	[ "$("$JSONQ" -t "$j" .)" = object ] || tap_fail "not an object"
	for k in version nr_cpus nr_online nr_hyp cpus; do
		"$JSONQ" "$j" ".$k" >/dev/null 2>&1 || tap_fail "no key '$k'"
	done
	for k in hvxctl module api hyp features; do
		"$JSONQ" "$j" ".version.$k" >/dev/null 2>&1 || tap_fail "no key 'version.$k'"
	done
	[ "$(q .version.module)" = "$version" ] || tap_fail "version.module '$(q .version.module)', sysfs '$version'"
	[ "$("$JSONQ" -t "$j" .version.api)" = number ] || tap_fail "version.api is not a number"
	[ "$(q .version.api)" = "$(cat "$HVX_SYSFS/api_version")" ] || tap_fail "version.api differs from sysfs"
	[ "$(q .nr_cpus)" = "$nr_possible" ] || tap_fail "nr_cpus '$(q .nr_cpus)', $nr_possible possible"
	[ "$(q .nr_online)" = "$nr_online" ] || tap_fail "nr_online '$(q .nr_online)', $nr_online online"
	[ "$(q .nr_hyp)" = "$(cat "$HVX_SYSFS/nr_hyp_cpus")" ] || tap_fail "nr_hyp differs from sysfs"
	[ "$("$JSONQ" -t "$j" .cpus)" = array ] || tap_fail "cpus is not an array"
	[ "$("$JSONQ" -l "$j" .cpus 2>&1)" = "$nr_possible" ] || tap_fail "cpus has $("$JSONQ" -l "$j" .cpus 2>&1) entries, $nr_possible possible CPUs"
	for c in $possible; do
		[ "$(q ".cpus[$c].cpu")" = "$c" ] || tap_fail "cpus[$c].cpu is '$(q ".cpus[$c].cpu")'"
		s=$(hvx_state "$c")
		[ "$(q ".cpus[$c].state")" = "$s" ] || tap_fail "cpus[$c].state '$(q ".cpus[$c].state")', sysfs '$s'"
		[ "$("$JSONQ" -t "$j" ".cpus[$c].mpidr")" = string ] || tap_fail "cpus[$c].mpidr is not a string"
		for r in vbar_el2 hcr_el2 sctlr_el2; do
			if [ "$s" = hyp ]; then
				[ "$(norm "$(q ".cpus[$c].$r")")" = "$(norm "$(cat "$HVX_SYSFS/cpus/cpu$c/$r")")" ] ||
					tap_fail "cpus[$c].$r '$(q ".cpus[$c].$r")', sysfs '$(cat "$HVX_SYSFS/cpus/cpu$c/$r")'"
			else
				[ "$(q ".cpus[$c].$r")" = null ] || tap_fail "cpus[$c].$r is not null for a '$s' CPU"
			fi
		done
		if [ "$s" = hyp ]; then
			[ "$(q ".cpus[$c].current_el")" = EL2 ] || tap_fail "cpus[$c].current_el '$(q ".cpus[$c].current_el")'"
		fi
	done
fi
tap_end

tap_begin "hvxctl status --json: memory and host_s2 agree with sysfs"
j=$tmp/mem.json
hvxctl status --json >"$j" 2>"$err" || tap_fail "exit $?"
for k in mem_pages pool_pages pool_used_pages; do
	want=$(cat "$HVX_SYSFS/$k" 2>/dev/null) || { tap_fail "no $HVX_SYSFS/$k"; continue; }
	got=$("$JSONQ" "$j" ".memory.$k" 2>&1)
	# pool_used_pages can move between the two reads: only check it is a number.
	if [ "$k" = pool_used_pages ]; then
		[ "$("$JSONQ" -t "$j" ".memory.$k")" = number ] || tap_fail "memory.$k: $got"
	else
		[ "$got" = "$want" ] || tap_fail "memory.$k is $got, sysfs says $want"
	fi
done
for f in "$HVX_SYSFS"/host_s2/*; do
	k=${f##*/}
	[ "$k" = reset ] && continue
	[ "$("$JSONQ" -t "$j" ".host_s2.$k")" = number ] || tap_fail "host_s2.$k missing"
done
"$JSONQ" "$j" .host_s2.reset >/dev/null 2>&1 && tap_fail "host_s2.reset (write-only) listed"
hvxctl status >"$out" 2>"$err"
grep -q "^memory: $(cat "$HVX_SYSFS/mem_pages") pages taken from the host" "$out" ||
	tap_fail "no memory line: $(cat "$out")"
grep -q '^host stage 2: .*faults=[0-9]' "$out" || tap_fail "no host stage 2 line"
tap_end

tap_begin "hvxctl run: the console is hvx.ko's (a tty named in sysfs, no exits to hvxctl)"
spin=$(dirname "$0")/guests/spin.img
hvxctl run --timeout 3 "$spin" >"$tmp/run.out" 2>"$tmp/run.err" &
run_pid=$!
tty=
for _ in $(seq 50); do
	for d in "$HVX_SYSFS"/vms/vm*; do
		[ "$(cat "$d/pid" 2>/dev/null)" = "$run_pid" ] || continue
		tty=$(cat "$d/console")
		vm_dir=$d
	done
	[ -n "$tty" ] && break
	sleep 0.1
done
if [ -n "$tty" ]; then
	[ -c "/dev/$tty" ] || tap_fail "/dev/$tty is no character device"
	# The guest has printed: its UART was hvx.ko's, not hvxctl's.
	sleep 1
	exits=$(cat "$vm_dir/user_exits")
	[ "$exits" = 0 ] || tap_fail "$exits exits to hvxctl while the guest printed"
else
	tap_fail "no console in sysfs for hvxctl's VM (pid $run_pid)"
fi
wait "$run_pid"
rc=$?
expect_rc 124
grep -q 'spin: cpu 0 spinning' "$tmp/run.out" ||
	tap_fail "hvxctl's stdout: $(head -c 300 "$tmp/run.out")"
tap_end

tap_begin "hvxctl run --counter-freq: values out of range are usage errors; --help documents it"
for v in 999 4294967296 0 -1 abc 1e6 0x1000000 ""; do
	run hvxctl run --counter-freq "$v" "$spin"
	expect_rc 2
	grep -qF -- "--counter-freq takes the guest's counter frequency in Hz, 1000 to 4294967295: '$v'" "$err" ||
		tap_fail "'--counter-freq $v': $(head -c 300 "$err")"
	[ ! -s "$out" ] || tap_fail "'--counter-freq $v': output on stdout"
done
run hvxctl run --help
expect_rc 0
for s in '      --counter-freq HZ' 'HVX_FEATURE_CLOCK' 'only the physical timers'; do
	grep -qF -- "$s" "$out" || tap_fail "run --help does not say '$s'"
done
tap_end

# clock_run ARGS...: hvxctl run ARGS with the spinning guest, in the
# background ($run_pid); its VM's sysfs folder in $vm_dir ("" if none came)
clock_run() {
	hvxctl run --timeout 10 "$@" "$spin" >"$tmp/run.out" 2>"$tmp/run.err" &
	run_pid=$!
	vm_dir=
	for _ in $(seq 50); do
		for d in "$HVX_SYSFS"/vms/vm*; do
			[ "$(cat "$d/pid" 2>/dev/null)" = "$run_pid" ] && vm_dir=$d
		done
		[ -n "$vm_dir" ] && break
		sleep 0.1
	done
}

# clock_check HZ SCALED: $vm_dir's clock in sysfs, hvxctl list (--json) and
# stats (--json) says HZ, and SCALED (0 or 1)
clock_check() {
	if [ -z "$vm_dir" ]; then
		tap_fail "no VM in sysfs for hvxctl run (pid $run_pid): $(head -c 300 "$tmp/run.err")"
		return
	fi
	h=${vm_dir##*/vm}
	[ "$(cat "$vm_dir/clock_freq" 2>&1)" = "$1" ] ||
		tap_fail "vm$h/clock_freq: $(cat "$vm_dir/clock_freq" 2>&1), expected $1"
	[ "$(cat "$vm_dir/clock_scaled" 2>&1)" = "$2" ] ||
		tap_fail "vm$h/clock_scaled: $(cat "$vm_dir/clock_scaled" 2>&1), expected $2"
	tag=
	js=false
	txt="the host's"
	if [ "$2" = 1 ]; then
		tag=" scaled"
		js=true
		txt="scaled (--counter-freq)"
	fi
	hvxctl list >"$out" 2>"$err" || tap_fail "list: exit $?"
	grep -qE "^ $h .* $1$tag\$" "$out" || tap_fail "list: $(grep "^ $h " "$out")"
	hvxctl list --json >"$tmp/list.json" 2>"$err" || tap_fail "list --json: exit $?"
	i=0
	while [ "$i" -lt "$("$JSONQ" -l "$tmp/list.json" .vms)" ]; do
		[ "$("$JSONQ" "$tmp/list.json" ".vms[$i].handle")" = "$h" ] && break
		i=$((i + 1))
	done
	[ "$("$JSONQ" "$tmp/list.json" ".vms[$i].clock_freq" 2>&1)" = "$1" ] &&
		[ "$("$JSONQ" "$tmp/list.json" ".vms[$i].clock_scaled" 2>&1)" = "$js" ] ||
		tap_fail "list --json: $("$JSONQ" "$tmp/list.json" ".vms[$i]" 2>&1 | tr '\n' ' ')"
	hvxctl stats "$h" >"$out" 2>"$err" || tap_fail "stats: exit $?"
	grep -qxF "clock: $1 Hz, $txt" "$out" || tap_fail "stats: $(grep clock "$out" | tr '\n' '|')"
	hvxctl stats --json "$h" >"$tmp/stats.json" 2>"$err" || tap_fail "stats --json: exit $?"
	[ "$("$JSONQ" "$tmp/stats.json" .clock.freq 2>&1)" = "$1" ] &&
		[ "$("$JSONQ" "$tmp/stats.json" .clock.scaled 2>&1)" = "$js" ] ||
		tap_fail "stats --json: clock $("$JSONQ" "$tmp/stats.json" .clock 2>&1 | tr '\n' ' ')"
}

# clock_end: stops the background run; it ends with --timeout (124) if not
clock_end() {
	kill -TERM "$run_pid" 2>/dev/null
	wait "$run_pid"
	rc=$?
	expect_rc 143
}

hz=$("$SELFTESTS_LIB/cntfrq")
features=$("$JSONQ" "$tmp/status.json" .version.features 2>/dev/null)
tap_diag "host counter: $hz Hz; hvx features: $features"
if [ $((${features:-0} & 16)) = 0 ]; then
	tap_begin "hvxctl run --counter-freq without HVX_FEATURE_CLOCK: exit 1, saying so"
	run hvxctl run --counter-freq "$hz" --timeout 3 "$spin"
	expect_rc 1
	grep -qF 'cannot scale guest time (no HVX_FEATURE_CLOCK)' "$err" || tap_fail "stderr: $(cat "$err")"
	tap_end
else
	tap_begin "hvxctl run: a VM's clock is the host's; list and stats show it"
	clock_run
	clock_check "$hz" 0
	clock_end
	tap_end

	tap_begin "hvxctl run --counter-freq: the VM's clock is scaled; list and stats show it"
	for f in $((hz / 2)) 1000 4294967295; do
		clock_run --counter-freq "$f"
		clock_check "$f" 1
		clock_end
		grep -q 'spin: cpu 0 spinning' "$tmp/run.out" ||
			tap_fail "--counter-freq $f: the guest did not run: $(head -c 300 "$tmp/run.out")"
	done
	tap_end
fi

tap_begin "hvxctl status as non-root says it needs root, exits 1"
run "$RUNAS" 65534 65534 hvxctl status
expect_rc 1
grep -q 'needs root' "$err" || tap_fail "stderr: $(cat "$err")"
tap_end

tap_begin "hvxctl status without hvx: not-loaded message, exit 1"
if rmmod hvx; then
	run hvxctl status
	expect_rc 1
	msg="hvxctl: hvx is not loaded (/dev/hvx missing); load it with: insmod hvx.ko"
	grep -qxF "$msg" "$err" || tap_fail "stderr: $(cat "$err")"
	[ ! -s "$out" ] || tap_fail "stdout not empty: $(head -c 200 "$out")"
	run hvxctl status --json
	expect_rc 1
	run hvxctl --help
	expect_rc 0
else
	tap_fail "rmmod hvx failed"
fi
tap_end

tap_begin "hvxctl status works again after insmod"
hvx_loaded || insmod "$HVX_KO" || tap_fail "insmod $HVX_KO failed"
run hvxctl status
expect_rc 0
tap_end

tap_done
