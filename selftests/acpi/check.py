#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Field-level checks of acpi-gen output against the DT it came from.

usage: check.py tables DTB OUTDIR      lengths, checksums, revisions
       check.py fields DTB OUTDIR      every field the DT determines
       check.py blob BLOB BASE OUTDIR  the linked image points right
       check.py corpus DIR             "tables" for every OUTDIR under DIR,
                                       one "NAME: desc: why" per failure

Prints one "PASS desc" or "FAIL desc: why" line per check; the shell
driver turns them into TAP.
"""
import os
import re
import sys

import acpi
from fdt import FDT

# Table revisions acpi-gen promises (ACPI 6.3 level).
REVISIONS = {'XSDT': 1, 'FACP': 6, 'DSDT': 2, 'APIC': 5, 'GTDT': 3,
             'SPCR': 2, 'DBG2': 0, 'MCFG': 1, 'IORT': 0, 'PPTT': 2}


class Checker:
    def __init__(self):
        self.failed = 0

    def result(self, desc, problems):
        if problems:
            self.failed += 1
            print('FAIL %s: %s' % (desc, '; '.join(problems[:5])))
        else:
            print('PASS %s' % desc)


def expect(problems, what, got, want):
    if got != want:
        problems.append('%s: got %s, want %s' % (what, fmt(got), fmt(want)))


def fmt(v):
    return hex(v) if isinstance(v, int) and not isinstance(v, bool) else repr(v)


# --- tables ---------------------------------------------------------------
def check_tables(c, dt, tables):
    for sig, d in sorted(tables.items()):
        p = []
        if sig == 'RSDP':
            r = acpi.rsdp(d)
            expect(p, 'signature', r['signature'], b'RSD PTR ')
            expect(p, 'revision', r['revision'], 2)
            expect(p, 'length', r['length'], 36)
            expect(p, 'checksum ok', r['checksum_ok'], True)
            expect(p, 'extended checksum ok', r['ext_checksum_ok'], True)
        else:
            h = acpi.header(d)
            expect(p, 'signature', h['signature'], sig)
            expect(p, 'header length', h['length'], len(d))
            expect(p, 'checksum ok', acpi.checksum_ok(d), True)
            expect(p, 'revision', h['revision'], REVISIONS.get(sig))
            if sig == 'FACP':
                expect(p, 'FADT minor', acpi.fadt(d)['minor'], 3)
        c.result('%s length, revision and checksums' % sig, p)


# --- fields ---------------------------------------------------------------
def dt_cpus(dt):
    cpus = dt.node('/cpus')
    na = cpus.u32('#address-cells', 2)
    return [n for n in cpus.children if n.string('device_type') == 'cpu'], na


def check_cpus(c, dt, t):
    p = []
    nodes, na = dt_cpus(dt)
    gicc = acpi.madt(t['APIC'])['gicc']
    expect(p, 'GICC count', len(gicc), len(nodes))
    for i, (n, g) in enumerate(zip(nodes, gicc)):
        expect(p, '%s MPIDR' % n.path, g['mpidr'],
               FDT.cells(n.u32s('reg'), na))
        expect(p, '%s UID' % n.path, g['uid'], i)
    dsdt_cpus = len(re.findall(r'"ACPI0007"', t.get('_dsl', '')))
    expect(p, 'DSDT processor devices', dsdt_cpus, len(nodes))
    c.result('MADT GICC MPIDR per CPU', p)


def check_gic(c, dt, t):
    p = []
    gic = dt.gic()
    m = acpi.madt(t['APIC'])
    regs = dt.regs(gic)
    v3 = gic.compatible('arm,gic-v3')
    expect(p, 'GICD count', len(m['gicd']), 1)
    expect(p, 'GICD base', m['gicd'][0]['base'], regs[0][0])
    expect(p, 'GIC version', m['gicd'][0]['version'], 3 if v3 else 2)
    if v3:
        nr = gic.u32('#redistributor-regions', 1)
        want = [{'base': b, 'length': s} for b, s in regs[1:1 + nr]]
        expect(p, 'GICR ranges', m['gicr'], want)
        its = [dt.regs(n)[0][0] for n in gic.children
               if n.compatible('arm,gic-v3-its') and n.enabled()]
        expect(p, 'ITS bases', [x['base'] for x in m['its']], its)
        for g in m['gicc']:
            expect(p, 'GICC base on GICv3', g['base'], 0)
    else:
        for g in m['gicc']:
            expect(p, 'GICC CPU interface', g['base'], regs[1][0])
            if len(regs) > 3:
                expect(p, 'GICH', g['gich'], regs[2][0])
                expect(p, 'GICV', g['gicv'], regs[3][0])
        v2m = [dt.regs(n)[0][0] for n in gic.children
               if n.compatible('arm,gic-v2m-frame') and n.enabled()]
        expect(p, 'MSI frames', [x['base'] for x in m['msi']], v2m)
    maint = dt.irqs(gic) if gic.prop('interrupts') else []
    if maint and maint[0]:
        for g in m['gicc']:
            expect(p, 'VGIC maintenance GSI', g['vgic_maint'], maint[0][0])
    c.result('MADT GIC distributor, redistributors, ITS/MSI frames', p)


def check_pmu(c, dt, t):
    p = []
    gicc = acpi.madt(t['APIC'])['gicc']
    pmus = [n for n in dt.root.children if n.enabled() and
            any(s == 'arm,armv8-pmuv3' or s.endswith('-pmu')
                for s in n.strings('compatible'))]
    irqs = dt.irqs(pmus[0]) if pmus else []
    if len(irqs) == 1 and irqs[0] and irqs[0][0] < 32:
        for g in gicc:
            expect(p, 'CPU %d PMU GSI' % g['uid'], g['perf_gsiv'], irqs[0][0])
    c.result('MADT GICC performance interrupt', p)


def timer_flags(irq, always_on):
    gsi, edge, low = irq
    return (1 if edge else 0) | (2 if low else 0) | (4 if always_on else 0)


def check_timer(c, dt, t):
    p = []
    g = acpi.gtdt(t['GTDT'])
    timer = (dt.find_compatible('arm,armv8-timer') or
             dt.find_compatible('arm,armv7-timer'))[0]
    irqs = dt.irqs(timer)
    aon = 'always-on' in timer.props
    for i, name in enumerate(['sec_el1', 'el1', 'virt', 'el2', 'el2_virt']):
        want = irqs[i] if i < len(irqs) else None
        expect(p, name + ' GSI', g.get(name, 0), want[0] if want else 0)
        expect(p, name + ' flags', g.get(name + '_flags', 0),
               timer_flags(want, aon) if want else 0)
    wds = [n for n in dt.find_compatible('arm,sbsa-gwdt')]
    expect(p, 'watchdog count', len(g['watchdogs']), len(wds))
    for n, w in zip(wds, g['watchdogs']):
        regs = dt.regs(n)
        expect(p, 'watchdog control', w['control'], regs[0][0])
        expect(p, 'watchdog refresh', w['refresh'], regs[1][0])
        irq = dt.irqs(n)[0]
        expect(p, 'watchdog GSI', w['gsiv'], irq[0])
    c.result('GTDT timer PPIs, flags and watchdogs', p)


def console(dt):
    ch = dt.node('/chosen')
    path = ch and (ch.string('stdout-path') or ch.string('linux,stdout-path'))
    if not path:
        return None, None
    path, _, opts = path.partition(':')
    return dt.node(path), opts


def check_console(c, dt, t):
    p = []
    n, opts = console(dt)
    if n is None or not n.enabled():
        expect(p, 'SPCR present', 'SPCR' in t, False)
        c.result('SPCR/DBG2 console from stdout-path', p)
        return
    base = dt.regs(n)[0][0]
    irq = dt.irqs(n)[0]
    s = acpi.spcr(t['SPCR'])
    want_type = 3 if n.compatible('arm,pl011') else \
        14 if n.compatible('arm,sbsa-uart') else None
    if want_type is not None:
        expect(p, 'SPCR interface type', s['type'], want_type)
    expect(p, 'SPCR base', s['base']['address'], base)
    expect(p, 'SPCR GSI', s['gsi'], irq[0])
    expect(p, 'SPCR interrupt type (GIC)', s['irq_type'], 8)
    baud = {'9600': 3, '19200': 4, '57600': 6, '115200': 7}
    want = baud.get(re.match(r'\d*', opts).group(0), 0)
    # 8250 earlycon would reprogram a 16550 for a 1.8432 MHz clock.
    if s['type'] in (0, 5, 0x12) and n.u32('clock-frequency', 0) != 1843200:
        want = 0
    expect(p, 'SPCR baud', s['baud'], want)
    d = acpi.dbg2(t['DBG2'])['devices']
    expect(p, 'DBG2 devices', len(d), 1)
    if d:
        expect(p, 'DBG2 base', d[0]['regs'][0]['address'], base)
        expect(p, 'DBG2 subtype', d[0]['subtype'], s['type'])
        m = re.search(r'Device \(%s\)(.*?)\n        \}' %
                      d[0]['path'].split('.')[-1], t['_dsl'], re.S)
        if not m:
            p.append('DBG2 path %s not in DSDT' % d[0]['path'])
        else:
            if '0x%08X' % base not in m.group(1):
                p.append('DSDT UART _CRS lacks base %x' % base)
            if '0x%08X,' % irq[0] not in m.group(1):
                p.append('DSDT UART _CRS lacks GSI %d' % irq[0])
    c.result('SPCR/DBG2 console from stdout-path', p)


def ecam_hosts(dt):
    return [n for n in dt.find_compatible('pci-host-ecam-generic')
            if n.string('device_type') == 'pci']


def check_pci(c, dt, t):
    p = []
    hosts = ecam_hosts(dt)
    if not hosts:
        expect(p, 'MCFG present', 'MCFG' in t, False)
        c.result('MCFG ECAM base and bus range', p)
        return
    entries = acpi.mcfg(t['MCFG'])['entries']
    expect(p, 'MCFG entries', len(entries), len(hosts))
    for i, (n, e) in enumerate(zip(hosts, entries)):
        base, size = dt.regs(n)[0]
        br = n.u32s('bus-range') or [0, 255]
        end = min(br[1], br[0] + (size >> 20) - 1)
        expect(p, n.path + ' ECAM base', e['base'], base - (br[0] << 20))
        expect(p, n.path + ' bus start', e['start'], br[0])
        expect(p, n.path + ' bus end', e['end'], end)
        expect(p, n.path + ' segment', e['segment'],
               n.u32('linux,pci-domain', i))
    nprt = len(re.findall(r'_PRT', t['_dsl']))
    expect(p, 'DSDT PCIe host bridges',
           len(re.findall(r'_HID, (EisaId \()?"PNP0A08"', t['_dsl'])),
           len(hosts))
    if any('interrupt-map' in n.props for n in hosts):
        expect(p, 'DSDT _PRT present', nprt > 0, True)
    c.result('MCFG ECAM base and bus range', p)


def check_fadt(c, dt, t):
    p = []
    f = acpi.fadt(t['FACP'])
    psci = [n for n in dt.root.walk() if n.enabled() and any(
        s.startswith('arm,psci') for s in n.strings('compatible'))]
    want = 0
    if psci:
        want = 1 | (2 if psci[0].string('method') == 'hvc' else 0)
    expect(p, 'HW_REDUCED_ACPI', f['hw_reduced'], True)
    expect(p, 'ARM_BOOT_ARCH', f['arm_boot_arch'], want)
    c.result('FADT hardware-reduced, PSCI conduit', p)


def check_iort(c, dt, t):
    p = []
    gic = dt.gic()
    its = [n for n in gic.children if n.compatible('arm,gic-v3-its')
           and n.enabled()]
    hosts = ecam_hosts(dt)
    if not its or not hosts:
        expect(p, 'IORT present', 'IORT' in t, False)
        c.result('IORT ITS groups and root complexes', p)
        return
    io = acpi.iort(t['IORT'])['nodes']
    madt_its = {x['base']: x['id'] for x in acpi.madt(t['APIC'])['its']}
    its_ph = {n.u32('phandle'): madt_its.get(dt.regs(n)[0][0]) for n in its}
    rcs = [x for x in io.values() if x['type'] == 2]
    expect(p, 'root complexes', len(rcs), len(hosts))
    for n, rc in zip(hosts, rcs):
        mm = n.u32s('msi-map')
        want = []
        if mm:
            want = [(mm[i], mm[i + 3] - 1, mm[i + 2], its_ph.get(mm[i + 1]))
                    for i in range(0, len(mm), 4)]
        elif n.u32s('msi-parent'):
            want = [(0, 0xffff, 0, its_ph.get(n.u32s('msi-parent')[0]))]
        got = [(m['input'], m['count'], m['output'],
                io[m['ref']]['its_ids'][0] if m['ref'] in io and
                io[m['ref']]['type'] == 0 else None) for m in rc['maps']]
        expect(p, n.path + ' ID mappings', got, want)
    c.result('IORT ITS groups and root complexes', p)


def cpu_map_leaves(dt):
    cm = dt.node('/cpus/cpu-map')
    if cm is None:
        return None
    return [n for n in cm.walk() if 'cpu' in n.props]


def check_pptt(c, dt, t):
    p = []
    leaves = cpu_map_leaves(dt)
    if leaves is None:
        expect(p, 'PPTT present', 'PPTT' in t, False)
        c.result('PPTT from cpu-map', p)
        return
    nodes, _ = dt_cpus(dt)
    uid = {n.u32('phandle'): i for i, n in enumerate(nodes)}
    pp = acpi.pptt(t['PPTT'])['nodes']
    got = sorted(x['acpi_id'] for x in pp.values() if x['flags'] & 8)
    expect(p, 'leaf processor IDs', got,
           sorted(uid[n.u32('cpu')] for n in leaves))
    for off, x in pp.items():
        if x['parent'] and x['parent'] not in pp:
            p.append('node %#x has a bad parent %#x' % (off, x['parent']))
    roots = [x for x in pp.values() if not x['parent']]
    if not all(x['flags'] & 1 for x in roots):
        p.append('a root node is not a physical package')
    c.result('PPTT from cpu-map', p)


def check_fields(c, dt, t):
    for f in (check_cpus, check_gic, check_pmu, check_timer, check_console,
              check_pci, check_fadt, check_iort, check_pptt):
        try:
            f(c, dt, t)
        except Exception as e:  # a decoder tripping is a failure too
            c.result(f.__name__, ['exception %r' % e])


# --- blob -----------------------------------------------------------------
def check_blob(c, blob, base, tables):
    p = []
    b = open(blob, 'rb').read()

    def at(addr, n):
        o = addr - base
        if o < 0 or o + n > len(b):
            p.append('address %#x outside the image' % addr)
            return b''
        return b[o:o + n]

    expect(p, 'RSDP first', b[:36], tables['RSDP'])
    r = acpi.rsdp(b[:36])
    x = at(r['xsdt'], len(tables['XSDT']))
    expect(p, 'XSDT at RSDP.XsdtAddress', x, tables['XSDT'])
    seen = set()
    for a in acpi.xsdt(tables['XSDT'])['entries']:
        sig = at(a, 4).decode('latin1')
        seen.add(sig)
        if sig not in tables:
            p.append('XSDT entry %#x has unknown signature %r' % (a, sig))
            continue
        expect(p, sig + ' at its XSDT address', at(a, len(tables[sig])),
               tables[sig])
    f = acpi.fadt(tables['FACP'])
    expect(p, 'DSDT at FADT.X_DSDT', at(f['x_dsdt'], len(tables['DSDT'])),
           tables['DSDT'])
    expect(p, 'tables reachable from XSDT',
           sorted(seen | {'RSDP', 'XSDT', 'DSDT'}), sorted(tables))
    c.result('linked image at %#x: RSDP -> XSDT -> tables, FADT -> DSDT'
             % base, p)


# --- corpus ---------------------------------------------------------------
class CorpusChecker(Checker):
    """Prints failures only, as "NAME: desc: why" (NAME: the DTB's)."""

    def __init__(self, name):
        super().__init__()
        self.name = name

    def result(self, desc, problems):
        if problems:
            self.failed += 1
            print('%s: %s: %s' % (self.name, desc, '; '.join(problems[:5])))


def check_corpus(root):
    """check_tables() for every output directory under root."""
    failed = 0
    for d, _, files in sorted(os.walk(root)):
        if 'RSDP.dat' not in files:
            continue
        c = CorpusChecker(os.path.relpath(d, root))
        try:
            check_tables(c, None, acpi.load_dir(d))
        except Exception as e:  # a decoder tripping is a failure too
            c.result('tables', ['exception %r' % e])
        failed += c.failed
    return failed


def load(outdir):
    t = acpi.load_dir(outdir)
    dsl = os.path.join(outdir, 'DSDT.dsl')
    t['_dsl'] = open(dsl).read() if os.path.exists(dsl) else ''
    return t


def main(argv):
    c = Checker()
    if argv[1] == 'tables':
        check_tables(c, FDT(argv[2]), acpi.load_dir(argv[3]))
    elif argv[1] == 'fields':
        check_fields(c, FDT(argv[2]), load(argv[3]))
    elif argv[1] == 'blob':
        check_blob(c, argv[2], int(argv[3], 0), acpi.load_dir(argv[4]))
    elif argv[1] == 'corpus':
        return 1 if check_corpus(argv[2]) else 0
    else:
        sys.exit(__doc__)
    return 1 if c.failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
