#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""`hvxctl tui` in the test VM, on its serial console (ttyAMA0).

    test-tui-vm.py [--capture FILE]

Boots the test VM once (tools/hvx-vm with HVX_VM_SERIAL_STDIN=1: the
serial line's two directions are this program's pipes) with
selftests/lib/tui-vm.sh, which starts two console guests (guests/tui-echo.img,
"alpha" and "beta") under hvxctl run and runs the UI on the serial line
three times. This program is the terminal: a pyte VT100 screen, first
one that decodes UTF-8 and answers cursor position reports, then an ASCII
one (--ascii), then one that answers nothing. It sends keys and checks
screen cells: the status screen lists the VMs; F-keys, Ctrl-A and
arrows+Enter switch; a VM's screen shows its own output; typing reaches
the guest, which echoes; output while hidden is there when switched back;
binary garbage and a flood from a guest; a resize (asked again with
Ctrl-A r, as a serial line has no SIGWINCH); a VM that ends leaves the
status screen; ASCII mode sends no byte >= 0x80; no answer means ASCII
and 80x24. TAP on stdout; the whole serial line in $RESULTS/vm-tui.log;
--capture writes the status screen as text (for the README).
"""
import os
import subprocess
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, here)
from tuilib import CTRL_A, DOWN, ENTER, F_KEYS, Tap, Term  # noqa: E402

top = os.path.abspath(os.path.join(here, "../../.."))
results = os.environ.get("RESULTS", os.path.join(top, "build/results"))
os.makedirs(results, exist_ok=True)
capture = sys.argv[2] if len(sys.argv) > 2 and sys.argv[1] == "--capture" else None
WAIT = 20.0     # seconds for what the VM does (TCG, a guest in a guest)

tap = Tap("vm-tui: ")
log = open(os.path.join(results, "vm-tui.log"), "wb")
env = dict(os.environ, HVX_VM_SERIAL_STDIN="1",
           HVX_VM_TIMEOUT=os.environ.get("HVX_VM_TIMEOUT", "600"))
vm = subprocess.Popen([os.path.join(top, "tools/hvx-vm"), "--smp", "2", "--",
                       "sh", "/usr/lib/hvx/selftests/lib/tui-vm.sh"],
                      stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                      stderr=subprocess.STDOUT, bufsize=0, env=env)
rfd = vm.stdout.fileno()
wfd = vm.stdin.fileno()
pending = bytearray()


def tee(data):
    log.write(data)
    log.flush()


def until(marker, secs):
    """Read until a line holding marker; the bytes after it, or None."""
    global pending
    end = time.monotonic() + secs
    while True:
        i = pending.find(marker)
        if i >= 0:
            j = pending.find(b"\n", i)
            if j >= 0:
                rest = bytes(pending[j + 1:])
                line = bytes(pending[i:j])
                pending = bytearray()
                return line, rest
        if time.monotonic() > end:
            return None, None
        data = os.read(rfd, 65536)
        if not data:
            return None, None
        tee(data)
        pending += data


def run(n, **kw):
    line, rest = until(b"TUI-RUN %d" % n, 600 if n == 1 else 60)
    if line is None:
        return None
    return Term(rfd, wfd, tee=tee, initial=rest, **kw)


def end(t, n):
    """The UI's exit status, from the line after it (the rest stays)."""
    global pending
    t.pump(0.1)
    data = bytes(t.raw)
    i = data.find(b"TUI-END %d rc=" % n)
    if i < 0:
        line, rest = until(b"TUI-END %d rc=" % n, WAIT)
        if line is None:
            return None
        pending = bytearray(rest)
    else:
        j = data.find(b"\n", i)
        line = data[i:j if j >= 0 else len(data)]
        pending = bytearray(data[j + 1:]) if j >= 0 else bytearray()
    try:
        return int(line.split(b"rc=")[1].strip())
    except (IndexError, ValueError):
        return None


def in_body(t, s):
    """s on a screen's body (not the title bar with the VMs' names)."""
    return any(s in line for line in t.lines()[1:-1])


def sent_by_ui(t, n):
    """What the UI sent in run n: the bytes before its TUI-END line."""
    data = bytes(t.raw)
    i = data.find(b"TUI-END %d" % n)
    return data[:i] if i >= 0 else data


def vm_rows(t):
    return [line for line in t.lines() if "hvxcon" in line and "MiB" in line]


def bail(why):
    tap.ok(False, why)
    vm.kill()
    vm.wait()
    sys.exit(tap.done())


# --- 1: a UTF-8 terminal that answers --------------------------------------
t = run(1, rows=24, cols=80)
if t is None:
    bail("the test VM never started the UI (see vm-tui.log)")
tap.ok(t.wait(lambda: len(vm_rows(t)) == 2 and t.find("VMs: 2"), WAIT),
       "status screen: both VMs, with their consoles", t.text())
tap.ok(t.find("hvx ") and t.find("CPUs at EL2: 2 of 2") and
       t.find("EL2 pool:"),
       "status screen: hvx's version, CPUs at EL2, the EL2 pool", t.text())
