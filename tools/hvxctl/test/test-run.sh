# SPDX-License-Identifier: GPL-2.0
# Sourced by test.sh: 'hvxctl run' on the host, against the fake VM of
# fake-hvx.so (fake-vm.c: its exits come from a script, its log says what
# hvxctl asked of it, its dumps hold what hvxctl wrote into guest RAM).
# Uses test.sh's helpers and $hvxctl, $fake, $tmp, $out, $err, $sys;
# $guests (the test guests' folder) and $kernel (an arm64 Image) may be
# empty: the points that boot them on plain QEMU are skipped then.
# shellcheck disable=SC2034 # (rc is read by test.sh's expect_rc)

script=$tmp/script
log=$tmp/log
dump=$tmp/dump
img=$tmp/img

# script LINE...: the fake VM's exits (fake-vm.c)
script() { printf '%s\n' "$@" >"$script"; }

# The fake VM's sysfs folder, where its console's tty is named
vmsys=$tmp/vmsys

# vmrun ARGS...: hvxctl run ARGS against the fake VM; status in $rc
vmrun() {
	rm -rf "$dump" "$log" "$vmsys"
	mkdir -p "$dump"
	FAKE_HVX_VM=1 FAKE_HVX_SCRIPT=$script FAKE_HVX_LOG=$log \
		FAKE_HVX_DUMP=$dump HVX_SYSFS=$vmsys LD_PRELOAD=$fake \
		"$hvxctl" run "$@" >"$out" 2>"$err"
	rc=$?
}

# le64 N: N as 8 little-endian bytes
le64() {
	_v=$1
	_i=0
	while [ $_i -lt 8 ]; do
		# shellcheck disable=SC2059 # (the format is the escape)
		printf "$(printf '\\%03o' $((_v & 255)))"
		_v=$((_v >> 8))
		_i=$((_i + 1))
	done
}

# mkimage FILE TEXT_OFFSET IMAGE_SIZE FILE_SIZE: an arm64 Image header
mkimage() {
	{
		printf '\000\000\000\024\000\000\000\000'	# code0, code1
		le64 "$2"
		le64 "$3"
		le64 0; le64 0; le64 0; le64 0		# flags, res2-4
		printf 'ARMd\000\000\000\000'		# magic, res5
	} >"$1"
	truncate -s $(($4)) "$1"
}

# The value of KEY=0x... on the log's set_regs line for vCPU 0, in decimal
reg() { printf '%d' "$(sed -n "s/^set_regs 0 .*$1=\(0x[0-9a-f]*\).*/\1/p" "$log")"; }
# The DTB hvxctl wrote (dumped by the fake at x0's address)
dtb() { printf '%s/%x.bin' "$dump" "$(reg x0)"; }
# fg NODE PROP [TYPE]: a property of the DTB $d (fdtget -t TYPE, default s)
fg() { fdtget -t "${3:-s}" "$d" "$1" "$2" 2>/dev/null || echo "<missing $1 $2>"; }
# want VALUE NODE PROP [TYPE]
want() {
	_got=$(fg "$2" "$3" "${4:-s}")
	[ "$_got" = "$1" ] || fail "$2 $3: '$_got', expected '$1'"
}
expect_log() { grep -qxF -- "$1" "$log" || fail "no '$1' in the log"; }
expect_err() { grep -qF -- "$1" "$err" || fail "no '$1' on stderr: $(head -c 400 "$err")"; }
# expect_layout RAM_MIB IMAGE_ADDR IMAGE_SIZE: where the image and DTB went
expect_layout() {
	_ram=$((0x40000000 + $1 * 1048576))
	_end=$(($2 + $3))
	_d=$(reg x0)
	_ds=$(wc -c <"$(dtb)")
	[ "$(reg pc)" = $(($2)) ] || fail "pc $(reg pc), expected $(($2))"
	[ $((_d % 8)) = 0 ] || fail "DTB at $_d: not 8-byte aligned"
	[ "$_d" -ge "$_end" ] || fail "DTB at $_d overlaps the image (ends at $_end)"
	[ $((_d + _ds)) -le "$_ram" ] || fail "DTB at $_d ($_ds bytes) past the end of RAM"
	[ $((_d + _ds)) -le $((0x60000000)) ] || fail "DTB at $_d: not in the first 512 MiB"
	[ $((_d >> 21)) = $(((_d + _ds - 1) >> 21)) ] || fail "DTB at $_d crosses a 2 MiB boundary"
	# as high as it can go: less than 2 MiB + 4 KiB below its limit
	_top=$_ram
	[ "$_top" -le $((0x60000000)) ] || _top=$((0x60000000))
	[ $((_top - _d)) -lt $((0x201000)) ] || fail "DTB at $_d, far below the top of RAM"
	expect_log "set_regs 0 pc=$(printf '0x%x' $(($2))) x0=$(printf '0x%x' "$_d") x1=0x0 x2=0x0 x3=0x0 pstate=0x3c5"
}

