#!/bin/bash
# run-vm-tests.sh: the kselftests in the test VM (`make vm-check`).
#
# Boots tools/hvx-vm thirteen times and writes, under $RESULTS (default
# build/results):
#   vm-smp4.tap, vm-smp4.log     --smp 4 -- /usr/lib/hvx/selftests/run-all.sh
#   vm-fuzz.tap, vm-fuzz.log     --smp 4 -- .../run-all.sh --fuzz (the fuzzers)
#   vm-guests.tap, .log          --smp 4 --add build/vmware-guest/initramfs.cpio
#                                -- .../run-all.sh --guests (the vGIC, timer
#                                and Linux guests, open-vm-tools in one)
#   vm-vhe.tap,  vm-vhe.log      --vhe --no-load -- .../vhe-refusal.sh
#   vm-stage2.tap, vm-stage2.log --smp 4 -- .../hvx_stage2.sh
#   vm-own.tap,  vm-own.log      --smp 4 -- .../hvx_own_test
#   vm-isolation.tap, .log       --smp 4 -- .../hvx_vm_isolation
#   vm-efi.tap, vm-efi.log       --uefi --smp 2 -- .../hvx_efi.sh
#   vm-icount.tap, .log          --smp 2 with QEMU's instruction clock
#                                (HVX_VM_ICOUNT=0) -- .../hvx_icount.sh
#   vm-debug.tap, vm-debug.log   --debug-kernel --smp 4 -- .../run-all.sh,
#                                with fewer hotplug and reload rounds
#   vm-debug-guests.tap, .log    --debug-kernel --smp 4 -- .../run-all.sh
#                                --guests, but the Linux guests
#   vm-dkms.tap, vm-dkms.log     --smp 2 --add build/pkg-test/hvx-dkms.ko
#                                -- tools/pkg/vm-dkms-module.sh: the module
#                                Debian's dkms built (make pkg-test) runs
#   vm-tui.tap, vm-tui.log       the text UI on the serial line, driven by
#                                tools/hvxctl/test/test-tui-vm.py, which
#                                boots --smp 2 itself as the line's terminal
# The .tap files hold the TAP result lines found on the console, renumbered,
# with the boot's name put before each description; the .log files the whole
# console and the runner's messages. A boot that fails as such (kernel oops,
# panic, WARN, a debug kernel's report or leak, hang, insmod failure, no
# results) adds a "not ok" line saying why, so the failure is counted.
# A failed boot also prints the seeds that replay its fuzzers.
# Exits 1 if any result is "not ok".
# HVX_VM_TIMEOUT (seconds per boot) is passed on to tools/hvx-vm; the
# debug kernel's boot gets 2.5 times as long.
set -eu

case "${1:-}" in
-h|--help) sed -n '2,32s/^# \{0,1\}//p' "$0"; exit 0 ;;
"") ;;
*) echo "run-vm-tests: no arguments expected (see --help)" >&2; exit 2 ;;
esac

