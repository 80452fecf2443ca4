#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Read the ACPI tables QEMU's UEFI firmware installs out of guest RAM.

usage: qemu-tables.py OUTDIR TIMEOUT QEMU-ARGS...

Boots qemu-system-aarch64 QEMU-ARGS (which must include -m 512, the
firmware and nothing that needs a terminal) with a QMP socket, and every
second stops the guest, dumps all of its RAM with QMP pmemsave and scans
the dump for "RSD PTR ".  A candidate counts when the RSDP (both
checksums), the XSDT and every table it lists, and the DSDT the FADT
points to all have valid checksums.  The firmware installs tables one by
one, so the set is accepted only when two consecutive dumps give the same
tables.  Then QEMU is killed and OUTDIR gets one SIG.dat per table (RSDP
and XSDT included), as hvx-acpigen writes them, plus ADDRS (where each
table was) and console.log (the firmware's serial output).

Exits 0 with the tables written, 1 with one line on stderr saying what
went wrong (QEMU failed to start or died, no tables before TIMEOUT
seconds).
"""
import json
import mmap
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

RAM_BASE = 0x40000000   # virt machine: RAM starts at 1 GiB
RAM_SIZE = 512 << 20    # -m 512


class QemuError(Exception):
    pass


class Qmp:
    def __init__(self, path, proc, deadline):
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if proc.poll() is not None:
                    raise QemuError('QEMU exited with status %d before QMP '
                                    'was up' % proc.returncode)
                if time.time() > deadline:
                    raise QemuError('no QMP socket')
                time.sleep(0.05)
        self.sock.settimeout(60)        # a full-RAM pmemsave takes seconds
        self.f = self.sock.makefile('rw')
        self.f.readline()               # greeting
        self.cmd('qmp_capabilities')

    def cmd(self, name, **args):
        msg = {'execute': name}
        if args:
            msg['arguments'] = args
        self.f.write(json.dumps(msg) + '\n')
        self.f.flush()
        while True:
            line = self.f.readline()
            if not line:
                raise QemuError('QMP connection closed during %s' % name)
            r = json.loads(line)
            if 'event' in r:
                continue
            if 'error' in r:
                raise QemuError('QMP %s: %s' % (name, r['error']))
            return r.get('return')


def checksum_ok(d):
    return len(d) > 0 and sum(d) % 256 == 0


def table_at(mem, addr):
    """The table at guest physical address addr, if it is in RAM and its
    length and checksum make sense; else None."""
    o = addr - RAM_BASE
    if o < 0 or o + 36 > len(mem):
        return None
    ln = struct.unpack_from('<I', mem, o + 4)[0]
    if ln < 36 or o + ln > len(mem):
        return None
    d = bytes(mem[o:o + ln])
    return d if checksum_ok(d) else None


def tables_from(mem, o):
    """Follow the RSDP at dump offset o: {sig: bytes} and {sig: address},
    or None when anything on the way is missing or corrupt."""
    r = bytes(mem[o:o + 36])
    if len(r) < 36 or r[15] < 2 or not checksum_ok(r[:20]):
        return None
    ln = struct.unpack_from('<I', r, 20)[0]
    if ln < 36 or not checksum_ok(bytes(mem[o:o + ln])):
        return None
    xaddr = struct.unpack_from('<Q', r, 24)[0]
    x = table_at(mem, xaddr)
    if x is None or x[:4] != b'XSDT':
        return None
    tables = {'RSDP': r[:ln], 'XSDT': x}
    addrs = {'RSDP': RAM_BASE + o, 'XSDT': xaddr}
    for i in range((len(x) - 36) // 8):
        a = struct.unpack_from('<Q', x, 36 + 8 * i)[0]
        t = table_at(mem, a)
        if t is None:
            return None
        sig = t[:4].decode('latin1')
        if sig in tables:       # e.g. two SSDTs: keep them apart
            sig = '%s%d' % (sig, i)
        tables[sig] = t
        addrs[sig] = a
    if 'FACP' not in tables:
        return None
    f = tables['FACP']
    daddr = struct.unpack_from('<Q', f, 140)[0] if len(f) >= 148 else 0
    if not daddr:
        daddr = struct.unpack_from('<I', f, 40)[0]
    d = table_at(mem, daddr)
    if d is None or d[:4] != b'DSDT':
        return None
    tables['DSDT'] = d
    addrs['DSDT'] = daddr
    return tables, addrs


def scan(path):
    """The first complete table set found in the RAM dump at path."""
    with open(path, 'rb') as f:
        mem = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            o = mem.find(b'RSD PTR ')
            while o >= 0:
                found = tables_from(mem, o)
                if found:
                    return found
                o = mem.find(b'RSD PTR ', o + 1)
        finally:
            mem.close()
    return None


def dump_dir(workdir):
    """Somewhere with room for a RAM dump: tmpfs if it is big enough."""
    try:
        st = os.statvfs('/dev/shm')
        if st.f_bavail * st.f_frsize > 2 * RAM_SIZE and \
                os.access('/dev/shm', os.W_OK):
            return '/dev/shm'
    except OSError:
        pass
    return workdir


def run(outdir, timeout, qemu_args):
    os.makedirs(outdir, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix='qemu-acpi-', dir=dump_dir(outdir))
    sock = os.path.join(tmp, 'qmp.sock')
    ram = os.path.join(tmp, 'ram.bin')
    console = open(os.path.join(outdir, 'console.log'), 'wb')
    deadline = time.time() + timeout
    proc = subprocess.Popen(
        ['qemu-system-aarch64'] + qemu_args +
        ['-qmp', 'unix:%s,server,nowait' % sock],
        stdin=subprocess.DEVNULL, stdout=console, stderr=subprocess.STDOUT)
    try:
        qmp = Qmp(sock, proc, deadline)
        prev, polls = None, 0
        while True:
            time.sleep(1)
            if proc.poll() is not None:
                raise QemuError('QEMU exited with status %d' %
                                proc.returncode)
            if time.time() > deadline:
                raise QemuError(
                    'no complete ACPI tables in guest RAM after %g s '
                    '(%d dumps; the last one %s)' %
                    (timeout, polls, 'had none' if prev is None else
                     'had some, not yet confirmed by a second dump'))
            # Stopped, the dump is consistent and the scan gets the CPUs.
            qmp.cmd('stop')
            qmp.cmd('pmemsave', val=RAM_BASE, size=RAM_SIZE, filename=ram)
            polls += 1
            found = scan(ram)
            if found and prev and found[0] == prev[0]:
                break
            prev = found
            qmp.cmd('cont')
    finally:
        proc.kill()
        proc.wait()
        console.close()
        shutil.rmtree(tmp, ignore_errors=True)
    tables, addrs = found
    for sig, d in tables.items():
        with open(os.path.join(outdir, sig + '.dat'), 'wb') as f:
            f.write(d)
    with open(os.path.join(outdir, 'ADDRS'), 'w') as f:
        for sig, a in sorted(addrs.items(), key=lambda x: x[1]):
            f.write('%s %#x\n' % (sig, a))
        f.write('# %d RAM dumps\n' % polls)


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    # Killed (e.g. by timeout(1)): still take QEMU down, in run()'s finally.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit('qemu-tables: killed'))
    try:
        run(argv[1], float(argv[2]), argv[3:])
    except (QemuError, OSError) as e:
        print('qemu-tables: %s' % e, file=sys.stderr)
        try:        # QEMU's own complaint, if it had one
            with open(os.path.join(argv[1], 'console.log'), 'rb') as f:
                tail = f.read().decode('latin1').strip().splitlines()[-3:]
            for line in tail:
                print('qemu-tables: console: %s' % line[:200],
                      file=sys.stderr)
        except OSError:
            pass
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