tap.ok("\u2500" in t.text() and t.lines()[23].startswith(" Up/Down"),
       "the probes: UTF-8 decoded, size 80x24 from a cursor position report",
       t.text())
if capture:
    with open(capture, "w") as f:
        f.write(t.capture() + "\n")

t.key(F_KEYS[3])
t.key(b"?")
tap.ok(t.wait_text("alpha here", WAIT) and not in_body(t, "beta"),
       "F3: alpha's console, answering a key with its own line", t.text())
t.key(b"hello")
tap.ok(t.wait_text("hello", WAIT),
       "keys typed reach the guest, its echo is shown", t.text())
t.key(F_KEYS[4])
t.key(b"?")
tap.ok(t.wait_text("beta here", WAIT) and not in_body(t, "alpha"),
       "F4: beta's console, only beta's output", t.text())
t.key(b"@")          # beta prints a line a second from now
t.key(F_KEYS[3])
tap.ok(t.wait_text("alpha here", WAIT) and t.find("hello") and
       not in_body(t, "beta"),
       "back to F3: alpha's screen redrawn", t.text())
t.pump(3.0)
t.key(CTRL_A + b"4")
tap.ok(t.wait_text("beta late", WAIT),
       "Ctrl-A 4: beta's line printed while its screen was hidden", t.text())
t.key(CTRL_A + b"1")
t.wait_text("VMs: 2", WAIT)
t.key(DOWN)
t.key(ENTER)
tap.ok(t.wait_text("beta late", WAIT),
       "status screen: Down, Enter opens beta's console", t.text())
t.key(F_KEYS[2])
tap.ok(t.wait(lambda: t.find("] ") and t.find("hvx"), WAIT),
       "F2: the kernel log", t.text())

t.key(F_KEYS[3])
t.key(b"!")
tap.ok(t.wait_text("alpha garbage done", WAIT),
       "binary garbage from alpha: shown, the UI goes on", t.text())
t.key(b"#")
flood_start = time.monotonic()
t.pump(0.5)
t0 = time.monotonic()
t.key(F_KEYS[1], settle=0)
answered = t.wait(lambda: t.find("VMs: 2"), WAIT)
took = time.monotonic() - t0
tap.ok(answered and took < 5,
       "alpha floods its console: F1 answered in %.1f s" % took, t.text())
t.key(F_KEYS[3])
done = t.wait_text("alpha flood done", 60)
tap.ok(done, "after the flood (%.1f s): alpha's screen current" %
       (time.monotonic() - flood_start), t.text())

t.screen.resize(30, 100)
t.key(CTRL_A + b"r")
tap.ok(t.wait(lambda: t.lines()[29].startswith(" keys go to"), WAIT),
       "resized to 100x30: Ctrl-A r asks the size again, drawn to it",
       t.text())

t.key(F_KEYS[4])
t.key(b"x")
t.wait_text("beta bye", WAIT)
t.key(F_KEYS[1])
tap.ok(t.wait(lambda: len(vm_rows(t)) == 1 and t.find("VMs: 1"), WAIT),
       "beta powered off: its VM leaves the status screen", t.text())
t.key(b"q")
rc = end(t, 1)
tap.ok(rc == 0, "q quits the UI (status %r)" % rc)

# --- 2: --ascii ---------------------------------------------------------------
t = run(2, rows=24, cols=80, utf8=False)
if t is None:
    bail("the second run never started")
t.wait(lambda: t.find("VMs: 1"), WAIT)
t.key(F_KEYS[3])
t.key(b"!")
tap.ok(t.wait_text("alpha garbage done", WAIT),
       "--ascii: alpha's garbage shown", t.text())
t.key(CTRL_A + b"q")
rc = end(t, 2)
sent = sent_by_ui(t, 2)
hi = [b for b in sent if b >= 0x80]
tap.ok(rc == 0 and sent and not hi,
       "--ascii: none of the %d bytes the UI sent is >= 0x80" % len(sent),
       "status %r, high bytes %r" % (rc, hi[:16]))

# --- 3: a terminal that answers nothing -----------------------------------------
t = run(3, rows=24, cols=80, answer=False)
if t is None:
    bail("the third run never started")
ok = t.wait(lambda: t.find("VMs: 1") and t.lines()[23].startswith(" Up/Down"),
            WAIT)
# the probe's "é" (2 bytes) aside, nothing >= 0x80
hi = [b for b in sent_by_ui(t, 3).replace(b"\xc3\xa9", b"", 1) if b >= 0x80]
tap.ok(ok and t.find("-----") and "\u2500" not in t.text() and not hi,
       "no answer to the probes: ASCII line-drawing, 80x24, nothing >= 0x80",
       t.text())
t.key(b"q")
rc = end(t, 3)
tap.ok(rc == 0, "q quits (status %r)" % rc)

try:
    status = vm.wait(120)
except subprocess.TimeoutExpired:
    vm.kill()
    status = vm.wait()
tap.ok(status == 0, "the test VM ran cleanly (tools/hvx-vm status %d)" % status)
log.close()
sys.exit(tap.done())
