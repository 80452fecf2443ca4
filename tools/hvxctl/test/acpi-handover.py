#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Checks what 'hvxctl run --acpi' left in the fake VM's guest RAM.

acpi-handover.py STUB_DTB DUMP_DIR --mem-mib N --cpus N [--same-as DIR]

DUMP_DIR holds what hvxctl wrote, a file per write named by its guest
address in hex (fake-vm.c). From the stub tree's /chosen linux,uefi-*
properties: the EFI system table (signature, revision 2.70, header CRC32,
no services, the ACPI 2.0 and RT properties configuration tables), the
memory map (every page of RAM once, in order, write-back; the system
table and map reserved, the tables ACPI reclaim), the RSDP and every
table's checksum, the MADT's GICC count. With --same-as, every table in
DIR is in guest RAM byte for byte (the FADT but its DSDT/FACS pointers
and checksum). Prints "ok ..." or the first problem, exit 1.
"""
import argparse
import os
import struct
import subprocess
import sys
import zlib

RAM_BASE = 0x40000000
ACPI_20 = bytes.fromhex("71e86888f1e4d311bc220080c73c8881")
RT_PROPS = bytes.fromhex("8a9166ebef7e2a40842e931d21c38ae9")
EFI_RESERVED, EFI_LOADER_CODE, EFI_ACPI_RECLAIM = 0, 1, 9


class Problem(Exception):
    pass


def need(ok, what):
    if not ok:
        raise Problem(what)


class Ram:
    def __init__(self, folder):
        self.parts = []
        for name in os.listdir(folder):
            with open(os.path.join(folder, name), "rb") as f:
                self.parts.append((int(name.split(".")[0], 16), f.read()))

    def read(self, addr, n):
        for base, data in self.parts:
            if base <= addr and addr + n <= base + len(data):
                return data[addr - base:addr - base + n]
        raise Problem("nothing written at 0x%x (%d bytes)" % (addr, n))

    def u(self, addr, n):
        return int.from_bytes(self.read(addr, n), "little")


def chosen(dtb, prop):
    out = subprocess.run(["fdtget", "-t", "x", dtb, "/chosen", prop],
                         capture_output=True, text=True, check=False)
    need(out.returncode == 0, "no /chosen %s in the stub tree" % prop)
    val = 0
    for word in out.stdout.split():
        val = val << 32 | int(word, 16)
    return val


def check_systab(ram, st):
    need(ram.read(st, 8) == b"IBI SYST", "no EFI system table signature")
    hdr = bytearray(ram.read(st, 120))
    need(struct.unpack_from("<II", hdr, 8) == ((2 << 16) | 70, 120),
         "system table revision/size")
    crc = struct.unpack_from("<I", hdr, 16)[0]
    hdr[16:20] = b"\0\0\0\0"
    need(zlib.crc32(bytes(hdr)) == crc, "system table header CRC32")
    need(not any(struct.unpack_from("<8Q", hdr, 40)),
         "console, boot or runtime services in the system table")
    nr, tables = struct.unpack_from("<QQ", hdr, 104)
    cfg = {ram.read(tables + 24 * i, 16): ram.u(tables + 24 * i + 16, 8)
           for i in range(nr)}
    need(ACPI_20 in cfg and RT_PROPS in cfg, "configuration tables")
    need(ram.read(cfg[RT_PROPS], 8) == struct.pack("<HHI", 1, 8, 0),
         "RT properties: runtime services supported")
    return cfg[ACPI_20]


def check_mmap(ram, start, size, desc, mem):
    need(desc >= 40 and size and size % desc == 0, "map size/desc size")
    at, types = RAM_BASE, []
    for i in range(size // desc):
        typ, _, phys, _, pages, attr = struct.unpack(
            "<IIQQQQ", ram.read(start + i * desc, 40))
        need(phys == at and pages and attr & 8,
             "map entry %d: 0x%x, %d pages, attr 0x%x" % (i, phys, pages, attr))
        types.append((phys, phys + pages * 4096, typ))
        at = phys + pages * 4096
    need(at == RAM_BASE + (mem << 20), "the map ends at 0x%x" % at)
    return types


def type_of(types, addr, n):
    for lo, hi, typ in types:
        if lo <= addr and addr + n <= hi:
            return typ
    raise Problem("0x%x not in one map entry" % addr)


def tables_of(ram, rsdp):
    need(ram.read(rsdp, 8) == b"RSD PTR " and sum(ram.read(rsdp, 20)) % 256 == 0
         and sum(ram.read(rsdp, 36)) % 256 == 0, "RSDP checksums")
    xsdt = ram.u(rsdp + 24, 8)
    tabs = {"XSDT": xsdt}
    for i in range((ram.u(xsdt + 4, 4) - 36) // 8):
        t = ram.u(xsdt + 36 + 8 * i, 8)
        tabs[ram.read(t, 4).decode()] = t
    tabs["DSDT"] = ram.u(tabs["FACP"] + 140, 8)
    for sig, t in tabs.items():
        need(sum(ram.read(t, ram.u(t + 4, 4))) % 256 == 0,
             "%s checksum" % sig)
    return tabs


def same_as(ram, tabs, folder):
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), "rb") as f:
            want = bytearray(f.read())
        sig = want[:4].decode(errors="replace")
        if want[:8] == b"RSD PTR " or sig == "XSDT":
            continue
        need(sig in tabs, "%s: not in the XSDT" % name)
        got = bytearray(ram.read(tabs[sig], len(want)))
        if sig == "FACP":
            for b in (want, got):
                b[9] = 0
                b[36:44] = bytes(8)
                b[132:148] = bytes(16)
        need(got == want, "%s differs from the table in guest RAM" % name)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dtb")
    ap.add_argument("dump")
    ap.add_argument("--mem-mib", type=int, required=True)
    ap.add_argument("--cpus", type=int, required=True)
    ap.add_argument("--same-as")
    a = ap.parse_args()
    try:
        ram = Ram(a.dump)
        st = chosen(a.dtb, "linux,uefi-system-table")
        mm = chosen(a.dtb, "linux,uefi-mmap-start")
        size = chosen(a.dtb, "linux,uefi-mmap-size")
        desc = chosen(a.dtb, "linux,uefi-mmap-desc-size")
        need(chosen(a.dtb, "linux,uefi-mmap-desc-ver") == 1, "desc version")
        rsdp = check_systab(ram, st)
        types = check_mmap(ram, mm, size, desc, a.mem_mib)
        need(type_of(types, st, 120) == EFI_RESERVED, "system table not reserved")
        need(type_of(types, mm, size) == EFI_RESERVED, "memory map not reserved")
        tabs = tables_of(ram, rsdp)
        for sig, t in tabs.items():
            need(type_of(types, t, ram.u(t + 4, 4)) == EFI_ACPI_RECLAIM,
                 "%s not in ACPI reclaim memory" % sig)
        madt, gicc, off = tabs["APIC"], 0, 44
        while off < ram.u(madt + 4, 4):
            typ, ln = ram.read(madt + off, 2)
            gicc += typ == 0x0b
            off += ln or 1
        need(gicc == a.cpus, "MADT: %d GICCs, %d vCPUs" % (gicc, a.cpus))
        if a.same_as:
            same_as(ram, tabs, a.same_as)
    except Problem as e:
        print("problem: %s" % e)
        return 1
    print("ok: %d tables, %d map entries, RSDP at 0x%x" %
          (len(tabs), size // desc, rsdp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
