#!/bin/bash
# make bench: what hvx costs, measured in the test VM.
#
# Host slowdown: in one VM run, the same workloads (hvx-hostbench: touching
# and copying fresh memory; fork+exec of /bin/true) alternate between hvx
# unloaded and loaded, ROUNDS times, first round dropped as warm-up; the
# table gives medians and the slowdown with hvx. insmod time is measured at
# each load. Two runs:
# - instruction clock (QEMU -icount): the VM's clock counts instructions,
#   so the figures repeat to a fraction of a percent; they count the work
#   hvx adds (code at EL2: stage-2 faults, traps), not the cost of the
#   stage-2 walks themselves, which QEMU does outside the guest's clock;
# - wall clock (TCG as usual): includes QEMU's emulated stage-2 walks, and
#   the noise of a shared machine (see the ranges).
#
# Guest costs: hvx-vmbench (tools/bench/vmbench.c) in one VM run under hvx
# (round trips of: the trap floor, VERSION through each of the DCC, BRK and
# HVC doors, PSCI_VERSION, a CONSOLE_WRITE call and an MMIO load, both
# exits to user space; and VM start),
# VM_REPEATS fresh VMs of VM_ITERATIONS round trips each (defaults 5 and
# 100000); then, unless BENCH_KVM=0, the same guest under KVM
# (hvx-kvmbench) on the KVM variant of the test kernel (built and cached by
# tools/build-kernel.sh --kvm), nVHE and VHE. The table gives medians in
# counter ticks and each as a ratio to hvx's trap floor measured in the
# same run (an HVC answered at EL2); tools/bench/plot.sh plots the
# distributions over the VMs (gnuplot) in build/bench/guest-MODE.png.
#
# Guest counter and timer (BENCH_PARTS clock-icount, clock-wall: with
# each clock, as above): hvx-vmbench clock (clockbench-guest.S) in one VM
# run under hvx, VM_REPEATS times two fresh VMs, the first on the host's
# clock, the second with its clock at 3x the host's frequency
# (HVX_VM_SET_CLOCK), VM_ITERATIONS of each of: the trap floor, a
# CNTPCT_EL0 read (answered at EL2), a CNTP_CVAL_EL0 and a CNTP_CTL_EL0
# write (each an exit to the host kernel, which re-arms the timer);
# then, unless BENCH_KVM=0, hvx-kvmbench clock under KVM nVHE and VHE
# (one VM a repeat: KVM has no clock scaling). The same table as the
# guest round trips', with the guest's count over the host's during the
# reads (the scale actually in effect) and the issue's goal (the read at
# 3x at most 1.3x the floor).
#
# Interrupts (BENCH_PARTS gic): hvx-vmbench gic (gicbench-guest.S: two
# vCPUs on a virtual GICv3) in one VM run under hvx, then hvx-kvmbench gic
# under KVM nVHE and VHE, GIC_REPEATS fresh VMs (default 5) of
# GIC_ITERATIONS IPI round trips (default 1000; a quarter as many timer
# interrupts, 1 ms apart); a test VM of two CPUs, wall clock only. The
# table gives the medians in counter ticks, and hvx's as a ratio to KVM
# VHE's (the issue's goal: at most 1).
#
# Linux boot (BENCH_PARTS linux-boot-icount, linux-boot-wall: with each
# clock, as above; the instruction clock counts 1e6 instructions as a ms
# and skips idle time): the test kernel's Image with a busybox initramfs
# (BENCH_INITRD; default the Linux guest's of tools/linux-guest, whose
# /init says "HVX-LINUX: up" first, or if it is not built a minimal one
# made here whose /init prints "hvx-bench: init" and powers off;
# BENCH_INIT_LINE: the line to wait for; BENCH_APPEND: the kernel command
# line), booted BOOT_REPEATS times (default 3) with one vCPU and 256 MiB
# by hvxctl run under hvx, and by hvx-kvmbench linux (the same device tree
# and layout, the in-kernel vGICv3) under KVM nVHE and VHE: the time from
# starting the VMM to the init's line on its console, median, in ms, and
# hvx's as a ratio to KVM nVHE's (the goal: at most 1).
#
# Console throughput (BENCH_PARTS console-icount, console-wall: with each
# clock): conbench-guest.S writes CON_BYTES (default 1 MiB) to its PL011's
# data register, one store a byte, in CON_REPEATS fresh VMs (default 3),
# under hvx (hvx-vmbench console: the console and the PL011 in hvx.ko, as
# hvxctl run makes them, its tty read meanwhile by a thread, as hvxctl
# run's relay does) and under KVM nVHE and VHE (hvx-kvmbench console: a
# user-space PL011, each store an exit to it; the bytes counted, not
# shown); under hvx the same bytes again through CONSOLE_WRITE calls of 40
# bytes, which KVM does not have. Medians of ticks per byte and bytes per
# second; a test VM of two CPUs.
#
# VMware backdoor (BENCH_PARTS vmware-icount, vmware-wall: with each
# clock): the Linux guest with open-vm-tools (make vmware-guest) under
# hvx runs hvx-vmw-bench (tools/vmware-guest/vmw-bench.c) from its shell,
# a process (EL0): VMW_REPEATS guests (default 3), each the median of 7
# loops of VMW_ITERATIONS (default 20000) round trips of: hvx's NOP call
# through the DCC door (the trap floor from EL0), VMware GETVERSION
# (answered at EL2), one MESSAGE call (an exit to hvx.ko) and one whole
# RPCI request (14 MESSAGE calls). Medians in ticks, and as a ratio to
# the floor. hvx only: KVM has no VMware backdoor.
#
# BENCH_HVS (default "hvx kvm-nvhe kvm-vhe") narrows the gic,
# linux-boot and console parts to some of the three.
#
# Environment: ROUNDS (default 5 with the instruction clock, 9 with the
# wall clock), MEM_MB (default 192), FORKS (default 200), BENCH_SMP
# (default 1: one vCPU keeps TCG timing steadiest; the gic and linux-boot
# parts use 2).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
mem_mb=${MEM_MB:-192}
forks=${FORKS:-200}
smp=${BENCH_SMP:-1}
out=$build/bench
mkdir -p "$out"
hvs=" ${BENCH_HVS:-hvx kvm-nvhe kvm-vhe} "

