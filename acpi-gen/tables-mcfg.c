// SPDX-License-Identifier: GPL-2.0
/*
 * tables-mcfg.c - MCFG: ECAM windows of the PCIe host bridges (PCI
 * Firmware Specification 3.2, 4.1.2).
 */
#include "tables.h"

#define MCFG_ECAM_BUS_SHIFT	20

int ag_gen_mcfg(struct ag_gen *g, struct ag_buf *b)
{
	const struct ag_model *m = g->m;
	const struct ag_pci *p;
	u32 i;

	if (!m->nr_pci)
		return AG_SKIP;
	ag_table_begin(b, "MCFG", ACPI_MCFG_REV, g->opt);
	ag_buf_u64(b, 0);		/* reserved */
	for (i = 0; i < m->nr_pci; i++) {
		p = &m->pci[i];
		/*
		 * MCFG gives the address bus 0 would have; the DT "reg"
		 * starts at the first bus of "bus-range".
		 */
		ag_buf_u64(b, p->ecam_base -
			   ((u64)p->bus_start << MCFG_ECAM_BUS_SHIFT));
		ag_buf_u16(b, p->segment);
		ag_buf_u8(b, p->bus_start);
		ag_buf_u8(b, p->bus_end);
		ag_buf_u32(b, 0);
	}
	ag_table_end(b);
	return 0;
}
