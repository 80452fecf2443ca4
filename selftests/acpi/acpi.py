# SPDX-License-Identifier: GPL-2.0
"""Decoders for the ACPI tables acpi-gen writes (and QEMU builds).

Each decoder returns a dict of named fields, so tests can compare a table
against the DT, or against QEMU's table for the same machine.
"""
import os
import struct


def u8(d, o):
    return d[o]


def u16(d, o):
    return struct.unpack_from('<H', d, o)[0]


def u32(d, o):
    return struct.unpack_from('<I', d, o)[0]


def u64(d, o):
    return struct.unpack_from('<Q', d, o)[0]


def checksum_ok(d):
    return sum(d) % 256 == 0


def header(d):
    return {
        'signature': d[0:4].decode('latin1'),
        'length': u32(d, 4),
        'revision': d[8],
        'oem_id': d[10:16].decode('latin1'),
        'oem_table_id': d[16:24].decode('latin1'),
    }


def gas(d, o):
    return {'space': d[o], 'bits': d[o + 1], 'offset': d[o + 2],
            'access': d[o + 3], 'address': u64(d, o + 4)}


def rsdp(d):
    return {'signature': d[0:8], 'revision': d[15],
            'checksum_ok': sum(d[:20]) % 256 == 0,
            'ext_checksum_ok': sum(d[:36]) % 256 == 0,
            'length': u32(d, 20), 'xsdt': u64(d, 24), 'rsdt': u32(d, 16)}


def xsdt(d):
    n = (u32(d, 4) - 36) // 8
    return {'entries': [u64(d, 36 + 8 * i) for i in range(n)]}


def fadt(d):
    return {'flags': u32(d, 112), 'arm_boot_arch': u16(d, 129),
            'minor': d[131], 'x_dsdt': u64(d, 140), 'dsdt': u32(d, 40),
            'hw_reduced': bool(u32(d, 112) & (1 << 20))}


def madt(d):
    out = {'gicc': [], 'gicd': [], 'gicr': [], 'its': [], 'msi': []}
    o = 44
    while o + 2 <= len(d):
        t, ln = d[o], d[o + 1]
        if ln == 0:
            break
        if t == 0x0b:
            out['gicc'].append({
                'cpu_if': u32(d, o + 4), 'uid': u32(d, o + 8),
                'flags': u32(d, o + 12), 'perf_gsiv': u32(d, o + 20),
                'base': u64(d, o + 32), 'gicv': u64(d, o + 40),
                'gich': u64(d, o + 48), 'vgic_maint': u32(d, o + 56),
                'gicr': u64(d, o + 60), 'mpidr': u64(d, o + 68)})
        elif t == 0x0c:
            out['gicd'].append({'base': u64(d, o + 8), 'version': d[o + 20]})
        elif t == 0x0e:
            out['gicr'].append({'base': u64(d, o + 4),
                                'length': u32(d, o + 12)})
        elif t == 0x0f:
            out['its'].append({'id': u32(d, o + 4), 'base': u64(d, o + 8)})
        elif t == 0x0d:
            out['msi'].append({'id': u32(d, o + 4), 'base': u64(d, o + 8),
                               'flags': u32(d, o + 16),
                               'spi_count': u16(d, o + 20),
                               'spi_base': u16(d, o + 22)})
        o += ln
    return out


def gtdt(d):
    names = ['sec_el1', 'el1', 'virt', 'el2']
    out = {'cnt_ctl_base': u64(d, 36), 'cnt_read_base': u64(d, 80),
           'timer_count': u32(d, 88), 'timer_offset': u32(d, 92)}
    for i, n in enumerate(names):
        out[n] = u32(d, 48 + 8 * i)
        out[n + '_flags'] = u32(d, 52 + 8 * i)
    if d[8] >= 3 and len(d) >= 104:
        out['el2_virt'] = u32(d, 96)
        out['el2_virt_flags'] = u32(d, 100)
    wd, blocks = [], []
    o = out['timer_offset']
    for _ in range(out['timer_count']):
        t, ln = d[o], u16(d, o + 1)
        if t == 1:
            wd.append({'refresh': u64(d, o + 4), 'control': u64(d, o + 12),
                       'gsiv': u32(d, o + 20), 'flags': u32(d, o + 24)})
        elif t == 0:
            blocks.append({'base': u64(d, o + 4), 'count': u32(d, o + 12)})
        o += ln
    out['watchdogs'] = wd
    out['blocks'] = blocks
    return out


def spcr(d):
    return {'type': d[36], 'base': gas(d, 40), 'irq_type': d[52],
            'gsi': u32(d, 54), 'baud': d[58], 'parity': d[59],
            'stop_bits': d[60], 'flow': d[61], 'terminal': d[62]}


def dbg2(d):
    off, n = u32(d, 36), u32(d, 40)
    devs = []
    for _ in range(n):
        ln, nregs = u16(d, off + 1), d[off + 3]
        plen, poff = u16(d, off + 4), u16(d, off + 6)
        boff, soff = u16(d, off + 18), u16(d, off + 20)
        devs.append({
            'port_type': u16(d, off + 12), 'subtype': u16(d, off + 14),
            'regs': [gas(d, off + boff + 12 * i) for i in range(nregs)],
            'sizes': [u32(d, off + soff + 4 * i) for i in range(nregs)],
            'path': d[off + poff:off + poff + plen].rstrip(b'\0').decode()})
        off += ln
    return {'devices': devs}


def mcfg(d):
    out = []
    for o in range(44, u32(d, 4), 16):
        out.append({'base': u64(d, o), 'segment': u16(d, o + 8),
                    'start': d[o + 10], 'end': d[o + 11]})
    return {'entries': out}


def iort(d):
    n, o = u32(d, 36), u32(d, 40)
    nodes = {}
    for _ in range(n):
        t, ln = d[o], u16(d, o + 1)
        nmap, moff = u32(d, o + 8), u32(d, o + 12)
        node = {'type': t, 'offset': o, 'maps': []}
        for i in range(nmap):
            m = o + moff + 20 * i
            node['maps'].append({'input': u32(d, m), 'count': u32(d, m + 4),
                                 'output': u32(d, m + 8),
                                 'ref': u32(d, m + 12),
                                 'flags': u32(d, m + 16)})
        if t == 0:
            cnt = u32(d, o + 16)
            node['its_ids'] = [u32(d, o + 20 + 4 * i) for i in range(cnt)]
        elif t == 2:
            node['cca'] = u32(d, o + 16)
            node['segment'] = u32(d, o + 28)
        nodes[o] = node
        o += ln
    return {'nodes': nodes}


def pptt(d):
    nodes = {}
    o = 36
    while o + 2 <= len(d):
        t, ln = d[o], d[o + 1]
        if ln == 0:
            break
        if t == 0:
            nodes[o] = {'flags': u32(d, o + 4), 'parent': u32(d, o + 8),
                        'acpi_id': u32(d, o + 12)}
        o += ln
    return {'nodes': nodes}


DECODERS = {'FACP': fadt, 'APIC': madt, 'GTDT': gtdt, 'SPCR': spcr,
            'DBG2': dbg2, 'MCFG': mcfg, 'IORT': iort, 'PPTT': pptt,
            'XSDT': xsdt}


def load_dir(path):
    """{signature: bytes} of the SIG.dat files in a directory."""
    out = {}
    for f in sorted(os.listdir(path)):
        if f.endswith('.dat'):
            out[f[:-4]] = open(os.path.join(path, f), 'rb').read()
    return out
