// SPDX-License-Identifier: GPL-2.0
/*
 * dt-pci.c - generic ECAM PCIe host bridges (pci-host-ecam-generic):
 * config space, windows ("ranges"), legacy INTx routing ("interrupt-map")
 * and MSI routing ("msi-map" / "msi-parent").
 */
#include "dt.h"

/* PCI bus binding: phys.hi cell of a 3-cell PCI address. */
#define PCI_PHYS_SPACE_SHIFT	24
#define PCI_PHYS_SPACE_MASK	0x3
#define PCI_PHYS_SPACE_IO	1
#define PCI_PHYS_SPACE_MEM32	2
#define PCI_PHYS_SPACE_MEM64	3
#define PCI_PHYS_PREFETCH	(1u << 30)
#define PCI_PHYS_DEV_SHIFT	11
#define PCI_ADDR_CELLS		3
#define PCI_SIZE_CELLS		2

#define PCI_NR_SLOTS		32
#define PCI_NR_PINS		4
/* Each bus takes 1 MiB of ECAM space (32 devices x 8 functions x 4K). */
#define PCI_ECAM_BUS_SHIFT	20
#define PCI_MAX_BUS		255
/* Without msi-map, requester ID maps 1:1 onto the 16-bit device ID. */
#define PCI_NR_RIDS		0x10000

static int ag_pci_bus_range(struct ag_dt *dt, struct ag_pci *p)
{
	const fdt32_t *br;
	u64 nbus;
	int len;

	br = fdt_getprop(dt->fdt, p->node, "bus-range", &len);
	p->bus_start = 0;
	p->bus_end = PCI_MAX_BUS;
	if (br) {
		if (len != 8 || fdt32_to_cpu(br[0]) > fdt32_to_cpu(br[1]) ||
		    fdt32_to_cpu(br[1]) > PCI_MAX_BUS)
			return ag_dt_err(dt, p->node, "malformed 'bus-range'");
		p->bus_start = fdt32_to_cpu(br[0]);
		p->bus_end = fdt32_to_cpu(br[1]);
	}
	/* The ECAM window may be smaller than the bus range claims. */
	nbus = p->ecam_size >> PCI_ECAM_BUS_SHIFT;
	if (nbus == 0)
		return ag_dt_err(dt, p->node, "ECAM window smaller than one bus");
	if (nbus < (u64)(p->bus_end - p->bus_start + 1))
		p->bus_end = p->bus_start + nbus - 1;
	/* MCFG gives the address of bus 0, below "reg" when bus_start > 0. */
	if (p->ecam_base < (u64)p->bus_start << PCI_ECAM_BUS_SHIFT)
		return ag_dt_err(dt, p->node,
				 "ECAM window at 0x%llx leaves no room below it for bus 0 (bus-range starts at %u)",
				 (unsigned long long)p->ecam_base, p->bus_start);
	return 0;
}

static int ag_pci_range(struct ag_dt *dt, struct ag_pci *p,
			const fdt32_t *r, int pna)
{
	struct ag_pci_range *w;
	u32 hi = fdt32_to_cpu(r[0]);
	u32 space = (hi >> PCI_PHYS_SPACE_SHIFT) & PCI_PHYS_SPACE_MASK;
	int parent, ret;

	if (space == 0)
		return 0;	/* config space is the ECAM window */
	if (p->nr_ranges >= AG_MAX_PCI_RANGES)
		return ag_dt_err(dt, p->node, "too many 'ranges' entries");
	w = &p->ranges[p->nr_ranges];
	w->space = space == PCI_PHYS_SPACE_IO ? AG_PCI_IO :
		   space == PCI_PHYS_SPACE_MEM32 ? AG_PCI_MEM32 : AG_PCI_MEM64;
	w->prefetch = hi & PCI_PHYS_PREFETCH;
	w->pci_addr = ag_dt_read_cells(r + 1, 2);
	w->size = ag_dt_read_cells(r + PCI_ADDR_CELLS + pna, PCI_SIZE_CELLS);
	parent = ag_dt_parent(dt, p->node);
	ret = ag_dt_translate(dt, parent, r + PCI_ADDR_CELLS, pna,
			      &w->cpu_addr);
	if (ret < 0)
		return ret;
	if (ret == 0 || w->size == 0)
		return 0;	/* not CPU visible: nothing to describe */
	if (ag_wraps64(w->pci_addr, w->size) || ag_wraps64(w->cpu_addr, w->size))
		return ag_dt_err(dt, p->node, "'ranges' window wraps past 2^64");
	p->nr_ranges++;
	return 0;
}

