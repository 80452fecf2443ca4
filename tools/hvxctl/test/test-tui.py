#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Host-side tests of `hvxctl tui` against a fake /sys/kernel/hvx.

    test-tui.py HVXCTL

The fake sysfs ($HVX_SYSFS) lists two VMs whose consoles are ptys held
here: "alpha" printed a line before the UI started, "beta" echoes what it
gets. The UI runs on a pty whose other end feeds a pyte screen (a
terminal that decodes UTF-8 and answers cursor position reports), then on
pipes (a serial line: no window size), as an ASCII terminal and as one
that answers nothing. Checks: the status screen lists the VMs; F-keys,
Ctrl-A digits and arrows+Enter switch screens; a VM's screen shows its
output, also what came while another screen was shown; keys reach the
guest; resizes (SIGWINCH, and a probe on a serial line); binary garbage
and a flood from a guest; VMs appearing and leaving; ASCII mode sends no
byte >= 0x80; quitting restores the terminal. TAP on stdout.
"""
import fcntl
import os
import pty
import random
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
import tty

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tuilib import CTRL_A, DOWN, ENTER, F_KEYS, Tap, Term  # noqa: E402

hvxctl = sys.argv[1]
tap = Tap("tui: ")
tmp = tempfile.mkdtemp()
sysfs = os.path.join(tmp, "sys")


def put(rel, value):
    path = os.path.join(sysfs, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("%s\n" % value)


class Guest:
    """A VM in the fake sysfs; its console a pty (the guest's end here)."""

    def __init__(self, handle, name, echo=False):
        self.handle = handle
        self.master, self.slave = pty.openpty()
        tty.setraw(self.slave)
        self.tty = os.ttyname(self.slave)[len("/dev/"):]
        self.echo = echo
        self.got = bytearray()
        d = "vms/vm%d/" % handle
        put(d + "pid", 1000 + handle)
        put(d + "nr_vcpus", handle)
        put(d + "mem_kib", 65536 * handle)
        put(d + "exits", 0)
        put(d + "console", self.tty)
        put(d + "console_dropped", 0)
        put(d + "name", name)

    def write(self, data):
        while data:
            n = os.write(self.master, data)
            data = data[n:]

    def on_data(self, data):
        self.got += data
        if self.echo:
            self.write(data)

    def unread(self):
        """Bytes the guest wrote that the UI has not read from the tty."""
        return struct.unpack("i", fcntl.ioctl(self.slave, termios.FIONREAD,
                                              b"\0\0\0\0"))[0]

    def remove(self, term=None):
        shutil.rmtree(os.path.join(sysfs, "vms/vm%d" % self.handle))
        if term:
            term.others.pop(self.master, None)
        os.close(self.master)
        os.close(self.slave)


put("version", "0.1.0")
put("api_version", 4)
put("nr_hyp_cpus", 2)
put("mem_pages", 1024)
put("pool_pages", 996)
put("pool_used_pages", 7)
os.makedirs(os.path.join(sysfs, "vms"), exist_ok=True)
env = dict(os.environ, HVX_SYSFS=sysfs)

alpha = Guest(1, "alpha")
beta = Guest(2, "beta", echo=True)
alpha.write(b"alpha says hello\r\nsecond line\r\n")


def start_pty(args, rows=24, cols=80, **kw):
    m, s = pty.openpty()
    fcntl.ioctl(s, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    p = subprocess.Popen([hvxctl, "tui"] + args, stdin=s, stdout=s,
                         stderr=subprocess.PIPE, env=env)
    os.close(s)
    t = Term(m, m, rows, cols, **kw)
    return p, t


def start_pipes(args, **kw):
    p = subprocess.Popen([hvxctl, "tui"] + args, stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         env=env, bufsize=0)
    t = Term(p.stdout.fileno(), p.stdin.fileno(), **kw)
    return p, t


def ended(p, secs=3.0):
    try:
        return p.wait(secs)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        return None


# --- the command line -----------------------------------------------------
r = subprocess.run([hvxctl, "tui", "--bogus"], capture_output=True, env=env)
tap.ok(r.returncode == 2 and b"unknown option" in r.stderr,
       "an unknown option: usage error, status 2", r.stderr)
r = subprocess.run([hvxctl, "tui", "--tty", os.path.join(tmp, "no-tty")],
                   capture_output=True, env=env)
tap.ok(r.returncode == 1 and b"no-tty" in r.stderr,
       "--tty of a device that is not there: status 1, says which", r.stderr)
r = subprocess.run([hvxctl, "tui", "--help"], capture_output=True, env=env)
tap.ok(r.returncode == 0 and b"Ctrl-A" in r.stdout and b"--ascii" in r.stdout,
       "--help: the keys and options", r.stdout)

# --- on a pty: UTF-8, answering -------------------------------------------
p, t = start_pty([])
t.serve(alpha.master, alpha.on_data)
t.serve(beta.master, beta.on_data)

tap.ok(t.wait(lambda: t.find("alpha") and t.find("beta") and
              t.find("hvx 0.1.0")),
       "status screen: hvx's version and both VMs", t.text())
rows = [line for line in t.lines() if "alpha" in line and "MiB" in line]
tap.ok(t.find("VMs: 2") and rows and "pts/" in rows[0] and
       "64 MiB" in rows[0] and "F3" in rows[0],
       "status screen: VM row with memory and console", t.text())
tap.ok("\u2500" in t.text() and not t.find("----"),
       "UTF-8 terminal (answered the probe): line-drawing characters", t.text())

t.key(F_KEYS[3])
tap.ok(t.wait_text("alpha says hello") and t.find("second line"),
       "F3: alpha's screen replays what it printed before the UI started",
       t.text())
t.key(F_KEYS[4])
t.key(b"ping")
tap.ok(t.wait_text("ping") and bytes(beta.got) == b"ping",
       "F4: keys typed on beta's screen reach beta, its echo is shown",
       "guest got %r\n%s" % (bytes(beta.got), t.text()))
t.key(F_KEYS[3])
tap.ok(t.wait_text("alpha says hello") and not t.find("ping"),
       "back to F3: alpha's screen redrawn, nothing of beta's", t.text())
beta.write(b"\r\nwhile hidden\r\n")
t.pump(0.5)     # (the pty hands it on asynchronously)
tap.ok(t.wait(lambda: beta.unread() == 0, 3),
       "beta's output read while its screen is hidden (%d bytes left)" %
       beta.unread())
t.pump(0.3)
t.key(CTRL_A + b"4")
tap.ok(t.wait_text("while hidden") and t.find("ping"),
       "Ctrl-A 4: beta's screen with what it printed while hidden", t.text())
t.key(CTRL_A + b"1")
tap.ok(t.wait_text("VMs: 2"), "Ctrl-A 1: the status screen", t.text())
t.key(DOWN)
t.key(ENTER)
tap.ok(t.wait_text("while hidden"), "status: Down, Enter opens beta's console",
       t.text())
t.key(CTRL_A + b"2")
tap.ok(t.wait_text("F2 Log") and t.cell(0, t.find("F2 Log")[1]).bg != "default",
       "Ctrl-A 2: the log screen, its tab marked", t.text())
t.key(CTRL_A + b"?")
tap.ok(t.wait_text("Ctrl-A, then"), "Ctrl-A ?: help", t.text())
t.key(b"x")
t.key(CTRL_A + b"1")

# resize: the pty's new size and SIGWINCH
t.screen.resize(30, 100)
fcntl.ioctl(t.rfd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
p.send_signal(signal.SIGWINCH)
tap.ok(t.wait(lambda: "quit" in t.lines()[29] and t.find("VMs: 2")),
       "SIGWINCH: drawn at the new size (100x30)", t.text())

# a guest's binary garbage, then a reset and a marker
t.key(F_KEYS[3])
rnd = random.Random(0x68767821)
alpha.write(bytes(range(256)) + bytes(rnd.randrange(256) for _ in range(8192)))
alpha.write(b"\x1b\\\x1bc" + b"after the garbage")
tap.ok(t.wait_text("after the garbage") and p.poll() is None,
       "binary garbage from a guest: the UI goes on", t.text())

# a flood: the UI stays responsive
pressed = None
flood = (b"flood 0123456789abcdefghijklmnopqrstuvwxyz" * 2 + b"\r\n") * 16384
os.set_blocking(alpha.master, False)
sent = 0
start = time.monotonic()
switched = None
while time.monotonic() - start < 10 and sent < len(flood):
    if switched is None and sent >= 256 * 1024 and not pressed:
        t.send(F_KEYS[1])
        pressed = time.monotonic()
    try:
        sent += os.write(alpha.master, flood[sent:sent + 65536])
    except BlockingIOError:
        pass
    t.pump(0.01)
    if switched is None and pressed and t.find("VMs: 2"):
        switched = time.monotonic() - pressed
os.set_blocking(alpha.master, True)
tap.ok(switched is not None and switched < 3,
       "a flood of %d KiB on alpha: F1 answered in %.2f s" %
       (sent // 1024, switched if switched is not None else -1), t.text())
t.key(F_KEYS[3])
t.pump(1.0)
alpha.write(b"\x1b[2J\x1b[Hflood over")
tap.ok(t.wait_text("flood over"), "after the flood: alpha's screen current",
       t.text())

# VMs leave and come
t.key(F_KEYS[1])
beta.remove(t)
tap.ok(t.wait(lambda: t.find("VMs: 1") and not t.find("beta"), 4),
       "a VM leaving sysfs leaves the status screen", t.text())
gamma = Guest(3, "gamma")
t.serve(gamma.master, gamma.on_data)
gamma.write(b"gamma is here\r\n")
tap.ok(t.wait(lambda: t.find("gamma") and t.find("VMs: 2"), 4),
       "a new VM appears on the status screen", t.text())
t.key(F_KEYS[4])
tap.ok(t.wait_text("gamma is here"), "F4: the new VM's console", t.text())
put("vms/vm4/pid", 1004)
put("vms/vm4/console", "hvxcon-none")
t.wait_text("F5 vm4")
t.key(F_KEYS[5])
tap.ok(t.wait_text("/dev/hvxcon-none: No such file"),
       "F5: a console that cannot be opened says why", t.text())
shutil.rmtree(os.path.join(sysfs, "vms/vm4"))

t.key(F_KEYS[1])
t.key(b"q")
rc = ended(p)
tail = bytes(t.raw[-40:])
tap.ok(rc == 0 and b"\x1b[?1049l" in tail and b"\x1b[?25h" in tail,
       "q quits (status 0), the terminal restored",
       "status %r, last bytes %r, stderr %r" % (rc, tail, p.stderr.read()))

# --- on pipes, an ASCII terminal: a serial line ---------------------------
p, t = start_pipes([], rows=20, cols=70, utf8=False)
t.serve(alpha.master, alpha.on_data)
tap.ok(t.wait(lambda: t.find("gamma") and t.lines()[19].startswith(" Up/Down")),
       "serial line: size from a cursor position report (70x20)", t.text())
tap.ok(not t.find("\u2500") and t.find("-----"),
       "ASCII terminal (é took 2 columns): ASCII line-drawing", t.text())
mark = len(t.raw)
t.key(F_KEYS[3])
alpha.write("\x1b[2J\x1b[Hcaf\u00e9 \u2500\u2500 ".encode() + bytes(range(128, 256)) +
            b"\r\nend-of-test")
tap.ok(t.wait_text("end-of-test") and t.find("caf? -- ???"),
       "ASCII mode: a guest's non-ASCII shown as ?", t.text())
t.screen.resize(25, 90)
t.key(CTRL_A + b"r")
tap.ok(t.wait(lambda: t.lines()[24].startswith(" keys go to")),
       "serial line: Ctrl-A r asks the size again (90x25)", t.text())
t.key(CTRL_A + b"q")
rc = ended(p)
hi = [b for b in t.raw[mark:] if b >= 0x80]
tap.ok(rc == 0 and not hi,
       "ASCII mode: no byte >= 0x80 sent after the probe (%d bytes)" %
       (len(t.raw) - mark), "status %r, high bytes %r" % (rc, hi[:16]))

# --- --ascii: not one byte >= 0x80 -----------------------------------------
p, t = start_pty(["--ascii"])
t.serve(alpha.master, alpha.on_data)
t.wait_text("gamma")
t.key(F_KEYS[3])
alpha.write("\u00e9\u4e2d".encode() + bytes(range(256)) + b"\x1b\\\x1bcascii-end")
t.wait_text("ascii-end")
t.key(CTRL_A + b"q")
rc = ended(p)
hi = [b for b in t.raw if b >= 0x80]
tap.ok(rc == 0 and t.raw and not hi,
       "--ascii: none of the %d bytes sent is >= 0x80" % len(t.raw),
       "status %r, high bytes %r" % (rc, hi[:16]))

# --- a terminal that answers nothing: ASCII, 80x24 ------------------------
p, t = start_pipes([], rows=24, cols=80, answer=False)
t0 = time.monotonic()
ok = t.wait(lambda: t.find("gamma") and "quit" in t.lines()[23], 8)
tap.ok(ok and not any(b >= 0x80 for b in t.raw[2:]) and t.find("-----"),
       "no answer to the probes: ASCII and 80x24 after %.1f s" %
       (time.monotonic() - t0), t.text())
t.key(b"q")
tap.ok(ended(p) == 0, "q quits there too")

alpha.remove(t)
gamma.remove(t)
shutil.rmtree(tmp)
sys.exit(tap.done())
