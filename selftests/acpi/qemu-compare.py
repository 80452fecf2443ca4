#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compare hvx-acpigen's tables with QEMU's own for the same virt machine.

usage: qemu-compare.py NAME OURS QEMU     (NAME prefixes each line; may be '')

OURS holds hvx-acpigen's SIG.dat files for the machine's DTB, QEMU the
tables qemu-tables.py read out of the same machine's RAM after its UEFI
firmware installed them.  Each table is decoded (acpi.py) into a flat set
of named fields; every field that differs must be on the ALLOWLIST below,
which says why QEMU and a literal translation of QEMU's own DT legitimately
disagree.  Prints one "PASS desc" or "FAIL desc: why" line per table (and
one for the set of tables), naming the allowlist entries that were used.
"""
import re
import sys

import acpi

# --- expected differences ----------------------------------------------
#
# (key, table, field pattern (a regex matched against the whole field
# name), test on (qemu value, our value) or None for any, why).
# A value is None when that side does not have the field at all.
ALLOWLIST = [
    # The set of tables.
    ('qemu-v2-iort', 'XSDT', r'IORT', lambda q, o: q and not o,
     'QEMU 7.2 builds an IORT with gic-version=2 too: an ITS group node '
     'for an ITS the GICv2 machine does not have, which the root complex '
     'maps all RIDs to (a QEMU bug).  The DT has no ITS (the MSI '
     'controller is a v2m frame), so acpi-gen writes no IORT'),
    ('qemu-v2-iort', 'IORT', r'.*', lambda q, o: o is None,
     'see above: QEMU-only IORT on GICv2'),

    # MADT.
    ('madt-v2-gich-gicv', 'APIC', r'gicc\[\d+\]\.(gich|gicv)',
     lambda q, o: q and o == 0,
     'QEMU 7.2 fills in the GICv2 GICH and GICV bases whether or not it '
     'emulates EL2; it maps those frames, and its DT lists them in the '
     'GIC\'s reg, only with virtualization=on.  acpi-gen follows the DT'),
    ('madt-v2m-spis', 'APIC', r'msi\[\d+\]\.(flags|spi_count|spi_base)',
     lambda q, o: q and o == 0,
     'QEMU copies the v2m frame\'s SPI range (64 SPIs from 80) into the '
     'MADT and sets "SPI Count/Base Select"; the DT frame node has no '
     'arm,msi-base-spi/arm,msi-num-spis, so acpi-gen leaves the range to '
     'the frame\'s MSI_TYPER register, as Linux does with the DT'),

    # GTDT.
    ('gtdt-always-on', 'GTDT', r'(sec_el1|virt|el2)_flags',
     lambda q, o: o == q | 4,
     'QEMU marks only the non-secure EL1 timer always-on; the DT\'s '
     'timer node has "always-on", which acpi-gen applies to every timer '
     'interrupt of that node'),

    # SPCR and DBG2.
    ('spcr-baud', 'SPCR', r'baud', lambda q, o: q == 3 and o == 0,
     'QEMU claims 9600 baud; the DT\'s stdout-path has no options and the '
     'PL011 node no current-speed, so acpi-gen says "as is" (0)'),
    ('spcr-flow', 'SPCR', r'flow', lambda q, o: q == 2 and o == 0,
     'QEMU claims RTS/CTS flow control; the DT does not say (no '
     'uart-has-rtscts), so acpi-gen claims none'),
    ('spcr-access', 'SPCR', r'base\.(bits|access)',
     lambda q, o: (q, o) in ((8, 32), (1, 3)),
     'QEMU 7.2 describes the PL011 with an 8-bit register width and byte '
     'access; acpi-gen uses 32 bits and dword access, the PL011/SBSA UART '
     'register width (Linux then uses "pl011,mmio32" for earlycon)'),
    ('dbg2-path', 'DBG2', r'dev\[\d+\]\.path',
     lambda q, o: o == '\\_SB.' + q,
     'QEMU 7.2 writes a relative "COM0" as the DBG2 namespace string; '
     'the DBG2 spec asks for the full path, which acpi-gen writes'),

    # DSDT: devices only one side has.
    ('dsdt-no-rtc', 'DSDT', r'device\[PRP0001 arm,pl031\](\..*)?',
     lambda q, o: q is None,
     'QEMU leaves the PL031 RTC out of its DSDT (no ACPI ID is '
     'registered for it); acpi-gen describes it as PRP0001'),
    ('dsdt-no-flash', 'DSDT', r'device\[PRP0001 cfi-flash\](\..*)?',
     lambda q, o: q is None,
     'QEMU 7.2 exposes the CFI flash in ACPI only for old machine types '
     '(acpi_expose_flash); acpi-gen describes it as PRP0001'),
    ('dsdt-ged', 'DSDT', r'device\[(ACPI0013|PNP0C0C)\](\..*)?',
     lambda q, o: o is None,
     'With firmware, QEMU replaces the DT\'s PL061 + gpio-keys power '
     'button by a Generic Event Device and a power button that are '
     'described only in ACPI (not in the DT)'),
    ('dsdt-pci-links', 'DSDT', r'device\[PNP0C0F \w+\](\..*)?',
     lambda q, o: o is None,
     'QEMU routes PCI INTx through interrupt link devices GSI0-3; '
     'acpi-gen routes _PRT entries to GSIs directly (the resolved routing '
     'is compared below)'),
    ('dsdt-uid', 'DSDT', r'device\[QEMU0002\]\.uid',
     lambda q, o: q is None and o == 0,
     'QEMU gives its fw-cfg device no _UID; acpi-gen gives every device '
     'one'),
    ('dsdt-virtio-level', 'DSDT', r'device\[LNRO0005 [0-9a-f]+\]\.crs\.irq\[0\]',
     lambda q, o: q[1:] == ('level', 'high') and o[1:] == ('edge', 'high')
     and q[0] == o[0],
     'QEMU describes the virtio-mmio interrupts as level-triggered in '
     'ACPI but as edge-triggered in its DT; acpi-gen follows the DT'),
]


def allowed(table, field, q, o):
    for key, tab, pat, test, _why in ALLOWLIST:
        if tab != table or not re.fullmatch(pat, field):
            continue
        try:
            if test is None or test(q, o):
                return key
        except TypeError:       # a value of an unexpected kind: no match
            pass
    return None


# --- fields per table ----------------------------------------------------
FADT_FLAGS = {4: 'WBINVD', 8: 'RESET_REG_SUP', 10: 'HEADLESS',
              20: 'HW_REDUCED_ACPI', 21: 'LOW_POWER_S0_IDLE_CAPABLE'}


def f_facp(d):
    f = acpi.fadt(d)
    out = {}
    for bit in range(32):
        if f['flags'] & (1 << bit):
            out['flags.' + FADT_FLAGS.get(bit, 'bit%d' % bit)] = True
    out['arm_boot_arch.PSCI_COMPLIANT'] = bool(f['arm_boot_arch'] & 1)
    out['arm_boot_arch.PSCI_USE_HVC'] = bool(f['arm_boot_arch'] & 2)
    return out


def f_apic(d):
    m = acpi.madt(d)
    out = {}
    for i, g in enumerate(m['gicc']):
        for k in ('mpidr', 'uid', 'cpu_if', 'perf_gsiv', 'base', 'gicv',
                  'gich', 'vgic_maint', 'gicr'):
            out['gicc[%d].%s' % (i, k)] = g[k]
        out['gicc[%d].enabled' % i] = bool(g['flags'] & 1)
    for sect, keys in (('gicd', ('base', 'version')),
                       ('gicr', ('base', 'length')),
                       ('its', ('base', 'id')),
                       ('msi', ('base', 'flags', 'spi_count', 'spi_base'))):
        for i, x in enumerate(m[sect]):
            for k in keys:
                out['%s[%d].%s' % (sect, i, k)] = x[k]
    return out


def f_gtdt(d):
    g = acpi.gtdt(d)
    out = {k: g[k] for k in ('cnt_ctl_base', 'cnt_read_base')}
    for t in ('sec_el1', 'el1', 'virt', 'el2'):
        out[t] = g[t]
        out[t + '_flags'] = g[t + '_flags']
    # EL2 virtual timer: only in GTDT revision 3 (ACPI 6.3); QEMU 7.2
    # writes revision 2, so compare it only when both have it.
    if 'el2_virt' in g:
        out['el2_virt?'] = g['el2_virt']
    for i, w in enumerate(g['watchdogs']):
        for k in ('refresh', 'control', 'gsiv', 'flags'):
            out['watchdog[%d].%s' % (i, k)] = w[k]
    for i, b in enumerate(g['blocks']):
        out['block[%d].base' % i] = b['base']
    return out


def f_spcr(d):
    s = acpi.spcr(d)
    out = {k: s[k] for k in ('type', 'irq_type', 'gsi', 'baud', 'parity',
                             'stop_bits', 'flow', 'terminal')}
    for k in ('address', 'space', 'bits', 'access'):
        out['base.' + k] = s['base'][k]
    return out


def f_dbg2(d):
    out = {}
    for i, x in enumerate(acpi.dbg2(d)['devices']):
        out['dev[%d].port_type' % i] = x['port_type']
        out['dev[%d].subtype' % i] = x['subtype']
        out['dev[%d].path' % i] = x['path']
        for j, r in enumerate(x['regs']):
            out['dev[%d].reg[%d]' % (i, j)] = r['address']
    return out


def f_mcfg(d):
    out = {}
    for i, e in enumerate(acpi.mcfg(d)['entries']):
        for k in ('base', 'segment', 'start', 'end'):
            out['entry[%d].%s' % (i, k)] = e[k]
    return out


def f_iort(d):
    nodes = acpi.iort(d)['nodes']
    out = {}
    its = [n for n in nodes.values() if n['type'] == 0]
    rcs = [n for n in nodes.values() if n['type'] == 2]
    for i, n in enumerate(its):
        out['its_group[%d].ids' % i] = tuple(n['its_ids'])
    for i, n in enumerate(rcs):
        out['rc[%d].segment' % i] = n['segment']
        out['rc[%d].cca' % i] = n['cca']
        for j, m in enumerate(n['maps']):
            ref = nodes.get(m['ref'])
            out['rc[%d].map[%d]' % (i, j)] = (
                m['input'], m['count'], m['output'],
                ('its', tuple(ref['its_ids'])) if ref and ref['type'] == 0
                else ('node type', ref and ref['type']))
    return out


def f_pptt(d):
    nodes = acpi.pptt(d)['nodes']
    out = {}
    # Per processor (by ACPI processor ID): the flags of its node and of
    # each ancestor up to the root, i.e. the depth of the hierarchy and
    # which levels are physical packages / identical.
    for off, n in nodes.items():
        if not n['flags'] & 8:          # not a leaf
            continue
        chain, x = [], n
        while x is not None and len(chain) < 16:
            chain.append(x['flags'])
            x = nodes.get(x['parent']) if x['parent'] else None
        out['cpu[%d].level_flags' % n['acpi_id']] = tuple(chain)
    return out


def f_xsdt(tables):
    return {sig: True for sig in tables if sig not in ('RSDP', 'XSDT')}


def crs_fields(prefix, crs):
    """Resources as comparable fields, in a stable order (acpi-gen and
    QEMU list a PCI host's windows in different orders)."""
    out = {}
    mem = sorted((r['base'], r['len']) for r in crs if r['kind'] == 'mem')
    if mem:
        out[prefix + '.mem'] = tuple(mem)
    irqs = [(g, 'edge' if r['edge'] else 'level', 'low' if r['low'] else
             'high') for r in crs if r['kind'] == 'irq' for g in r['gsis']]
    for i, irq in enumerate(irqs):
        out['%s.irq[%d]' % (prefix, i)] = irq
    wins = sorted((r['kind'], r['min'], r['max'], r['offset'], r['len'])
                  for r in crs if r['kind'].endswith('-window'))
    if wins:
        out[prefix + '.windows'] = tuple(wins)
    other = sorted(r['kind'] for r in crs
                   if r['kind'] not in ('mem', 'irq') and
                   not r['kind'].endswith('-window'))
    if other:
        out[prefix + '.other'] = tuple(other)
    return out


def device_key(dev):
    """How a device is matched between the two DSDTs: its _HID, or for
    PRP0001 its first DT compatible; never its ACPI name (QEMU's fw-cfg
    is FWCF, acpi-gen's D000).  Devices that share a key (virtio-mmio)
    are told apart by their lowest MMIO base, else their _UID
    (tell_apart())."""
    hid = dev.get('hid', '?')
    if hid == 'PRP0001' and dev.get('compatible'):
        return 'PRP0001 ' + dev['compatible'][0]
    return hid


def tell_apart(path, dev):
    mem = [r['base'] for r in dev.get('crs', []) if r['kind'] == 'mem']
    if mem:
        return '%x' % min(mem)
    if 'uid' in dev:
        return str(dev['uid'])
    return path


def f_dsdt(d):
    devs = acpi.dsdt(d)['devices']
    by_key = {}
    for path, dev in devs.items():
        by_key.setdefault(device_key(dev), []).append((path, dev))
    out = {}
    for key, lst in by_key.items():
        if len(lst) > 1:    # tell them apart by MMIO base, else _UID
            lst = [('%s %s' % (key, tell_apart(p, dv)), p, dv)
                   for p, dv in lst]
        else:
            lst = [(key, p, dv) for p, dv in lst]
        for k, path, dev in lst:
            f = 'device[%s]' % k
            out[f] = True
            for n in ('cid', 'uid', 'cca', 'seg', 'bbn'):
                if n in dev:
                    v = dev[n]
                    out['%s.%s' % (f, n)] = tuple(v) if isinstance(
                        v, list) else v
            out.update(crs_fields(f + '.crs', dev.get('crs', [])))
            if 'prt' in dev:
                out[f + '.prt'] = tuple(sorted(
                    prt_gsis(devs, dev['prt'])))
    return out


def prt_gsis(devs, prt):
    """_PRT entries as (address, pin, GSI): a link device source is
    replaced by the GSI in its _CRS."""
    for addr, pin, src, idx in prt:
        if src:
            crs = devs.get(src, {}).get('crs', [])
            irq = [r['gsis'][0] for r in crs if r['kind'] == 'irq']
            idx = irq[0] if irq else ('unresolved', src)
        yield addr, pin, idx


FIELDS = {'FACP': f_facp, 'APIC': f_apic, 'GTDT': f_gtdt, 'SPCR': f_spcr,
          'DBG2': f_dbg2, 'MCFG': f_mcfg, 'IORT': f_iort, 'PPTT': f_pptt,
          'DSDT': f_dsdt}


def fmt(v):
    if isinstance(v, bool) or v is None:
        return str(v)
    if isinstance(v, int):
        return hex(v)
    return repr(v)


def compare(table, q, o):
    """(problems, allowlist keys used) between QEMU's fields q and ours o."""
    problems, used = [], set()
    for k in list(q) + [k for k in o if k not in q]:
        if k.endswith('?') and (k not in q or k not in o):
            continue
        qv, ov = q.get(k), o.get(k)
        if qv == ov:
            continue
        key = allowed(table, k, qv, ov)
        if key:
            used.add(key)
        else:
            problems.append('%s: QEMU %s, acpi-gen %s' %
                            (k, fmt(qv), fmt(ov)))
    return problems, used


def result(name, table, desc, problems, used):
    desc = '%s%s %s' % (name + ': ' if name else '', table, desc)
    if used:
        desc += ' (allowed: %s)' % ', '.join(sorted(used))
    if problems:
        more = ' (+%d more)' % (len(problems) - 5) if len(problems) > 5 else ''
        print('FAIL %s: %s%s' % (desc, '; '.join(problems[:5]), more))
        return 1
    print('PASS %s' % desc)
    return 0


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    name = argv[1]
    ours, qemu = acpi.load_dir(argv[2]), acpi.load_dir(argv[3])
    failed = 0
    p, used = compare('XSDT', f_xsdt(qemu), f_xsdt(ours))
    failed += result(name, 'XSDT', 'lists the same tables as QEMU\'s',
                     p, used)
    for sig in sorted(set(FIELDS) & (set(ours) | set(qemu))):
        try:
            q = FIELDS[sig](qemu[sig]) if sig in qemu else None
            o = FIELDS[sig](ours[sig]) if sig in ours else None
        except Exception as e:  # a decoder tripping is a failure too
            failed += result(name, sig, 'decodes', ['exception %r' % e],
                             set())
            continue
        if q is None or o is None:
            key = allowed(sig, 'present', q, o)
            failed += result(name, sig, 'only in %s' %
                             ('QEMU' if o is None else 'acpi-gen'),
                             [] if key else ['table missing on one side'],
                             {key} if key else set())
            continue
        p, used = compare(sig, q, o)
        if sig == 'DSDT':   # AML the reader could not follow: never allowed
            for side, d in (('QEMU', qemu[sig]), ('acpi-gen', ours[sig])):
                p += ['%s DSDT: %s' % (side, x)
                      for x in acpi.dsdt(d)['skipped']]
        failed += result(name, sig, 'fields match QEMU\'s (%d compared)' %
                         len(set(q) | set(o)), p, used)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
