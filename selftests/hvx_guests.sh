#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The test guests (guests/<name>.img, see guests/README.md) under hvx with
# `hvxctl run`: each ends in its documented outcome, and the host and hvx
# are unaffected:
#   hello (default 64 MiB, and --mem/--vcpus honoured); smp with 2, 4 and
#   8 vCPUs; memory; mmio (every 1/2/4/8-byte access reported, aborted by
#   hvxctl: nothing claims the address); mmio-nisv (an internal-error
#   exit, status 2); sysreg (both reads UNDEFINED; the ID registers with
#   the features hvx does not give guests hidden; CNTPCT_EL0 emulated in
#   the count CNTVCT_EL0 has); garbage (any documented
#   end); spin (2 vCPUs, killed by --timeout with status 124, every host
#   CPU still runs a command promptly meanwhile, the VM in sysfs);
#   a VMM killed with SIGKILL frees its VM; probe (no host data, no LEAK);
#   8 VMs of 2 vCPUs at once; at the end no VM left, the page ownership
#   counters back where they started, no kernel trouble, hello still runs.
#
# hvxctl run exits 0 on SYSTEM_OFF, 3 on SYSTEM_RESET, 2 on an internal
# error, 124 when --timeout expires, 1 on bad arguments or set-up errors.
# HVX_GUESTS_TIMEOUT: seconds a guest that powers off by itself gets
# (default 120). Needs hvx loaded and root; TAP output.
. "$(dirname "$0")/lib/tap.sh"

guests=$(cd "$(dirname "$0")/guests" 2>/dev/null && pwd)
timeout_s=${HVX_GUESTS_TIMEOUT:-120}
tmp=/tmp/hvx_guests.$$
mkdir -p "$tmp"
bg_pids=""	# background hvxctl runs not yet reaped
cleanup() {
	for _p in $bg_pids; do
		kill -KILL "$_p" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

# centiseconds since boot
now_cs() { awk '{ printf "%d\n", $1 * 100 }' /proc/uptime; }
sysfs_num() { cat "$1" 2>/dev/null || echo "(no $1)"; }
nr_vms() { sysfs_num "$HVX_SYSFS/nr_vms"; }
pages() { sysfs_num "$HVX_SYSFS/host_s2/$1"; }
counts() {
	echo "nr_vms $(nr_vms) shared_pages $(pages shared_pages)" \
		"donated_pages $(pages donated_pages) guest_pages $(pages guest_pages)"
}

# run NAME IMAGE [HVXCTL RUN ARGS...]: hvxctl run guests/IMAGE.img with
# --timeout $timeout_s (unless ARGS have one); its output (CRs removed)
# in $out, stderr in $err, status in $rc, seconds taken in $secs. A guard
# kills hvxctl 30 s after its own timeout should have.
run() {
	_name=$1
	_img=$guests/$2.img
	shift 2
	out=$tmp/$_name.out
	err=$tmp/$_name.err
	case " $* " in
	*" --timeout "*) ;;
	*) set -- "$@" --timeout "$timeout_s" ;;
	esac
	_t0=$(now_cs)
	if command -v timeout >/dev/null 2>&1; then
		timeout -s KILL $((timeout_s + 30)) hvxctl run "$_img" "$@" \
			>"$tmp/$_name.raw" 2>"$err"
	else
		hvxctl run "$_img" "$@" >"$tmp/$_name.raw" 2>"$err"
	fi
	rc=$?
	secs=$((($(now_cs) - _t0) / 100))
	tr -d '\r' <"$tmp/$_name.raw" >"$out"
	if [ "$secs" -ge $((timeout_s + 30)) ]; then
		tap_fail "hvxctl run $2 $* still running after ${secs} s: killed (status $rc)"
	fi
}

# start NAME IMAGE ARGS...: hvxctl run in the background; its pid in $pid.
start() {
	_name=$1
	_img=$guests/$2.img
	shift 2
	hvxctl run "$_img" "$@" >"$tmp/$_name.raw" 2>"$tmp/$_name.err" &
	pid=$!
	bg_pids="$bg_pids $pid"
}

