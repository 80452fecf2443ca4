#!/bin/bash
# Tests of the test-VM runner, tools/hvx-vm (`make runner-test`). They do not
# need hvx.ko: every boot but one uses --no-load. Prints TAP and writes it to
# $RESULTS/runner.tap (default build/results); each boot's output is kept in
# $RESULTS/runner/<test>.log. Exits 1 if a test failed.
# A small test module (selftests/runner/trouble) is built against the kernel
# tree in build/kdir to provoke a real WARN and oops, and against the debug
# kernel's in build/debug/kdir for KASAN, lockdep, might_sleep and kmemleak
# reports; without the tree those tests are skipped.

# The conditions are eval'ed later, so '$' in single quotes is intended.
# shellcheck disable=SC2016,SC2034,SC2317
set -eu

case "${1:-}" in
-h|--help) sed -n '2,9s/^# \{0,1\}//p' "$0"; exit 0 ;;
esac

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$top/build}
results=${RESULTS:-$build/results}
work=$build/runner-test
logs=$results/runner
tapfile=$results/runner.tap
hvxvm=$top/tools/hvx-vm
export BUILD=$build
unset HVX_VM_TIMEOUT HVX_VM_RESULT HVX_VM_MODULE

mkdir -p "$results" "$logs" "$work"
: >"$tapfile"