# host_bench NAME TITLE ROUNDS: one VM run, its table in $out/host-NAME.txt.
host_bench() {
name=$1
title=$2
rounds=$3
cat >"$out/host-vm.sh" <<VM
#!/bin/sh
# Generated by tools/bench.sh: runs in the test VM.
set -e
ko=/lib/modules/hvx.ko
work() {
	echo "BENCH \$1 \$(hvx-hostbench mem $mem_mb)"
	echo "BENCH \$1 \$(hvx-hostbench fork $forks)"
}
off() { if [ -d /sys/kernel/hvx ]; then rmmod hvx; fi; work off; }
on() {
	if [ ! -d /sys/kernel/hvx ]; then
		echo "BENCH on insmod \$(hvx-hostbench time insmod \$ko | cut -d' ' -f2)"
	fi
	work on
}
r=0
while [ \$r -lt $rounds ]; do
	# Alternate the order so that drift over the run cancels out.
	if [ \$((r % 2)) = 0 ]; then off; on; else on; off; fi
	echo "BENCH round \$r"
	r=\$((r + 1))
done
VM

log=$out/host-$name.log
echo "bench: host workloads, $title, $rounds rounds, hvx unloaded vs loaded (--smp $smp)"
HVX_VM_TIMEOUT=${HVX_VM_TIMEOUT:-1800} "$top/tools/hvx-vm" --smp "$smp" \
	--no-load --add "$out/host-vm.sh" -- sh /mnt/add/host-vm.sh \
	>"$log" 2>&1 || { echo "bench: VM run failed, see $log" >&2; exit 1; }

# Medians per (config, workload), dropping round 0 (warm-up).
# With the instruction clock (shift 0), one nanosecond is one instruction.
unit=ms
[ "$name" = icount ] && unit=Minsn
tr -d '\r' <"$log" | awk -v mem="$mem_mb" -v forks="$forks" -v unit="$unit" '
# Sorts the samples of key into s[1..n]; returns n.
function sorted(key,   n, i, j, t) {
	n = cnt[key]
	for (i = 1; i <= n; i++) s[i] = val[key, i]
	for (i = 1; i <= n; i++)
		for (j = i + 1; j <= n; j++)
			if (s[j] < s[i]) { t = s[i]; s[i] = s[j]; s[j] = t }
	return n
}
function median(key,   n) {
	n = sorted(key)
	return n % 2 ? s[(n + 1) / 2] : (s[n / 2] + s[n / 2 + 1]) / 2
}
# "min-max" of key in millions: how noisy the runs were.
function spread(key,   n) {
	n = sorted(key)
	return sprintf("%.0f-%.0f", s[1] / 1e6, s[n] / 1e6)
}
$1 == "BENCH" && $2 == "round" { round = $3 + 1; next }
$1 == "BENCH" && round >= 1 {
	key = $2 " " $3
	val[key, ++cnt[key]] = $4
}
END {
	if (!cnt["off mem"] || !cnt["on mem"]) {
		print "bench: no results in the log" > "/dev/stderr"
		exit 1
	}
	printf "%-30s %13s %13s %8s   %s\n", "host workload (median)", "no hvx", "hvx", "slowdown", "range no hvx / hvx (" unit ")"
	split("mem fork", w, " ")
	name["mem"] = sprintf("touch + copy %d MiB", mem)
	name["fork"] = sprintf("fork + exec /bin/true x%d", forks)
	for (i = 1; i <= 2; i++) {
		off = median("off " w[i]); on = median("on " w[i])
		printf "%-30s %7.1f %-5s %7.1f %-5s %+7.1f%%   %s / %s\n", name[w[i]],
			off / 1e6, unit, on / 1e6, unit, (on - off) * 100 / off,
			spread("off " w[i]), spread("on " w[i])
	}
	printf "%-30s %27.1f %-5s %11s %s (%d loads)\n", "insmod hvx.ko (median)",
		median("on insmod") / 1e6, unit, "", spread("on insmod"), cnt["on insmod"]
}' | tee "$out/host-$name.txt"
}