begin "run --help: synopsis, layout and its own exit statuses"
run "$hvxctl" run --help
expect_rc 0
grep -q '^Usage: hvxctl run {IMAGE | --kernel IMAGE} \[--initrd FILE\] \[--append ARGS\]' "$out" ||
	fail "no usage line"
for s in '  0    the guest powered off' '  2    internal error' '  3    the guest asked for a reset' \
	"Linux's poweroff" "Linux's reboot" '  -k, --kernel IMAGE' '  -i, --initrd FILE' 'raw mode' \
	'  124  --timeout expired' '130 SIGINT' '      --counter-freq HZ' '1000 to 4294967295' \
	'HVX_FEATURE_CLOCK' 'only the physical timers'; do
	grep -qF -- "$s" "$out" || fail "--help does not say '$s'"
done
grep -qF '  2    usage error' "$out" || fail "--help does not say usage errors are 2"
if grep -q 'usage error here is 1' "$out"; then fail "--help still says usage errors are 1"; fi
run "$hvxctl" --help
grep -q "^  run " "$out" || fail "hvxctl --help does not list run"
end

begin "run: usage errors exit 2 (hvxctl's usage status), with a message and nothing on stdout"
printf 'raw' >"$img"
for args in "" "$img $img" "--mem 0 $img" "--mem 12x $img" "--mem -1 $img" "--mem 600000 $img" \
	"--vcpus 0 $img" "--vcpus 65 $img" "--vcpus two $img" "--timeout -1 $img" \
	"--timeout abc $img" "--bogus $img" "$img --mem" "--kernel $img $img" "--kernel" \
	"--initrd $img" "--counter-freq 999 $img" "--counter-freq 4294967296 $img" \
	"--counter-freq 0 $img" "--counter-freq -62500000 $img" "--counter-freq 62.5e6 $img" \
	"--counter-freq 18446744073709551616 $img" "--counter-freq 0x100000 $img" "--counter-freq $img"; do
	# shellcheck disable=SC2086 # (word splitting wanted)
	run "$hvxctl" run $args
	expect_rc 2
	grep -q "^hvxctl run: " "$err" || fail "'run $args': no message: $(cat "$err")"
	grep -qF "Try 'hvxctl run --help'." "$err" || fail "'run $args': no hint"
	[ ! -s "$out" ] || fail "'run $args': output on stdout"
done
end

begin "run: unreadable or empty image or initrd, bad --dtb: exit 1 before /dev/hvx"
run "$hvxctl" run "$tmp/none"
expect_rc 1
expect_err "hvxctl: cannot read $tmp/none: No such file or directory"
: >"$tmp/empty"
run "$hvxctl" run "$tmp/empty"
expect_rc 1
expect_err "the image is empty"
run "$hvxctl" run --kernel "$img" --initrd "$tmp/none"
expect_rc 1
expect_err "hvxctl: cannot read $tmp/none: No such file or directory"
run "$hvxctl" run --kernel "$img" --initrd "$tmp/empty"
expect_rc 1
expect_err "the initrd is empty"
truncate -s $((2 * 1048576 + 1)) "$tmp/big"
run "$hvxctl" run --mem 2 --kernel "$img" --initrd "$tmp/big"
expect_rc 1
expect_err "$tmp/big: larger than 2097152 bytes"
run "$hvxctl" run --dtb "$img" "$img"
expect_rc 1
expect_err "$img: not a flattened device tree"
end