n=0
failed=0
out() { printf '%s\n' "$*" | tee -a "$tapfile"; }
pass() { n=$((n + 1)); out "ok $n - runner: $1"; }
skip() { n=$((n + 1)); out "ok $n - runner: $1 # SKIP $2"; }
fail() {
	n=$((n + 1))
	failed=1
	out "not ok $n - runner: $1"
	out "# exit status $rc; the end of $log:"
	tail -n 8 "$log" | sed 's/^/#   /' | tee -a "$tapfile"
}
# check NAME CONDITION...: one result from a shell condition.
check() {
	local name=$1
	shift
	if "$@"; then pass "$name"; else fail "$name"; fi
}
# vm NAME [VAR=VALUE...] HVX-VM-ARGS...: boot; sets rc and log.
vm() {
	local name=$1
	shift
	local envs=()
	while [ $# -gt 0 ] && [[ "$1" == [A-Z]*=* ]]; do envs+=("$1"); shift; done
	log=$logs/$name.log
	set +e
	env ${envs[@]+"${envs[@]}"} "$hvxvm" "$@" >"$log" 2>&1 </dev/null
	rc=$?
	set -e
}
has() { grep -qF -- "$1" "$log"; }
hasnt() { ! grep -qF -- "$1" "$log"; }

# --- basics ---------------------------------------------------------------------

vm true --no-load -- true
check "'-- true' exits 0" [ "$rc" = 0 ]
check "the default boot keeps the kernel at EL1 (id_aa64mmfr1.vh=0)" \
	eval 'has "SYS_ID_AA64MMFR1_EL1[11:8]: forced to 0" && hasnt "detected: Virtualization Host Extensions"'

vm exit3 HVX_VM_RESULT="$work/result" --no-load -- sh -c 'exit 3'
check "'-- sh -c \"exit 3\"' exits 3" [ "$rc" = 3 ]
check "HVX_VM_RESULT records a failed command" \
	grep -qx 'result=cmd-failed' "$work/result"

# Arguments reach the command as argv, without being re-parsed by a shell.
vm argv --no-load -- printf '<%s>\n' 'a b' "c'd" '$HOME' '' '*'
check "arguments reach the command unchanged" \
	eval 'has "<a b>" && has "<c'"'"'d>" && has "<\$HOME>" && has "<>" && has "<*>"'

token=add-$$-$RANDOM
printf '%s\n' "$token-file" >"$work/somefile"
rm -rf "$work/somedir" && mkdir -p "$work/somedir/sub"
printf '%s\n' "$token-dir" >"$work/somedir/sub/inner"
vm add --no-load --add "$work/somefile" --add "$work/somedir" -- \
	sh -c 'cat /mnt/add/somefile /mnt/add/somedir/sub/inner'
check "--add puts files and folders under /mnt/add" \
	eval '[ "$rc" = 0 ] && has "$token-file" && has "$token-dir"'

vm machine --no-load --smp 4 --mem 512 --append hvx_runner_test=1 -- sh -c '
	echo "cpus=$(nproc)"
	echo "memkb=$(sed -n "s/^MemTotal: *\([0-9]*\) kB/\1/p" /proc/meminfo)"
	grep -q "hvx_runner_test=1" /proc/cmdline && echo append-ok
	echo "host=$(hostname) uid=$(id -u)"
	for d in /proc/self /sys/kernel /dev/null /tmp /sys/kernel/debug/tracing \
		/sys/kernel/tracing/trace /sys/fs/cgroup/cgroup.controllers; do
		[ -e "$d" ] || echo "missing $d"
	done
	grep -q "^tmpfs /tmp " /proc/mounts || echo "/tmp is not a tmpfs"
	[ -x /usr/lib/hvx/demo ] || echo "missing /usr/lib/hvx/demo"
	echo env-done'
check "--smp 4 gives 4 CPUs" has "cpus=4"
memkb=$(sed -n 's/^memkb=\([0-9]*\).*/\1/p' "$log" | head -n 1)
check "--mem 512 gives about 512 MiB" \
	eval '[ -n "$memkb" ] && [ "$memkb" -gt 400000 ] && [ "$memkb" -le 524288 ]'
check "--append reaches the kernel command line" has "append-ok"
check "the VM is hvx-vm, runs the command as root, mounts proc/sys/dev/tmp/debugfs/tracefs/cgroup2" \
	eval 'has "host=hvx-vm uid=0" && has "env-done" && hasnt "missing " && hasnt "is not a tmpfs"'

vm vhe --no-load --vhe -- true
check "--vhe boots the kernel at EL2 with VHE" \
	eval '[ "$rc" = 0 ] && has "detected: Virtualization Host Extensions" && hasnt "SYS_ID_AA64MMFR1_EL1[11:8]: forced to 0"'

vm usage --bogus
check "an unknown option is a usage error (exit 2)" [ "$rc" = 2 ]

vm insmod HVX_VM_MODULE="$work/no-such-hvx.ko" -- true
check "a failed insmod makes the runner fail" \
	eval '[ "$rc" = 125 ] && has "insmod hvx.ko failed"'

# --- kernel trouble ---------------------------------------------------------------

# Output that merely mentions kernel errors, even with printk's timestamp, or
# user-space messages written to the kernel log, must not count.
vm mention --no-load -- sh -c '
	echo "Kernel panic - not syncing: just words"
	echo "[    1.234567] Kernel panic - not syncing: fake"
	echo "[    1.234567] WARNING: CPU: 0 PID: 1 at fake.c:1"
	echo "<4>[    1.234567] BUG: fake" >/dev/kmsg
	echo "Internal error: Oops: fake [#1] SMP" >/dev/kmsg'
check "command output that mentions kernel errors is not a kernel error" [ "$rc" = 0 ]

vm panic --no-load -- sh -c 'echo c >/proc/sysrq-trigger; sleep 100'
check "a kernel panic (sysrq c) makes the runner fail" \
	eval '[ "$rc" = 125 ] && has "hvx-vm: error: kernel panic"'

vm tainted --no-load -- sh -c 'echo 512 >/proc/sys/kernel/tainted'
check "a kernel tainted by a warning makes the runner fail" \
	eval '[ "$rc" = 125 ] && has "kernel tainted (W"'

vm hang HVX_VM_TIMEOUT=15 --no-load -- sleep 1000
check "a hang times out (HVX_VM_TIMEOUT=15) with exit status 124" \
	eval '[ "$rc" = 124 ] && has "hvx-vm: error: timeout"'

# A real WARN and oops, from the test module.
kdir=""
[ -s "$build/kdir" ] && kdir=$(cat "$build/kdir")
ko=""
if [ -n "$kdir" ] && [ -d "$kdir" ]; then
	rm -rf "$work/trouble" && cp -R "$top/selftests/runner/trouble" "$work/trouble"
	log=$logs/trouble-build.log
	set +e
	make -C "$kdir" M="$work/trouble" ARCH=arm64 \
		CROSS_COMPILE="${CROSS_COMPILE:-aarch64-linux-gnu-}" modules >"$log" 2>&1
	rc=$?
	set -e
	check "the test module builds" [ "$rc" = 0 ]
	[ "$rc" = 0 ] && ko=$work/trouble/trouble.ko
fi
if [ -n "$ko" ]; then
	vm mod-ok --no-load --add "$ko" -- insmod /mnt/add/trouble.ko mode=0
	check "loading a module that taints the kernel only with O passes" [ "$rc" = 0 ]
	vm mod-warn --no-load --add "$ko" -- insmod /mnt/add/trouble.ko mode=1
	check "a kernel WARN makes the runner fail" \
		eval '[ "$rc" = 125 ] && has "hvx-vm: error: kernel WARN"'
	vm mod-warn-quiet --no-load --append quiet --add "$ko" -- insmod /mnt/add/trouble.ko mode=1
	check "a kernel WARN is noticed with 'quiet' too" \
		eval '[ "$rc" = 125 ] && has "hvx-vm: error: kernel WARN"'
	vm mod-oops --no-load --add "$ko" -- insmod /mnt/add/trouble.ko mode=2
	check "a kernel oops makes the runner fail" \
		eval '[ "$rc" = 125 ] && has "hvx-vm: error: kernel oops"'
else
	why="no kernel build tree in build/kdir (run 'make kernel')"
	[ -z "$kdir" ] || why="the test module did not build"
	for t in "loading a module that taints the kernel only with O passes" \
		"a kernel WARN makes the runner fail" \
		"a kernel WARN is noticed with 'quiet' too" \
		"a kernel oops makes the runner fail"; do
		skip "$t" "$why"
	done
fi

# --- the debug kernel ---------------------------------------------------------------
#
# What only the debug kernel (make kernel-debug) reports: KASAN, lockdep,
# might_sleep, and kmemleak, whose leaks count when traced to hvx, so the
# test module is also built under the name hvx.

# build_trouble DIR KDIR [NAME]: the test module, as NAME.ko (default
# trouble.ko), in DIR; prints its path, or nothing if it did not build.
build_trouble() {
	rm -rf "$1" && cp -R "$top/selftests/runner/trouble" "$1"
	if [ -n "${3:-}" ]; then
		printf 'obj-m := %s.o\n%s-y := trouble.o\n' "$3" "$3" >"$1/Kbuild"
	fi
	if make -C "$2" M="$1" ARCH=arm64 \
		CROSS_COMPILE="${CROSS_COMPILE:-aarch64-linux-gnu-}" modules \
		>"$logs/$(basename "$1")-build.log" 2>&1; then
		echo "$1/${3:-trouble}.ko"
	fi
}

dkdir=""
[ -s "$build/debug/kdir" ] && dkdir=$(cat "$build/debug/kdir")
dko=""
dhvx=""
if [ -n "$dkdir" ] && [ -d "$dkdir" ]; then
	dko=$(build_trouble "$work/trouble-debug" "$dkdir")
	dhvx=$(build_trouble "$work/trouble-hvx" "$dkdir" hvx)
	log=$logs/trouble-debug-build.log
	rc=
	check "the test module builds against the debug kernel, also as hvx.ko" \
		eval '[ -n "$dko" ] && [ -n "$dhvx" ]'
fi
dtests=("a KASAN report makes the runner fail"
	"a lockdep report makes the runner fail"
	"a sleeping function called from atomic context makes the runner fail"
	"a leak kmemleak traces to hvx makes the runner fail, one traced to another module does not"
	"a leak kmemleak traces to a module no longer loaded makes the runner fail")
if [ -n "$dko" ] && [ -n "$dhvx" ]; then
	# kmemleak's scans take seconds: off where they have nothing to find.
	vm dbg-kasan --debug-kernel --no-load --append kmemleak=off --add "$dko" -- \
		insmod /mnt/add/trouble.ko mode=3
	check "${dtests[0]}" eval '[ "$rc" = 125 ] && has "hvx-vm: error: KASAN report" && has "BUG: KASAN: slab-out-of-bounds"'
	vm dbg-lockdep --debug-kernel --no-load --append kmemleak=off --add "$dko" -- \
		insmod /mnt/add/trouble.ko mode=4
	check "${dtests[1]}" eval '[ "$rc" = 125 ] && has "hvx-vm: error: lockdep report" && has "WARNING: possible circular locking dependency detected"'
	vm dbg-sleep --debug-kernel --no-load --append kmemleak=off --add "$dko" -- \
		insmod /mnt/add/trouble.ko mode=5
	check "${dtests[2]}" eval '[ "$rc" = 125 ] && has "hvx-vm: error: sleeping function called from invalid context"'
	# kmemleak reports an object only when it is 5 s old: the sleeps.
	# The objects it counts are listed on HVX-VM-LEAK lines. (A backtrace
	# address in hvx's init code, freed after loading, may resolve to
	# trouble's code loaded there later: only trouble_leak is looked for.)
	vm dbg-leak --debug-kernel --no-load --add "$dhvx" --add "$dko" -- \
		sh -c 'insmod /mnt/add/hvx.ko mode=6 && insmod /mnt/add/trouble.ko mode=6 && sleep 6'
	check "${dtests[3]}" eval '[ "$rc" = 125 ] &&
		has "kmemleak: 2 unreferenced objects, 1 of them from hvx" &&
		has "hvx-vm: error: kmemleak: 1 unreferenced objects allocated through hvx" &&
		grep -q "HVX-VM-LEAK:.*trouble_leak+.* \[hvx\]$" "$log" &&
		! grep -q "HVX-VM-LEAK:.*trouble_leak+.* \[trouble\]$" "$log"'
	vm dbg-leak-unloaded --debug-kernel --no-load --add "$dko" -- \
		sh -c 'insmod /mnt/add/trouble.ko mode=6 && rmmod trouble && sleep 6'
	check "${dtests[4]}" eval '[ "$rc" = 125 ] && has "hvx-vm: error: kmemleak: 1 unreferenced objects"'
else
	why="no debug kernel build tree in build/debug/kdir (run 'make kernel-debug')"
	[ -z "$dkdir" ] || why="the test module did not build against the debug kernel"
	for t in "${dtests[@]}"; do skip "$t" "$why"; done
fi

out "1..$n"
exit $failed
