# SPDX-License-Identifier: GPL-2.0
# Sourced by test.sh after test-run.sh (whose helpers it uses): 'hvxctl run'
# for Linux guests against the fake VM: --kernel and --initrd, the vGIC,
# the PL011's receive path and interrupt, stdin and the terminal.
# shellcheck disable=SC2034 # (rc is read by test.sh's expect_rc)

# log_lines PATTERN: the log's lines matching the ERE PATTERN, joined by "|"
log_lines() { grep -E "$1" "$log" | tr '\n' '|'; }
# line_no TEXT: the number of the log line that is TEXT
line_no() { grep -nxF -- "$1" "$log" | head -n 1 | cut -d: -f1; }

begin "run --kernel --initrd: the initrd after the image, 2 MiB aligned, in /chosen"
script off
mkimage "$img" 0x80000 0x310000 0x2000
head -c 12345 /dev/urandom >"$tmp/initrd"
vmrun --kernel "$img" --initrd "$tmp/initrd" --vcpus 3 --append "console=ttyAMA0"
expect_rc 0
expect_log "write 0x40080000 0x2000"
expect_log "write 0x40400000 0x3039"
cmp -s "$tmp/initrd" "$dump/40400000.bin" || fail "the initrd written is not the file"
expect_layout 64 0x40080000 0x310000
d=$(dtb)
want "0 $((0x40400000))" /chosen linux,initrd-start u
want "0 $((0x40400000 + 12345))" /chosen linux,initrd-end u
want "console=ttyAMA0" /chosen bootargs
[ "$(reg x0)" -ge $((0x40400000 + 12345)) ] || fail "the DTB at $(reg x0) overlaps the initrd"
# an image ending on a 2 MiB boundary: the initrd right there
mkimage "$img" 0x0 0x200000 0x1000
vmrun --kernel "$img" --initrd "$tmp/initrd"
expect_rc 0
expect_log "write 0x40200000 0x3039"
# with --dtb, the user's tree gets the initrd too
vmrun --kernel "$img" --initrd "$tmp/initrd" --dtb "$tmp/user.dtb"
expect_rc 0
d=$(dtb)
want "0 $((0x40200000))" /chosen linux,initrd-start u
want "0 $((0x40200000 + 12345))" /chosen linux,initrd-end u
want "user" / model
end

begin "run --initrd: too little RAM names the --mem that does; a DTB never overlaps"
mkimage "$img" 0x80000 0x100000 0x1000
head -c $((3 * 1048576)) /dev/zero >"$tmp/initrd3"
vmrun --kernel "$img" --initrd "$tmp/initrd3" --mem 4
expect_rc 1
expect_err "too few for the image and initrd"
need=$(sed -n 's/.*give --mem \([0-9]*\) or more.*/\1/p' "$err")
if [ -n "$need" ]; then
	vmrun --kernel "$img" --initrd "$tmp/initrd3" --mem "$need"
	expect_rc 0
	[ "$(reg x0)" -ge $((0x40200000 + 3 * 1048576)) ] || fail "the DTB overlaps the initrd"
	vmrun --kernel "$img" --initrd "$tmp/initrd3" --mem $((need - 1))
	expect_rc 1
else
	fail "no --mem in: $(cat "$err")"
fi
end

begin "run: a vGIC at QEMU virt's addresses, after the vCPUs; none from an hvx without one"
mkimage "$img" 0x80000 0x10000 0x1000
script off
vmrun --vcpus 4 "$img"
expect_rc 0
expect_log "create_gic 64 0x8000000 0x80a0000"
[ "$(line_no "create_gic 64 0x8000000 0x80a0000")" -gt "$(line_no "vcpu 3 flags 0x1")" ] ||
	fail "the vGIC was made before the last vCPU"
export FAKE_HVX_NO_VGIC=1
vmrun "$img"
expect_rc 0
grep -q create_gic "$log" && fail "HVX_VM_CREATE_GIC without HVX_FEATURE_VGIC"
expect_err "this hvx module has no vGIC"
printf 'raw' >"$tmp/raw"
vmrun "$tmp/raw"
expect_rc 0
[ ! -s "$err" ] || fail "a raw image without a vGIC: stderr: $(cat "$err")"
unset FAKE_HVX_NO_VGIC
end

begin "run: PL011 receive: stdin into UARTDR, UARTFR, RIS/MIS, the RX interrupt on SPI 1"
script "mmio 9000038 4 w 50" "sleep 300" "mmio 9000018 4 r" "mmio 900003c 4 r" \
	"mmio 9000040 4 r" "mmio 9000000 4 r" "mmio 9000000 2 r" "mmio 9000018 4 r" \
	"mmio 900003c 4 r" "mmio 9000000 4 r" "mmio 9000038 4 r" off