begin "run: hvx not loaded, or without VMs: exit 1, saying so"
run "$hvxctl" run "$img"
expect_rc 1
expect_err 'hvx is not loaded (/dev/hvx missing); load it with: insmod hvx.ko'
LD_PRELOAD=$fake "$hvxctl" run "$img" >"$out" 2>"$err"
rc=$?
expect_rc 1
expect_err 'cannot run VMs: load an hvx.ko with VM support'
FAKE_HVX_OPEN_ERRNO=13 LD_PRELOAD=$fake "$hvxctl" run "$img" >"$out" 2>"$err"
rc=$?
expect_rc 1
expect_err 'needs root'
end

begin "run: an arm64 Image goes at RAM base + text_offset, vCPU 0 boots it"
script off
mkimage "$img" 0x200000 0x100000 0x1234
vmrun --vcpus 3 "$img"
expect_rc 0
[ ! -s "$out" ] || fail "output on stdout: $(cat "$out")"
[ ! -s "$err" ] || fail "output on stderr: $(cat "$err")"
expect_log "add_memory 0x40000000 0x4000000"
expect_log "write 0x40200000 0x1234"
cmp -s "$img" "$dump/40200000.bin" || fail "the image written is not the file"
expect_log "vcpu 0 flags 0x0"
expect_log "vcpu 1 flags 0x1"
expect_log "vcpu 2 flags 0x1"
expect_layout 64 0x40200000 0x100000
expect_log "close vm"
end

begin "run: Image with image_size 0 (before Linux 3.17) at text_offset 0x80000; raw image at RAM base"
mkimage "$img" 0x123456 0 0x3000
vmrun "$img"
expect_rc 0
expect_log "write 0x40080000 0x3000"
expect_layout 64 0x40080000 0x3000
printf 'raw image' >"$img"
vmrun --mem 3 "$img"
expect_rc 0
expect_log "add_memory 0x40000000 0x300000"
expect_log "write 0x40000000 0x9"
expect_layout 3 0x40000000 9
end

begin "run: the DTB at the top of RAM, below 512 MiB, never across 2 MiB"
mkimage "$img" 0x80000 0x10000 0x1000
for mem in 65 1024 511 2; do
	vmrun --mem $mem "$img"
	expect_rc 0
	expect_layout $mem 0x40080000 0x10000
done
end

begin "run: too little RAM for the image: names the --mem that does"
mkimage "$img" 0x80000 $((70 * 1048576)) 0x1000
vmrun "$img"
expect_rc 1
expect_err '64 MiB of RAM are too few for the image'
need=$(sed -n 's/.*give --mem \([0-9]*\) or more.*/\1/p' "$err")
[ -n "$need" ] || fail "no --mem in: $(cat "$err")"
[ ! -e "$log" ] || fail "a VM was created"
if [ -n "$need" ]; then
	vmrun --mem "$need" "$img"
	expect_rc 0
	expect_layout "$need" 0x40080000 $((70 * 1048576))
	vmrun --mem $((need - 1)) "$img"
	expect_rc 1
fi
mkimage "$img" 0x80000 $((600 * 1048576)) 0x1000
vmrun --mem 1024 "$img"
expect_rc 1
expect_err 'too high for the device tree'
end

