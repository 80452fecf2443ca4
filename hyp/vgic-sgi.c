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
 * The host has no Group 0 interrupt, and the physical ICC_IGRPEN0_EL1 is
 * set only while a guest runs (vgic-sr.c): so the doorbell is an FIQ
 * that HCR_EL2.FMO brings to EL2, never to the host. EL2 acknowledges it
 * and puts the loaded vCPU's posted SGIs in list registers, where the
 * host said it may (inject); what it cannot place goes back to posted,
 * and the run ends for the host to do it. A doorbell for a vCPU that has
 * left meanwhile just finds nothing posted.
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

/* ICC_IAR0_EL1: the INTID, and the special ones (1023: none pending). */
#define ICC_IAR_INTID		GENMASK(23, 0)
#define ICC_IAR_SPECIAL_FIRST	1020
#define ICC_IAR_SPECIAL_LAST	1023

/* The doorbell's INTID (HVX_HC_VGIC_DOORBELL), or HVX_DOORBELL_OFF. */
static u64 doorbell_intid = HVX_DOORBELL_OFF;

int hvx_vgic_set_doorbell(u64 intid)
{
	if (intid != HVX_DOORBELL_OFF && intid >= HVX_NR_SGIS)
		return -EINVAL;
	WRITE_ONCE(doorbell_intid, intid);
	return 0;
}

bool hvx_vgic_doorbell_on(void)
{
	return READ_ONCE(doorbell_intid) != HVX_DOORBELL_OFF;
}

/*
 * Atomics on the shared page, as exclusive loads and stores: the
 * compiler's may be calls to helpers EL2 does not have (hyp/spinlock.h).
 */
static void post_or(u32 *p, u32 bits)
{
	u32 val, fail;

	asm volatile("1:	ldxr	%w0, %2\n"
		     "	orr	%w0, %w0, %w3\n"
		     "	stxr	%w1, %w0, %2\n"
		     "	cbnz	%w1, 1b\n"
		     : "=&r" (val), "=&r" (fail), "+Q" (*p)
		     : "r" (bits)
		     : "memory");
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
	u64 intid = READ_ONCE(doorbell_intid);

	if (intid == HVX_DOORBELL_OFF || !vcpu->gic.hw_nr_lr)
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
		post_or(&t->state->sgi.posted, bit);
		/* Posted before looking: see the top of the file. */
		dmb(ish);
		bell = READ_ONCE(t->doorbell);
		if (bell)
			write_sysreg_s(bell, SYS_ICC_SGI0R_EL1);
		else if (!READ_ONCE(t->state->sgi.polling))
			kick |= BIT_ULL(id);
		vcpu->stats[HVX_VM_STAT_SGIS_EL2]++;
	}
	if (!kick)
		return true;
	WRITE_ONCE(vcpu->state->sgi.kick, kick);
	return false;
}

/* The posted SGIs into list registers; false if the host must do some. */
static bool take_posted(struct hvx_hyp_vcpu *vcpu)
{
	struct hvx_sgi_post *sp = &vcpu->state->sgi;
	unsigned long bits;
	u32 left = 0, intid;
	u16 inject;

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

/*
 * An FIQ while the guest ran: acknowledge it (EOImode 1 splits priority
 * drop and deactivation), then take what is posted. false: the run ends.
 */
bool hvx_vgic_doorbell(struct hvx_hyp_vcpu *vcpu)
{
	u64 iar = read_sysreg_s(SYS_ICC_IAR0_EL1);
	u32 intid = FIELD_GET(ICC_IAR_INTID, iar);

	/* Spurious: nothing acknowledged; the host may find out why. */
	if (intid >= ICC_IAR_SPECIAL_FIRST && intid <= ICC_IAR_SPECIAL_LAST)
		return false;
	write_sysreg_s(iar, SYS_ICC_EOIR0_EL1);
	if (read_sysreg_s(SYS_ICC_CTLR_EL1) & ICC_CTLR_EL1_EOImode_MASK)
		write_sysreg_s(iar, SYS_ICC_DIR_EL1);
	vcpu->stats[HVX_VM_STAT_DOORBELLS]++;
	return take_posted(vcpu);
}