# The awk function median(key): of the cnt[key] samples val[key, 1..].
awk_median='
function median(key,   n, i, j, t) {
	n = cnt[key]
	for (i = 1; i <= n; i++) s[i] = val[key, i]
	for (i = 1; i <= n; i++)
		for (j = i + 1; j <= n; j++)
			if (s[j] < s[i]) { t = s[i]; s[i] = s[j]; s[j] = t }
	return n % 2 ? s[(n + 1) / 2] : (s[n / 2] + s[n / 2 + 1]) / 2
}'

# guest_run NAME PROG [hvx-vm options]: one VM run of PROG (hvx-vmbench or
# hvx-kvmbench) with the mode $guest_mode if set, its BENCH lines in
# $out/guest-NAME.log.
guest_run() {
	local name=$1 prog=$2 log=$out/guest-$1.log
	shift 2
	HVX_VM_TIMEOUT=${HVX_VM_TIMEOUT:-1800} "$top/tools/hvx-vm" --smp "$smp" "$@" \
		-- "$prog" ${guest_mode:+"$guest_mode"} \
		"${VM_ITERATIONS:-100000}" "${VM_REPEATS:-5}" \
		>"$log" 2>&1 || { echo "bench: $name: VM run failed, see $log" >&2; return 1; }
}

# guest_runs NAME: guest_run under hvx, then, unless BENCH_KVM=0, under KVM
# nVHE and VHE on the KVM variant of the test kernel; the logs that ran in
# $logs.
guest_runs() {
	local name=$1 kvm_image

	guest_run "$name-hvx" hvx-vmbench || exit 1
	logs=$out/guest-$name-hvx.log
	if [ "${BENCH_KVM:-1}" = 1 ]; then
		kvm_image=$("$top/tools/build-kernel.sh" --kvm)/arch/arm64/boot/Image
		HVX_VM_KERNEL=$kvm_image guest_run "$name-kvm-nvhe" hvx-kvmbench \
			--no-load --append kvm-arm.mode=nvhe &&
			logs="$logs $out/guest-$name-kvm-nvhe.log"
		HVX_VM_KERNEL=$kvm_image guest_run "$name-kvm-vhe" hvx-kvmbench \
			--no-load --vhe && logs="$logs $out/guest-$name-kvm-vhe.log"
	fi
}

