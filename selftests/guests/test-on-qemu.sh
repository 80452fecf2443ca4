#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-on-qemu.sh [IMAGE_DIR]: boot each test guest on plain QEMU virt (the
# platform hvx gives a guest, see README.md) and check its console lines;
# TAP on stdout. IMAGE_DIR defaults to build/arm64/selftests/guests.
#
# The well-behaved guests must print their lines and power off by
# themselves (PSCI SYSTEM_OFF: QEMU exits 0). For the hostile ones this
# checks what plain QEMU does: unassigned addresses abort into the guest,
# unimplemented registers are UNDEFINED, and the spinner is still running
# when its timeout kills it (that is its expected outcome). The calls guest
# checks there what does not need hvx, and that it sees hvx is missing.
#
# Environment: GUESTS_QEMU (default qemu-system-aarch64), GUESTS_TIMEOUT
# (seconds a guest that should power off gets, default 20), GUESTS_LOGS (a
# folder for each run's console log, default $RESULTS/guests if RESULTS
# is set, else a temporary folder).
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:-$top/build/arm64/selftests/guests}
qemu=${GUESTS_QEMU:-qemu-system-aarch64}
timeout_s=${GUESTS_TIMEOUT:-20}
# Hostile guests that may never stop get this long.
short_timeout_s=4
# The text_offset every guest's Image header must carry (lib/platform.h).
text_offset=$((0x80000))

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -n "${GUESTS_LOGS:-}" ]; then
	logs=$GUESTS_LOGS
elif [ -n "${RESULTS:-}" ]; then
	logs=$RESULTS/guests
else
	logs=$tmp/logs
fi
mkdir -p "$logs"

# shellcheck source=SCRIPTDIR/../lib/tap.sh
. "$top/selftests/lib/tap.sh"

# boot NAME IMAGE TIMEOUT [QEMU ARGS...]: run IMAGE, console in
# $logs/NAME.log (without the CRs); QEMU's exit status in $rc (124: timeout).
boot() {
	local name=$1 img=$2 t=$3

	shift 3
	timeout -k 2 "$t" "$qemu" -machine virt,gic-version=3 -cpu max \
		-smp 4 -m 256 -nographic -nic none -no-reboot \
		-kernel "$img" "$@" </dev/null >"$tmp/out" 2>&1
	rc=$?
	tr -d '\r' <"$tmp/out" >"$logs/$name.log"
	log=$logs/$name.log
}

# expect_line REGEX: the log has a line matching the extended REGEX.
expect_line() {
	grep -Eq -- "$1" "$log" || tap_fail "no line matching: $1"
}

# expect_count N REGEX: the log has exactly N lines matching REGEX.
expect_count() {
	local n

	n=$(grep -Ec -- "$2" "$log")
	[ "$n" = "$1" ] || tap_fail "$n lines matching '$2', expected $1"
}

# expect_poweroff: QEMU exited by itself (SYSTEM_OFF), in time.
expect_poweroff() {
	case $rc in
	0) ;;
	124) tap_fail "still running after its timeout (no SYSTEM_OFF)" ;;
	*) tap_fail "QEMU exited with status $rc" ;;
	esac
}

# expect_clean: no error or unexpected exception reported.
expect_clean() {
	if grep -Eq 'hvx-guest: [a-z-]+: (error|unexpected exception)' "$log"; then
		tap_fail "the guest reported a problem:"
		grep -E 'hvx-guest: [a-z-]+: (error|unexpected exception)' "$log" |
			sed 's/^/#   /'
	fi
}

# end_test: tap_end, with the console as diagnostics if the point failed.
end_test() {
	[ "$TAP_ERRS" = 0 ] || sed 's/^/#   | /' "$log"
	tap_end
}

# begin NAME IMAGE: start a test point for a guest image; false (and a
# failed point) if the image is missing.
begin() {
	tap_begin "$1"
	if [ ! -f "$2" ]; then
		tap_fail "$2 not built (make guests)"
		tap_end
		return 1
	fi
}