# finish NAME PID: wait for a background run; sets rc, out, err.
finish() {
	wait "$2"
	rc=$?
	# reaped: its pid may be reused, so the clean-up must not kill it
	_left=""
	for _p in $bg_pids; do
		[ "$_p" = "$2" ] || _left="$_left $_p"
	done
	bg_pids=$_left
	out=$tmp/$1.out
	err=$tmp/$1.err
	tr -d '\r' <"$tmp/$1.raw" >"$out"
}

expect_rc() {
	[ "$rc" = "$1" ] || tap_fail "hvxctl exited with status $rc, expected $1"
}

expect_line() {
	grep -Eq -- "$1" "$out" || tap_fail "no line matching: $1"
}

expect_count() {
	_n=$(grep -Ec -- "$2" "$out")
	[ "$_n" = "$1" ] || tap_fail "$_n lines matching '$2', expected $1"
}

expect_none() {
	if grep -Eq -- "$1" "$out"; then
		tap_fail "unexpected line(s) matching '$1':"
		grep -E -- "$1" "$out" | head -n 5 | sed 's/^/#   /'
	fi
}

# the guest reported no problem
expect_clean() {
	expect_none '^hvx-guest: [a-z-]+: (error|unexpected exception)'
}

# wait_line REGEX FILE SECS: wait until FILE (CRs and all) has a line
# matching REGEX.
wait_line() {
	_end=$(($(now_cs) + $3 * 100))
	until tr -d '\r' <"$2" | grep -Eq -- "$1"; do
		[ "$(now_cs)" -lt "$_end" ] || return 1
		sleep 0.2
	done
}

# wait_vms N SECS: wait until nr_vms is N.
wait_vms() {
	_end=$(($(now_cs) + $2 * 100))
	until [ "$(nr_vms)" = "$1" ]; do
		[ "$(now_cs)" -lt "$_end" ] || return 1
		sleep 0.1
	done
}

# wait_counts SECS: wait until the VM and page counters are back at
# $base_counts.
wait_counts() {
	_end=$(($(now_cs) + $1 * 100))
	until [ "$(counts)" = "$base_counts" ]; do
		[ "$(now_cs)" -lt "$_end" ] || return 1
		sleep 0.1
	done
}

# end_test: tap_end, with the run's output and stderr if the point failed.
end_test() {
	if [ "$TAP_ERRS" != 0 ]; then
		[ -n "${out:-}" ] && [ -f "$out" ] && head -n 60 "$out" | sed 's/^/#   | /'
		[ -n "${err:-}" ] && [ -s "$err" ] && head -n 30 "$err" | sed 's/^/#   stderr: /'
	fi
	tap_end
}

# host_fine: hvx loaded, every online CPU under hvx, no kernel trouble
# since the start of this script.
host_fine() {
	hvx_loaded || tap_fail "hvx is no longer loaded"
	for _c in $(online_cpus); do
		[ "$(hvx_state "$_c")" = hyp ] ||
			tap_fail "cpu$_c is $(hvx_state "$_c"), not hyp"
	done
	if kmsg_trouble "$mark" >"$tmp/trouble"; then
		tap_fail "the kernel logged trouble:"
		head -n 20 "$tmp/trouble" | sed 's/^/#   /'
	fi
}

# The value hex addresses are printed with by the guests: 0x41000000.
hex() { printf '0x%x' "$1"; }

mark=$(kmsg_mark start)

# --- can this run at all ----------------------------------------------------
tap_begin "hvxctl run and hvx's VM support are there"
if [ -z "$guests" ] || [ ! -f "$guests/hello.img" ]; then
	tap_fail "no guest images in $(dirname "$0")/guests (make guests)"
fi
hvxctl run --help >"$tmp/help" 2>&1 ||
	tap_fail "hvxctl run --help failed: $(head -n 3 "$tmp/help")"
[ -r "$HVX_SYSFS/nr_vms" ] || tap_fail "no $HVX_SYSFS/nr_vms"
for _f in shared_pages donated_pages guest_pages; do
	[ -r "$HVX_SYSFS/host_s2/$_f" ] || tap_fail "no $HVX_SYSFS/host_s2/$_f"