# floor_table NAME AWK: the BENCH lines of $logs (guest_runs NAME), each
# tagged with its hypervisor, through awk with median(), the freq line in
# freq, and floor_rows(nk): the table of the keys k[1..nk] named name[],
# medians in ticks and as ratios to hvx's trap floor ("nop", in floor);
# AWK is the program's END.
floor_table() {
	local name=$1 log tag

	# shellcheck disable=SC2086 # $logs is a list of paths without spaces
	for log in $logs; do
		tag=$(basename "$log" .log)
		tag=${tag#guest-"$name"-}
		tr -d '\r' <"$log" | sed -n "s|^BENCH |$tag |p"
	done | awk "$awk_median"'
	$2 == "freq" { freq = $3; next }
	{ val[$1 " " $2, ++cnt[$1 " " $2]] = $3 }
	function floor_rows(nk,   i, j, m) {
		if (!cnt["hvx nop"] || !freq) {
			print "bench: no results in the logs" > "/dev/stderr"
			exit 1
		}
		floor = median("hvx nop")
		printf "counter ticks at %g MHz (median; x = ratio to hvx trap floor)\n", freq / 1e6
		printf "%-42s %16s %16s %16s\n", "", "hvx", "KVM nVHE", "KVM VHE"
		split("hvx kvm-nvhe kvm-vhe", h, " ")
		for (i = 1; i <= nk; i++) {
			printf "%-42s", name[k[i]]
			for (j = 1; j <= 3; j++) {
				if (!cnt[h[j] " " k[i]]) { printf " %16s", "-"; continue }
				m = median(h[j] " " k[i])
				printf " %9.1f %5.2fx", m, m / floor
			}
			printf "\n"
		}
	}
	END {'"$2"'}'
}

# kvm_image: the KVM variant of the test kernel (built and cached by
# tools/build-kernel.sh --kvm).
kvm_image() {
	echo "$("$top/tools/build-kernel.sh" --kvm)/arch/arm64/boot/Image"
}

# three_runs NAME [hvx-vm options] -- CMD...: CMD in one VM run under hvx
# (hvx.ko loaded), then, unless BENCH_KVM=0, under KVM nVHE and VHE on
# the KVM kernel with hvx-vmbench in CMD replaced by hvx-kvmbench; two
# CPUs. BENCH_HVS (default "hvx kvm-nvhe kvm-vhe") narrows the runs. The logs are
# $out/NAME-{hvx,kvm-nvhe,kvm-vhe}.log, the ones that ran in $logs.
three_runs() {
	local name=$1 opts=() cmd kcmd=() a
	shift
	while [ "$1" != -- ]; do opts+=("$1"); shift; done
	shift
	cmd=("$@")
	for a in "${cmd[@]}"; do
		[ "$a" = hvx-vmbench ] && a=hvx-kvmbench
		kcmd+=("$a")
	done
	logs=
	case $hvs in *" hvx "*)
		vm_once "$name-hvx" "${opts[@]}" -- "${cmd[@]}" &&
			logs="$out/$name-hvx.log" ;;
	esac
	[ "${BENCH_KVM:-1}" = 1 ] || return 0
	case $hvs in *" kvm-nvhe "*)
		HVX_VM_KERNEL=$(kvm_image) vm_once "$name-kvm-nvhe" --no-load \
			--append kvm-arm.mode=nvhe "${opts[@]}" -- "${kcmd[@]}" &&
			logs="$logs $out/$name-kvm-nvhe.log" ;;
	esac
	case $hvs in *" kvm-vhe "*)
		HVX_VM_KERNEL=$(kvm_image) vm_once "$name-kvm-vhe" --no-load --vhe \
			"${opts[@]}" -- "${kcmd[@]}" &&
			logs="$logs $out/$name-kvm-vhe.log" ;;
	esac
	return 0
}

# vm_once NAME [hvx-vm options] -- CMD...: one VM run, its output in
# $out/NAME.log, within HVX_VM_TIMEOUT or $vm_timeout seconds.
vm_once() {
	local name=$1 log=$out/$1.log
	shift
	HVX_VM_TIMEOUT=${HVX_VM_TIMEOUT:-$vm_timeout} "$top/tools/hvx-vm" --smp 2 "$@" \
		>"$log" 2>&1 || { echo "bench: $name: VM run failed, see $log" >&2; return 1; }
}

