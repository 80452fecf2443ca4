#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Host-side tests of hvx-acpi-bind (make acpi-bind-test, part of make
# host-check): crafted OEMB tables against a fake sysfs (platform devices
# with driver_override files, driver folders, a drivers_probe file). Bad
# tables (truncated, lengths that disagree, bad checksum, entries past the
# end, a count whose 32-bit product with the entry size wraps, IDs and
# driver names that are not safe in a sysfs path) are refused with exit 1
# and nothing written; good ones bind, skip or report as the entries say.
# The binding itself, which needs a kernel, is tested in the test VM
# (selftests/hvx_acpi_boot.sh). TAP on stdout; exits 1 on a failure.
#
#   test.py HVX_ACPI_BIND
import os
import shutil
import struct
import subprocess
import sys
import tempfile

tool = sys.argv[1]
tmp = tempfile.mkdtemp(prefix="acpi-bind-test.")
n = 0
failed = 0


def tap(ok, name, detail=""):
    global n, failed
    n += 1
    if ok:
        print(f"ok {n} {name}")
    else:
        failed += 1
        print(f"not ok {n} {name}")
        for line in detail.splitlines():
            print(f"# {line}")


def entry(hid, bind, driver, size=48):
    e = hid.ljust(8, b"\0")[:8] + bind.ljust(8, b"\0")[:8] + \
        driver.ljust(32, b"\0")[:32]
    return e.ljust(size, b"\xee")


def table(entries, count=None, size=48, sig=b"OEMB", rev=1, length=None,
          fix_sum=True, extra=b""):
    body = struct.pack("<II", len(entries) if count is None else count,
                       size) + b"".join(entries) + extra
    total = 36 + len(body)
    hdr = sig + struct.pack("<IBB", total if length is None else length,
                            rev, 0) + b"HVX   " + b"HVXOEMB " + \
        struct.pack("<I", 1) + b"HVX " + struct.pack("<I", 1)
    t = bytearray(hdr + body)
    if fix_sum:
        t[9] = (-sum(t)) & 0xff
    return bytes(t)


def sysfs(devices=("VNDR0042:00", "VNDR0042:01", "VNDR00420:00",
                   "XVNDR0042:00", "ARMH0011:00"),
          drivers=("sbsa-uart", "other")):
    """A fake /sys: each device with an empty driver_override."""
    root = tempfile.mkdtemp(dir=tmp)
    plat = os.path.join(root, "bus/platform")
    os.makedirs(os.path.join(plat, "devices"))
    for d in drivers:
        os.makedirs(os.path.join(plat, "drivers", d))
    for d in devices:
        dev = os.path.join(plat, "devices", d)
        os.makedirs(dev)
        open(os.path.join(dev, "driver_override"), "w").close()
    open(os.path.join(plat, "drivers_probe"), "w").close()
    os.makedirs(os.path.join(root, "firmware/acpi/tables"))
    return root


def override(root, dev):
    with open(os.path.join(root, "bus/platform/devices", dev,
                           "driver_override")) as f:
        return f.read()


def probed(root):
    with open(os.path.join(root, "bus/platform/drivers_probe")) as f:
        return f.read()


def untouched(root):
    devs = os.listdir(os.path.join(root, "bus/platform/devices"))
    return probed(root) == "" and all(override(root, d) == "" for d in devs)


def run(root, *args, tbl=None):
    cmd = [tool, "--sysfs", root]
    if tbl is not None:
        path = os.path.join(root, "firmware/acpi/tables/OEMB")
        with open(path, "wb") as f:
            f.write(tbl)
    p = subprocess.run(cmd + list(args), capture_output=True, text=True,
                       timeout=30)
    return p.returncode, p.stdout, p.stderr


def show(rc, out, err):
    return f"status {rc}\nstdout:\n{out}stderr:\n{err}"


print("TAP version 13")

# --- the command line ---------------------------------------------------
p = subprocess.run([tool, "--help"], capture_output=True, text=True)
tap(p.returncode == 0 and "usage: hvx-acpi-bind" in p.stdout and
    "--dry-run" in p.stdout, "--help: usage on stdout, exit 0",
    show(p.returncode, p.stdout, p.stderr))
