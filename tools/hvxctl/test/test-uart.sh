# SPDX-License-Identifier: GPL-2.0
# Sourced by test.sh after test-run.sh (whose helpers it uses): 'hvxctl run'
# for Linux guests against the fake VM: --kernel and --initrd, the vGIC,
# stdin and the terminal. (The PL011 itself is hvx.ko's console's:
# selftests/hvx_console.c tests it.)
# shellcheck disable=SC2034 # (rc is read by test.sh's expect_rc)

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
# the console's UART without an interrupt
expect_log "create_console 0x1 0x9000000 0"
expect_err "this hvx module has no vGIC"
printf 'raw' >"$tmp/raw"
vmrun "$tmp/raw"
expect_rc 0
[ ! -s "$err" ] || fail "a raw image without a vGIC: stderr: $(cat "$err")"
unset FAKE_HVX_NO_VGIC
end

# A terminal on stdin: a pty whose foreground process group is hvxctl's.
# pty_run SCRIPT_ACTIONS: runs hvxctl run on it (python3), prints what it saw.
pty_run() {
	rm -f "$log"
	rm -rf "$vmsys"
	FAKE_HVX_VM=1 FAKE_HVX_SCRIPT=$script FAKE_HVX_LOG=$log HVX_SYSFS=$vmsys \
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

begin "run on a terminal: typed keys reach the console at once, unechoed"
script "sleep 1200" "cread 16" off
pty_run type >"$tmp/pty" 2>&1
grep -qx "rc 0" "$tmp/pty" || fail "$(cat "$tmp/pty")"
expect_log "console-read 0 3 hi$(printf '\r')"
grep -qx "out " "$tmp/pty" || fail "echoed: $(cat "$tmp/pty")"
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