# plant FILE OFFSET BYTES: write BYTES (printf %b escapes) at OFFSET of FILE.
plant() {
	printf '%b' "$3" | dd of="$1" bs=1 seek=$(($2)) conv=notrunc 2>/dev/null
}

le64() { od -An -t u8 -j "$2" -N 8 "$1" | tr -d ' '; }
le32() { od -An -t u4 -j "$2" -N 4 "$1" | tr -d ' '; }

if ! command -v "$qemu" >/dev/null 2>&1; then
	tap_skip "guests on QEMU" "$qemu not installed (tools/setup-deps.sh)"
	tap_done
fi

# --- every image: the arm64 Image header ------------------------------------
for img in "$dir"/*.img; do
	[ -f "$img" ] || continue
	tap_begin "$(basename "$img" .img): arm64 Image header"
	size=$(stat -c %s "$img")
	[ "$(le32 "$img" 56)" = $((0x644d5241)) ] || tap_fail "no ARM\\x64 magic at 0x38"
	[ "$(le64 "$img" 8)" = "$text_offset" ] || tap_fail "text_offset is $(le64 "$img" 8), expected $text_offset"
	[ "$(le64 "$img" 16)" -ge "$size" ] || tap_fail "image_size $(le64 "$img" 16) < file size $size"
	[ "$(le64 "$img" 24)" = 0 ] || tap_fail "flags $(le64 "$img" 24), expected 0"
	tap_end
done

# --- well-behaved guests ----------------------------------------------------
if begin "hello: prints ok and powers off" "$dir/hello.img"; then
	boot hello "$dir/hello.img" "$timeout_s"
	expect_line '^hvx-guest: hello: hello from vcpu 0 .* at EL1, loaded at 0x40080000$'
	expect_line '^hvx-guest: hello: ram 0x40000000-0x4fffffff \(256 MiB\), 4 vcpus'
	expect_line '^hvx-guest: hello: psci version [0-9]+\.[0-9]+$'
	expect_line '^hvx-guest: hello: ok$'
	expect_clean
	expect_poweroff
	end_test
fi

# The start code refuses to run at an address it is not linked for:
# text_offset 0 makes QEMU load the image at RAM base + 2 MiB.
if begin "hello: refuses to run when loaded at the wrong address" "$dir/hello.img"; then
	cp "$dir/hello.img" "$tmp/moved.img"
	printf '\0\0\0\0' | dd of="$tmp/moved.img" bs=1 seek=8 conv=notrunc 2>/dev/null
	boot hello-moved "$tmp/moved.img" "$timeout_s"
	expect_line '^hvx-guest: error: image not loaded at its link address'
	expect_count 0 '^hvx-guest: hello: ok$'
	expect_poweroff
	end_test
fi

for smp in 4 8; do
	if begin "smp: all $smp vcpus report in" "$dir/smp.img"; then
		boot "smp-$smp" "$dir/smp.img" "$timeout_s" -smp "$smp"
		i=1
		while [ $i -lt "$smp" ]; do
			expect_line "^hvx-guest: smp: cpu $i up \\(mpidr 0x$(printf %x $i)\\)$"
			i=$((i + 1))
		done
		expect_line "^hvx-guest: smp: $smp of $smp cpus up$"
		expect_line '^hvx-guest: smp: cpu 1 up again'
		expect_line 'CPU_ON for the calling cpu returned -4 \(ALREADY_ON\): as expected$'
		expect_line 'CPU_ON for a nonexistent mpidr returned -2 \(INVALID_PARAMETERS\): as expected$'
		expect_line '^hvx-guest: smp: ok$'
		expect_clean
		expect_poweroff
		end_test
	fi
done

for mem in 256 64; do
	if begin "memory: all of ${mem} MiB written and read back" "$dir/memory.img"; then
		boot "memory-$mem" "$dir/memory.img" "$timeout_s" -m "$mem"
		expect_line "^hvx-guest: memory: ram 0x40000000-0x[0-9a-f]+ \\($mem MiB\\)"
		expect_line "^hvx-guest: memory: tested [0-9]+ KiB of $((mem * 1024)) KiB, 0 errors$"
		expect_line '^hvx-guest: memory: ok$'
		expect_clean
		expect_poweroff
		end_test
	fi
done

# The calls guest needs hvx for most of what it checks (hvx_calls.sh runs
# it there). On plain QEMU: the guest's own BRKs and idle DCC reads, which
# must behave the same with or without hvx, and that it notices that no
# door answers (QEMU's HVC says NOT_SUPPORTED, the BRK reaches the guest's
# own vector, the DCC read leaves x0 alone) and says so.
if begin "calls: own BRKs and idle DCC reads as without hvx; says no hvx answers" "$dir/calls.img"; then
	boot calls "$dir/calls.img" "$timeout_s"
	expect_line '^hvx-guest: calls: brk #0x800: reached the guest.s vector \(sync EL1h, esr 0xf2000800, '
	expect_line '^hvx-guest: calls: brk #0x0: reached the guest.s vector \(sync EL1h, esr 0xf2000000, '
	expect_count 3 '^hvx-guest: calls: dcc idle read \(x7 0x[0-9a-f]+\): 0, no call$'
	expect_line '^hvx-guest: calls: regs across an idle dcc read: x0-x30, sp, nzcv kept; went on after the call$'
	expect_line '^hvx-guest: calls: dcc idle read from EL0: 0, no call$'
	expect_line '^hvx-guest: calls: probe: VERSION via hvc: no answer from hvx \(x0 0xffffffffffffffff '
	expect_line '^hvx-guest: calls: probe: VERSION via brk: reached the guest.s own vector \(esr 0xf2004858,'
	expect_line '^hvx-guest: calls: probe: VERSION via dcc: no answer from hvx \(x0 0xc6000001 '
	expect_line '^hvx-guest: calls: not under hvx: no door answered VERSION$'
	expect_count 0 '^hvx-guest: calls: (ok|failed)$'
	expect_clean
	expect_poweroff
	end_test
fi

# --- hostile guests, as plain QEMU answers them -------------------------------
if begin "mmio: 1/2/4/8-byte loads/stores after RAM abort into the guest (QEMU: unassigned)" "$dir/mmio.img"; then
	boot mmio "$dir/mmio.img" "$timeout_s"
	expect_count 8 '^hvx-guest: mmio: (read|write)(8|16|32|64) 0x5000000[0-9]: aborted \(esr 0x[0-9a-f]+, ec 0x25, isv [01], fsc 0x10,'
	for a in read32:0 write32:0 read16:2 write16:2 read8:1 write8:1 read64:8 write64:8; do
		expect_line "^hvx-guest: mmio: ${a%:*} 0x5000000${a#*:}: aborted "
	done
	expect_line '^hvx-guest: mmio: done$'
	expect_clean
	expect_poweroff
	end_test
fi

if begin "mmio-nisv: ldp/writeback accesses after RAM abort into the guest" "$dir/mmio-nisv.img"; then
	boot mmio-nisv "$dir/mmio-nisv.img" "$timeout_s"
	expect_count 3 '^hvx-guest: mmio-nisv: (ldp|ldr post-index|str pre-index) 0x[0-9a-f]+: aborted'
	# an aborted writeback access leaves its base register alone
	expect_line 'ldr post-index 0x50000010: aborted .* base now 0x50000010$'
	expect_line 'str pre-index 0x50000020: aborted .* base now 0x50000018$'
	expect_line '^hvx-guest: mmio-nisv: done$'
	expect_clean
	expect_poweroff
	end_test
fi

if begin "sysreg: unimplemented registers are UNDEFINED in the guest" "$dir/sysreg.img"; then
	boot sysreg "$dir/sysreg.img" "$timeout_s"
	expect_line '^hvx-guest: sysreg: read s3_0_c15_c0_0: undefined \(esr 0x2000000,'
	expect_line '^hvx-guest: sysreg: read s2_3_c0_c5_0: undefined \(esr 0x2000000,'
	expect_line '^hvx-guest: sysreg: done$'
	expect_clean
	expect_poweroff
	end_test
fi

if begin "debug: breakpoint registers, MDE, SVE and SME as the CPU has them" "$dir/debug.img"; then
	boot debug "$dir/debug.img" "$timeout_s"
	expect_count 5 '^hvx-guest: debug: (read|write) DBG[BW][VC]R0_EL1: returned 0x[0-9a-f]+$'
	expect_line '^hvx-guest: debug: MDSCR_EL1 after setting MDE: 0x[0-9a-f]+ \(MDE set\)$'
	expect_line '^hvx-guest: debug: store to 0x40c00000 at EL0: no exception$'
	expect_line '^hvx-guest: debug: call to 0x40c01000 at EL0: no exception$'
	expect_line '^hvx-guest: debug: rdvl: returned 0x[1-9a-f][0-9a-f]*$'
	expect_line '^hvx-guest: debug: done$'
	expect_clean
	expect_poweroff
	end_test
fi

if begin "probe: no host data outside guest RAM" "$dir/probe.img"; then
	boot probe "$dir/probe.img" "$timeout_s"
	expect_count 2 '^hvx-guest: probe: 0x[0-9a-f]+-0x[0-9a-f]+: [0-9]+ loads, [0-9]+ aborted, [0-9]+ returned data, 0 signatures$'
	expect_line '^hvx-guest: probe: 0x50000000-0x13fffffff: 3840 loads, 3840 aborted, 0 returned data'
	expect_line '^hvx-guest: probe: ok: no host or hypervisor data seen$'
	expect_count 0 'LEAK'
	expect_clean
	expect_poweroff
	end_test
fi

# Also the DT's /chosen/bootargs path (QEMU -append).
if begin "probe: bootargs hvx-canary= and hvx-probe-stride= are honoured" "$dir/probe.img"; then
	boot probe-args "$dir/probe.img" "$timeout_s" \
		-append "quiet hvx-canary=0x1122334455667788 hvx-probe-stride=0x10000000"
	expect_line '^hvx-guest: probe: probing outside ram .*, stride 0x10000000, with a canary$'
	expect_line '^hvx-guest: probe: 0x50000000-0x13fffffff: 30 loads,'
	expect_line '^hvx-guest: probe: ok:'
	expect_poweroff
	end_test
fi

# The probe must see planted host data: QEMU's second flash bank, outside
# guest RAM at 0x4000000, holds the canary and each signature.
if begin "probe: reports data planted outside guest RAM as LEAK" "$dir/probe.img"; then
	truncate -s 64M "$tmp/flash1.img"
	plant "$tmp/flash1.img" 0x000000 '\x88\x77\x66\x55\x44\x33\x22\x11'
	plant "$tmp/flash1.img" 0x200000 'HVXHYP01'
	plant "$tmp/flash1.img" 0x400000 '\xd0\x0d\xfe\xed'
	plant "$tmp/flash1.img" 0x600038 'ARM\x64'
	boot probe-planted "$dir/probe.img" "$timeout_s" \
		-drive "if=pflash,unit=1,format=raw,readonly=on,file=$tmp/flash1.img" \
		-append "hvx-canary=0x1122334455667788"
	expect_line '^hvx-guest: probe: LEAK: the canary at 0x4000000 '
	expect_line '^hvx-guest: probe: LEAK: hvx EL2 image header at 0x4200000 '
	expect_line '^hvx-guest: probe: LEAK: device tree magic at 0x4400000 '
	expect_line '^hvx-guest: probe: LEAK: arm64 Image magic at 0x4600038 '
	expect_line '^hvx-guest: probe: failed$'
	expect_poweroff
	end_test
fi

# The GIC and timer guests against QEMU's own GICv3 and timers: a check of
# the checks. QEMU's GICv3 reports LPIs (its=off or not), keeps state for
# INTIDs beyond its 256 and has no IRQ line test device (spi skipped);
# those are the only fails allowed here.
# expect_checks N_FAILS REGEX: the guest finished, exactly N_FAILS checks
# failed, each matching REGEX.
expect_checks() {
	expect_line "^hvx-guest: [a-z-]+: done: [0-9]+ checks, $1 failed$"
	if grep -E '^hvx-guest: [a-z-]+: fail: ' "$log" | grep -Evq -- "$2"; then
		tap_fail "checks failed:"
		grep -E '^hvx-guest: [a-z-]+: fail: ' "$log" | grep -Ev -- "$2" |
			sed 's/^/#   /'
	fi
}

if begin "vgic: QEMU's GICv3 passes the checks (but its LPIs)" "$dir/vgic.img"; then
	boot vgic "$dir/vgic.img" "$timeout_s" -machine its=off \
		-append hvx-gic-irqs=256
	expect_checks 2 'no LPIs|PLPIS clear'
	expect_line '^hvx-guest: vgic: pass: 16 SGIs to self: acknowledged in priority order'
	expect_line '^hvx-guest: vgic: skip: SPIs from the VMM: no test device'
	expect_clean
	expect_poweroff
	end_test
fi

if begin "timer: QEMU's timers pass the checks" "$dir/timer.img"; then
	boot timer "$dir/timer.img" "$timeout_s" -smp 1
	expect_checks 0 '^$'
	expect_line '^hvx-guest: timer: pass: physical timer interrupt \(PPI 30\) wakes a vCPU in WFI'
	expect_clean
	expect_poweroff
	end_test
fi

if begin "gic-hostile: QEMU's GICv3 survives it" "$dir/gic-hostile.img"; then
	boot gic-hostile "$dir/gic-hostile.img" "$timeout_s" -machine its=off \
		-append hvx-gic-irqs=256
	expect_checks 1 'beyond nr_irqs'
	expect_line '^hvx-guest: gic-hostile: pass: all 224 SPIs enabled and pending'
	expect_clean
	expect_poweroff
	end_test
fi

if begin "garbage: jumps outside RAM and into UDF are caught, then random code" "$dir/garbage.img"; then
	boot garbage "$dir/garbage.img" "$short_timeout_s"
	expect_line '^hvx-guest: garbage: jump to 0x50000000 \(just after RAM\): instruction abort \(esr 0x[0-9a-f]+, ec 0x21, fsc 0x10,'
	expect_line '^hvx-guest: garbage: jump to 0x[0-9a-f]+ \(zeroed RAM\): undefined \(esr 0x2000000,'
	expect_line '^hvx-guest: garbage: jumping into random words'
	# after that anything goes, short of QEMU itself failing
	case $rc in
	0 | 124) tap_diag "garbage: QEMU $([ $rc = 0 ] && echo "exited by itself" || echo "still running at the timeout")" ;;
	*) tap_fail "QEMU exited with status $rc" ;;
	esac
	end_test
fi

if begin "spin: all vcpus spin until killed" "$dir/spin.img"; then
	boot spin "$dir/spin.img" "$short_timeout_s"
	for i in 0 1 2 3; do
		expect_line "^hvx-guest: spin: cpu $i spinning$"
	done
	expect_line '^hvx-guest: spin: all 4 cpus started$'
	expect_clean
	[ "$rc" = 124 ] || tap_fail "QEMU exited (status $rc); the spinner must still be running at the timeout"
	end_test
fi

tap_done