begin "run: generated device tree: dtc-clean, with the platform's nodes"
mkimage "$img" 0x80000 0x10000 0x1000
vmrun --vcpus 18 --mem 256 --append "console=ttyAMA0 hvx-seed=0x1234" "$img"
expect_rc 0
d=$(dtb)
dtc -q -I dtb -O dts -o "$tmp/dts" "$d" 2>"$tmp/dtc" || fail "dtc rejects it: $(cat "$tmp/dtc")"
dtc -I dtb -O dtb -o /dev/null "$d" 2>"$tmp/dtc"
[ ! -s "$tmp/dtc" ] || fail "dtc warns: $(cat "$tmp/dtc")"
want "2" / "#address-cells" u
want "2" / "#size-cells" u
want "0 1073741824 0 268435456" /memory@40000000 reg u
want "memory" /memory@40000000 device_type
want "console=ttyAMA0 hvx-seed=0x1234" /chosen bootargs
want "/pl011@9000000" /chosen stdout-path
want "arm,psci-1.0 arm,psci-0.2" /psci compatible
want "hvc" /psci method
want "arm,armv8-timer" /timer compatible
want "1 13 4 1 14 4 1 11 4 1 10 4" /timer interrupts u
want "arm,gic-v3" /intc@8000000 compatible
want "0 134217728 0 65536 0 134873088 0 $((18 * 0x20000))" /intc@8000000 reg u
want "3" /intc@8000000 "#interrupt-cells" u
want "$(fg /intc@8000000 phandle u)" / interrupt-parent u
want "arm,pl011 arm,primecell" /pl011@9000000 compatible
want "0 150994944 0 4096" /pl011@9000000 reg u
want "0 1 4" /pl011@9000000 interrupts u
want "uartclk apb_pclk" /pl011@9000000 clock-names
clk=$(fg /apb-pclk phandle u)
want "$clk $clk" /pl011@9000000 clocks u
want "24000000" /apb-pclk clock-frequency u
want "fixed-clock" /apb-pclk compatible
[ "$(fdtget -l "$d" /cpus | wc -l)" = 18 ] || fail "not 18 cpu nodes: $(fdtget -l "$d" /cpus | tr '\n' ' ')"
for i in 0 1 15 16 17; do
	mpidr=$(((i >> 4) << 8 | (i & 15)))
	node=$(printf '/cpus/cpu@%x' $mpidr)
	want "$mpidr" "$node" reg u
	want "psci" "$node" enable-method
	want "arm,armv8" "$node" compatible
	want "cpu" "$node" device_type
done
end

begin "run --counter-freq: HVX_VM_SET_CLOCK before the vCPUs; a timer node of the physical timers"
mkimage "$img" 0x80000 0x10000 0x1000
for hz in 62500000 1000 4294967295; do
	vmrun --counter-freq $hz --vcpus 2 "$img"
	expect_rc 0
	expect_log "set_clock 0x0 $hz 0x0"
	sed -n '/^create_vm/,/^vcpu 0/p' "$log" | grep -q '^set_clock' ||
		fail "set_clock not between create_vm and the vCPUs: $(tr '\n' '|' <"$log")"
	d=$(dtb)
	dtc -I dtb -O dtb -o /dev/null "$d" 2>"$tmp/dtc" || fail "dtc rejects it"
	[ ! -s "$tmp/dtc" ] || fail "dtc warns: $(cat "$tmp/dtc")"
	want "arm,armv8-timer" /timer compatible
	# secure and non-secure physical timers: no virtual (11), no EL2 (10)
	want "1 13 4 1 14 4" /timer interrupts u
	want "$hz" /timer clock-frequency u
done
vmrun --counter-freq 50000000 --verbose "$img"
expect_rc 0
expect_err "counter: 50000000 Hz"
vmrun "$img"
expect_rc 0
grep -q '^set_clock' "$log" && fail "set_clock without --counter-freq"
d=$(dtb)
want "1 13 4 1 14 4 1 11 4 1 10 4" /timer interrupts u
fdtget "$d" /timer clock-frequency >/dev/null 2>&1 &&
	fail "clock-frequency without --counter-freq: $(fg /timer clock-frequency u)"
end

begin "run --counter-freq: an hvx without HVX_FEATURE_CLOCK: exit 1, saying so, no VM"
FAKE_HVX_NO_CLOCK=1 vmrun --counter-freq 62500000 "$img"
expect_rc 1
expect_err "cannot scale guest time (no HVX_FEATURE_CLOCK): --counter-freq needs API 6"
grep -q "^create_vm" "$log" 2>/dev/null && fail "a VM was made"
FAKE_HVX_NO_CLOCK=1 vmrun "$img"
expect_rc 0
end