done
usable=$TAP_ERRS
tap_end
if [ "$usable" != 0 ]; then
	for t in "hvxctl run: missing image" hello smp memory mmio mmio-nisv \
		sysreg "sysreg: ID registers" "sysreg: CNTPCT_EL0" garbage spin \
		"killed VMM" "memory cgroup" probe "8 VMs" "at the end"; do
		tap_skip "$t" "no hvxctl run or no VM support (see above)"
	done
	tap_done
fi
base_counts=$(counts)
base_vms=$(nr_vms)
tap_diag "at start: $base_counts"
[ "$base_vms" = 0 ] || tap_diag "$base_vms VMs exist before the first test"

# --- well-behaved guests ----------------------------------------------------
tap_begin "hvxctl run: a missing image is a set-up error (status 1)"
run missing nonexistent
expect_rc 1
[ -s "$err" ] || tap_fail "no message on stderr"
wait_vms "$base_vms" 5 || tap_fail "nr_vms $(nr_vms), expected $base_vms"
end_test

tap_begin "hello: default 64 MiB, prints ok and powers off (status 0)"
run hello hello
expect_rc 0
expect_line '^hvx-guest: hello: hello from vcpu 0 \(mpidr 0x0\) at EL1, loaded at 0x40080000$'
expect_line '^hvx-guest: hello: ram 0x40000000-0x43ffffff \(64 MiB\), [0-9]+ vcpus'
expect_line '^hvx-guest: hello: psci version [0-9]+\.[0-9]+$'
expect_line '^hvx-guest: hello: ok$'
expect_clean
end_test

tap_begin "hello: --mem 16 --vcpus 3 reach the guest"
run hello-16 hello --mem 16 --vcpus 3
expect_rc 0
expect_line '^hvx-guest: hello: ram 0x40000000-0x40ffffff \(16 MiB\), 3 vcpus'
expect_line '^hvx-guest: hello: ok$'
expect_clean
end_test

for n in 2 4 8; do
	tap_begin "smp: all $n vcpus come up through PSCI CPU_ON"
	run "smp-$n" smp --vcpus "$n" --mem 16
	expect_rc 0
	i=1
	while [ $i -lt "$n" ]; do
		expect_line "^hvx-guest: smp: cpu $i up \\(mpidr $(hex $i)\\)$"
		i=$((i + 1))
	done
	expect_line "^hvx-guest: smp: $n of $n cpus up$"
	expect_line '^hvx-guest: smp: cpu 1 up again'
	expect_line 'CPU_ON for the calling cpu returned -4 \(ALREADY_ON\): as expected$'
	expect_line 'CPU_ON for a nonexistent mpidr returned -2 \(INVALID_PARAMETERS\): as expected$'
	expect_line '^hvx-guest: smp: ok$'
	expect_clean
	end_test
done

tap_begin "memory: all of 32 MiB written and read back"
run memory memory --mem 32
expect_rc 0
expect_line '^hvx-guest: memory: ram 0x40000000-0x41ffffff \(32 MiB\)'
expect_line '^hvx-guest: memory: tested [0-9]+ KiB of 32768 KiB, 0 errors$'
tested=$(sed -n 's/^hvx-guest: memory: tested \([0-9]*\) KiB of.*/\1/p' "$out")
[ "${tested:-0}" -ge $((32768 * 9 / 10)) ] ||
	tap_fail "tested ${tested:-no} KiB: less than 90% of RAM"
expect_line '^hvx-guest: memory: ok$'
expect_clean
end_test

# --- hostile guests -----------------------------------------------------------
# RAM ends at 0x41000000 with --mem 16.
end16=0x41000000

tap_begin "mmio: every 1/2/4/8-byte access after RAM is an MMIO exit, aborted by hvxctl"
run mmio mmio --mem 16
expect_rc 0
for a in read32:0 write32:0 read16:2 write16:2 read8:1 write8:1 read64:8 write64:8; do
	expect_line "^hvx-guest: mmio: ${a%:*} $(hex $((end16 + ${a#*:}))): aborted \\(esr 0x[0-9a-f]+, ec 0x25, isv [01], fsc 0x10,"