for args in (["--bogus"], ["extra"], ["--table"]):
    p = subprocess.run([tool] + args, capture_output=True, text=True)
    tap(p.returncode == 2 and "usage:" in p.stderr,
        f"{' '.join(args)}: usage error, exit 2",
        show(p.returncode, p.stdout, p.stderr))

root = sysfs()
rc, out, err = run(root)
tap(rc == 0 and "nothing to bind: no OEMB table" in out and untouched(root),
    "no OEMB table in sysfs: nothing to bind, exit 0", show(rc, out, err))
rc, out, err = run(root, "--table", os.path.join(tmp, "none"))
tap(rc == 1 and "No such file" in err, "--table FILE that is not there: exit 1",
    show(rc, out, err))

# --- good tables --------------------------------------------------------
uart = entry(b"VNDR0042", b"ARMH0011", b"sbsa-uart")
good = table([uart])

root = sysfs()
rc, out, err = run(root, "--dry-run", tbl=good)
want = ["would bind VNDR0042:00 to sbsa-uart (as ARMH0011)",
        "would bind VNDR0042:01 to sbsa-uart (as ARMH0011)"]
tap(rc == 0 and out.splitlines() == want and untouched(root),
    "--dry-run: one line for each of VNDR0042:00 and :01 (not VNDR00420:00, "
    "XVNDR0042:00), nothing written", show(rc, out, err))

# Without a kernel nothing binds: the override and the probe are written,
# and the tool sees that no driver link came.
rc, out, err = run(root, tbl=good)
tap(rc == 1 and override(root, "VNDR0042:00") == "sbsa-uart" and
    override(root, "VNDR0042:01") == "sbsa-uart" and
    override(root, "VNDR00420:00") == "" and
    override(root, "XVNDR0042:00") == "" and
    probed(root) == "VNDR0042:01" and
    "not bound VNDR0042:00: sbsa-uart did not take it (driver: none)" in out,
    "binding: driver_override set, drivers_probe written; no driver link "
    "after it: not bound, exit 1", show(rc, out, err))

root = sysfs()
for d in ("VNDR0042:00", "VNDR0042:01"):
    os.symlink("../../../../bus/platform/drivers/sbsa-uart",
               os.path.join(root, "bus/platform/devices", d, "driver"))
rc, out, err = run(root, tbl=good)
tap(rc == 0 and "VNDR0042:00 already bound to sbsa-uart (as ARMH0011)" in out
    and untouched(root), "already bound to the driver: said, exit 0, "
    "nothing written", show(rc, out, err))

root = sysfs()
os.symlink("../../../../bus/platform/drivers/other",
           os.path.join(root, "bus/platform/devices/VNDR0042:01/driver"))
rc, out, err = run(root, tbl=good)
tap(rc == 1 and "not bound VNDR0042:01: it is bound to other, not sbsa-uart"
    in out and override(root, "VNDR0042:01") == "",
    "bound to another driver: left alone, not bound, exit 1",
    show(rc, out, err))

root = sysfs(drivers=("other",))
rc, out, err = run(root, tbl=good)
tap(rc == 1 and "no driver sbsa-uart in the kernel" in out and
    probed(root) == "", "a driver the kernel does not have: not bound, "
    "exit 1", show(rc, out, err))

root = sysfs()
rc, out, err = run(root, tbl=table([entry(b"VNDR0042", b"ARMH0011", b"")]))
tap(rc == 0 and "skipped VNDR0042:00: the table gives no driver (as ARMH0011)"
    in out and untouched(root), "an entry without a driver: skipped, exit 0",
    show(rc, out, err))

root = sysfs()
rc, out, err = run(root, tbl=table([entry(b"PNP0501", b"ARMH0011",
                                          b"sbsa-uart")]))
tap(rc == 0 and out.startswith("no device PNP0501:NN") and untouched(root),
    "an entry whose device is not there (7-char PNP ID): said, exit 0",
    show(rc, out, err))

root = sysfs()
rc, out, err = run(root, tbl=table([]))
tap(rc == 0 and "nothing to bind: the OEMB table has no entries" in out,
    "no entries: nothing to bind, exit 0", show(rc, out, err))

