# SPDX-License-Identifier: GPL-2.0
"""Minimal flattened-device-tree reader for the acpi-gen tests.

Independent of acpi-gen's C parser on purpose: the tests derive the
expected values from the DT themselves.
"""
import struct

FDT_MAGIC = 0xd00dfeed
FDT_BEGIN_NODE, FDT_END_NODE, FDT_PROP, FDT_NOP, FDT_END = 1, 2, 3, 4, 9


class Node:
    def __init__(self, name, parent):
        self.name = name
        self.parent = parent
        self.props = {}
        self.children = []

    @property
    def path(self):
        if self.parent is None:
            return '/'
        pp = self.parent.path
        return (pp if pp != '/' else '') + '/' + self.name

    def prop(self, name):
        return self.props.get(name)

    def u32s(self, name):
        v = self.props.get(name)
        if v is None:
            return None
        return list(struct.unpack('>%dI' % (len(v) // 4), v[:len(v) // 4 * 4]))

    def u32(self, name, default=None):
        v = self.u32s(name)
        return v[0] if v else default

    def strings(self, name):
        v = self.props.get(name)
        if v is None:
            return []
        return [s.decode() for s in v.split(b'\0')[:-1]]

    def string(self, name):
        s = self.strings(name)
        return s[0] if s else None

    def compatible(self, c):
        return c in self.strings('compatible')

    def enabled(self):
        st = self.string('status')
        return st in (None, 'okay', 'ok')

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


class FDT:
    def __init__(self, path):
        data = open(path, 'rb').read()
        (magic, total, off_struct, off_strings, _rsv, _ver, _lc, _boot,
         size_strings, size_struct) = struct.unpack('>10I', data[:40])
        assert magic == FDT_MAGIC, 'not a DTB'
        self.strtab = data[off_strings:off_strings + size_strings]
        self.root = self._parse(data[off_struct:off_struct + size_struct])
        self.phandles = {}
        for n in self.root.walk():
            ph = n.u32('phandle') or n.u32('linux,phandle')
            if ph:
                self.phandles[ph] = n

    def _str(self, off):
        return self.strtab[off:self.strtab.index(b'\0', off)].decode()

    def _parse(self, s):
        pos, root, cur = 0, None, None
        while pos < len(s):
            tag, = struct.unpack('>I', s[pos:pos + 4])
            pos += 4
            if tag == FDT_BEGIN_NODE:
                end = s.index(b'\0', pos)
                n = Node(s[pos:end].decode(), cur)
                pos = (end + 4) & ~3
                if cur is None:
                    root = n
                else:
                    cur.children.append(n)
                cur = n
            elif tag == FDT_END_NODE:
                cur = cur.parent
            elif tag == FDT_PROP:
                ln, nameoff = struct.unpack('>II', s[pos:pos + 8])
                pos += 8
                cur.props[self._str(nameoff)] = s[pos:pos + ln]
                pos = (pos + ln + 3) & ~3
            elif tag == FDT_NOP:
                continue
            elif tag == FDT_END:
                break
        return root

    def node(self, path):
        if not path.startswith('/'):
            alias = self.node('/aliases')
            name, rest = (path.split('/', 1) + [''])[:2]
            target = alias.string(name) if alias else None
            if target is None:
                return None
            path = target + ('/' + rest if rest else '')
        n = self.root
        for comp in [c for c in path.split('/') if c]:
            nxt = [c for c in n.children if c.name == comp]
            if not nxt:
                nxt = [c for c in n.children if c.name.split('@')[0] == comp]
            if not nxt:
                return None
            n = nxt[0]
        return n

    def find_compatible(self, compat, enabled=True):
        return [n for n in self.root.walk()
                if n.compatible(compat) and (not enabled or n.enabled())]

    # --- addresses -------------------------------------------------------
    @staticmethod
    def cells(vals, n):
        v = 0
        for x in vals[:n]:
            v = (v << 32) | x
        return v

    def addr_cells(self, n):
        return n.u32('#address-cells', 2)

    def size_cells(self, n):
        return n.u32('#size-cells', 1)

    def regs(self, n):
        """CPU physical (base, size) of every reg entry of node n."""
        p = n.parent
        na, ns = self.addr_cells(p), self.size_cells(p)
        r = n.u32s('reg') or []
        out = []
        for i in range(0, len(r) - (na + ns) + 1, na + ns):
            addr = self.cells(r[i:i + na], na)
            size = self.cells(r[i + na:i + na + ns], ns)
            out.append((self.translate(p, addr, na), size))
        return out

    def translate(self, bus, addr, na):
        while bus.parent is not None:
            rng = bus.prop('ranges')
            if rng is None:
                return None
            pna = self.addr_cells(bus.parent)
            if len(rng) == 0:
                bus, na = bus.parent, pna
                continue
            ns = self.size_cells(bus)
            r = bus.u32s('ranges')
            step = na + pna + ns
            for i in range(0, len(r), step):
                c = self.cells(r[i:i + na], na)
                p = self.cells(r[i + na:i + na + pna], pna)
                sz = self.cells(r[i + na + pna:i + step], ns)
                if c <= addr < c + sz:
                    addr = p + (addr - c)
                    break
            else:
                return None
            bus, na = bus.parent, pna
        return addr

    # --- interrupts ------------------------------------------------------
    def gic(self):
        for c in ('arm,gic-v3', 'arm,gic-400', 'arm,cortex-a15-gic',
                  'arm,cortex-a9-gic', 'arm,cortex-a7-gic', 'arm,pl390'):
            ns = self.find_compatible(c)
            if ns:
                return ns[0]
        return None

    def irq_parent(self, n):
        while True:
            ph = n.u32('interrupt-parent')
            if ph is not None:
                n = self.phandles.get(ph)
            else:
                n = n.parent
            if n is None:
                return None
            if '#interrupt-cells' in n.props:
                return n

    @staticmethod
    def gic_gsi(spec):
        """(gsi, edge, active_low) of a GIC specifier."""
        kind, num, flags = spec[0], spec[1], spec[2] & 0xf
        base = {0: 32, 1: 16, 2: 4096, 3: 1056}[kind]
        return (base + num, flags in (1, 2), flags in (2, 8))

    def route(self, ctrl, uaddr, spec, depth=0):
        gic = self.gic()
        if ctrl is gic:
            return self.gic_gsi(spec)
        imap = ctrl.u32s('interrupt-map')
        if imap is None or depth > 8:
            return None
        na = ctrl.u32('#address-cells', 2)
        ni = ctrl.u32('#interrupt-cells')
        mask = ctrl.u32s('interrupt-map-mask') or [0xffffffff] * (na + ni)
        key = [(uaddr + [0] * na)[i] & mask[i] for i in range(na)] + \
              [spec[i] & mask[na + i] for i in range(ni)]
        i = 0
        while i < len(imap):
            child = imap[i:i + na + ni]
            par = self.phandles[imap[i + na + ni]]
            pna = par.u32('#address-cells', 0)
            pni = par.u32('#interrupt-cells')
            pstart = i + na + ni + 1
            pua = imap[pstart:pstart + pna]
            pspec = imap[pstart + pna:pstart + pna + pni]
            i = pstart + pna + pni
            if [child[j] & mask[j] for j in range(na + ni)] == key:
                return self.route(par, pua, pspec, depth + 1)
        return None

    def irqs(self, n):
        """GIC interrupts of node n as (gsi, edge, active_low) or None."""
        ints = n.u32s('interrupts')
        if ints is None:
            return []
        ctrl = self.irq_parent(n)
        if ctrl is None:
            return []
        cells = ctrl.u32('#interrupt-cells')
        na = self.addr_cells(n.parent) if n.parent else 0
        reg = n.u32s('reg') or []
        ua = reg[:na]
        return [self.route(ctrl, ua, ints[i:i + cells])
                for i in range(0, len(ints), cells)]