begin "run --dtb: the file as given; --append sets its /chosen/bootargs"
cat >"$tmp/user.dts" <<'DTS'
/dts-v1/;
/ {
	#address-cells = <2>;
	#size-cells = <2>;
	model = "user";
	chosen { bootargs = "old"; };
	memory@40000000 { device_type = "memory"; reg = <0 0x40000000 0 0x4000000>; };
};
DTS
dtc -q -I dts -O dtb -o "$tmp/user.dtb" "$tmp/user.dts"
vmrun --dtb "$tmp/user.dtb" "$img"
expect_rc 0
cmp -s "$(dtb)" "$tmp/user.dtb" || fail "the DTB written is not the file"
vmrun --dtb "$tmp/user.dtb" --append "new args" "$img"
expect_rc 0
d=$(dtb)
want "new args" /chosen bootargs
want "user" / model
sed '/chosen/d' "$tmp/user.dts" | dtc -q -I dts -O dtb -o "$tmp/user.dtb"
vmrun --dtb "$tmp/user.dtb" --append "added" "$img"
expect_rc 0
d=$(dtb)
want "added" /chosen bootargs
end

begin "run: UART to stdout (hvx's console), aborts at unassigned addresses and the GIC's (hvx's)"
script "uart hello, world" "mmio 8000004 4 r" "mmio 80bfff8 8 r" "mmio 80c0000 4 r" \
	"mmio 9000018 4 r" "mmio 50000000 8 w 6876782168767821" "mmio 50000000 1 r" \
	"uart bye" off
vmrun "$img"
expect_rc 0
printf 'hello, world\nbye\n' >"$tmp/want"
cmp -s "$out" "$tmp/want" || fail "stdout: $(cat "$out")"
[ ! -s "$err" ] || fail "stderr without --verbose: $(cat "$err")"
expect_log "create_console 0x1 0x9000000 33"
expect_log "mmio-done 0 0x8000004 r abort"
expect_log "mmio-done 0 0x80bfff8 r abort"
expect_log "mmio-done 0 0x80c0000 r abort"
# the UART is hvx.ko's: an exit there has nothing behind it here
expect_log "mmio-done 0 0x9000018 r abort"
expect_log "mmio-done 0 0x50000000 w abort"
expect_log "mmio-done 0 0x50000000 r abort"
vmrun --verbose "$img"
expect_rc 0
expect_err "vCPU 0: 8-byte write of 0x6876782168767821 at 0x50000000: nothing there, abort injected"
expect_err "vCPU 0: 1-byte read at 0x50000000: nothing there, abort injected"
expect_err "vCPU 0: 4-byte read at 0x80c0000: nothing there, abort injected"
expect_err "device tree: generated, "
end

begin "run: an hvx module without consoles (HVX_FEATURE_CONSOLE): exit 1, saying so"
script "uart never" off
FAKE_HVX_NO_CONSOLE=1 vmrun "$img"
expect_rc 1
expect_err "has no consoles (HVX_FEATURE_CONSOLE)"
grep -q "^create_vm" "$log" && fail "a VM was made"
[ ! -s "$out" ] || fail "stdout: $(cat "$out")"
end

begin "run: console calls: writes with the UART's output, reads what stdin has (hvx's console)"
# (the sleep: for the input thread to read stdin)
script "uart a" "cwrite from the console\\n" "cwrite " "uart b" "sleep 300" "cread 16" "cread 4" \
	"cread 0" "cread 16" "cwrite 0123456789012345678901234567890123456789" off
printf 'typed\nmore than sixteen bytes' >"$tmp/in"
vmrun "$img" <"$tmp/in"
expect_rc 0
printf 'a\nfrom the console\nb\n0123456789012345678901234567890123456789' >"$tmp/want"
cmp -s "$out" "$tmp/want" || fail "stdout: $(cat "$out")"
expect_log "console-read 0 16 typed\\nmore than "
expect_log "console-read 0 4 sixt"
expect_log "console-read 0 0 "
expect_log "console-read 0 9 een bytes"
# nothing waiting, or stdin closed: 0 bytes, at once
script "sleep 100" "cread 16" off
vmrun "$img" </dev/null
expect_rc 0
expect_log "console-read 0 0 "
mkfifo "$tmp/fifo"
sleep 3 >"$tmp/fifo" &
sleeper=$!
start=$(date +%s)
vmrun "$img" <"$tmp/fifo"
expect_rc 0
expect_log "console-read 0 0 "
[ $(($(date +%s) - start)) -le 1 ] || fail "a read with nothing waiting waited"
kill $sleeper 2>/dev/null
wait $sleeper 2>/dev/null
vmrun "$img" <&-
expect_rc 0
expect_log "console-read 0 0 "
end