done
expect_count 8 '^hvx-guest: mmio: (read|write)[0-9]+ 0x[0-9a-f]+: '
expect_line '^hvx-guest: mmio: done$'
expect_clean
end_test

tap_begin "mmio-nisv: an access without a syndrome is an internal-error exit (status 2)"
run mmio-nisv mmio-nisv --mem 16
expect_rc 2
expect_line "^hvx-guest: mmio-nisv: accessing $end16, just after RAM, without a valid syndrome"
# the guest never gets past the first access: no emulation, no skip
expect_none '^hvx-guest: mmio-nisv: (ldp|ldr post-index|str pre-index) '
expect_none '^hvx-guest: mmio-nisv: done'
[ -s "$err" ] || tap_fail "no register dump on stderr"
wait_vms "$base_vms" 5 || tap_fail "nr_vms $(nr_vms) after the VMM exited, expected $base_vms"
host_fine
end_test

tap_begin "sysreg: both unimplemented registers read as UNDEFINED in the guest"
run sysreg sysreg --mem 16
expect_rc 0
expect_line '^hvx-guest: sysreg: read s3_0_c15_c0_0: undefined \(esr 0x2000000,'
expect_line '^hvx-guest: sysreg: read s2_3_c0_c5_0: undefined \(esr 0x2000000,'
expect_line '^hvx-guest: sysreg: done$'
expect_clean
end_test

# id_field REG SHIFT: bits [SHIFT+3:SHIFT] of what the sysreg guest read
# in REG (empty if it did not read it)
id_field() {
	_v=$(sed -n "s/^hvx-guest: sysreg: read $1: returned \(0x[0-9a-f]*\)$/\1/p" "$out")
	[ -n "$_v" ] && echo $(((_v >> $2) & 0xf))
}

# expect_id REG SHIFT NAME zero|nonzero
expect_id() {
	_f=$(id_field "$1" "$2")
	if [ -z "$_f" ]; then
		tap_fail "$1 not read"
	elif [ "$4" = zero ] && [ "$_f" != 0 ]; then
		tap_fail "$1.$3 is $_f: the guest sees a feature hvx does not give it"
	elif [ "$4" = nonzero ] && [ "$_f" = 0 ]; then
		tap_fail "$1.$3 is 0: hidden, but the CPU has it"
	fi
}

tap_begin "sysreg: ID registers hide what hvx does not give guests, keep the rest"
for f in "ID_AA64PFR0_EL1 32 SVE" "ID_AA64PFR0_EL1 28 RAS" \
	"ID_AA64PFR0_EL1 40 MPAM" "ID_AA64PFR0_EL1 44 AMU" \
	"ID_AA64PFR1_EL1 24 SME" "ID_AA64PFR1_EL1 8 MTE" \
	"ID_AA64PFR1_EL1 12 RAS_frac" "ID_AA64PFR1_EL1 16 MPAM_frac" \
	"ID_AA64DFR0_EL1 4 TraceVer" "ID_AA64DFR0_EL1 8 PMUVer" \
	"ID_AA64DFR0_EL1 32 PMSVer" "ID_AA64DFR0_EL1 40 TraceFilt" \
	"ID_AA64DFR0_EL1 44 TraceBuffer" "ID_AA64DFR0_EL1 48 MTPMU" \
	"ID_AA64DFR0_EL1 52 BRBE" "ID_AA64ISAR1_EL1 4 APA" \
	"ID_AA64ISAR1_EL1 8 API" "ID_AA64ISAR1_EL1 24 GPA" \
	"ID_AA64ISAR1_EL1 28 GPI" "ID_AA64ISAR2_EL1 8 GPA3" \
	"ID_AA64ISAR2_EL1 12 APA3" "ID_AA64ISAR2_EL1 24 PAC_frac" \
	"ID_AA64MMFR1_EL1 8 VH" "ID_AA64MMFR1_EL1 16 LO" \
	"ID_AA64MMFR2_EL1 24 NV" "ID_DFR0_EL1 24 PerfMon"; do
	# shellcheck disable=SC2086 # three words
	set -- $f
	expect_id "$1" "$2" "$3" zero