printf 'ab' >"$tmp/in"
vmrun "$img" <"$tmp/in"
expect_rc 0
expect_log "mmio-done 0 0x9000018 r 0xc0"
expect_log "mmio-done 0 0x900003c r 0x10"
expect_log "mmio-done 0 0x9000040 r 0x10"
[ "$(log_lines '^mmio-done 0 0x9000000 r')" = "mmio-done 0 0x9000000 r 0x61|mmio-done 0 0x9000000 r 0x62|mmio-done 0 0x9000000 r 0x0|" ] ||
	fail "UARTDR reads: $(log_lines '^mmio-done 0 0x9000000 r')"
expect_log "mmio-done 0 0x9000018 r 0x90"
expect_log "mmio-done 0 0x900003c r 0x0"
expect_log "mmio-done 0 0x9000038 r 0x50"
[ "$(log_lines '^irq_line')" = "irq_line 33 1|irq_line 33 0|" ] ||
	fail "the line: $(log_lines '^irq_line')"
[ "$(line_no "irq_line 33 0")" -gt "$(line_no "mmio-done 0 0x9000000 r 0x61")" ] ||
	fail "the line fell before the FIFO emptied"
end

begin "run: PL011 transmit interrupt, UARTICR, stored registers, odd widths"
script "uart x" "mmio 900003c 4 r" "mmio 9000038 4 w 20" "mmio 9000040 4 r" \
	"mmio 9000044 4 w 20" "mmio 900003c 4 r" "mmio 9000024 4 w 1234" "mmio 9000028 4 w ff" \
	"mmio 900002c 4 w 70" "mmio 9000030 4 w 301" "mmio 9000034 4 w 9" "mmio 9000024 4 r" \
	"mmio 9000028 4 r" "mmio 900002c 1 r" "mmio 900002d 1 r" "mmio 9000030 8 r" \
	"mmio 9000025 1 w 77" "mmio 9000024 2 r" "mmio 9000fe8 2 r" "mmio 9000ffc 1 r" off
vmrun "$img" </dev/null
expect_rc 0
[ "$(cat "$out")" = x ] || fail "stdout: $(cat "$out")"
expect_log "mmio-done 0 0x900003c r 0x20"
expect_log "mmio-done 0 0x9000040 r 0x20"
[ "$(log_lines '^irq_line')" = "irq_line 33 1|irq_line 33 0|" ] ||
	fail "the line: $(log_lines '^irq_line')"
[ "$(log_lines '^mmio-done 0 0x900003c r')" = "mmio-done 0 0x900003c r 0x20|mmio-done 0 0x900003c r 0x0|" ] ||
	fail "UARTRIS: $(log_lines '^mmio-done 0 0x900003c r')"
[ "$(log_lines '^mmio-done 0 0x9000024 r')" = "mmio-done 0 0x9000024 r 0x1234|mmio-done 0 0x9000024 r 0x1234|" ] ||
	fail "UARTIBRD (a write at its second byte ignored): $(log_lines '^mmio-done 0 0x9000024 r')"
expect_log "mmio-done 0 0x9000028 r 0x3f"
expect_log "mmio-done 0 0x900002c r 0x70"
expect_log "mmio-done 0 0x900002d r 0x0"
expect_log "mmio-done 0 0x9000030 r 0x900000301"
expect_log "mmio-done 0 0x9000fe8 r 0x34"
expect_log "mmio-done 0 0x9000ffc r 0xb1"
end