static int ag_pci_ranges(struct ag_dt *dt, struct ag_pci *p)
{
	const fdt32_t *r;
	int len, pna, entry, i, ret, parent;

	parent = ag_dt_parent(dt, p->node);
	if (parent < 0 || ag_dt_addr_cells(dt, parent, &pna))
		return -AG_EINVAL;
	r = fdt_getprop(dt->fdt, p->node, "ranges", &len);
	if (!r)
		return 0;
	entry = PCI_ADDR_CELLS + pna + PCI_SIZE_CELLS;
	if (len % (entry * 4))
		return ag_dt_err(dt, p->node, "malformed 'ranges'");
	for (i = 0; i < len / (entry * 4); i++) {
		ret = ag_pci_range(dt, p, r + i * entry, pna);
		if (ret)
			return ret;
	}
	return 0;
}

/* Expand interrupt-map into one _PRT entry per slot and pin. */
static int ag_pci_prt(struct ag_dt *dt, struct ag_pci *p)
{
	u32 ua[PCI_ADDR_CELLS] = { 0 }, pin, slot;
	struct ag_pci_prt *e;
	int ret;

	if (!ag_dt_has(dt->fdt, p->node, "interrupt-map"))
		return 0;
	for (slot = 0; slot < PCI_NR_SLOTS; slot++) {
		for (pin = 1; pin <= PCI_NR_PINS; pin++) {
			e = &p->prt[p->nr_prt];
			ua[0] = slot << PCI_PHYS_DEV_SHIFT;
			ret = ag_dt_irq_route(dt, p->node, ua, PCI_ADDR_CELLS,
					      &pin, 1, &e->irq);
			if (ret < 0)
				return ret;
			if (ret == 0)
				continue;
			e->slot = slot;
			e->pin = pin - 1;
			p->nr_prt++;
		}
	}
	return 0;
}

static int ag_pci_msi(struct ag_dt *dt, struct ag_pci *p)
{
	const fdt32_t *c;
	int len, i;

	c = fdt_getprop(dt->fdt, p->node, "msi-map", &len);
	if (c) {
		if (len % 16 || len / 16 > AG_MAX_PCI_MSI)
			return ag_dt_err(dt, p->node, "malformed 'msi-map'");
		for (i = 0; i < len / 16; i++, c += 4) {
			struct ag_pci_msi *e = &p->msi[i];

			e->rid_base = fdt32_to_cpu(c[0]);
			e->phandle = fdt32_to_cpu(c[1]);
			e->out_base = fdt32_to_cpu(c[2]);
			e->count = fdt32_to_cpu(c[3]);
			/* IORT ID mappings are 32-bit: both ends must fit. */
			if (e->count &&
			    (e->rid_base + (u64)e->count - 1 > AG_U32_MAX ||
			     e->out_base + (u64)e->count - 1 > AG_U32_MAX))
				return ag_dt_err(dt, p->node,
						 "malformed 'msi-map' (entry %d wraps past 2^32)",
						 i);
		}
		p->nr_msi = len / 16;
		return 0;
	}
	c = fdt_getprop(dt->fdt, p->node, "msi-parent", &len);
	if (c && len >= 4) {
		p->msi[0].phandle = fdt32_to_cpu(c[0]);
		p->msi[0].count = PCI_NR_RIDS;
		p->nr_msi = 1;
	}
	return 0;
}

int ag_dt_parse_pci(struct ag_dt *dt, int node)
{
	struct ag_model *m = dt->m;
	struct ag_pci *p;
	struct ag_reg ecam;
	u32 seg;
	int ret;

	ret = ag_dt_reg(dt, node, 0, &ecam);
	if (ret <= 0)
		return ret ? ret : ag_dt_err(dt, node, "no ECAM window in 'reg'");
	p = ag_dt_grow(dt, (void **)&m->pci, &m->nr_pci, sizeof(*p), AG_MAX_PCI,
		       node, "PCI host bridges");
	if (!p)
		return -AG_EINVAL;
	p->node = node;
	p->ecam_base = ecam.base;
	p->ecam_size = ecam.size;
	p->coherent = ag_dt_has(dt->fdt, node, "dma-coherent");
	seg = m->nr_pci - 1;
	ag_dt_u32(dt->fdt, node, "linux,pci-domain", &seg);
	if (seg > 0xffff)
		return ag_dt_err(dt, node, "'linux,pci-domain' out of range");
	p->segment = seg;
	ret = ag_pci_bus_range(dt, p);
	if (!ret)
		ret = ag_pci_ranges(dt, p);
	if (!ret)
		ret = ag_pci_prt(dt, p);
	if (!ret)
		ret = ag_pci_msi(dt, p);
	return ret;
}