done
# what the test VM's CPU (QEMU -cpu max, GICv3) has and guests keep
for f in "ID_AA64PFR0_EL1 0 EL0" "ID_AA64PFR0_EL1 4 EL1" \
	"ID_AA64PFR0_EL1 24 GIC" "ID_AA64DFR0_EL1 0 DebugVer" \
	"ID_AA64DFR0_EL1 12 BRPs" "ID_AA64DFR0_EL1 20 WRPs" \
	"ID_AA64ISAR0_EL1 4 AES" "ID_AA64MMFR0_EL1 0 PARange"; do
	# shellcheck disable=SC2086 # three words
	set -- $f
	expect_id "$1" "$2" "$3" nonzero
done
expect_line '^hvx-guest: sysreg: read ID_AA64ZFR0_EL1: returned 0x0$'
expect_line '^hvx-guest: sysreg: read ID_AA64SMFR0_EL1: returned 0x0$'
expect_line '^hvx-guest: sysreg: read s3_0_c0_c4_3: returned 0x0$'
end_test

tap_begin "sysreg: CNTPCT_EL0 reads the guest's count, as CNTVCT_EL0 does"
expect_line '^hvx-guest: sysreg: counters: virtual [0-9]+ us, physical in order '
end_test

tap_begin "garbage: ends in a documented way; host and hvx fine"
run garbage garbage --mem 16 --timeout 10
case $rc in
0 | 2 | 3 | 124) tap_diag "garbage: hvxctl exited with status $rc after $secs s" ;;
*) tap_fail "hvxctl exited with status $rc: not SYSTEM_OFF (0), an error exit (2), SYSTEM_RESET (3) or the timeout (124)" ;;
esac
if grep -q "^hvx-guest: garbage: jump to $end16 " "$out"; then
	# the instruction abort was injected: the guest went on
	expect_line "^hvx-guest: garbage: jump to $end16 \\(just after RAM\\): instruction abort \\(esr 0x[0-9a-f]+, ec 0x21, fsc 0x10,"
	expect_line '^hvx-guest: garbage: jump to 0x[0-9a-f]+ \(zeroed RAM\): undefined \(esr 0x2000000,'
	expect_line '^hvx-guest: garbage: jumping into random words'
else
	# an error exit at the fetch outside RAM
	[ "$rc" = 2 ] || tap_fail "no report of the jump to $end16, yet no error exit (status $rc)"
fi
[ "$secs" -le 25 ] || tap_fail "took $secs s with --timeout 10"
wait_vms "$base_vms" 5 || tap_fail "nr_vms $(nr_vms) after the VMM exited, expected $base_vms"
host_fine
end_test

tap_begin "spin: 2 spinning vcpus, the host stays responsive, --timeout ends it (status 124)"
t0=$(now_cs)
start spin spin --vcpus 2 --mem 16 --timeout 20
spin_pid=$pid
if wait_line '^hvx-guest: spin: all 2 cpus started$' "$tmp/spin.raw" 15; then
	# the VM as sysfs shows it
	[ "$(nr_vms)" = $((base_vms + 1)) ] || tap_fail "nr_vms $(nr_vms), expected $((base_vms + 1))"
	vmdir=""
	for d in "$HVX_SYSFS"/vms/vm*; do
		[ "$(cat "$d/pid" 2>/dev/null)" = "$spin_pid" ] && vmdir=$d
	done
	if [ -z "$vmdir" ]; then
		tap_fail "no $HVX_SYSFS/vms/vm*/pid with hvxctl's pid $spin_pid"
	else
		[ "$(cat "$vmdir/nr_vcpus")" = 2 ] || tap_fail "$vmdir/nr_vcpus: $(cat "$vmdir/nr_vcpus")"
		[ "$(cat "$vmdir/mem_kib")" = 16384 ] || tap_fail "$vmdir/mem_kib: $(cat "$vmdir/mem_kib")"
		e0=$(cat "$vmdir/exits")
	fi
	# every CPU runs a host command promptly, spinning vCPUs or not
	for c in $(online_cpus); do
		c0=$(now_cs)
		taskset "$(printf '%x' $((1 << c)))" true ||
			tap_fail "taskset to cpu$c failed"
		dt=$(($(now_cs) - c0))
		[ "$dt" -le 300 ] ||
			tap_fail "a command pinned to cpu$c took $((dt / 100)).$((dt % 100)) s"
	done
	[ -n "$vmdir" ] && tap_diag "spin: exits $e0 -> $(cat "$vmdir/exits" 2>/dev/null) while the host ran its commands"