top=$(cd "$(dirname "$0")/.." && pwd)
results=${RESULTS:-$top/build/results}
mkdir -p "$results"
# Paths in messages relative to the repo when possible.
rel() { case "$1" in "$top"/*) echo "${1#"$top"/}" ;; *) echo "$1" ;; esac; }

any_failed=0

# boot NAME HVX-VM-ARGS...: one boot, into $results/NAME.tap and NAME.log.
boot() {
	local name=$1; shift
	local tap=$results/$name.tap log=$results/$name.log res=$results/.$name.result
	local rc kind status reason n
	rm -f "$tap" "$log" "$res"
	echo "run-vm-tests: $name: tools/hvx-vm $* (console: $(rel "$log"))"

	set +e
	HVX_VM_RESULT=$res "$top/tools/hvx-vm" "$@" 2>&1 </dev/null | tee "$log" |
		grep --line-buffered -E '^(not )?ok([[:blank:]]|$)' | sed -u "s/^/  $name: /"
	rc=${PIPESTATUS[0]}
	set -e

	kind=$(sed -n 's/^result=//p' "$res" 2>/dev/null || true)
	status=$(sed -n 's/^status=//p' "$res" 2>/dev/null || true)
	reason=$(sed -n 's/^reason=//p' "$res" 2>/dev/null || true)
	rm -f "$res"

	# The TAP lines of the command: result lines and diagnostics, before the
	# runner's exit marker; renumbered, the boot's name put in front.
	sed '/^HVX-VM-EXIT:/,$d' "$log" | grep -E '^((not )?ok([[:blank:]]|$)|# )' |
	awk -v name="$name" '
	/^(not )?ok/ {
		n++
		res = ($0 ~ /^not ok/) ? "not ok" : "ok"
		rest = substr($0, length(res) + 1)
		sub(/^[ \t]+/, "", rest)
		sub(/^[0-9]+[ \t]*/, "", rest)
		sub(/^-[ \t]+/, "", rest)
		printf "%s %d - %s: %s\n", res, n, name, rest
		next
	}
	{ print }' >"$tap"
	n=$(grep -cE '^(not )?ok ' "$tap" || true)

	local why=""
	case "$kind" in
	ok) [ "$n" -gt 0 ] || why="no TAP results on the console" ;;
	cmd-failed)
		# A failing test makes the command fail: fine if a result says so.
		grep -qE '^not ok ' "$tap" ||
			why="the command exited with status $status but no result failed" ;;
	vm-error|timeout) why=$reason ;;
	*) why="tools/hvx-vm failed (exit status $rc)" ;;
	esac
	if [ -n "$why" ]; then
		n=$((n + 1))
		echo "not ok $n - $name: $why (see $(rel "$log"))" >>"$tap"
		echo "  $name: not ok - $why"
	fi
	echo "1..$n" >>"$tap"
	grep -qE '^not ok ' "$tap" && any_failed=1
	# The fuzzers draw new seeds each run: a failed boot shows the
	# settings that replay its random tests (HVX_FUZZ_SEED=..,
	# GUEST_FUZZ_SEED=.. [GUEST_FUZZ_ONLY=..], FUZZ_SEED=.. ...).
	if grep -qE '^not ok ' "$tap"; then
		grep -aoE '[A-Z_]*SEED=[^ ,)]+( [A-Z_]+=[^ ,)]+)*' "$log" |
			awk '!seen[$0]++' | head -n 12 |
			sed "s/^/  $name: replay with: /" || true
	fi
	return 0
}

boot vm-smp4 --smp 4 -- /usr/lib/hvx/selftests/run-all.sh
# The fuzzers: about 4 minutes alone, each bounded by its own time limit.
HVX_VM_TIMEOUT=$((${HVX_VM_TIMEOUT:-600} * 3 / 2)) boot vm-fuzz --smp 4 -- \
	/usr/lib/hvx/selftests/run-all.sh --fuzz
# The vGIC, timers and Linux guests; the one with open-vm-tools (make
# vmware-guest) takes its initramfs from /mnt/add.
vmware_initrd=$top/build/vmware-guest/initramfs.cpio
if [ -f "$vmware_initrd" ]; then
	boot vm-guests --smp 4 --add "$vmware_initrd" -- \
		/usr/lib/hvx/selftests/run-all.sh --guests
else
	echo "run-vm-tests: no $(rel "$vmware_initrd") (make vmware-guest): its test skips"
	boot vm-guests --smp 4 -- /usr/lib/hvx/selftests/run-all.sh --guests
