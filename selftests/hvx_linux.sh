#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# hvx_linux.sh: Linux guests under hvx (issue #11). Boots the test kernel
# with the initramfs of tools/linux-guest (/usr/lib/hvx/linux) through
# `hvxctl run --kernel` with 1, 2 and 4 vCPUs; the guest's /init checks
# itself (hvx.check=1) and this test asserts what it reports, a TAP line
# each: every vCPU online, timer interrupts rising on every vCPU, a CPU
# going offline and online again, IPIs rising on every vCPU. It times the
# guest's `sleep 2` by this (the host's) clock: 2 s +-5%, the best of up to
# five rounds (TCG on a loaded host can hold any one up). It types a line
# on hvxctl's stdin for the init to read and echo, then a command for the
# guest's shell, whose output must come back; then `poweroff` (hvxctl
# exits 0) or, with 2 vCPUs, `reboot` (hvxctl exits 3, the reset status).
# Then a guest with 2 vCPUs on hvx's scaled physical counter and timer
# (issue #14: hvxctl run --counter-freq, at the host's counter frequency,
# read from CNTFRQ_EL0 by lib/cntfrq): the same checks, and its shell
# shows that Linux took the physical timer (dmesg), whose PPI (INTID 30)
# is the only arch_timer row of /proc/interrupts and rises between two
# reads, on every vCPU (the checks' timer-irqs). HVX_LINUX_CLOCK=0 leaves
# it out.
# Last, two Linux guests run at once. Each run has a time limit
# (HVX_LINUX_TIMEOUT seconds, default 240): a hang fails it.
# HVX_LINUX_VCPUS (default "1 2 4") picks the runs, e.g. fewer on a slow
# (debug) kernel; the one with 2 vCPUs ends with `reboot`.
set -u

linux=/usr/lib/hvx/linux
lib=$(dirname "$0")/lib
kernel=$linux/Image
initrd=$linux/initramfs.cpio
limit=${HVX_LINUX_TIMEOUT:-240}
args="console=ttyAMA0 quiet panic=-1"
tmp=$(mktemp -d /tmp/hvx_linux.XXXXXX)
trap 'rm -rf "$tmp"; [ -z "${poll_was:-}" ] || echo "$poll_was" >$poll' EXIT
cr=$(printf '\r')
n=0
failed=0

tap() {	# tap ok|fail|skip NAME [DETAIL]
	n=$((n + 1))
	case "$1" in
	ok) echo "ok $n $2" ;;
	skip) echo "ok $n $2 # SKIP ${3:-}" ;;
	*) failed=$((failed + 1)); echo "not ok $n $2"; [ -z "${3:-}" ] || echo "# $3" ;;
	esac
}

echo "TAP version 13"
if [ ! -c /dev/hvx ] || [ ! -f "$kernel" ] || [ ! -f "$initrd" ]; then
	tap fail "Linux guest: /dev/hvx, $kernel and $initrd are there" \
		"missing (hvx not loaded, or make tools did not build the Linux guest)"
	echo "1..$n"
	exit 1
fi

# in2s SECONDS: whether 2 s +-5%
in2s() { awk -v d="$1" 'BEGIN { exit !(d >= 1.9 && d <= 2.1) }'; }

