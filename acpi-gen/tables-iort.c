// SPDX-License-Identifier: GPL-2.0
/*
 * tables-iort.c - IORT: which ITS receives the MSIs of each PCIe root
 * complex, from "msi-map" / "msi-parent" (Arm IORT specification, table
 * revision 0 as decoded by iasl 20200925).
 *
 * Each ITS gets its own ITS group node, so an msi-map entry pointing at
 * a particular ITS maps to exactly that one.  Only generated when the
 * GIC has ITSs and there are PCIe host bridges; GICv2m MSI frames are
 * described by the MADT instead.
 */
#include "tables.h"

#define IORT_HDR_LEN		48
#define IORT_NODE_HDR_LEN	16
#define IORT_NODE_ITS_GROUP	0
#define IORT_NODE_ROOT_COMPLEX	2
#define IORT_ITS_GROUP_REV	0
#define IORT_RC_REV		1	/* has the memory size limit field */
#define IORT_RC_BODY_LEN	20
#define IORT_ID_MAPPING_LEN	20
#define IORT_CCA_COHERENT	1
#define IORT_MAF_CPM		(1u << 0)	/* coherent path to memory */
#define IORT_MAF_DACS		(1u << 1)	/* device attributes cacheable */
#define IORT_ADDR_LIMIT_64	64

static u32 ag_its_group_len(void)
{
	return IORT_NODE_HDR_LEN + 4 + 4;	/* one ITS identifier */
}

static int ag_its_index(const struct ag_gic *g, u32 phandle)
{
	u32 i;

	for (i = 0; i < g->nr_its; i++)
		if (g->its[i].phandle && g->its[i].phandle == phandle)
			return i;
	return -1;
}

static u32 ag_rc_mappings(const struct ag_model *m, const struct ag_pci *p)
{
	u32 i, n = 0;

	for (i = 0; i < p->nr_msi; i++)
		if (p->msi[i].count && ag_its_index(&m->gic, p->msi[i].phandle) >= 0)
			n++;
	return n;
}

static void ag_node_hdr(struct ag_buf *b, u8 type, u16 len, u8 rev,
			u32 nr_maps, u32 map_off)
{
	ag_buf_u8(b, type);
	ag_buf_u16(b, len);
	ag_buf_u8(b, rev);
	ag_buf_u32(b, 0);		/* reserved */
	ag_buf_u32(b, nr_maps);
	ag_buf_u32(b, nr_maps ? map_off : 0);
}

static void ag_rc_node(const struct ag_model *m, const struct ag_pci *p,
		       struct ag_buf *b)
{
	const struct ag_pci_msi *e;
	u32 i, n = ag_rc_mappings(m, p);
	u32 body = IORT_NODE_HDR_LEN + IORT_RC_BODY_LEN;
	int its;

	ag_node_hdr(b, IORT_NODE_ROOT_COMPLEX, body + n * IORT_ID_MAPPING_LEN,
		    IORT_RC_REV, n, body);
	ag_buf_u32(b, p->coherent ? IORT_CCA_COHERENT : 0);
	ag_buf_u8(b, 0);		/* allocation hints */
	ag_buf_u16(b, 0);
	ag_buf_u8(b, p->coherent ? IORT_MAF_CPM | IORT_MAF_DACS : 0);
	ag_buf_u32(b, 0);		/* ATS not supported */
	ag_buf_u32(b, p->segment);
	ag_buf_u8(b, IORT_ADDR_LIMIT_64);
	ag_buf_zero(b, 3);
	for (i = 0; i < p->nr_msi; i++) {
		e = &p->msi[i];
		its = ag_its_index(&m->gic, e->phandle);
		if (!e->count || its < 0)
			continue;
		ag_buf_u32(b, e->rid_base);
		ag_buf_u32(b, e->count - 1);	/* "number of IDs" is n - 1 */
		ag_buf_u32(b, e->out_base);
		ag_buf_u32(b, IORT_HDR_LEN + its * ag_its_group_len());
		ag_buf_u32(b, 0);
	}
}

int ag_gen_iort(struct ag_gen *g, struct ag_buf *b)
{
	const struct ag_model *m = g->m;
	u32 i;

	if (m->gic.version != 3 || !m->gic.nr_its || !m->nr_pci)
		return AG_SKIP;
	ag_table_begin(b, "IORT", ACPI_IORT_REV, g->opt);
	ag_buf_u32(b, m->gic.nr_its + m->nr_pci);
	ag_buf_u32(b, IORT_HDR_LEN);
	ag_buf_u32(b, 0);
	for (i = 0; i < m->gic.nr_its; i++) {
		ag_node_hdr(b, IORT_NODE_ITS_GROUP, ag_its_group_len(),
			    IORT_ITS_GROUP_REV, 0, 0);
		ag_buf_u32(b, 1);
		ag_buf_u32(b, i);	/* the MADT GIC ITS ID */
	}
	for (i = 0; i < m->nr_pci; i++)
		ag_rc_node(m, &m->pci[i], b);
	ag_table_end(b);
	return 0;
}
