// SPDX-License-Identifier: GPL-2.0-only
/*
 * SGIs sent at EL2: a guest's ICC_SGI1R_EL1 write done without the host,
 * and the doorbell that makes a target running on another CPU take them
 * (struct hvx_sgi_post in hvx-cpu.h says who does what).
 *
 * The sender ORs the SGI into each target's posted SGIs, then looks at
 * the target: in its guest on a CPU (doorbell set), that CPU is sent the
 * doorbell, a physical Group 0 SGI; polling in WFI (polling set), its
 * host thread sees it there; otherwise the host is to wake it
 * (HVX_VCPU_EXIT_KICK). A target sets its doorbell, then looks at what
 * is posted; leaving, it clears the doorbell, then its host looks
 * (hvx_vgic_flush(), WFI); a poller clears polling, then looks once
 * more. A full barrier sits between the store and the load on both
 * sides, so whichever way they race, a posted SGI is found by the
 * target's EL2 or by its host, or the sender rings or kicks it.
 *
 * The doorbell is taken at EL2 as an FIQ (vgic-fiq.c), which puts the
 * loaded vCPU's posted SGIs in list registers (hvx_vgic_take_posted()),
 * where the host said it may (inject); what it cannot place goes back to
 * posted, and the run ends for the host to do it. A doorbell for a vCPU
 * that has left meanwhile just finds nothing posted.
 */
#include <linux/bitfield.h>
#include <linux/bitops.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <asm/barrier.h>
#include <asm/cputype.h>
#include <asm/sysreg.h>

#include "hyp/switch.h"
#include "hyp/vm.h"

/* vCPU MPIDRs (uapi hvx_vcpu_mpidr()): Aff1 = id / 16, Aff0 = id % 16. */
#define SGI_TARGETS_PER_AFF1	16
#define SGI_AFF1_MAX		(HVX_MAX_VCPUS / SGI_TARGETS_PER_AFF1)
#define SGI_HIGH_AFF		(ICC_SGI1R_AFFINITY_2_MASK |		\
				 ICC_SGI1R_AFFINITY_3_MASK | ICC_SGI1R_RS_MASK)

/*
 * Atomics on the shared page, as exclusive loads and stores: the
 * compiler's may be calls to helpers EL2 does not have (hyp/spinlock.h).
 */
/* *p |= bits; returns the old value. */
static u32 post_or(u32 *p, u32 bits)
{
	u32 old, val, fail;

	asm volatile("1:	ldxr	%w0, %3\n"
		     "	orr	%w1, %w0, %w4\n"
		     "	stxr	%w2, %w1, %3\n"
		     "	cbnz	%w2, 1b\n"
		     : "=&r" (old), "=&r" (val), "=&r" (fail), "+Q" (*p)
		     : "r" (bits)
		     : "memory");
	return old;
}

static u32 post_take(u32 *p)
{
	u32 val, fail;

	asm volatile("1:	ldxr	%w0, %2\n"
		     "	stxr	%w1, wzr, %2\n"
		     "	cbnz	%w1, 1b\n"
		     : "=&r" (val), "=&r" (fail), "+Q" (*p)
		     :
		     : "memory");
	return val;
}

/* ICC_SGI0R_EL1 for the doorbell to this (physical) CPU. */
static u64 doorbell_here(u64 intid)
{
	u64 mpidr = read_sysreg(mpidr_el1);
	u64 aff0 = MPIDR_AFFINITY_LEVEL(mpidr, 0);

	return FIELD_PREP(ICC_SGI1R_AFFINITY_3_MASK,
			  MPIDR_AFFINITY_LEVEL(mpidr, 3)) |
	       FIELD_PREP(ICC_SGI1R_AFFINITY_2_MASK,
			  MPIDR_AFFINITY_LEVEL(mpidr, 2)) |
	       FIELD_PREP(ICC_SGI1R_AFFINITY_1_MASK,
			  MPIDR_AFFINITY_LEVEL(mpidr, 1)) |
	       FIELD_PREP(ICC_SGI1R_RS_MASK, aff0 / SGI_TARGETS_PER_AFF1) |
	       FIELD_PREP(ICC_SGI1R_SGI_ID_MASK, intid) |
	       BIT(aff0 % SGI_TARGETS_PER_AFF1);
}