# drive LOG READ_LINE COMMAND END: reads hvxctl's output, writes each line
# to LOG with the host's uptime before it, and answers on fd 3 (hvxctl's
# stdin): after each sleep round "again" until one took 2 s +-5% by this
# clock (the guest stops after 5), READ_LINE when the init asks for a
# line, COMMAND for the shell, END once the command's output is back. A
# line's time is when it is complete, except for "HVX-SLEEP: end", whose
# time is when its first byte came: a sleep round is timed from the end
# of one line to the start of the next, without the time the guest takes
# to print either (each byte is an exit to hvxctl).
drive() {
	# shellcheck disable=SC3045 # (busybox ash has read -n)
	while IFS= read -r -n 1 c; do
		read -r first _ </proc/uptime
		rest=
		[ -z "$c" ] || IFS= read -r rest
		read -r up _ </proc/uptime
		line=$c$rest
		line=${line%"$cr"}
		case "$line" in
		"HVX-SLEEP: end "*) up=$first ;;
		esac
		printf '%s %s\n' "$up" "$line" >>"$1"
		case "$line" in
		"HVX-SLEEP: begin "*) sleep_t0=$up ;;
		"HVX-SLEEP: end "*)
			if in2s "$(awk -v a="$sleep_t0" -v b="$up" 'BEGIN { print b - a }')"; then
				echo enough >&3
			else
				echo again >&3
			fi ;;
		"HVX-READ: ready") printf '%s\n' "$2" >&3 ;;
		"HVX-LINUX: shell") printf '%s\n' "$3" >&3 ;;
		"typed-42-"*) printf '%s\n' "$4" >&3 ;;
		esac
	done
}

# boot NAME VCPUS END: one guest with the checks and an interactive end;
# its output in $tmp/NAME.log (with times), hvxctl's status in $rc.
# With $freq set, the guest's counter runs at that frequency; the shell
# first runs $shell_cmd, if set
freq=
shell_cmd=
boot() {
	log=$tmp/$1.log
	fifo=$tmp/$1.in
	: >"$log"
	mkfifo "$fifo"
	# fd 3 holds the FIFO open: hvxctl's open of it does not wait, and
	# its stdin never ends
	exec 3<>"$fifo"
	tok=$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')
	started=$(date +%s)
	{
		hvxctl run --kernel "$kernel" --initrd "$initrd" --vcpus "$2" \
			--mem 128 --timeout "$limit" ${freq:+--counter-freq "$freq"} \
			--append "$args hvx.check=1 hvx.end=shell" <"$fifo" 2>"$tmp/$1.err"
		echo $? >"$tmp/$1.rc"
	} | drive "$log" "read-$tok" "${shell_cmd:+$shell_cmd; }echo typed-\$((6*7))-$tok" "$3"
	exec 3>&-
	rc=$(cat "$tmp/$1.rc")
	echo "# $1: hvxctl exited with $rc after $(($(date +%s) - started)) s"
}

# field LOG PATTERN: the text after the time of LOG's first line matching
# the ERE PATTERN
field() { grep -E "^[0-9.]+ $2" "$1" | head -n 1 | cut -d' ' -f2-; }