begin "run: SYSTEM_RESET 3, unknown event or exit 2, a failing HVX_VCPU_RUN 1"
script reset
vmrun "$img"
expect_rc 3
expect_err "PSCI SYSTEM_RESET"
script "event 9"
vmrun "$img"
expect_rc 2
expect_err "system event 9 unknown"
script "exit 77"
vmrun "$img"
expect_rc 2
expect_err "exit reason 77 unknown"
script "fail 12"
vmrun "$img"
expect_rc 1
expect_err "vCPU 0: HVX_VCPU_RUN: Cannot allocate memory"
end

begin "run: internal error: exit 2, syndrome decoded, registers dumped"
script "uart before" "error 1 0x92000010 0xffff000012345678 0x50001000 0x40081234"
vmrun "$img"
expect_rc 2
[ "$(cat "$out")" = before ] || fail "stdout: $(cat "$out")"
expect_err "hvxctl: vCPU 0: internal error 1: access outside RAM without a valid syndrome (MMIO_NISV)"
expect_err "ESR 0x92000010: EC 0x24 data abort from a lower EL, IL 1, ISS 0x0000010"
expect_err "read, ISV 0 (no syndrome for the access), synchronous external abort"
expect_err "FAR 0xffff000012345678  GPA 0x0000000050001000  PC 0x0000000040081234"
expect_err "vCPU 0 registers:"
expect_err "x0  0x$(printf '%016x' "$(reg x0)")"
expect_err "x30 0x0000000000000000 sp_el0 0x0000000000000000"
expect_err "pc 0x0000000040080000  pstate 0x000003c5 (EL1h, flags ----, masked DAIF)"
expect_err "sctlr_el1      0x0000000030d00800"
script "error 2 0x86000006 0x60000000 0x60000000 0x60000000"
vmrun "$img"
expect_rc 2
expect_err "internal error 2: instruction fetch outside guest RAM (IABT)"
expect_err "EC 0x21 instruction abort at the same EL"
expect_err "translation fault, level 2"
end

begin "run: one vCPU's end stops the others"
script "1: sleep 200" "1: uart from 1" "1: off"
vmrun --vcpus 3 "$img"
expect_rc 0
[ "$(cat "$out")" = "from 1" ] || fail "stdout: $(cat "$out")"
expect_log "intr 0"
expect_log "intr 2"
expect_log "close vm"
script "2: sleep 200" "2: error 5 0 0 0 0"
vmrun --vcpus 3 "$img"
expect_rc 2
expect_err "vCPU 2: internal error 5"
expect_log "intr 0"
expect_log "intr 1"
end

begin "run --timeout: exit 124, every vCPU stopped, the VM closed"
script spin
start=$(date +%s)
vmrun --vcpus 4 --timeout 0.5 "$img"
expect_rc 124
[ $(($(date +%s) - start)) -le 3 ] || fail "took $(($(date +%s) - start)) s"
expect_err "--timeout 0.5 expired: stopping the VM"
for i in 0 1 2 3; do expect_log "intr $i"; done
expect_log "close vm"
end

# bgrun [PREFIX...]: hvxctl run --vcpus 2 (spinning) in the background: $pid
bgrun() {
	rm -rf "$log" "$vmsys"
	FAKE_HVX_VM=1 FAKE_HVX_SCRIPT=$script FAKE_HVX_LOG=$log HVX_SYSFS=$vmsys \
		LD_PRELOAD=$fake "$@" "$hvxctl" run --vcpus 2 "$img" >"$out" 2>"$err" &
	pid=$!
	# until both vCPUs run
	_n=0
	while [ $_n -lt 50 ] && ! grep -q '^vcpu 1' "$log" 2>/dev/null; do
		sleep 0.1
		_n=$((_n + 1))
	done
	sleep 0.2
}

begin "run: SIGTERM stops the VM (143); an ignored SIGINT stays ignored"
script spin
bgrun
kill -TERM $pid
wait $pid
rc=$?
expect_rc 143
expect_err "SIGTERM: stopping the VM"
expect_log "intr 0"
expect_log "intr 1"
expect_log "close vm"
bgrun sh -c "trap '' INT; exec \"\$@\"" sh
kill -INT $pid
sleep 0.3
kill -0 $pid 2>/dev/null || fail "an ignored SIGINT stopped it"
kill -TERM $pid
wait $pid
rc=$?
expect_rc 143
end

