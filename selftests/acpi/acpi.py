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


# --- DSDT: a small AML reader -------------------------------------------
#
# Enough of AML to list the devices of a DSDT with the objects that
# describe them (_HID, _CID, _UID, _CCA, _CRS, _PRS, _PRT, ...) when they
# are declared with Name(): Scope, Device, Name with any data object, and
# the named objects that have a length to skip (Method, Field, If, ...).
# Anything else ends the walk of the enclosing Device or Scope, whose
# length is known; that is counted in 'skipped' rather than guessed.

class AmlError(Exception):
    pass


def pkg_length(d, o):
    """(length, offset after the PkgLength encoding); length counts from o."""
    b = d[o]
    n = b >> 6
    if n == 0:
        return b & 0x3f, o + 1
    ln = b & 0x0f
    for i in range(n):
        ln |= d[o + 1 + i] << (4 + 8 * i)
    return ln, o + 1 + n


def name_string(d, o):
    """(name, offset after): '\\_SB_.PCI0', '^^FOO_', 'COM0' or ''."""
    prefix = ''
    while d[o] in (0x5c, 0x5e):
        prefix += chr(d[o])
        o += 1
    if d[o] == 0x00:
        return prefix, o + 1
    if d[o] == 0x2e:
        count, o = 2, o + 1
    elif d[o] == 0x2f:
        count, o = d[o + 1], o + 2
    else:
        count = 1
    segs = []
    for _ in range(count):
        seg = d[o:o + 4].decode('latin1')
        if len(seg) != 4 or not all(c.isalnum() or c == '_' for c in seg):
            raise AmlError('bad name segment at %#x' % o)
        segs.append(seg)
        o += 4
    return prefix + '.'.join(segs), o


def eisa_id(v):
    """The 7-character PNP ID EisaId() encodes, e.g. 'PNP0A08'."""
    v = struct.unpack('>I', struct.pack('<I', v))[0]
    return '%c%c%c%04X' % (0x40 + ((v >> 26) & 0x1f), 0x40 + ((v >> 21) & 0x1f),
                           0x40 + ((v >> 16) & 0x1f), v & 0xffff)


def data_object(d, o):
    """(value, offset after) for a DataRefObject or a name in a package:
    int, str, ('buffer', bytes), list (package) or ('name', str)."""
    op = d[o]
    if op in (0x00, 0x01):
        return op, o + 1
    if op == 0xff:
        return 0xffffffffffffffff, o + 1
    if op in (0x0a, 0x0b, 0x0c, 0x0e):
        n = {0x0a: 1, 0x0b: 2, 0x0c: 4, 0x0e: 8}[op]
        return int.from_bytes(d[o + 1:o + 1 + n], 'little'), o + 1 + n
    if op == 0x0d:
        end = d.index(b'\0', o + 1)
        return d[o + 1:end].decode('latin1'), end + 1
    if op == 0x11:
        ln, p = pkg_length(d, o + 1)
        size, p = data_object(d, p)
        return ('buffer', bytes(d[p:o + 1 + ln][:size])), o + 1 + ln
    if op in (0x12, 0x13):
        ln, p = pkg_length(d, o + 1)
        end = o + 1 + ln
        if op == 0x12:
            p += 1
        else:
            _, p = data_object(d, p)
        out = []
        while p < end:
            v, p = data_object(d, p)
            out.append(v)
        return out, end
    if op in (0x5c, 0x5e, 0x2e, 0x2f, 0x5f) or 0x41 <= op <= 0x5a:
        name, p = name_string(d, o)
        return ('name', name), p
    raise AmlError('data object opcode %#x at %#x' % (op, o))


def join_path(scope, name):
    if name.startswith('\\'):
        return name
    while name.startswith('^'):
        scope = scope.rsplit('.', 1)[0] if '.' in scope else '\\'
        name = name[1:]
    return scope + name if scope.endswith('\\') else scope + '.' + name


# Opcodes with a PkgLength right after them, skipped whole: Method, If,
# Else, While; and (after 0x5b) Field, IndexField, BankField,
# PowerResource, ThermalZone, Processor.
SKIP_PKG = {0x14, 0xa0, 0xa1, 0xa2}
SKIP_PKG_EXT = {0x81, 0x86, 0x87, 0x84, 0x85, 0x83}


def aml_walk(d, o, end, scope, out):
    """Walk a TermList from o to end in scope; fill out['devices'] and
    out['names'] (path -> value)."""
    while o < end:
        op = d[o]
        if op == 0x10:                          # Scope
            ln, p = pkg_length(d, o + 1)
            name, p = name_string(d, p)
            aml_walk(d, p, o + 1 + ln, join_path(scope, name), out)
            o += 1 + ln
        elif op == 0x5b and d[o + 1] == 0x82:   # Device
            ln, p = pkg_length(d, o + 2)
            name, p = name_string(d, p)
            path = join_path(scope, name)
            out['devices'].append(path)
            aml_walk(d, p, o + 2 + ln, path, out)
            o += 2 + ln
        elif op == 0x08:                        # Name
            name, p = name_string(d, o + 1)
            v, o = data_object(d, p)
            out['names'][join_path(scope, name)] = v
        elif op in SKIP_PKG:
            ln, _ = pkg_length(d, o + 1)
            o += 1 + ln
        elif op == 0x5b and d[o + 1] in SKIP_PKG_EXT:
            ln, _ = pkg_length(d, o + 2)
            o += 2 + ln
        elif op == 0x5b and d[o + 1] == 0x80:   # OperationRegion
            _, p = name_string(d, o + 2)
            _, p = data_object(d, p + 1)
            _, o = data_object(d, p)
        elif op == 0x5b and d[o + 1] == 0x01:   # Mutex
            _, p = name_string(d, o + 2)
            o = p + 1
        else:
            out['skipped'].append('%s: opcode %#x at %#x' % (scope, op, o))
            return