# check_run NAME VCPUS END WANT_RC: the TAP lines of boot NAME
check_run() {
	name="Linux, $2 vCPU$([ "$2" = 1 ] || echo s)${freq:+, --counter-freq $freq}"
	boot "$1" "$2" "$3"
	if grep -qE "Kernel panic|Internal error:|Unable to handle" "$log"; then
		tap fail "$name: no kernel panic or oops in the guest" \
			"$(grep -E "Kernel panic|Internal error:|Unable to handle" "$log" | head -n 3)"
	fi
	# the guest's console, for a failure's diagnosis
	if [ "$rc" != "$4" ] || ! grep -q "typed-42-$tok" "$log"; then
		echo "# $name: the guest's console (last 40 lines):"
		tail -n 40 "$log" | cut -d' ' -f2- | sed 's/^/#   /'
	fi
	up=$(field "$log" "HVX-LINUX: up:")
	if [ -n "$up" ]; then
		tap ok "$name: boots to its init"
	else
		tap fail "$name: boots to its init" \
			"no init line; console: $(tail -n 5 "$log" | cut -d' ' -f2- | tr '\n' '|'); stderr: $(head -c 400 "$tmp/$1.err")"
	fi
	for c in cpus-online timer-irqs cpu-hotplug ipis sleep-guest; do
		l=$(field "$log" "HVX-CHECK: $c:")
		res=${l#HVX-CHECK: "$c": }
		detail=${res#*: }
		res=${res%%:*}
		[ -n "$l" ] || { res=fail; detail="the guest did not report it"; }
		if [ "$c" = cpus-online ] && [ "$res" = ok ]; then
			case "$detail" in
			"count=$2 "*) ;;
			*) res=fail; detail="$detail; expected $2 CPUs" ;;
			esac
		fi
		case "$res" in
		ok) tap ok "$name: $c ($detail)" ;;
		skip) tap skip "$name: $c" "$detail" ;;
		*) tap fail "$name: $c" "$detail" ;;
		esac
	done
	# the best of the guest's rounds (up to five): a loaded host may hold
	# any one of them up
	times=""
	for r in 1 2 3 4 5; do
		t0=$(grep -E "^[0-9.]+ HVX-SLEEP: begin $r\$" "$log" | head -n 1 | cut -d' ' -f1)
		t1=$(grep -E "^[0-9.]+ HVX-SLEEP: end $r\$" "$log" | head -n 1 | cut -d' ' -f1)
		[ -n "$t0" ] && [ -n "$t1" ] && times="$times $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')"
	done
	best=$(echo "$times" | awk '{
		for (i = 1; i <= NF; i++) {
			e = $i - 2
			if (e < 0)
				e = -e
			if (i == 1 || e < be) {
				b = $i
				be = e
			}
		}
		print b
	}')
	if [ -z "$best" ]; then
		tap fail "$name: sleep 2 takes 2 s +-5% by the host's clock" \
			"no HVX-SLEEP lines: $(grep HVX-SLEEP "$log" | head -n 6 | tr '\n' '|')"
	elif in2s "$best"; then
		tap ok "$name: sleep 2 takes $best s by the host's clock (2 s +-5%; rounds:$times)"
	else
		tap fail "$name: sleep 2 takes 2 s +-5% by the host's clock" "rounds:$times"
	fi
	if grep -qxE "[0-9.]+ HVX-READ: got 'read-$tok'" "$log"; then
		tap ok "$name: a line typed on hvxctl's stdin reaches the guest"
	else
		tap fail "$name: a line typed on hvxctl's stdin reaches the guest" \
			"$(field "$log" "HVX-READ: got" || true)"
	fi
	if grep -qxE "[0-9.]+ typed-42-$tok" "$log"; then
		tap ok "$name: the guest's shell runs a command typed on stdin"
	else
		tap fail "$name: the guest's shell runs a command typed on stdin" \
			"console tail: $(tail -n 4 "$log" | cut -d' ' -f2- | tr '\n' '|')"
	fi
	if [ "$rc" = "$4" ]; then
		tap ok "$name: '$3' in the guest ends hvxctl with $4"
	else
		tap fail "$name: '$3' in the guest ends hvxctl with $4" \
			"exit status $rc; stderr: $(head -c 400 "$tmp/$1.err")"
	fi
}

# No halt polling here: the test VM's vCPUs share fewer host cores, so
# an idle guest vCPU that polls takes host time from the busy one, and
# the 4-vCPU guest's "sleep 2" measured 2.1-2.6 s instead of 2.0 s
# (hvx_vgic_halt_poll.sh tests polling).
poll=/sys/module/hvx/parameters/halt_poll_ns
poll_was=$(cat $poll 2>/dev/null)
[ -n "$poll_was" ] && echo 0 >$poll
for v in ${HVX_LINUX_VCPUS:-1 2 4}; do
	if [ "$v" = 2 ]; then
		check_run "run$v" "$v" reboot 3
	else
		check_run "run$v" "$v" poweroff 0
	fi
done

