// SPDX-License-Identifier: GPL-2.0
/*
 * tables-gtdt.c - GTDT: generic timer PPIs, memory-mapped timer blocks
 * and SBSA watchdogs (ACPI 6.3, 5.2.24).
 */
#include "tables.h"

#define GTDT_TIMER_EDGE		(1u << 0)
#define GTDT_TIMER_ACTIVE_LOW	(1u << 1)
#define GTDT_TIMER_ALWAYS_ON	(1u << 2)

#define GTDT_TYPE_GT_BLOCK	0
#define GTDT_TYPE_WATCHDOG	1
#define GTDT_GT_BLOCK_LEN	20
#define GTDT_GT_FRAME_LEN	40
#define GTDT_WATCHDOG_LEN	28
#define GTDT_BODY_LEN		(104 - ACPI_HDR_LEN)
#define GTDT_WDOG_EDGE		(1u << 0)
#define GTDT_WDOG_ACTIVE_LOW	(1u << 1)
#define GTDT_FRAME_SECURE	(1u << 0)
#define GTDT_FRAME_ALWAYS_ON	(1u << 1)

static u32 ag_timer_flags(const struct ag_irq *irq, bool always_on)
{
	u32 f = 0;

	if (irq->flags & AG_IRQ_EDGE)
		f |= GTDT_TIMER_EDGE;
	if (irq->flags & AG_IRQ_ACTIVE_LOW)
		f |= GTDT_TIMER_ACTIVE_LOW;
	if (always_on)
		f |= GTDT_TIMER_ALWAYS_ON;
	return f;
}

/* One PPI field pair: GSIV then flags; 0/0 when the DT has none. */
static void ag_gtdt_ppi(const struct ag_timer *t, enum ag_timer_irq i,
			struct ag_buf *b)
{
	bool ok = (u32)i < t->nr_irqs && t->irq[i].gsi != AG_GSI_NONE;

	ag_buf_u32(b, ok ? t->irq[i].gsi : 0);
	ag_buf_u32(b, ok ? ag_timer_flags(&t->irq[i], t->always_on) : 0);
}

static u32 ag_nr_platform_timers(const struct ag_model *m)
{
	return (m->timer.has_mem ? 1 : 0) + m->nr_wdog;
}

static void ag_gtdt_block(const struct ag_timer *t, struct ag_buf *b)
{
	const struct ag_timer_frame *f;
	u32 i;

	ag_buf_u8(b, GTDT_TYPE_GT_BLOCK);
	ag_buf_u16(b, GTDT_GT_BLOCK_LEN + t->nr_frames * GTDT_GT_FRAME_LEN);
	ag_buf_u8(b, 0);
	ag_buf_u64(b, t->cnt_ctl_base);
	ag_buf_u32(b, t->nr_frames);
	ag_buf_u32(b, GTDT_GT_BLOCK_LEN);
	for (i = 0; i < t->nr_frames; i++) {
		f = &t->frames[i];
		ag_buf_u8(b, f->frame);
		ag_buf_zero(b, 3);
		ag_buf_u64(b, f->base);
		ag_buf_u64(b, f->el0_base);
		ag_buf_u32(b, f->has_phys ? f->phys.gsi : 0);
		ag_buf_u32(b, f->has_phys ? ag_timer_flags(&f->phys, false) : 0);
		ag_buf_u32(b, f->has_virt ? f->virt.gsi : 0);
		ag_buf_u32(b, f->has_virt ? ag_timer_flags(&f->virt, false) : 0);
		ag_buf_u32(b, (f->secure ? GTDT_FRAME_SECURE : 0) |
			      (t->always_on ? GTDT_FRAME_ALWAYS_ON : 0));
	}
}

static void ag_gtdt_wdog(const struct ag_wdog *w, struct ag_buf *b)
{
	u32 flags = 0;

	if (w->has_irq && (w->irq.flags & AG_IRQ_EDGE))
		flags |= GTDT_WDOG_EDGE;
	if (w->has_irq && (w->irq.flags & AG_IRQ_ACTIVE_LOW))
		flags |= GTDT_WDOG_ACTIVE_LOW;
	ag_buf_u8(b, GTDT_TYPE_WATCHDOG);
	ag_buf_u16(b, GTDT_WATCHDOG_LEN);
	ag_buf_u8(b, 0);
	ag_buf_u64(b, w->refresh_base);
	ag_buf_u64(b, w->control_base);
	ag_buf_u32(b, w->has_irq ? w->irq.gsi : 0);
	ag_buf_u32(b, flags);
}

int ag_gen_gtdt(struct ag_gen *g, struct ag_buf *b)
{
	const struct ag_model *m = g->m;
	const struct ag_timer *t = &m->timer;
	u32 i, n = ag_nr_platform_timers(m);

	ag_table_begin(b, "GTDT", ACPI_GTDT_REV, g->opt);
	ag_buf_u64(b, t->has_mem ? t->cnt_ctl_base : AG_NO_ADDR);
	ag_buf_u32(b, 0);
	ag_gtdt_ppi(t, AG_TIMER_SEC_PHYS, b);
	ag_gtdt_ppi(t, AG_TIMER_PHYS, b);
	ag_gtdt_ppi(t, AG_TIMER_VIRT, b);
	ag_gtdt_ppi(t, AG_TIMER_HYP_PHYS, b);
	ag_buf_u64(b, AG_NO_ADDR);	/* CntReadBase: not described by DT */
	ag_buf_u32(b, n);
	ag_buf_u32(b, n ? ACPI_HDR_LEN + GTDT_BODY_LEN : 0);
	ag_gtdt_ppi(t, AG_TIMER_HYP_VIRT, b);	/* revision 3 fields */
	if (t->has_mem)
		ag_gtdt_block(t, b);
	for (i = 0; i < m->nr_wdog; i++)
		ag_gtdt_wdog(&m->wdog[i], b);
	ag_table_end(b);
	return 0;
}
