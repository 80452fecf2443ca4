#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Partitions through hvxctl: two partitions A and B made with their
# limits (hvx.ko's and their cgroups'), each running a spinning 4-vCPU
# guest started inside it ('hvxctl partition exec'); each lists only its
# own VM and cannot stop, inspect or attach to the other's, by name or
# handle, even with hvx's sysfs unmounted from its view; host-wide calls
# refused inside; the VM, vCPU and memory limits (hvx's, and memory.max's
# ENOMEM without an OOM kill); A's vCPU threads only on A's CPU, B's on
# B's (/proc/<tid>/stat); B's cpu.max throttles it (cpu.stat); destroy
# refused while VMs run, from inside too; forced, every process and VM of
# the partition ends, its cgroup goes and every page comes back. The host
# sees both partitions with their usage throughout.
# Needs hvx loaded, root, 4 CPUs, cgroup v2 with cpuset; TAP output.
. "$(dirname "$0")/lib/tap.sh"

tmp=/tmp/hvx_partition.$$
mkdir -p "$tmp"
out=$tmp/out
err=$tmp/err
spin_img=$(cd "$(dirname "$0")" && pwd)/guests/spin.img
cg=/sys/fs/cgroup
A=pa$$
B=pb$$
P=$HVX_SYSFS/partitions