fi
boot vm-vhe --vhe --no-load -- /usr/lib/hvx/selftests/vhe-refusal.sh
# The stage-2 test makes a process touch hvx's memory on purpose; hvx
# answers with a synchronous external abort, which Linux records as taint M.
# It gets a boot of its own so that M is allowed nowhere else.
HVX_VM_ALLOW_TAINT=M boot vm-stage2 --smp 4 -- /usr/lib/hvx/selftests/hvx_stage2.sh
# The page ownership test makes processes touch pages donated to hvx: the
# same aborts, so a boot of its own as well.
HVX_VM_ALLOW_TAINT=M boot vm-own --smp 4 -- /usr/lib/hvx/selftests/hvx_own_test
# The VM isolation test makes a process read a running guest's RAM: the
# same aborts again.
HVX_VM_ALLOW_TAINT=M boot vm-isolation --smp 4 -- /usr/lib/hvx/selftests/hvx_vm_isolation
# The hvx.ko of the hvx-dkms package, built and installed by Debian's dkms
# (make pkg-test, a host test that runs first): the test VM loads it.
dkms_ko=${BUILD:-$top/build}/pkg-test/hvx-dkms.ko
[ -e "$dkms_ko" ] || dkms_ko=/dev/null
boot vm-dkms --smp 2 --add "$dkms_ko" --add "$top/tools/pkg/vm-dkms-module.sh" \
	-- /bin/sh /mnt/add/vm-dkms-module.sh /mnt/add/hvx-dkms.ko
# EFI runtime services need a boot through UEFI firmware.
boot vm-efi --uefi --smp 2 -- /usr/lib/hvx/selftests/hvx_efi.sh
# QEMU's instruction clock: one TCG thread runs the CPUs in turn, and a
# CPU that spins at EL2 without yielding starves the one it waits for.
# About 20 s when it passes; a hang waits for the timeout, so a shorter one.
HVX_VM_ICOUNT=0 HVX_VM_TIMEOUT=$((${HVX_VM_TIMEOUT:-600} / 4)) boot vm-icount --smp 2 -- \
	/usr/lib/hvx/selftests/hvx_icount.sh
# The same tests as vm-smp4 on the debug kernel (make module-debug): KASAN,
# lockdep, might_sleep and kmemleak reports fail the boot (tools/hvx-vm).
# Everything runs some times slower there: fewer CPU hotplug rounds and
# insmod/rmmod cycles. hvx_reload.sh's free-memory trend is no leak check
# there (KASAN's quarantine grows with every cycle); kmemleak is.
# hvx_partition.sh measures cgroup CPU pinning and throttling with two
# spinning 4-vCPU guests (2.5 minutes under KASAN); hvx_partition_test
# covers the partitions' code paths, forced teardown included, there.
HVX_VM_TIMEOUT=$((${HVX_VM_TIMEOUT:-600} * 5 / 2)) boot vm-debug --debug-kernel --smp 4 -- \
	env HVX_PSCI_ROUNDS=5 HVX_RELOAD_CYCLES=10 HVX_RELOAD_TREND=0 \
	HVX_SKIP_TESTS="hvx_partition.sh" /usr/lib/hvx/selftests/run-all.sh
# And the vGIC and timer guests there (the Linux guests, minutes each on
# the debug kernel, run on the test kernel only).
HVX_VM_TIMEOUT=$((${HVX_VM_TIMEOUT:-600} * 3 / 2)) boot vm-debug-guests --debug-kernel --smp 4 -- \
	env HVX_SKIP_TESTS="hvx_linux.sh hvx_vmware_tools.sh" \
	/usr/lib/hvx/selftests/run-all.sh --guests

# The text UI (hvxctl tui) on the VM's serial line: the test is the
# terminal at the line's other end (HVX_VM_SERIAL_STDIN), so it boots the
# VM itself; its TAP names the boot, and says if the VM failed.
echo "run-vm-tests: vm-tui: tools/hvxctl/test/test-tui-vm.py (console: $(rel "$results/vm-tui.log"))"
set +e
RESULTS=$results "$top/tools/hvxctl/test/test-tui-vm.py" >"$results/vm-tui.tap"
rc=$?
set -e
grep -E '^(not )?ok ' "$results/vm-tui.tap" | sed 's/^/  /'
if [ $rc != 0 ]; then
	any_failed=1
	grep -qE '^not ok ' "$results/vm-tui.tap" ||
		echo "not ok - vm-tui: the test failed (status $rc) with no failed result" >>"$results/vm-tui.tap"
fi

exit $any_failed