void hvx_vgic_sgi_enter(struct hvx_hyp_vcpu *vcpu)
{
	u64 intid = hvx_vgic_doorbell_intid();

	/* Called for a VM with a vGIC only (switch.c). */
	if (intid == HVX_DOORBELL_OFF)
		return;
	WRITE_ONCE(vcpu->doorbell, doorbell_here(intid));
	/* The doorbell before looking: see the top of the file. */
	dmb(ish);
	/* Posted while nobody was to ring: rung here, taken once in. */
	if (READ_ONCE(vcpu->state->sgi.posted))
		write_sysreg_s(vcpu->doorbell, SYS_ICC_SGI0R_EL1);
}

void hvx_vgic_sgi_leave(struct hvx_hyp_vcpu *vcpu)
{
	if (!vcpu->doorbell)
		return;
	WRITE_ONCE(vcpu->doorbell, 0);
	/* Before the host looks at what is posted: see the top of the file. */
	dmb(ish);
}

/* The vCPU ids an ICC_SGI1R_EL1 value names (IRM = 1: all but @self). */
static u64 sgi1r_targets(u32 self, u64 val)
{
	u64 aff1 = FIELD_GET(ICC_SGI1R_AFFINITY_1_MASK, val);

	if (val & BIT_ULL(ICC_SGI1R_IRQ_ROUTING_MODE_BIT))
		return ~BIT_ULL(self);
	/* No vCPU has those affinities: the GIC ignores absent PEs. */
	if (val & SGI_HIGH_AFF || aff1 >= SGI_AFF1_MAX)
		return 0;
	return FIELD_GET(ICC_SGI1R_TARGET_LIST_MASK, val) <<
	       (aff1 * SGI_TARGETS_PER_AFF1);
}

bool hvx_vgic_sgi1r(struct hvx_hyp_vcpu *vcpu, u64 val)
{
	u32 bit = BIT(FIELD_GET(ICC_SGI1R_SGI_ID_MASK, val));
	u64 targets = sgi1r_targets(vcpu->id, val), kick = 0, bell;
	struct hvx_hyp_vcpu *t;
	u32 id;

	for (id = 0; id < HVX_MAX_VCPUS; id++) {
		if (!(targets & BIT_ULL(id)))
			continue;
		/* Created under the VM's lock, never freed while one runs. */
		t = READ_ONCE(vcpu->vm->vcpus[id]);
		if (!t)
			continue;
		/*
		 * Something posted already: the target finds it, and this,
		 * before it sleeps or enters (rung or kicked for the first):
		 * one doorbell per take, which a guest sending in a loop
		 * cannot turn into a storm.
		 */
		vcpu->stats[HVX_VM_STAT_SGIS_EL2]++;
		if (post_or(&t->state->sgi.posted, bit))
			continue;
		/* Posted before looking: see the top of the file. */
		dmb(ish);
		bell = READ_ONCE(t->doorbell);
		if (bell)
			write_sysreg_s(bell, SYS_ICC_SGI0R_EL1);
		else if (!READ_ONCE(t->state->sgi.polling))
			kick |= BIT_ULL(id);
	}
	if (!kick)
		return true;
	WRITE_ONCE(vcpu->state->sgi.kick, kick);
	return false;
}

bool hvx_vgic_take_posted(struct hvx_hyp_vcpu *vcpu)
{
	struct hvx_sgi_post *sp = &vcpu->state->sgi;
	unsigned long bits;
	u32 left = 0, intid;
	u32 inject;

	if (!READ_ONCE(sp->posted))
		return true;
	bits = post_take(&sp->posted) & GENMASK(HVX_NR_SGIS - 1, 0);
	inject = READ_ONCE(sp->inject);
	for_each_set_bit(intid, &bits, HVX_NR_SGIS) {
		if (inject & BIT(intid) &&
		    hvx_vgic_add_sgi(&vcpu->gic, intid, READ_ONCE(sp->prio[intid])))
			continue;
		left |= BIT(intid);
	}
	if (!left)
		return true;
	post_or(&sp->posted, left);
	return false;
}
