// SPDX-License-Identifier: GPL-2.0-only
/*
 * EL2's own physical interrupts: Group 0 ones that hvx.ko configures on
 * every CPU (host/vgic-doorbell.c) and tells EL2 about with
 * HVX_HC_VGIC_DOORBELL. The host has no Group 0 interrupt, and the
 * physical ICC_IGRPEN0_EL1 is set only while a guest with a vGIC runs:
 * with one security state they are FIQs, which HCR_EL2.FMO brings to
 * EL2, never to the host. Acknowledging them (ICC_IAR0_EL1) cannot take
 * one of the host's, which are all Group 1.
 *
 * - The doorbell SGI: a vCPU on this CPU may have SGIs posted
 *   (vgic-sgi.c).
 * - The virtual timer's PPI: the guest owns the virtual timer in the
 *   hardware, and the interrupt is its timer firing. EL2 injects it as a
 *   list register tied to the physical interrupt (HW, pINTID): the
 *   priority drop is done here (the host runs with EOImode 1, which EL2
 *   checks), the deactivation is the guest's, when it deactivates the
 *   virtual one; the timer's line, still up then, fires it again. Where
 *   the host did not allow it (the guest disabled it in its vGIC) or no
 *   list register is free, it stays active, so it does not fire again in
 *   this run. Whatever this run leaves active is deactivated when the run
 *   ends (hvx_vgic_fiq_put()), and the list registers go back to the
 *   host as plain virtual interrupts: the host's vGIC samples the timer's
 *   line again, as it does without EL2's help.
 */
#include <linux/bitfield.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <asm/sysreg.h>

#include "hyp/hyp.h"
#include "hyp/switch.h"
#include "hyp/vm.h"

/* ICC_IAR0_EL1: the INTID, and the special ones (1023: none pending). */
#define ICC_IAR_INTID		GENMASK(23, 0)
#define ICC_IAR_SPECIAL_FIRST	1020
#define ICC_IAR_SPECIAL_LAST	1023
#define PPI_FIRST		16
#define PPI_LAST		31

/* HVX_HC_VGIC_DOORBELL's: the doorbell SGI, the virtual timer's PPI. */
static u64 doorbell_intid = HVX_DOORBELL_OFF;
static u64 vtimer_pintid;

/* The host splits priority drop and deactivation (ICC_CTLR_EL1.EOImode). */
static bool eoimode_split(void)
{
	return read_sysreg_s(SYS_ICC_CTLR_EL1) & ICC_CTLR_EL1_EOImode_MASK;
}

int hvx_vgic_set_doorbell(u64 intid, u64 vtimer)
{
	if (intid != HVX_DOORBELL_OFF && intid >= HVX_NR_SGIS)
		return -EINVAL;
	/* A HW list register needs the deactivation apart: EOImode 1. */
	if (vtimer && (vtimer < PPI_FIRST || vtimer > PPI_LAST ||
		       !eoimode_split()))
		return -EINVAL;
	WRITE_ONCE(doorbell_intid, intid);
	WRITE_ONCE(vtimer_pintid, vtimer);
	return 0;
}

u64 hvx_vgic_doorbell_intid(void)
{
	return READ_ONCE(doorbell_intid);
}

bool hvx_vgic_doorbell_on(void)
{
	return hvx_vgic_doorbell_intid() != HVX_DOORBELL_OFF;
}

/* ICC_IGRPEN0_EL1.Enable: Group 0 interrupts are signalled. */
#define ICC_IGRPEN0_EL1_ENABLE	BIT(0)

/*
 * A run of a vCPU whose VM has a vGIC starts (switch.c: the others have
 * nothing to take them to): EL2's Group 0 interrupts are signalled while
 * it runs.
 */
void hvx_vgic_fiq_get(struct hvx_hyp_vcpu *vcpu)
{
	if (!hvx_vgic_doorbell_on() && !READ_ONCE(vtimer_pintid))
		return;
	vcpu->group0 = true;
	write_sysreg_s(ICC_IGRPEN0_EL1_ENABLE, SYS_ICC_IGRPEN0_EL1);
}

/*
 * The virtual timer fired: into a HW list register, whose deactivation
 * is the guest's, or kept active by EL2 until the run ends.
 */
static bool vtimer_fiq(struct hvx_hyp_vcpu *vcpu, u32 pintid)
{
	const struct hvx_sgi_post *sp = &vcpu->state->sgi;

	if (READ_ONCE(sp->inject) & BIT(HVX_GIC_PPI_VTIMER) &&
	    hvx_vgic_map_hw(&vcpu->gic, HVX_GIC_PPI_VTIMER, pintid,
			    READ_ONCE(sp->prio[HVX_GIC_PPI_VTIMER]))) {
		vcpu->stats[HVX_VM_STAT_VTIMER_EL2]++;
		return true;
	}
	vcpu->vtimer_active = pintid;
	/* Not allowed: the guest does not get it. No room: the host's. */
	return !(READ_ONCE(sp->inject) & BIT(HVX_GIC_PPI_VTIMER));
}

bool hvx_vgic_fiq(struct hvx_hyp_vcpu *vcpu)
{
	u64 iar = read_sysreg_s(SYS_ICC_IAR0_EL1);
	u32 intid = FIELD_GET(ICC_IAR_INTID, iar);

	/* Spurious: nothing acknowledged; the host may find out why. */
	if (intid >= ICC_IAR_SPECIAL_FIRST && intid <= ICC_IAR_SPECIAL_LAST)
		return false;
	write_sysreg_s(iar, SYS_ICC_EOIR0_EL1);
	if (intid == READ_ONCE(vtimer_pintid))
		return vtimer_fiq(vcpu, intid);
	if (eoimode_split())
		write_sysreg_s(iar, SYS_ICC_DIR_EL1);
	if (intid != hvx_vgic_doorbell_intid())
		return true;
	vcpu->stats[HVX_VM_STAT_DOORBELLS]++;
	return hvx_vgic_take_posted(vcpu);
}

/*
 * The run ends: deactivate what EL2 acknowledged and kept active, and
 * what a HW list register the guest had not deactivated held (@hw_pintid,
 * from hvx_vgic_save()): the next run, maybe another vCPU's, starts with
 * it inactive, and fires it again if the line is still up.
 */
void hvx_vgic_fiq_put(struct hvx_hyp_vcpu *vcpu, u32 hw_pintid)
{
	/* The host has no Group 0: one now waits for the next guest. */
	if (vcpu->group0) {
		write_sysreg_s(0, SYS_ICC_IGRPEN0_EL1);
		vcpu->group0 = false;
	}
	if (vcpu->vtimer_active)
		write_sysreg_s(vcpu->vtimer_active, SYS_ICC_DIR_EL1);
	if (hw_pintid && hw_pintid != vcpu->vtimer_active)
		write_sysreg_s(hw_pintid, SYS_ICC_DIR_EL1);
	vcpu->vtimer_active = 0;
}