# median_table TITLE UNIT SCALE GOAL ROWS...: the BENCH lines of $logs as
# a table of medians, one row per "key=label" in ROWS, one column per
# hypervisor, values divided by SCALE; and hvx's as a ratio to GOAL's
# (kvm-nvhe or kvm-vhe), the issue's goal being at most 1.
median_table() {
	local title=$1 unit=$2 scale=$3 goal=$4 log tag
	shift 4
	# shellcheck disable=SC2086 # $logs is a list of paths without spaces
	for log in $logs; do
		tag=$(basename "$log" .log)
		tag=${tag#*-}
		tr -d '\r' <"$log" | sed -n "s|^BENCH |$tag |p"
	done | awk -v title="$title" -v unit="$unit" -v scale="$scale" -v goal="$goal" \
		-v rows="$*" "$awk_median"'
	$2 == "freq" { next }
	{ val[$1 " " $2, ++cnt[$1 " " $2]] = $3 }
	END {
		gname = goal == "kvm-vhe" ? "VHE" : "nVHE"
		printf "%-44s %12s %12s %12s %10s\n", title " (" unit ")", "hvx", "KVM nVHE", "KVM VHE", "hvx/" gname
		nr = split(rows, r, " ")
		split("hvx kvm-nvhe kvm-vhe", h, " ")
		for (i = 1; i <= nr; i++) {
			split(r[i], kl, "=")
			gsub(/_/, " ", kl[2])
			printf "%-44s", kl[2]
			for (j = 1; j <= 3; j++) {
				key = h[j] " " kl[1]
				if (cnt[key]) printf " %12.1f", median(key) / scale
				else printf " %12s", "-"
			}
			if (cnt["hvx " kl[1]] && cnt[goal " " kl[1]] && median(goal " " kl[1]))
				printf " %9.2fx", median("hvx " kl[1]) / median(goal " " kl[1])
			printf "\n"
		}
	}'
}

# gic_bench MODE TITLE: virtual IPIs and the virtual timer, hvx against
# KVM, in $out/gic-MODE.txt.
gic_bench() {
	local mode=$1 title=$2 vm_timeout=900

	echo "bench: interrupts, $title, ${GIC_REPEATS:-5} VMs of 2 vCPUs x ${GIC_ITERATIONS:-1000} IPI round trips (--smp 2)"
	three_runs "gic_$mode" -- hvx-vmbench gic "${GIC_ITERATIONS:-1000}" "${GIC_REPEATS:-5}"
	[ -n "$logs" ] || exit 1
	median_table "interrupts, median" "counter ticks" 1 kvm-vhe \
		"ipi=IPI_round_trip,_target_vCPU_spinning" \
		"ipi-there=__the_way_there_(SGI_to_its_handler)" \
		"ipi-wfi=IPI_round_trip,_target_vCPU_in_WFI" \
		"ipi-wfi-there=__the_way_there_(SGI_to_its_handler)" \
		"timer=vtimer_deadline_to_handler,_spinning" \
		"timer-wfi=vtimer_deadline_to_handler,_in_WFI" |
		tee "$out/gic-$mode.txt"
}

# linux_bench MODE TITLE: a Linux guest's boot, hvx against KVM, in
# $out/linux-boot-MODE.txt.
linux_bench() {
	local mode=$1 title=$2 kimg initrd line root n=${BOOT_REPEATS:-3}
	local vm_timeout=300
	local append=${BENCH_APPEND:-console=ttyAMA0 quiet hvx.end=poweroff}

	kimg=$(cat "$build/kdir" 2>/dev/null || "$top/tools/build-kernel.sh")/arch/arm64/boot/Image
	initrd=${BENCH_INITRD:-}
	line=${BENCH_INIT_LINE:-}
	# The Linux guest's initramfs (make tools: tools/linux-guest), whose
	# /init says "HVX-LINUX: up" first and powers off with hvx.end=poweroff.
	if [ -z "$initrd" ] && [ -f "$build/linux-guest/initramfs.cpio" ]; then
		initrd=$build/linux-guest/initramfs.cpio
		line=${line:-HVX-LINUX: up}
	fi
	line=${line:-hvx-bench: init}
	if [ -z "$initrd" ]; then
		# A minimal initramfs: busybox, and an /init that speaks once.
		root=$out/linux-initrd
		rm -rf "$root"
		mkdir -p "$root/bin"
		cp "${HVX_VM_BUSYBOX:-/bin/busybox}" "$root/bin/busybox"
		printf '#!/bin/busybox sh\n/bin/busybox echo "%s"\n/bin/busybox poweroff -f\n' \
			"$line" >"$root/init"
		chmod 755 "$root/init"
		initrd=$out/linux-initrd.cpio
		(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$initrd"
	fi
	cat >"$out/linux-vm.sh" <<VM
#!/bin/sh
# Generated by tools/bench.sh: runs in the test VM.
set -e
# the VMM: hvxctl under hvx, hvx-kvmbench on the KVM kernel
if [ -e /dev/hvx ]; then set -- hvxctl run; else set -- hvx-kvmbench linux; fi
i=0
while [ \$i -lt $n ]; do
	t=\$(hvx-hostbench until "$line" "\$@" \
		--kernel /mnt/add/Image --initrd /mnt/add/$(basename "$initrd") \
		--append "$append" --vcpus 1 --mem 256)
	echo "BENCH boot \${t#until }"
	i=\$((i + 1))
done
VM
	echo "bench: Linux guest boot to init's first line, $title, $n boots each (--smp 2)"
	cp "$kimg" "$out/Image"
	three_runs "linux_$mode" --add "$out/linux-vm.sh" --add "$out/Image" --add "$initrd" \
		-- sh /mnt/add/linux-vm.sh
	[ -n "$logs" ] || exit 1
	median_table "Linux boot to init's line, median" ms 1e6 kvm-nvhe \
		"boot=test_kernel_+_$(basename "$initrd"),_1_vCPU,_256_MiB" |
		tee "$out/linux-boot-$mode.txt"
}

# console_bench MODE TITLE: console throughput, hvx against KVM, in
# $out/console-MODE.txt.
console_bench() {
	local mode=$1 title=$2 bytes=${CON_BYTES:-1048576} n=${CON_REPEATS:-3}
	local vm_timeout=3600

	echo "bench: console throughput, $title, $n VMs x $bytes bytes (--smp 2)"
	three_runs "console_$mode" -- hvx-vmbench console "$bytes" "$n"
	[ -n "$logs" ] || exit 1
	{
		median_table "console output, median" "ticks per byte" 1 kvm-vhe \
			"uart=PL011_UARTDR_stores" \
			"calls=CONSOLE-WRITE_calls_(HVC),_40_bytes_each"
		median_table "console output, median" "KiB/s" 1024 kvm-vhe \
			"uart-rate=PL011_UARTDR_stores" \
			"calls-rate=CONSOLE-WRITE_calls_(HVC),_40_bytes_each"
	} | tee "$out/console-$mode.txt"
}

# vmware_bench MODE TITLE: the VMware backdoor from a Linux guest's
# process, in $out/vmware-MODE.txt.
vmware_bench() {
	local mode=$1 title=$2 n=${VMW_REPEATS:-3} iter=${VMW_ITERATIONS:-20000}
	local initrd=$build/vmware-guest/initramfs.cpio log=$out/vmware-$1.log

	[ -f "$initrd" ] || { echo "bench: no $initrd (make vmware-guest)" >&2; exit 1; }
	cat >"$out/vmware-vm.sh" <<VM
#!/bin/sh
# Generated by tools/bench.sh: runs in the test VM.
i=0
while [ \$i -lt $n ]; do
	rm -f /tmp/in /tmp/out
	mkfifo /tmp/in
	hvxctl run --kernel /usr/lib/hvx/linux/Image --initrd /mnt/add/initramfs.cpio \\
		--vcpus 1 --mem 192 --timeout 600 \\
		--append "console=ttyAMA0 quiet hvx.end=shell" </tmp/in >/tmp/out 2>&1 &
	exec 3>/tmp/in
	until grep -q '^HVX-LINUX: shell' /tmp/out; do sleep 1; done
	echo "hvx-vmw-bench $iter; poweroff -f" >&3
	wait
	exec 3>&-
	tr -d '\\r' </tmp/out | grep '^BENCH '
	i=\$((i + 1))
done
VM
	echo "bench: VMware backdoor from a Linux guest process, $title, $n guests x 7 x $iter round trips (--smp 2)"
	HVX_VM_TIMEOUT=${HVX_VM_TIMEOUT:-1800} "$top/tools/hvx-vm" --smp 2 \
		--add "$out/vmware-vm.sh" --add "$initrd" -- sh /mnt/add/vmware-vm.sh \
		>"$log" 2>&1 || { echo "bench: VM run failed, see $log" >&2; exit 1; }
	tr -d '\r' <"$log" | awk "$awk_median"'
	/^BENCH / && $2 != "freq" { val[$2, ++cnt[$2]] = $3 }
	END {
		nk = split("floor getversion message rpc", k, " ")
		name["floor"] = "hvx NOP call, DCC door (trap floor, EL0)"
		name["getversion"] = "VMware GETVERSION (at EL2)"
		name["message"] = "VMware MESSAGE, one call (hvx.ko)"
		name["rpc"] = "VMware RPCI request, whole (14 calls)"
		if (!cnt["floor"]) { print "bench: no results"; exit 1 }
		floor = median("floor")
		printf "%-44s %12s %10s\n", "VMware backdoor from EL0, median (ticks)", "hvx", "/floor"
		for (i = 1; i <= nk; i++) {
			if (!cnt[k[i]]) continue
			printf "%-44s %12.1f %9.2fx\n", name[k[i]], median(k[i]), median(k[i]) / floor
		}
	}' | tee "$out/vmware-$mode.txt"
}

# guest_bench MODE TITLE: hvx, then KVM (nVHE and VHE) on the KVM variant
# of the test kernel; one table of medians with ratios to hvx's trap floor,
# in $out/guest-MODE.txt, and their plot in $out/guest-MODE.png.
guest_bench() {
	local mode=$1 title=$2 logs guest_mode=

	echo "bench: guest round trips, $title, ${VM_REPEATS:-5} VMs x ${VM_ITERATIONS:-100000} calls each (--smp $smp)"
	guest_runs "$mode"
	floor_table "$mode" '
		nk = split("nop dcc brk hvc psci console mmio start", k, " ")
		name["nop"] = "HVC NOP, hvx: at EL2 (trap floor)"
		name["dcc"] = "DCC VERSION (MRS MDCCSR_EL0), hvx: at EL2"
		name["brk"] = "BRK VERSION, hvx: at EL2"
		name["hvc"] = "HVC VERSION, hvx: at EL2"
		name["psci"] = "HVC PSCI_VERSION (host kernel)"
		name["console"] = "HVC CONSOLE_WRITE, exit to user space"
		name["mmio"] = "MMIO load, exit to user space"
		name["start"] = "create VM to first guest instruction"
		floor_rows(nk)
		if (cnt["hvx dcc"] && cnt["hvx brk"])
			printf "goal: DCC and BRK to a fast service at most 1.3x the floor: %.2fx, %.2fx\n",
				median("hvx dcc") / floor, median("hvx brk") / floor
		print "KVM has no EL2-only call and none of these calls: under KVM, HVC NOP and"
		print "HVC VERSION are unknown hypercalls the host kernel answers NOT_SUPPORTED,"
		print "DCC VERSION is an MDCCSR_EL0 read KVM traps and reads as 0 in the host"
		print "kernel; KVM does not trap BRK and has no console call: \"-\"."
	' | tee "$out/guest-$mode.txt"
	# The distributions over the VMs, as a plot (README, Benchmarks).
	# shellcheck disable=SC2086 # $logs is a list of paths without spaces
	"$top/tools/bench/plot.sh" "$out/guest-$mode.png" \
		"guest round trips, $title: ${VM_REPEATS:-5} VMs x ${VM_ITERATIONS:-100000} calls" $logs &&
		echo "bench: plot in $out/guest-$mode.png" ||
		echo "bench: no plot of the guest round trips" >&2
}

# clock_bench MODE TITLE: the guest's physical counter and timer
# (hvx-vmbench clock: the guest's clock the host's, and 3x it), then KVM
# as for guest_bench; the table in $out/clock-MODE.txt.
clock_bench() {
	local mode=$1 title=$2 logs guest_mode=clock

	echo "bench: guest counter and timer, $title, ${VM_REPEATS:-5} x (a VM on the host's clock, under hvx one at 3x) x ${VM_ITERATIONS:-100000} accesses each (--smp $smp)"
	guest_runs "clock-$mode"
	floor_table "clock-$mode" '
		nk = split("nop cntpct cntpct-3x cval cval-3x ctl ctl-3x", k, " ")
		name["nop"] = "HVC NOP, hvx: at EL2 (trap floor)"
		name["cntpct"] = "CNTPCT_EL0 read, host clock, hvx: at EL2"
		name["cntpct-3x"] = "CNTPCT_EL0 read, clock at 3x, hvx: at EL2"
		name["cval"] = "CNTP_CVAL_EL0 write, hvx: host kernel"
		name["cval-3x"] = "CNTP_CVAL_EL0 write, clock at 3x"
		name["ctl"] = "CNTP_CTL_EL0 write, hvx: host kernel"
		name["ctl-3x"] = "CNTP_CTL_EL0 write, clock at 3x"
		floor_rows(nk)
		if (cnt["hvx cntpct-scale"] && cnt["hvx cntpct-scale-3x"])
			printf "hvx guest CNTPCT over CNTVCT ticks while reading: %.4f, at 3x %.4f\n",
				median("hvx cntpct-scale"), median("hvx cntpct-scale-3x")
		if (cnt["hvx cntpct-3x"])
			printf "goal: CNTPCT_EL0 read under scaling at most 1.3x the floor: %.2fx\n",
				median("hvx cntpct-3x") / floor
		print "KVM (6.1, no FEAT_ECV) cannot scale a guest clock (the 3x rows: \"-\") and"
		print "never traps CNTPCT_EL0 (CNTHCTL_EL2.EL1PCTEN set): its row is the bare read;"
		print "nVHE traps CNTP_* and emulates them in the host kernel, VHE leaves the guest"
		print "the EL1 physical timer, untrapped. HVC NOP is an unknown hypercall there."
	' | tee "$out/clock-$mode.txt"
}

# BENCH_PARTS: which tables (default all): guest-icount guest-wall
# clock-icount clock-wall gic linux-boot-icount linux-boot-wall
# console-icount console-wall vmware-icount vmware-wall host-icount
# host-wall.
parts=" ${BENCH_PARTS:-guest-icount guest-wall clock-icount clock-wall gic linux-boot-icount linux-boot-wall console-icount console-wall vmware-icount vmware-wall host-icount host-wall} "
case $parts in *" guest-icount "*)
	HVX_VM_ICOUNT=0 guest_bench icount "instruction clock (QEMU -icount)"
	echo ;;
esac
case $parts in *" guest-wall "*)
	guest_bench wall "wall clock"
	echo ;;
