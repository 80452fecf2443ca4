// SPDX-License-Identifier: GPL-2.0
/*
 * tables-pptt.c - PPTT: processor hierarchy from /cpus/cpu-map
 * (ACPI 6.3, 5.2.29).  Caches are not described.
 */
#include "tables.h"

#define PPTT_TYPE_PROCESSOR	0
#define PPTT_PROCESSOR_LEN	20
#define PPTT_PHYSICAL_PACKAGE	(1u << 0)
#define PPTT_ID_VALID		(1u << 1)
#define PPTT_IS_THREAD		(1u << 2)
#define PPTT_IS_LEAF		(1u << 3)

static u32 ag_pptt_flags(const struct ag_topo *t)
{
	u32 f = 0;

	if (t->package)
		f |= PPTT_PHYSICAL_PACKAGE;
	if (t->leaf)
		f |= PPTT_ID_VALID | PPTT_IS_LEAF;
	if (t->thread)
		f |= PPTT_IS_THREAD;
	return f;
}

int ag_gen_pptt(struct ag_gen *g, struct ag_buf *b)
{
	const struct ag_model *m = g->m;
	const struct ag_topo *t;
	u32 i;

	if (!m->nr_topo)
		return AG_SKIP;
	ag_table_begin(b, "PPTT", ACPI_PPTT_REV, g->opt);
	/* Parents come first, so a node's offset follows from its index. */
	for (i = 0; i < m->nr_topo; i++) {
		t = &m->topo[i];
		ag_buf_u8(b, PPTT_TYPE_PROCESSOR);
		ag_buf_u8(b, PPTT_PROCESSOR_LEN);
		ag_buf_u16(b, 0);
		ag_buf_u32(b, ag_pptt_flags(t));
		ag_buf_u32(b, t->parent < 0 ? 0 :
			   ACPI_HDR_LEN + t->parent * PPTT_PROCESSOR_LEN);
		ag_buf_u32(b, t->leaf ? t->cpu_uid : 0);
		ag_buf_u32(b, 0);	/* no private resources */
	}
	ag_table_end(b);
	return 0;
}