def resources(buf):
    """Decode a resource template (the bytes of a _CRS/_PRS buffer)."""
    out, o = [], 0
    while o < len(buf):
        b = buf[o]
        if not b & 0x80:                        # small item
            t, ln = (b >> 3) & 0x0f, b & 7
            if t == 0x0f:                       # End Tag
                break
            if t == 0x08:
                out.append({'kind': 'io', 'min': u16(buf, o + 2),
                            'max': u16(buf, o + 4), 'len': buf[o + 7]})
            else:
                out.append({'kind': 'small-%#x' % t})
            o += 1 + ln
            continue
        t, ln = b & 0x7f, u16(buf, o + 1)
        p = o + 3
        if t == 0x06:                           # Memory32Fixed
            out.append({'kind': 'mem', 'base': u32(buf, p + 1),
                        'len': u32(buf, p + 5)})
        elif t == 0x05:                         # Memory32
            out.append({'kind': 'mem', 'base': u32(buf, p + 1),
                        'len': u32(buf, p + 13)})
        elif t == 0x09:                         # Extended Interrupt
            fl, n = buf[p], buf[p + 1]
            out.append({'kind': 'irq', 'edge': bool(fl & 2),
                        'low': bool(fl & 4),
                        'gsis': [u32(buf, p + 2 + 4 * i) for i in range(n)]})
        elif t in (0x07, 0x08, 0x0a):           # DWord, Word, QWord space
            w = {0x07: 4, 0x08: 2, 0x0a: 8}[t]
            f = {4: u32, 2: u16, 8: u64}[w]
            v = [f(buf, p + 3 + w * i) for i in range(5)]
            out.append({'kind': {0: 'mem', 1: 'io', 2: 'bus'}.get(
                buf[p], 'space-%d' % buf[p]) + '-window',
                'min': v[1], 'max': v[2], 'offset': v[3], 'len': v[4]})
        else:
            out.append({'kind': 'large-%#x' % t})
        o = p + ln
    return out


def dsdt(d):
    """{'devices': {path: {'hid', 'cid', 'uid', 'cca', 'seg', 'bbn', 'crs',
    'prs', 'prt', 'compatible'}}, 'skipped': [...]} for a DSDT (or SSDT);
    each key only when the device has the object ('compatible': the
    _DSD device property).  IDs are strings
    ('PNP0A08' whether written as a string or an EisaId), resources as
    resources() returns them; _PRT is a list of (address, pin, source,
    index) with source '' or the link device's path."""
    raw = {'devices': [], 'names': {}, 'skipped': []}
    try:
        aml_walk(d, 36, u32(d, 4), '\\', raw)
    except (AmlError, IndexError, struct.error, ValueError) as e:
        raw['skipped'].append('decoding stopped: %s' % e)
    names = raw['names']

    def hid(v):
        return eisa_id(v) if isinstance(v, int) else v

    devs = {}
    for path in raw['devices']:
        dev = {}
        if path + '._HID' in names:
            dev['hid'] = hid(names[path + '._HID'])
        cid = names.get(path + '._CID')
        if cid is not None:
            dev['cid'] = [hid(x) for x in
                          (cid if isinstance(cid, list) else [cid])]
        for n in ('UID', 'CCA', 'SEG', 'BBN'):
            if path + '._' + n in names:
                dev[n.lower()] = names[path + '._' + n]
        for n in ('CRS', 'PRS'):
            v = names.get(path + '._' + n)
            if isinstance(v, tuple) and v[0] == 'buffer':
                dev[n.lower()] = resources(v[1])
        dsd = names.get(path + '._DSD')
        if isinstance(dsd, list):
            for props in dsd[1::2]:
                for kv in props if isinstance(props, list) else []:
                    if isinstance(kv, list) and len(kv) == 2 and \
                            kv[0] == 'compatible':
                        dev['compatible'] = kv[1] if isinstance(
                            kv[1], list) else [kv[1]]
        prt = names.get(path + '._PRT')
        if isinstance(prt, list):
            dev['prt'] = [
                (e[0], e[1], join_path(path, e[2][1])
                 if isinstance(e[2], tuple) else '', e[3])
                for e in prt if isinstance(e, list) and len(e) == 4]
        devs[path] = dev
    return {'devices': devs, 'skipped': raw['skipped']}


DECODERS['DSDT'] = dsdt