else
	tap_fail "the spinning vcpus did not report in within 15 s"
fi
# --timeout 20 ends it; the guard gives it 15 s more
while kill -0 "$spin_pid" 2>/dev/null && [ $(($(now_cs) - t0)) -lt 3500 ]; do
	sleep 0.5
done
if kill -0 "$spin_pid" 2>/dev/null; then
	tap_fail "hvxctl still running $((($(now_cs) - t0) / 100)) s after it started with --timeout 20: killed"
	kill -KILL "$spin_pid"
fi
finish spin "$spin_pid"
secs=$((($(now_cs) - t0) / 100))
expect_rc 124
[ "$secs" -ge 19 ] || tap_fail "ended after $secs s, before its --timeout 20"
expect_line '^hvx-guest: spin: cpu 0 spinning$'
expect_line '^hvx-guest: spin: cpu 1 spinning$'
expect_clean
wait_vms "$base_vms" 5 || tap_fail "nr_vms $(nr_vms) after the VMM exited, expected $base_vms"
host_fine
end_test

tap_begin "spin: a VMM killed with SIGKILL frees its VM"
start killed spin --vcpus 2 --mem 16 --timeout 120
kill_pid=$pid
wait_line '^hvx-guest: spin: all 2 cpus started$' "$tmp/killed.raw" 15 ||
	tap_fail "the spinning vcpus did not report in within 15 s"
[ "$(nr_vms)" = $((base_vms + 1)) ] || tap_fail "nr_vms $(nr_vms) while it runs, expected $((base_vms + 1))"
t0=$(now_cs)
kill -KILL "$kill_pid"
finish killed "$kill_pid"
dt=$(($(now_cs) - t0))
[ "$dt" -le 500 ] || tap_fail "the killed VMM took $((dt / 100)) s to go"
wait_counts 5 || tap_fail "5 s after the VMM died: $(counts); at start: $base_counts"
host_fine
end_test

# Guest RAM is charged to the memory cgroup of the process that adds it:
# run a VMM in a new cgroup and watch the cgroup's memory.current.
tap_begin "memory cgroup: guest RAM is charged to the VMM's cgroup and uncharged after"
cg=/sys/fs/cgroup
if ! grep -q " $cg cgroup2 " /proc/mounts; then
	mkdir -p "$cg"
	mount -t cgroup2 none "$cg" 2>"$tmp/mount.err" ||
		tap_fail "cannot mount cgroup2 on $cg: $(cat "$tmp/mount.err")"
fi
echo +memory >"$cg/cgroup.subtree_control" 2>/dev/null
cgt=$cg/hvx_guests.$$
if mkdir "$cgt" 2>"$tmp/mkdir.err" && [ -r "$cgt/memory.current" ]; then
	mem0=$(cat "$cgt/memory.current")
	sh -c 'echo $$ >"$1/cgroup.procs" && exec hvxctl run "$2" --mem 32 --timeout 120' \
		sh "$cgt" "$guests/spin.img" >"$tmp/memcg.raw" 2>"$tmp/memcg.err" &
	memcg_pid=$!
	bg_pids="$bg_pids $memcg_pid"
	if wait_line '^hvx-guest: spin: all 1 cpus started$' "$tmp/memcg.raw" 15; then
		mem1=$(cat "$cgt/memory.current")
		[ $((mem1 - mem0)) -ge $((32 << 20)) ] ||
			tap_fail "memory.current grew by $((mem1 - mem0)) bytes with 32 MiB of guest RAM"
		tap_diag "memory.current: $mem0 -> $mem1 bytes with a 32 MiB guest"
	else
		tap_fail "the spin guest did not report in within 15 s: $(head -n 3 "$tmp/memcg.err")"
	fi
	kill -KILL "$memcg_pid"
	finish memcg "$memcg_pid"
	wait_counts 5 || tap_fail "5 s after the VMM died: $(counts); at start: $base_counts"
	mem2=$(cat "$cgt/memory.current")
	[ $((mem2 - mem0)) -lt $((1 << 20)) ] ||
		tap_fail "memory.current still $mem2 bytes after the VM went (was $mem0)"
	rmdir "$cgt" || tap_fail "cannot remove $cgt"