# The guest on hvx's physical timer: the shell prints the kernel's timer
# line and the arch_timer rows of /proc/interrupts twice, a second apart.
# ("[a]" keeps the shell's echo of the command from matching.)
if [ "${HVX_LINUX_CLOCK:-1}" != 0 ]; then
	hz=$("$lib/cntfrq")
	features=$(hvxctl status --json | "$lib/jsonq" - .version.features)
	if [ $((${features:-0} & 16)) = 0 ]; then
		tap fail "Linux on hvx's physical timer: hvx has HVX_FEATURE_CLOCK" \
			"features ${features:-unknown}"
	else
		freq=$hz
		shell_cmd="dmesg | grep 'arch_timer: cp15' | sed 's/^/HVX-TIMER: /'"
		shell_cmd="$shell_cmd; grep '[a]rch_timer' /proc/interrupts | sed 's/^/HVX-IRQ1: /'"
		shell_cmd="$shell_cmd; sleep 1; grep '[a]rch_timer' /proc/interrupts | sed 's/^/HVX-IRQ2: /'"
		check_run clock 2 poweroff 0
		freq=
		shell_cmd=
		name="Linux on hvx's physical timer at $hz Hz"
		# INTID 30's row: "HVX-IRQ1:  11:  1234  567  GICv3  30 Level  arch_timer"
		irq1=$(field "$log" "HVX-IRQ1: .* 30 +Level")
		irq2=$(field "$log" "HVX-IRQ2: .* 30 +Level")
		if grep -qE "^[0-9.]+ HVX-TIMER: .*arch_timer: cp15 timer\(s\) running at .* \(phys\)" "$log"; then
			tap ok "$name: Linux took the physical timer ($(field "$log" "HVX-TIMER:" | sed 's/.*running at //'))"
		else
			tap fail "$name: Linux took the physical timer" \
				"$(field "$log" "HVX-TIMER:" || echo "no timer line")"
		fi
		rows=$(grep -cE "^[0-9.]+ HVX-IRQ1: " "$log")
		if [ "$rows" = 1 ] && [ -n "$irq1" ]; then
			tap ok "$name: the only arch_timer interrupt is the physical timer's (INTID 30), no virtual (27)"
		else
			tap fail "$name: the only arch_timer interrupt is the physical timer's (INTID 30), no virtual (27)" \
				"$rows rows: $(grep -E "^[0-9.]+ HVX-IRQ1: " "$log" | cut -d' ' -f2- | tr '\n' '|')"
		fi
		# the per-CPU counts summed, before and after
		sum() { echo "$1" | awk '{ s = 0; for (i = 3; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i; print s }'; }
		s1=$(sum "$irq1")
		s2=$(sum "$irq2")
		if [ -n "$irq1" ] && [ -n "$irq2" ] && [ "$s2" -gt "$s1" ]; then
			tap ok "$name: INTID 30's count rises in a second ($s1 -> $s2)"
		else
			tap fail "$name: INTID 30's count rises in a second" "'$irq1' -> '$irq2'"
		fi
	fi
fi

# Two guests at once, each powering off as soon as its init is up.
started=$(date +%s)
for g in a b; do
	hvxctl run --kernel "$kernel" --initrd "$initrd" --vcpus 2 --mem 128 \
		--timeout "$limit" --append "$args hvx.end=poweroff" \
		</dev/null >"$tmp/par-$g.log" 2>&1 &
	eval "pid_$g=\$!"
done
# shellcheck disable=SC2154 # (set by the eval)
wait "$pid_a"
rc_a=$?
# shellcheck disable=SC2154
wait "$pid_b"
rc_b=$?
echo "# two guests at once: exit statuses $rc_a and $rc_b after $(($(date +%s) - started)) s"
if [ "$rc_a" = 0 ] && [ "$rc_b" = 0 ] && grep -q "HVX-LINUX: up: 2 cpus" "$tmp/par-a.log" &&
   grep -q "HVX-LINUX: up: 2 cpus" "$tmp/par-b.log"; then
	tap ok "two Linux guests at once boot and power off"
else
	tap fail "two Linux guests at once boot and power off" \
		"a: $(tail -n 3 "$tmp/par-a.log" | tr '\n' '|') b: $(tail -n 3 "$tmp/par-b.log" | tr '\n' '|')"
fi

echo "1..$n"
[ "$failed" = 0 ]