esac
case $parts in *" clock-icount "*)
	HVX_VM_ICOUNT=0 clock_bench icount "instruction clock (QEMU -icount)"
	echo ;;
esac
case $parts in *" clock-wall "*)
	clock_bench wall "wall clock"
	echo ;;
esac
# (No gic part with the instruction clock: QEMU's single thread then
# runs the vCPUs round robin, and a round trip between two spinning vCPUs
# takes its time slices, minutes for one VM.)
case $parts in *" gic "*)
	gic_bench wall "wall clock"
	echo ;;
esac
case $parts in *" linux-boot-icount "*)
	HVX_VM_ICOUNT=0 linux_bench icount "instruction clock (QEMU -icount)"
	echo ;;
esac
case $parts in *" linux-boot-wall "*)
	linux_bench wall "wall clock"
	echo ;;
esac
case $parts in *" console-icount "*)
	HVX_VM_ICOUNT=0 console_bench icount "instruction clock (QEMU -icount)"
	echo ;;
esac
case $parts in *" console-wall "*)
	console_bench wall "wall clock"
	echo ;;
esac
case $parts in *" vmware-icount "*)
	HVX_VM_ICOUNT=0 vmware_bench icount "instruction clock (QEMU -icount)"
	echo ;;
esac
case $parts in *" vmware-wall "*)
	vmware_bench wall "wall clock"
	echo ;;
esac
case $parts in *" host-icount "*)
	HVX_VM_ICOUNT=0 host_bench icount "instruction clock (QEMU -icount)" "${ROUNDS:-5}"
	echo ;;
esac
case $parts in *" host-wall "*)
	host_bench wall "wall clock" "${ROUNDS:-9}" ;;
esac
