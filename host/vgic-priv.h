/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The vGIC's state, shared by vgic.c, vgic-mmio.c and vgic-sgi.c.
 *
 * Every interrupt has the same attributes (enable, pending latch, line
 * level, active, group, edge-triggered, in a list register), kept as one
 * bit per interrupt: the SGIs and PPIs of a vCPU in that vCPU's word, the
 * SPIs in the VM's bitmaps, indexed by INTID (bits 0-31 unused). So a
 * whole register's worth, or every SPI of a VM, is a few word operations.
 *
 * All of it is under the one raw spinlock, taken with interrupts saved:
 * the timers' hrtimer callbacks drive their PPIs from hard-IRQ context.
 */
#ifndef __HVX_HOST_VGIC_PRIV_H
#define __HVX_HOST_VGIC_PRIV_H

#include <linux/bitmap.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "vm.h"

#define VGIC_NR_PRIVATE		32	/* SGIs 0-15, PPIs 16-31 */
#define VGIC_NR_SGIS		16
#define VGIC_MAX_IRQS		HVX_GIC_MAX_IRQS
#define VGIC_SPI_END		1020	/* 1020-1023 are special INTIDs */
#define VGIC_NO_VCPU		0xff	/* an SPI routed to no possible vCPU */

/* A vCPU set (kicks): one bit per vCPU id. */
static_assert(HVX_MAX_VCPUS <= 64);
static_assert(HVX_MAX_VCPUS < VGIC_NO_VCPU);

enum vgic_attr {
	VGIC_ENABLED,		/* GICD/GICR_ISENABLER */
	VGIC_PEND,		/* the pending latch: edges, ISPENDR */
	VGIC_PEND_NEW,		/* latched again while in a list register */
	VGIC_LEVEL,		/* the input line */
	VGIC_ACTIVE,
	VGIC_GROUP,		/* 1: Group 1 */
	VGIC_EDGE,		/* ICFGR: edge-triggered */
	VGIC_IN_LR,		/* a vCPU's list registers hold it */
	VGIC_NR_ATTRS
};

struct hvx_vgic_cpu {
	unsigned long priv[VGIC_NR_ATTRS];	/* INTIDs 0-31 */
	u8 prio[VGIC_NR_PRIVATE];
	DECLARE_BITMAP(routed, VGIC_MAX_IRQS);	/* SPIs routed here */
	bool asleep;				/* GICR_WAKER.ProcessorSleep */
	/* What the last flush put in the list registers. */
	bool flushed;
	u32 nr_lr;
	u16 lr_intid[HVX_VGIC_MAX_LR];
	u16 lr_pend;				/* loaded pending, by LR */
};

struct hvx_vgic {
	raw_spinlock_t lock;
	struct hvx_vm *vm;
	u32 nr_irqs;
	u64 dist_base;
	u64 redist_base;
	u32 ctlr;				/* EnableGrp0, EnableGrp1 */
	unsigned long spi[VGIC_NR_ATTRS][BITS_TO_LONGS(VGIC_MAX_IRQS)];
	u8 prio[VGIC_MAX_IRQS];
	u64 irouter[VGIC_MAX_IRQS];		/* the affinity fields */
	u8 target[VGIC_MAX_IRQS];		/* vCPU id, or VGIC_NO_VCPU */
	u8 lr_owner[VGIC_MAX_IRQS];		/* whose LRs, if VGIC_IN_LR */
	struct hvx_vgic_cpu cpu[HVX_MAX_VCPUS];
};

/* The word of bits that holds @intid's @attr, for vCPU @id's view. */
static inline unsigned long *vgic_bits(struct hvx_vgic *g, u32 id, u32 intid,
				       enum vgic_attr attr)
{
	return intid < VGIC_NR_PRIVATE ? &g->cpu[id].priv[attr] : g->spi[attr];
}

static inline bool vgic_test(struct hvx_vgic *g, u32 id, u32 intid,
			     enum vgic_attr attr)
{
	return test_bit(intid, vgic_bits(g, id, intid, attr));
}

static inline void vgic_assign(struct hvx_vgic *g, u32 id, u32 intid,
			       enum vgic_attr attr, bool v)
{
	__assign_bit(intid, vgic_bits(g, id, intid, attr), v);
}

static inline u8 *vgic_prio(struct hvx_vgic *g, u32 id, u32 intid)
{
	return intid < VGIC_NR_PRIVATE ? &g->cpu[id].prio[intid] :
					 &g->prio[intid];
}

/* INTIDs that exist: the private ones and the SPIs below nr_irqs. */
static inline bool vgic_valid(const struct hvx_vgic *g, u32 intid)
{
	return intid < g->nr_irqs && intid < VGIC_SPI_END;
}

/* The VM's vGIC, published once by HVX_VM_CREATE_GIC. */
static inline struct hvx_vgic *vgic_of(struct hvx_vm *vm)
{
	/* Pairs with hvx_vgic_create()'s release: a complete vGIC. */
	return smp_load_acquire(&vm->vgic);
}

/* vgic.c, with the lock held: state changes and whom they concern. */
bool vgic_is_pending(struct hvx_vgic *g, u32 id, u32 intid);
void vgic_set_pending(struct hvx_vgic *g, u32 id, u32 intid);
void vgic_changed(struct hvx_vgic *g, u32 id, u32 intid, u64 *kick);
void vgic_route(struct hvx_vgic *g, u32 intid, u64 irouter);
void vgic_publish_sgis(struct hvx_vgic *g, u32 id);
void vgic_take_posted(struct hvx_vgic *g, u32 id);
/* Without the lock: kick every vCPU in @kick but @self (an id or -1). */
void vgic_kick(struct hvx_vgic *g, u64 kick, int self);

#endif /* __HVX_HOST_VGIC_PRIV_H */
