# SPDX-License-Identifier: GPL-2.0
"""Driving `hvxctl tui` from a VT100 screen model (Debian's python3-pyte).

A Term is the terminal the UI draws on: the bytes it sends are fed to a
pyte screen, whose answers to cursor position requests (CSI 6n) go back
unless the terminal is made one that answers nothing; a Term can decode
UTF-8 or take every byte as a character of its own (an ASCII terminal),
and records every byte it got (to check that ASCII mode sends nothing
>= 0x80). Other file descriptors (a fake guest's console) can be served
by the same loop. TAP results go to stdout.
"""
import os
import select
import sys
import time

sys.path.insert(0, "/usr/lib/python3/dist-packages")
import pyte  # noqa: E402  (Debian's python3-pyte)

F_KEYS = {1: b"\x1bOP", 2: b"\x1bOQ", 3: b"\x1bOR", 4: b"\x1bOS",
          5: b"\x1b[15~", 6: b"\x1b[17~", 7: b"\x1b[18~", 8: b"\x1b[19~",
          9: b"\x1b[20~", 10: b"\x1b[21~", 11: b"\x1b[23~", 12: b"\x1b[24~"}
UP = b"\x1b[A"
DOWN = b"\x1b[B"
ENTER = b"\r"
CTRL_A = b"\x01"


class Tap:
    def __init__(self, prefix=""):
        self.n = 0
        self.failed = 0
        self.prefix = prefix

    def ok(self, cond, name, diag=""):
        self.n += 1
        if not cond:
            self.failed += 1
        print("%s %d - %s%s" % ("ok" if cond else "not ok", self.n,
                                self.prefix, name))
        if not cond and diag:
            for line in str(diag).splitlines():
                print("# " + line)
        sys.stdout.flush()
        return cond

    def diag(self, text):
        for line in str(text).splitlines():
            print("# " + line)
        sys.stdout.flush()

    def done(self):
        print("1..%d" % self.n)
        sys.stdout.flush()
        return 1 if self.failed else 0


class Term:
    """The terminal at the other end of rfd/wfd."""

    def __init__(self, rfd, wfd, rows=24, cols=80, utf8=True, answer=True,
                 tee=None, initial=b""):
        self.rfd = rfd
        self.tee = tee       # called with every byte read from rfd
        self.wfd = wfd
        self.screen = pyte.Screen(cols, rows)
        self.utf8 = utf8
        if utf8:
            self.stream = pyte.ByteStream(self.screen)
        else:
            self.stream = pyte.Stream(self.screen)
        if answer:
            self.screen.write_process_input = self._answer
        else:
            self.screen.write_process_input = lambda s: None
        self.raw = bytearray()
        self.others = {}     # fd -> callback(data)
        self.eof = False
        if initial:
            self.feed(initial)

    def _answer(self, s):
        self.send(s.encode("ascii"))

    def send(self, data):
        while data:
            n = os.write(self.wfd, data)
            data = data[n:]

    def feed(self, data):
        self.raw += data
        if self.utf8:
            self.stream.feed(data)
        else:
            self.stream.feed(data.decode("latin-1"))

    def serve(self, fd, callback):
        self.others[fd] = callback

    def pump(self, secs):
        """Read what comes for up to secs."""
        end = time.monotonic() + secs
        while True:
            left = end - time.monotonic()
            if left < 0:
                return
            fds = list(self.others) + ([] if self.eof else [self.rfd])
            r, _, _ = select.select(fds, [], [], left)
            for fd in r:
                try:
                    data = os.read(fd, 65536)
                except OSError:
                    data = b""
                if fd == self.rfd:
                    if self.tee:
                        self.tee(data)
                    if not data:
                        self.eof = True
                    else:
                        self.feed(data)
                elif not data:
                    del self.others[fd]
                else:
                    self.others[fd](data)
            if not r and self.eof and not self.others:
                time.sleep(min(left, 0.05))

    def lines(self):
        return self.screen.display

    def text(self):
        return "\n".join(line.rstrip() for line in self.lines())

    def find(self, s):
        for y, line in enumerate(self.lines()):
            x = line.find(s)
            if x >= 0:
                return (y, x)
        return None

    def wait(self, pred, secs=5.0):
        """Pump until pred() holds; its last value."""
        end = time.monotonic() + secs
        while True:
            v = pred()
            if v or time.monotonic() > end:
                return v
            self.pump(0.05)

    def wait_text(self, s, secs=5.0):
        return self.wait(lambda: self.find(s), secs)

    def cell(self, y, x):
        return self.screen.buffer[y][x]

    def key(self, data, settle=0.3):
        self.send(data)
        self.pump(settle)

    def capture(self):
        """The screen as text, for a README."""
        return "\n".join(line.rstrip() for line in self.lines())