cleanup() {
	for p in "$A" "$B"; do
		hvxctl partition destroy --force --timeout 5 "$p" >/dev/null 2>&1
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

run() {
	"$@" >"$out" 2>"$err"
	rc=$?
}

expect_rc() {
	[ "$rc" = "$1" ] || tap_fail "$2: exit status $rc, expected $1; stderr: $(head -c 400 "$err")"
}

# wait_file FILE: until FILE exists (60 s at most: B runs at 10% of a
# CPU, and the debug kernel is slow).
wait_file() {
	for _ in $(seq 600); do
		[ -s "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

# vm_of PARTITION: the handle of its one VM (its folder vmN), or nothing.
vm_of() {
	for d in "$P/$1"/vms/vm*; do
		[ -d "$d" ] && echo "${d##*/vm}" && return
	done
}

# own: the page counters of the host's stage 2, and the VM count.
own() {
	cat "$HVX_SYSFS/nr_vms" "$HVX_SYSFS"/host_s2/*_pages 2>/dev/null | tr '\n' ' '
}

if ! hvx_loaded; then
	tap_diag "hvx was not loaded; loading it first"
	insmod "$HVX_KO" || tap_diag "insmod $HVX_KO failed"
fi
grep -q " $cg cgroup2 " /proc/mounts || mount -t cgroup2 none "$cg"
before=$(own)

tap_begin "partition create: limits in hvx.ko and in its cgroup; bad ones refused"
if ! grep -qw cpuset "$cg/cgroup.controllers"; then
	tap_fail "no cpuset controller in $cg/cgroup.controllers: $(cat "$cg/cgroup.controllers")"
fi
run hvxctl partition create --vms 1 --vcpus 5 --mem 64M --cpus 1 --overhead 32M "$A"
expect_rc 0 "create A"
run hvxctl partition create --vms 1 --vcpus 4 --mem 32M --cpus 2-3 --cpu-max 10000/100000 "$B"
expect_rc 0 "create B"
[ "$(cat "$P/$A/max_vcpus" "$P/$A/max_mem_kib" "$P/$A/cpus" "$P/$A/cpu_max" | tr '\n' ' ')" = \
  "5 65536 1 max 100000 " ] || tap_fail "A's sysfs: $(grep . "$P/$A"/* 2>&1 | tr '\n' ' ')"
[ "$(cat "$P/$B/cpus" "$P/$B/cpu_max" | tr '\n' ' ')" = "2-3 10000 100000 " ] ||
	tap_fail "B's sysfs: $(grep . "$P/$B"/* 2>&1 | tr '\n' ' ')"
[ "$(cat "$cg/hvx/$A/cpuset.cpus" "$cg/hvx/$A/memory.max" "$cg/hvx/$A/cpu.max" | tr '\n' ' ')" = \
  "1 $(((64 + 32) << 20)) max 100000 " ] ||
	tap_fail "A's cgroup: $(cat "$cg/hvx/$A/cpuset.cpus" "$cg/hvx/$A/memory.max" "$cg/hvx/$A/cpu.max" 2>&1 | tr '\n' ' ')"
[ "$(cat "$cg/hvx/$B/cpuset.cpus" "$cg/hvx/$B/cpu.max" | tr '\n' ' ')" = "2-3 10000 100000 " ] ||
	tap_fail "B's cgroup: $(cat "$cg/hvx/$B/cpuset.cpus" "$cg/hvx/$B/cpu.max" 2>&1 | tr '\n' ' ')"
run hvxctl partition create --vms 1 --mem 16M --cpus 0 "$A"
expect_rc 1 "a duplicate name"
grep -q "exists already" "$err" || tap_fail "duplicate: $(cat "$err")"
run hvxctl partition create --vms 0 --mem 16M --cpus 0 x$$
expect_rc 2 "--vms 0"
run hvxctl partition create --vms 1 --mem 1024G --cpus 0 x$$
expect_rc 1 "more RAM than the host's"
run hvxctl partition create --vms 1 --mem 16M --cpus 200 x$$
expect_rc 1 "a CPU the host does not have"
run hvxctl partition create --vms 1 --mem 16M --cpus 0 --cpu-max 900000 x$$
expect_rc 1 "--cpu-max over 1 CPU of 1"
[ ! -e "$P/x$$" ] && [ ! -e "$cg/hvx/x$$" ] || tap_fail "a refused partition left $P/x$$ or $cg/hvx/x$$"
run hvxctl partition list --json
expect_rc 0 "list --json"
for p in "$A" "$B"; do
	grep -q "\"name\": *\"$p\"" "$out" || tap_fail "list --json lacks $p: $(cat "$out")"
done
tap_end

tap_begin "exec: each partition runs a 4-vCPU guest in its own namespaces and sees only it"
# Inside: its hostname, its view of hvx, a detached VMM; exec returns when
# that VMM ends.
for p in "$A" "$B"; do
	hvxctl partition exec "$p" -- sh -c "
		hostname >$tmp/$p.hostname
		cat /proc/self/cgroup >$tmp/$p.cgroup
		ls /sys/fs/cgroup >$tmp/$p.cgroupfs
		hvxctl run --name spin --detach --vcpus 4 --mem 16 $spin_img >$tmp/$p.run 2>&1
		hvxctl list --json >$tmp/$p.list 2>&1
		echo \$? >$tmp/$p.list-rc" >"$tmp/$p.exec" 2>&1 &
	echo $! >"$tmp/$p.execpid"
	wait_file "$tmp/$p.list-rc" || tap_fail "$p: the command inside did not finish: $(cat "$tmp/$p.exec" "$tmp/$p.run" 2>&1)"
done
for p in "$A" "$B"; do
	[ "$(cat "$tmp/$p.hostname")" = "$p" ] || tap_fail "$p: hostname '$(cat "$tmp/$p.hostname")'"
	[ "$(cat "$tmp/$p.cgroup")" = "0::/" ] || tap_fail "$p: /proc/self/cgroup '$(cat "$tmp/$p.cgroup")' (a cgroup namespace at its cgroup)"
	grep -qx cpu.max "$tmp/$p.cgroupfs" && ! grep -qx hvx "$tmp/$p.cgroupfs" ||
		tap_fail "$p: its /sys/fs/cgroup is not its cgroup: $(tr '\n' ' ' <"$tmp/$p.cgroupfs")"
	[ "$(cat "$tmp/$p.list-rc")" = 0 ] || tap_fail "$p: hvxctl list: $(cat "$tmp/$p.list")"
	n=$(grep -o '"handle"' "$tmp/$p.list" | nr_lines)
	[ "$n" = 1 ] && grep -q '"nr_vms": *1' "$tmp/$p.list" && grep -q '"name": *"spin"' "$tmp/$p.list" ||
		tap_fail "$p lists $n VMs, not its one spin: $(cat "$tmp/$p.list")"
	[ -n "$(vm_of "$p")" ] || tap_fail "no VM in $P/$p/vms"
	[ "$(cat "$P/$p/nr_vms" "$P/$p/nr_vcpus" "$P/$p/mem_kib" | tr '\n' ' ')" = "1 4 16384 " ] ||
		tap_fail "$p's usage: $(cat "$P/$p/nr_vms" "$P/$p/nr_vcpus" "$P/$p/mem_kib" | tr '\n' ' ')"
done
va=$(vm_of "$A")
vb=$(vm_of "$B")
# The host sees both, both named spin.
for v in $va $vb; do
	[ "$(cat "$HVX_SYSFS/vms/vm$v/name" 2>&1)" = spin ] || tap_fail "the host's vms/vm$v/name: $(cat "$HVX_SYSFS/vms/vm$v/name" 2>&1)"
done
run hvxctl list --json
grep -q "\"handle\": *$va" "$out" && grep -q "\"handle\": *$vb" "$out" ||
	tap_fail "the host's list lacks vm$va or vm$vb: $(cat "$out")"
tap_end

tap_begin "A never reaches B's VM: stop, stats, console by name or handle; sysfs; host-wide calls"
mark=$(kmsg_mark isolation)
run hvxctl partition exec "$A" -- hvxctl stop --no-wait "$vb"
expect_rc 3 "A: stop B's VM by handle"
run hvxctl partition exec "$A" -- hvxctl stats "$vb"
expect_rc 3 "A: stats of B's VM by handle"
run hvxctl partition exec "$A" -- hvxctl console "$vb"
expect_rc 3 "A: console of B's VM by handle"
# By name "spin", A reaches its own VM only: stats shows A's handle.
run hvxctl partition exec "$A" -- hvxctl stats --json spin
grep -q "\"handle\": *$va," "$out" || tap_fail "A's stats spin: $(cat "$out" "$err")"
# Without the bind mount, the host's hvx folder: B's files refuse A.
run hvxctl partition exec "$A" -- sh -c "umount $HVX_SYSFS && cat $HVX_SYSFS/vms/vm$vb/name"
[ "$rc" != 0 ] && ! grep -q spin "$out" || tap_fail "A read B's VM's name: '$(cat "$out")'"
grep -q "No such file" "$err" || tap_fail "A's read of B's name: $(cat "$err")"
run hvxctl partition exec "$A" -- sh -c "umount $HVX_SYSFS && cat $P/$B/nr_vms"
[ "$rc" != 0 ] || tap_fail "A read B's nr_vms: '$(cat "$out")'"
run hvxctl partition exec "$A" -- sh -c "umount $HVX_SYSFS && cat /dev/hvxcon$vb"
[ "$rc" != 0 ] || tap_fail "A opened B's console"
run hvxctl partition exec "$A" -- hvxctl status
[ "$rc" != 0 ] && grep -q "not permitted" "$err" || tap_fail "A: hvxctl status: rc $rc, $(cat "$out" "$err")"
run hvxctl partition exec "$A" -- sh -c "umount $HVX_SYSFS && cat $HVX_SYSFS/cpus/cpu0/current_el"
[ "$rc" != 0 ] && grep -q "not permitted" "$err" || tap_fail "A read EL2's registers: rc $rc, $(cat "$out" "$err")"
# B's VM still runs.
[ "$(cat "$HVX_SYSFS/vms/vm$vb/state")" = running ] || tap_fail "B's VM: $(cat "$HVX_SYSFS/vms/vm$vb/state")"
# The refused opens of B's tty leave its port's count as it was.
if kmsg_since "$mark" | grep -q "port count"; then
	tap_fail "the tty layer: $(kmsg_since "$mark" | grep "port count" | head -2)"
fi
tap_kmsg_clean "$mark"
tap_end

tap_begin "limits: VMs, vCPUs, guest RAM (hvx's), memory.max (ENOMEM, no OOM kill)"
run hvxctl partition exec "$A" -- hvxctl run --vcpus 1 --mem 8 --timeout 1 "$spin_img"
[ "$rc" != 0 ] && grep -q "limit of VMs" "$err" || tap_fail "A's second VM: rc $rc, $(cat "$err")"
mark=$(kmsg_mark limits)
run hvxctl partition exec "$B" -- sh -c "hvxctl stop spin >/dev/null && cat $HVX_SYSFS/nr_vms && hvxctl run --vcpus 4 --mem 24 --timeout 1 $spin_img"
expect_rc 124 "B: its VM stopped, a 24 MiB VM within 32 MiB (run until --timeout)"
[ "$(head -n 1 "$out")" = 0 ] || tap_fail "B's nr_vms once its VM's folder is gone: $(head -n 1 "$out")"
run hvxctl partition exec "$B" -- hvxctl run --vcpus 4 --mem 33 --timeout 1 "$spin_img"
[ "$rc" != 0 ] && grep -q "no room for 33 MiB" "$err" || tap_fail "B: 33 MiB: rc $rc, $(cat "$err")"
run hvxctl partition exec "$B" -- hvxctl run --vcpus 5 --mem 8 --timeout 1 "$spin_img"
[ "$rc" != 0 ] && grep -q "limit of vCPUs" "$err" || tap_fail "B: 5 vCPUs: rc $rc, $(cat "$err")"
echo $((16 << 20)) >"$cg/hvx/$B/memory.max"
run hvxctl partition exec "$B" -- hvxctl run --vcpus 1 --mem 24 --timeout 1 "$spin_img"
[ "$rc" != 0 ] && grep -q "no room for 24 MiB" "$err" || tap_fail "B: 24 MiB over memory.max: rc $rc, $(cat "$err")"
echo $(((32 + 64) << 20)) >"$cg/hvx/$B/memory.max"
if kmsg_since "$mark" | grep -qiE 'out of memory|oom-kill'; then
	tap_fail "an OOM kill: $(kmsg_since "$mark" | grep -iE 'out of memory|oom' | head -3)"
fi
tap_kmsg_clean "$mark"
[ "$(cat "$P/$B/nr_vms" "$P/$B/mem_kib" | tr '\n' ' ')" = "0 0 " ] ||
	tap_fail "B's usage after its VMs: $(cat "$P/$B/nr_vms" "$P/$B/mem_kib" | tr '\n' ' ')"
tap_end

# B's exec ended with its VMM: start B's spinning guest again.
hvxctl partition exec "$B" -- hvxctl run --name spin --vcpus 4 --mem 16 --timeout 300 "$spin_img" \
	>"$tmp/$B.exec2" 2>&1 &
for _ in $(seq 600); do
	vb=$(vm_of "$B")
	[ -n "$vb" ] && [ "$(cat "$HVX_SYSFS/vms/vm$vb/state" 2>/dev/null)" = running ] && break
	sleep 0.1
done

tap_begin "vCPU threads run only on their partition's CPUs (/proc/<tid>/stat)"
# threads_on PARTITION CPUS...: every thread of its VMM, sampled 10 times
# over a second, on one of CPUS.
threads_on() {
	_p=$1
	shift
	_pid=$(cat "$HVX_SYSFS/vms/vm$(vm_of "$_p")/pid" 2>/dev/null)
	[ -n "$_pid" ] || { tap_fail "$_p: no VMM pid"; return; }
	_n=$(ls "/proc/$_pid/task" | nr_lines)
	[ "$_n" -ge 4 ] || tap_fail "$_p: $_n threads, expected the 4 vCPUs' at least"
	for _ in $(seq 10); do
		for _t in /proc/"$_pid"/task/*; do
			_cpu=$(sed 's/^.*) //' "$_t/stat" 2>/dev/null | cut -d' ' -f37)
			[ -n "$_cpu" ] || continue
			case " $* " in
			*" $_cpu "*) ;;
			*) tap_fail "$_p: thread ${_t##*/} on CPU $_cpu, not on $*" ;;
			esac
		done
		sleep 0.1
	done
}
threads_on "$A" 1
threads_on "$B" 2 3
tap_end

tap_begin "cpu.max throttles B's spinning guest (cpu.stat), not A's"
u0=$(awk '$1 == "usage_usec" { print $2 }' "$cg/hvx/$B/cpu.stat")
sleep 1
u1=$(awk '$1 == "usage_usec" { print $2 }' "$cg/hvx/$B/cpu.stat")
thr=$(awk '$1 == "nr_throttled" { print $2 }' "$cg/hvx/$B/cpu.stat")
tha=$(awk '$1 == "nr_throttled" { print $2 }' "$cg/hvx/$A/cpu.stat")
[ "${thr:-0}" -gt 0 ] || tap_fail "B never throttled: $(cat "$cg/hvx/$B/cpu.stat" | tr '\n' ' ')"
[ "${tha:-1}" = 0 ] || tap_fail "A throttled without a cpu.max: $tha"
# 10 ms every 100 ms: about 0.1 s of CPU a second, not 2 (its 2 CPUs).
used=$((u1 - u0))
[ "$used" -lt 300000 ] || tap_fail "B used $used us of CPU in 1 s under 10000/100000"
tap_diag "B: $used us of CPU in 1 s, throttled $thr times"
tap_end

tap_begin "destroy: refused while VMs run, and from inside; forced, everything ends"
run hvxctl partition destroy "$A"
expect_rc 1 "destroy A with a VM"
grep -q "give --force" "$err" || tap_fail "destroy A: $(cat "$err")"
run hvxctl partition exec "$B" -- hvxctl partition destroy --force "$B"
expect_rc 1 "B destroying itself"
grep -q "only a host administrator" "$err" || tap_fail "B destroying itself: $(cat "$err")"
[ "$(cat "$HVX_SYSFS/vms/vm$vb/state" 2>&1)" = running ] || tap_fail "B's VM after B's destroy: $(cat "$HVX_SYSFS/vms/vm$vb/state" 2>&1)"
run hvxctl partition destroy --force "$A"
expect_rc 0 "destroy --force A"
run hvxctl partition destroy --force "$B"
expect_rc 0 "destroy --force B"
for p in "$A" "$B"; do
	[ ! -e "$P/$p" ] || tap_fail "$P/$p is still there"
	[ ! -e "$cg/hvx/$p" ] || tap_fail "$cg/hvx/$p is still there"
done
wait "$(cat "$tmp/$A.execpid")"
[ $? = 137 ] || tap_fail "A's exec was not ended by SIGKILL"
run hvxctl partition destroy "$A"
expect_rc 3 "destroy a destroyed partition"
now=$(own)
for _ in $(seq 200); do
	[ "$now" = "$before" ] && break
	sleep 0.1
	now=$(own)
done
[ "$now" = "$before" ] || tap_fail "nr_vms and page counters: '$now', before '$before'"
tap_end

tap_done
