// SPDX-License-Identifier: GPL-2.0
/*
 * tables-madt.c - MADT ("APIC"): one GICC per CPU, the GICD, then GICR
 * ranges and ITSs (GICv3) or v2m MSI frames (GICv2).  ACPI 6.3, 5.2.12.
 */
#include "tables.h"

#define MADT_FLAGS_NONE		0	/* no PC-AT 8259s on arm64 */

#define MADT_TYPE_GICC		0x0b
#define MADT_TYPE_GICD		0x0c
#define MADT_TYPE_GIC_MSI_FRAME	0x0d
#define MADT_TYPE_GICR		0x0e
#define MADT_TYPE_GIC_ITS	0x0f

#define MADT_GICC_LEN		80
#define MADT_GICD_LEN		24
#define MADT_MSI_FRAME_LEN	24
#define MADT_GICR_LEN		16
#define MADT_ITS_LEN		20

#define GICC_FLAG_ENABLED	(1u << 0)
#define GICC_FLAG_PERF_EDGE	(1u << 1)
#define GICC_FLAG_VGIC_EDGE	(1u << 2)
#define MSI_FRAME_FLAG_SPI_SELECT (1u << 0)

static void ag_madt_gicc(const struct ag_model *m, const struct ag_cpu *c,
			 struct ag_buf *b)
{
	const struct ag_gic *g = &m->gic;
	u32 flags = c->enabled ? GICC_FLAG_ENABLED : 0;

	if (c->has_pmu && (c->pmu.flags & AG_IRQ_EDGE))
		flags |= GICC_FLAG_PERF_EDGE;
	if (g->has_maint && (g->maint.flags & AG_IRQ_EDGE))
		flags |= GICC_FLAG_VGIC_EDGE;
	ag_buf_u8(b, MADT_TYPE_GICC);
	ag_buf_u8(b, MADT_GICC_LEN);
	ag_buf_u16(b, 0);
	ag_buf_u32(b, c->uid);		/* CPU interface number */
	ag_buf_u32(b, c->uid);		/* ACPI processor UID */
	ag_buf_u32(b, flags);
	ag_buf_u32(b, 0);		/* parking protocol version */
	ag_buf_u32(b, c->has_pmu ? c->pmu.gsi : 0);
	ag_buf_u64(b, 0);		/* parked address */
	/* GICv3 accesses the CPU interface through system registers. */
	ag_buf_u64(b, g->version == 2 ? g->cpuif_base : 0);
	ag_buf_u64(b, g->gicv_base);
	ag_buf_u64(b, g->gich_base);
	ag_buf_u32(b, g->has_maint ? g->maint.gsi : 0);
	ag_buf_u64(b, 0);		/* GICR base: the GICR entries say it */
	ag_buf_u64(b, c->mpidr);
	ag_buf_u8(b, 0);		/* processor power efficiency class */
	ag_buf_u8(b, 0);
	ag_buf_u16(b, 0);		/* SPE overflow interrupt: none */
}

static void ag_madt_gicd(const struct ag_gic *g, struct ag_buf *b)
{
	ag_buf_u8(b, MADT_TYPE_GICD);
	ag_buf_u8(b, MADT_GICD_LEN);
	ag_buf_u16(b, 0);
	ag_buf_u32(b, 0);		/* GIC ID */
	ag_buf_u64(b, g->dist_base);
	ag_buf_u32(b, 0);		/* system vector base: must be 0 */
	ag_buf_u8(b, g->version);
	ag_buf_zero(b, 3);
}

static void ag_madt_v3(const struct ag_gic *g, struct ag_buf *b)
{
	u32 i;

	for (i = 0; i < g->nr_redist; i++) {
		ag_buf_u8(b, MADT_TYPE_GICR);
		ag_buf_u8(b, MADT_GICR_LEN);
		ag_buf_u16(b, 0);
		ag_buf_u64(b, g->redist[i].base);
		ag_buf_u32(b, g->redist[i].size);
	}
	for (i = 0; i < g->nr_its; i++) {
		ag_buf_u8(b, MADT_TYPE_GIC_ITS);
		ag_buf_u8(b, MADT_ITS_LEN);
		ag_buf_u16(b, 0);
		ag_buf_u32(b, i);	/* ITS ID, referenced by IORT */
		ag_buf_u64(b, g->its[i].base);
		ag_buf_u32(b, 0);
	}
}

static void ag_madt_v2m(const struct ag_gic *g, struct ag_buf *b)
{
	const struct ag_v2m *f;
	u32 i;

	for (i = 0; i < g->nr_v2m; i++) {
		f = &g->v2m[i];
		ag_buf_u8(b, MADT_TYPE_GIC_MSI_FRAME);
		ag_buf_u8(b, MADT_MSI_FRAME_LEN);
		ag_buf_u16(b, 0);
		ag_buf_u32(b, i);	/* MSI frame ID */
		ag_buf_u64(b, f->base);
		/* Without SPI_SELECT the OS reads MSI_TYPER instead. */
		ag_buf_u32(b, f->has_spis ? MSI_FRAME_FLAG_SPI_SELECT : 0);
		ag_buf_u16(b, f->has_spis ? f->spi_count : 0);
		ag_buf_u16(b, f->has_spis ? f->spi_base : 0);
	}
}

int ag_gen_madt(struct ag_gen *g, struct ag_buf *b)
{
	const struct ag_model *m = g->m;
	u32 i;

	ag_table_begin(b, "APIC", ACPI_MADT_REV, g->opt);
	ag_buf_u32(b, 0);		/* local interrupt controller address */
	ag_buf_u32(b, MADT_FLAGS_NONE);
	for (i = 0; i < m->nr_cpus; i++)
		ag_madt_gicc(m, &m->cpus[i], b);
	/* Without a GIC (version 0) the MADT lists the CPUs only. */
	if (m->gic.version)
		ag_madt_gicd(&m->gic, b);
	if (m->gic.version == 3)
		ag_madt_v3(&m->gic, b);
	else if (m->gic.version == 2)
		ag_madt_v2m(&m->gic, b);
	ag_table_end(b);
	return 0;
}