if env --default-signal=INT true 2>/dev/null; then
	begin "run: Ctrl-C (SIGINT) stops the VM (130)"
	bgrun env --default-signal=INT
	kill -INT $pid
	wait $pid
	rc=$?
	expect_rc 130
	expect_err "SIGINT: stopping the VM"
	expect_log "close vm"
	end
else
	skip "run: Ctrl-C (SIGINT) stops the VM (130)" "env has no --default-signal"
fi

# The generated DTB, given to plain QEMU virt: the guests read it as they
# would QEMU's own (-dtb replaces QEMU's tree; QEMU only rewrites /memory).
# qemu_boot IMAGE VCPUS ARGS...: the console in $out, QEMU's status in $rc;
# the DTB made with --counter-freq $qemu_freq if that is set
qemu_freq=
qemu_boot() {
	script off
	vmrun ${qemu_freq:+--counter-freq "$qemu_freq"} --vcpus "$2" --mem 128 "$1"
	cp "$(dtb)" "$tmp/qemu.dtb"
	_img=$1 _n=$2
	shift 2
	timeout 60 qemu-system-aarch64 -machine virt,gic-version=3 -cpu max \
		-smp "$_n" -m 128 -nographic -nic none -no-reboot \
		-kernel "$_img" -dtb "$tmp/qemu.dtb" "$@" </dev/null 2>&1 |
		tr -d '\r' >"$out"
	rc=$?
}

if ! command -v qemu-system-aarch64 >/dev/null 2>&1; then
	skip "generated DTB boots the test guests on QEMU" "no qemu-system-aarch64"
elif [ ! -f "${guests:-}/hello.img" ] || [ ! -f "$guests/smp.img" ]; then
	skip "generated DTB boots the test guests on QEMU" "test guests not built (make guests)"
else
	begin "generated DTB boots the test guests on QEMU"
	qemu_boot "$guests/hello.img" 1
	grep -q '^hvx-guest: hello: ram 0x40000000-0x47ffffff (128 MiB), 1 vcpus' "$out" ||
		fail "hello: $(cat "$out")"
	grep -qx 'hvx-guest: hello: ok' "$out" || fail "hello did not end ok"
	qemu_boot "$guests/smp.img" 4
	grep -qx 'hvx-guest: smp: 4 of 4 cpus up' "$out" || fail "smp: $(cat "$out")"
	grep -qx 'hvx-guest: smp: ok' "$out" || fail "smp did not end ok"
	end
fi

if ! command -v qemu-system-aarch64 >/dev/null 2>&1 || [ ! -f "${kernel:-}" ]; then
	skip "generated DTB boots Linux on QEMU" "no qemu-system-aarch64 or no test kernel"
else
	begin "generated DTB boots Linux on QEMU"
	qemu_boot "$kernel" 2 -append "console=ttyAMA0 panic=-1"
	for l in 'Machine model: hvx virt' 'psci: PSCIv1.1 detected in firmware.' \
		'GICv3: CPU0: found redistributor 0 region 0:0x00000000080a0000' \
		'arch_timer: cp15 timer(s) running at 62.50MHz (virt).' 'smp: Brought up 1 node, 2 CPUs' \
		'9000000.pl011: ttyAMA0 at MMIO 0x9000000' 'VFS: Unable to mount root fs'; do
		grep -qF -- "$l" "$out" || fail "no '$l' in the kernel log"
	done
	end

	# QEMU's counter runs at 62.5 MHz; Linux takes the node's frequency.
	begin "generated DTB with --counter-freq: Linux uses the physical timer at that frequency"
	qemu_freq=50000000
	qemu_boot "$kernel" 2 -append "console=ttyAMA0 panic=-1"
	qemu_freq=
	for l in 'arch_timer: cp15 timer(s) running at 50.00MHz (phys).' \
		'smp: Brought up 1 node, 2 CPUs' 'VFS: Unable to mount root fs'; do
		grep -qF -- "$l" "$out" || fail "no '$l' in the kernel log"
	done
	end
fi