else
	tap_fail "no memory controller: cannot create $cgt with memory.current ($(cat "$tmp/mkdir.err"))"
fi
host_fine
end_test

tap_begin "probe: nothing outside guest RAM is host or hvx data"
run probe probe --mem 16
expect_rc 0
expect_count 2 '^hvx-guest: probe: 0x[0-9a-f]+-0x[0-9a-f]+: [0-9]+ loads, [0-9]+ aborted, [0-9]+ returned data, 0 signatures$'
# above RAM: 2040 addresses, 2 loads each, all MMIO that hvxctl aborts
expect_line "^hvx-guest: probe: $end16-0x13fffffff: 4080 loads, 4080 aborted, 0 returned data, 0 signatures$"
expect_line '^hvx-guest: probe: ok: no host or hypervisor data seen$'
expect_none 'LEAK'
expect_clean
end_test

tap_begin "8 VMs of 2 vcpus at once: 4 smp, 4 memory, all succeed"
pids=""
for i in 1 2 3 4; do
	start "multi-smp-$i" smp --vcpus 2 --mem 8 --timeout 240
	pids="$pids multi-smp-$i:$pid"
	start "multi-memory-$i" memory --vcpus 2 --mem 8 --timeout 240
	pids="$pids multi-memory-$i:$pid"
done
# how many run at once, as far as sampling sees
most=0
running=8
while [ "$running" -gt 0 ]; do
	n=$(nr_vms)
	[ "$n" -gt "$most" ] 2>/dev/null && most=$n
	running=0
	for np in $pids; do
		kill -0 "${np#*:}" 2>/dev/null && running=$((running + 1))
	done
	sleep 0.2
done
tap_diag "8 VMs: at most $most VMs seen at once"
for np in $pids; do
	name=${np%:*}
	finish "$name" "${np#*:}"
	[ "$rc" = 0 ] || tap_fail "$name: hvxctl exited with status $rc"
	case $name in
	multi-smp-*)
		grep -q '^hvx-guest: smp: 2 of 2 cpus up$' "$out" || tap_fail "$name: no '2 of 2 cpus up'"
		grep -q '^hvx-guest: smp: ok$' "$out" || tap_fail "$name: no 'smp: ok'"
		;;
	multi-memory-*)
		grep -q '^hvx-guest: memory: tested [0-9]* KiB of 8192 KiB, 0 errors$' "$out" ||
			tap_fail "$name: no 'tested .. KiB of 8192 KiB, 0 errors'"
		grep -q '^hvx-guest: memory: ok$' "$out" || tap_fail "$name: no 'memory: ok'"
		;;
	esac
	if [ "$TAP_ERRS" != 0 ] && [ -z "${shown:-}" ]; then
		shown=1
		head -n 40 "$out" | sed "s/^/#   $name | /"
		head -n 20 "$err" | sed "s/^/#   $name stderr: /"
	fi
done
out=""
err=""
end_test

tap_begin "at the end: no VM left, no page leaked, hvx still runs guests"
wait_vms 0 5 || tap_fail "nr_vms is $(nr_vms), expected 0"
left=$(ls "$HVX_SYSFS/vms" 2>/dev/null)
[ -z "$left" ] || tap_fail "left in $HVX_SYSFS/vms: $left"
wait_counts 5 || tap_fail "counters $(counts); at start: $base_counts"
host_fine
run hello-end hello --mem 16
expect_rc 0
expect_line '^hvx-guest: hello: ok$'
end_test

tap_done