root = sysfs(devices=("VNDR0042:00", "ABCD0001:00"))
rc, out, err = run(root, "--dry-run",
                   tbl=table([entry(b"VNDR0042", b"ARMH0011", b"sbsa-uart",
                                    64),
                              entry(b"ABCD0001", b"LNRO0005", b"other", 64)],
                             size=64))
tap(rc == 0 and out.splitlines() ==
    ["would bind VNDR0042:00 to sbsa-uart (as ARMH0011)",
     "would bind ABCD0001:00 to other (as LNRO0005)"],
    "entry size 64: stepped by it, the bytes past the known fields skipped",
    show(rc, out, err))

p = os.path.join(tmp, "given")
with open(p, "wb") as f:
    f.write(good)
root = sysfs()
rc, out, err = run(root, "--dry-run", "--table", p)
tap(rc == 0 and "would bind VNDR0042:00" in out, "--table FILE: read from it",
    show(rc, out, err))

# --- bad tables: exit 1, a message, nothing written ----------------------
bad = [
    ("shorter than a header", good[:20], "shorter than an ACPI header"),
    ("truncated (header says more than the file)", good[:60], "truncated"),
    ("longer than its header says", table([uart], extra=b"\0" * 4,
                                          length=36 + 8 + 48),
     "bad length"),
    ("shorter than the OEMB header", table([], length=40)[:40],
     "shorter than the OEMB header"),
    ("signature not OEMB", table([uart], sig=b"SSDT"), "is not OEMB"),
    ("bad checksum", table([uart], fix_sum=False), "bad checksum"),
    ("revision 0", table([uart], rev=0), "unknown revision"),
    ("entry size below 48", table([uart[:40]], size=40),
     "entry size 40 is less than 48"),
    ("count past the end", table([uart], count=2), "do not fit"),
    # 0x04000000 * 64 = 2^32: 0 in 32 bits, a check there would pass it
    ("count * entry size wrapping 32 bits",
     table([entry(b"VNDR0042", b"ARMH0011", b"sbsa-uart", 64)],
           count=0x04000000, size=64), "do not fit"),
    ("count and entry size 0xffffffff",
     table([uart], count=0xffffffff, size=0xffffffff), "do not fit"),
    ("driver name with '/'",
     table([entry(b"VNDR0042", b"ARMH0011", b"../../../../tmp/x")]),
     "bad ID, bind ID or driver name"),
    ("driver name '..'", table([entry(b"VNDR0042", b"ARMH0011", b"..")]),
     "bad ID, bind ID or driver name"),
    ("driver name with a blank",
     table([entry(b"VNDR0042", b"ARMH0011", b"sbsa uart")]),
     "bad ID, bind ID or driver name"),
    ("ID with '/'", table([entry(b"VNDR/042", b"ARMH0011", b"sbsa-uart")]),
     "bad ID, bind ID or driver name"),
    ("ID in lower case",
     table([entry(b"vndr0042", b"ARMH0011", b"sbsa-uart")]),
     "bad ID, bind ID or driver name"),
    ("empty ID", table([entry(b"", b"ARMH0011", b"sbsa-uart")]),
     "bad ID, bind ID or driver name"),
    ("a char after a field's NUL",
     table([entry(b"VNDR0042", b"ARMH\x0011", b"sbsa-uart")]),
     "bad ID, bind ID or driver name"),
    ("one bad entry after a good one", table([uart, entry(
        b"VNDR0042", b"ARMH0011", b"a/b")]), "entry 1: bad"),
    ("larger than 1 MiB", table([uart] * 22000), "larger than 1 MiB"),
]
for name, tbl, msg in bad:
    for args in ((), ("--dry-run",)):
        root = sysfs()
        rc, out, err = run(root, *args, tbl=tbl)
        tap(rc == 1 and msg in err and untouched(root) and
            "bind" not in out, f"bad table, {name}{' (--dry-run)' if args else ''}: "
            f"refused, exit 1 ({err.strip().split('OEMB: ', 1)[-1][:90]})", show(rc, out, err))

shutil.rmtree(tmp)
print(f"1..{n}")
sys.exit(1 if failed else 0)