begin "run: more input than the 32-byte FIFO waits for the guest; nothing lost"
data=0123456789abcdefghijklmnopqrstuvwxyzABCD
{
	echo "mmio 900002c 4 w 10"
	echo "sleep 300"
	echo "mmio 9000018 4 r"
	# the FIFO's 32, then (once the input thread had time to refill it)
	# the rest
	i=0
	while [ $i -lt ${#data} ]; do
		[ $i != 32 ] || echo "sleep 200"
		echo "mmio 9000000 4 r"
		i=$((i + 1))
	done
	echo "mmio 9000018 4 r"
	echo off
} >"$script"
printf '%s' "$data" >"$tmp/in"
vmrun "$img" <"$tmp/in"
expect_rc 0
got=$(grep '^mmio-done 0 0x9000000 r' "$log" | while read -r _ _ _ _ v; do
	# shellcheck disable=SC2059 # (the format is the escape)
	printf "$(printf '\\%03o' "$v")"
done)
[ "$got" = "$data" ] || fail "the guest read '$got'"
[ "$(log_lines '^mmio-done 0 0x9000018 r')" = "mmio-done 0 0x9000018 r 0xc0|mmio-done 0 0x9000018 r 0x90|" ] ||
	fail "UARTFR (full, then empty): $(log_lines '^mmio-done 0 0x9000018 r')"
end

# A terminal on stdin: a pty whose foreground process group is hvxctl's.
# pty_run SCRIPT_ACTIONS: runs hvxctl run on it (python3), prints what it saw.
pty_run() {
	rm -f "$log"
	FAKE_HVX_VM=1 FAKE_HVX_SCRIPT=$script FAKE_HVX_LOG=$log \
		python3 - "$hvxctl" "$img" "$1" "$fake" <<'PY'
import fcntl, os, pty, resource, select, signal, subprocess, sys, termios, time
hvxctl, img, action, fake = sys.argv[1:5]
master, slave = pty.openpty()
def ctty():
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
def flags():
    a = termios.tcgetattr(slave)
    return ("icanon" if a[3] & termios.ICANON else "-icanon",
            "echo" if a[3] & termios.ECHO else "-echo",
            "isig" if a[3] & termios.ISIG else "-isig",
            "icrnl" if a[0] & termios.ICRNL else "-icrnl")
before = flags()
p = subprocess.Popen([hvxctl, "run", img], stdin=slave, stdout=slave,
                     stderr=subprocess.DEVNULL, preexec_fn=ctty,
                     env=dict(os.environ, LD_PRELOAD=fake))
time.sleep(0.5)
during = flags()
if action == "ctrl-c":
    os.write(master, b"\x03")
elif action == "type":
    os.write(master, b"hi\r")
elif action != "wait":
    p.send_signal(getattr(signal, action))
try:
    rc = p.wait(timeout=10)
except subprocess.TimeoutExpired:
    p.kill()
    rc = "hung"
after = flags()
out = b""
while select.select([master], [], [], 0.1)[0]:
    try:
        out += os.read(master, 4096)
    except OSError:
        break
print("before", *before)
print("during", *during)
print("after", *after)
print("rc", rc)
print("out", out.decode(errors="replace").replace("\r", "").replace("\n", "|"))
PY
}

begin "run on a terminal: raw while the VM runs, restored at the end"
script "sleep 1200" "uart done" off
pty_run wait >"$tmp/pty" 2>&1
grep -qx "before icanon echo isig icrnl" "$tmp/pty" || fail "$(cat "$tmp/pty")"
grep -qx "during -icanon -echo isig -icrnl" "$tmp/pty" || fail "not raw: $(cat "$tmp/pty")"
grep -qx "after icanon echo isig icrnl" "$tmp/pty" || fail "not restored: $(cat "$tmp/pty")"
grep -qx "rc 0" "$tmp/pty" || fail "$(cat "$tmp/pty")"
grep -qx "out done|" "$tmp/pty" || fail "output: $(cat "$tmp/pty")"
end

begin "run on a terminal: typed keys reach UARTDR at once, unechoed"
script "mmio 9000038 4 w 10" "sleep 1200" "mmio 9000000 4 r" "mmio 9000000 4 r" \
	"mmio 9000000 4 r" off
pty_run type >"$tmp/pty" 2>&1
grep -qx "rc 0" "$tmp/pty" || fail "$(cat "$tmp/pty")"
[ "$(log_lines '^mmio-done 0 0x9000000 r')" = "mmio-done 0 0x9000000 r 0x68|mmio-done 0 0x9000000 r 0x69|mmio-done 0 0x9000000 r 0xd|" ] ||
	fail "UARTDR reads: $(log_lines '^mmio-done 0 0x9000000 r')"
grep -qx "out " "$tmp/pty" || fail "echoed: $(cat "$tmp/pty")"
expect_log "irq_line 33 1"
end

begin "run on a terminal: restored after Ctrl-C (130), SIGTERM (143), SIGABRT and SIGSEGV"
script spin
for a in ctrl-c:130 SIGTERM:143 SIGABRT:-6 SIGSEGV:-11; do
	pty_run "${a%%:*}" >"$tmp/pty" 2>&1
	grep -qx "during -icanon -echo isig -icrnl" "$tmp/pty" || fail "${a%%:*}: not raw: $(cat "$tmp/pty")"
	grep -qx "after icanon echo isig icrnl" "$tmp/pty" || fail "${a%%:*}: not restored: $(cat "$tmp/pty")"
	grep -qx "rc ${a#*:}" "$tmp/pty" || fail "${a%%:*}: $(grep rc "$tmp/pty")"
done
end
