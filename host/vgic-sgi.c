// SPDX-License-Identifier: GPL-2.0-only
/*
 * SGIs: the guest's writes to ICC_SGI0R_EL1, ICC_SGI1R_EL1 and
 * ICC_ASGI1R_EL1, which EL2 traps (ICH_HCR_EL2 cannot let the virtual CPU
 * interface send them) and hands the host.
 *
 * The value names the targets as one Aff3.Aff2.Aff1 cluster and a list of
 * Aff0 values (16 per range selector RS), or, with IRM = 1, every PE but
 * the sender. Targets that are no vCPU of the VM are ignored, as a GIC
 * ignores PEs that do not exist. An SGI reaches a target only if it has
 * the target's group for that INTID: SGI0R sends Group 0, the others
 * Group 1 (one security state: ASGI1R has no other state to target).
 */
#include <linux/bitfield.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <asm/esr.h>

#include "vgic-priv.h"
#include "vgic.h"

#define SGI_ISS(op2)	ESR_ELx_SYS64_ISS_SYS_VAL(3, 0, op2, 12, 11)
#define SGI_ISS_SGI1R	SGI_ISS(5)
#define SGI_ISS_ASGI1R	SGI_ISS(6)
#define SGI_ISS_SGI0R	SGI_ISS(7)

#define SGI_TARGETS_PER_RS	16

/* Make SGI @intid pending for vCPU @id if its group is @group1's. */
static void send_one(struct hvx_vgic *g, u32 id, u32 intid, bool group1,
		     u64 *kick)
{
	if (vgic_test(g, id, intid, VGIC_GROUP) != group1)
		return;
	vgic_set_pending(g, id, intid);
	vgic_changed(g, id, intid, kick);
}

void hvx_vgic_sgi(struct hvx_vcpu *vcpu, u32 sysreg, u64 val)
{
	struct hvx_vgic *g = vgic_of(vcpu->vm);
	u32 intid = FIELD_GET(ICC_SGI1R_SGI_ID_MASK, val);
	unsigned long targets = FIELD_GET(ICC_SGI1R_TARGET_LIST_MASK, val);
	u64 cluster, kick = 0;
	unsigned long flags;
	unsigned int bit;
	bool group1;
	int id;

	if (!g)
		return;
	switch (sysreg & ESR_ELx_SYS64_ISS_SYS_MASK) {
	case SGI_ISS_SGI0R:
		group1 = false;
		break;
	case SGI_ISS_SGI1R:
	case SGI_ISS_ASGI1R:
		group1 = true;
		break;
	default:
		return;
	}

	raw_spin_lock_irqsave(&g->lock, flags);
	if (val & BIT_ULL(ICC_SGI1R_IRQ_ROUTING_MODE_BIT)) {
		for (id = 0; id < HVX_MAX_VCPUS; id++)
			if (id != vcpu->id && READ_ONCE(vcpu->vm->vcpus[id]))
				send_one(g, id, intid, group1, &kick);
	} else {
		/* The targets' MPIDR: Aff3 39:32, Aff2 23:16, Aff1 15:8, Aff0. */
		cluster = FIELD_GET(ICC_SGI1R_AFFINITY_3_MASK, val) << 32 |
			  FIELD_GET(ICC_SGI1R_AFFINITY_2_MASK, val) << 16 |
			  FIELD_GET(ICC_SGI1R_AFFINITY_1_MASK, val) << 8 |
			  FIELD_GET(ICC_SGI1R_RS_MASK, val) * SGI_TARGETS_PER_RS;
		for_each_set_bit(bit, &targets, SGI_TARGETS_PER_RS) {
			id = hvx_vcpu_id_of_mpidr(cluster + bit);
			if (id >= 0 && READ_ONCE(vcpu->vm->vcpus[id]))
				send_one(g, id, intid, group1, &kick);
		}
	}
	raw_spin_unlock_irqrestore(&g->lock, flags);
	/* Not the sender: it flushes what it sent itself before re-entering. */
	vgic_kick(g, kick, vcpu->id);
}

void hvx_vgic_sgi_kick(struct hvx_vcpu *vcpu)
{
	struct hvx_vgic *g = vgic_of(vcpu->vm);

	/* EL2 names the vCPUs of the sender's VM only; absent ones are skipped. */
	if (g)
		vgic_kick(g, READ_ONCE(vcpu->state->sgi.kick), vcpu->id);
}

void hvx_vgic_poll_start(struct hvx_vcpu *vcpu)
{
	WRITE_ONCE(vcpu->state->sgi.polling, 1);
	/* Before the poll looks at what is posted: hyp/vgic-sgi.c. */
	smp_mb();
}

bool hvx_vgic_sgi_posted(struct hvx_vcpu *vcpu)
{
	return READ_ONCE(vcpu->state->sgi.posted);
}

bool hvx_vgic_poll_end(struct hvx_vcpu *vcpu)
{
	WRITE_ONCE(vcpu->state->sgi.polling, 0);
	/* A sender that saw it polling posted before: look once more. */
	smp_mb();
	return hvx_vgic_sgi_posted(vcpu);
}
