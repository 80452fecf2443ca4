// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest's GICv3 virtual CPU interface around a run.
 *
 * The host's vGIC (host/vgic*.c) decides which virtual interrupts the
 * list registers hold for a run and hands them over in the shared page
 * (struct hvx_vgic_cpu_if, hvx-cpu.h); EL2 loads them, with the guest's
 * own state (ICH_VMCR_EL2, the active priority registers), and gives all
 * of it back as the run left it. While a guest runs, HCR_EL2.IMO/FMO send
 * its ICC_* accesses to the virtual interface and ICH_HCR_EL2.En enables
 * it; the maintenance interrupt the host asks for (ICH_HCR_EL2.UIE,
 * LRENPIE, NPIE) is a physical interrupt, PPI 9, that ends the run with
 * an IRQ exit, and ICH_MISR_EL2 tells the host why.
 *
 * The host is not trusted: what it writes is taken apart field by field.
 * No list register ties a virtual interrupt to a physical one (HW is
 * cleared: no guest deactivates a host interrupt), and a vINTID from 1020
 * up (the special INTIDs, the extended ranges and LPIs, none of which the
 * vGIC has) makes an empty list register.
 *
 * The host kernel runs at EL1 and has no use for the virtual interface:
 * once the guest's state is saved, ICH_HCR_EL2 and the list registers
 * are zeroed (hvx_vgic_off(), also on an EL2 panic), so that nothing of
 * the guest's is left signalling on the CPU.
 *
 * A CPU without a GICv3 system-register interface for EL2 to use
 * (ID_AA64PFR0_EL1.GIC, ICC_SRE_EL2.SRE) has hw_nr_lr 0: nothing here
 * touches an ICH_* register then.
 */
#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/compiler.h>
#include <linux/minmax.h>
#include <asm/sysreg.h>

#include "hyp/switch.h"

/* ICH_HCR_EL2.LRENPIE: maintenance interrupt while EOIcount is not 0. */
#define ICH_HCR_LRENPIE		BIT(2)
/* The maintenance interrupts the host may ask for. */
#define GUEST_ICH_HCR_HOST	(ICH_HCR_UIE | ICH_HCR_LRENPIE | ICH_HCR_NPIE)

/* ICH_VTR_EL2: list registers - 1, preemption bits - 1. */
#define ICH_VTR_LISTREGS	GENMASK(4, 0)
#define ICH_VTR_PREBITS		GENMASK(28, 26)

/* ICC_SRE_EL2.SRE: EL2 uses the system-register interface. */
#define ICC_SRE_EL2_SRE		BIT(0)

/* The ICH_LR<n>_EL2 fields a virtual interrupt (HW = 0) has. */
#define GUEST_ICH_LR		(ICH_LR_VIRTUAL_ID_MASK | ICH_LR_EOI |	     \
				 ICH_LR_PRIORITY_MASK | ICH_LR_GROUP |	     \
				 ICH_LR_STATE)
/* vINTIDs from 1020 up: special, extended ranges, LPIs: not the vGIC's. */
#define VINTID_RESERVED_FIRST	1020

/* The ICH_VMCR_EL2 fields there are (the rest is RES0). */
#define GUEST_ICH_VMCR		(ICH_VMCR_ENG0_MASK | ICH_VMCR_ENG1_MASK |   \
				 ICH_VMCR_ACK_CTL_MASK |		     \
				 ICH_VMCR_FIQ_EN_MASK | ICH_VMCR_CBPR_MASK | \
				 ICH_VMCR_EOIM_MASK | ICH_VMCR_BPR1_MASK |   \
				 ICH_VMCR_BPR0_MASK | ICH_VMCR_PMR_MASK)

/*
 * ICH_AP0R/AP1R<n>_EL2 per group the CPUs have: 1, 2 or 4 for 5, 6 or 7
 * bits of preemption (ICH_VTR_EL2.PREbits). Read at VCPU_CREATE
 * (hvx_vgic_hw_nr_lr()), before any run, and the same on every CPU.
 */
static u32 vgic_nr_apr = 1;

static u32 nr_apr(void)
{
	u32 pre = FIELD_GET(ICH_VTR_PREBITS, read_sysreg_s(SYS_ICH_VTR_EL2));

	return pre >= 6 ? 4 : pre == 5 ? 2 : 1;
}

u32 hvx_vgic_hw_nr_lr(void)
{
	if (!FIELD_GET(ID_AA64PFR0_EL1_GIC_MASK, read_sysreg(id_aa64pfr0_el1)))
		return 0;
	if (!(read_sysreg_s(SYS_ICC_SRE_EL2) & ICC_SRE_EL2_SRE))
		return 0;
	WRITE_ONCE(vgic_nr_apr, nr_apr());
	return min_t(u32, FIELD_GET(ICH_VTR_LISTREGS,
				    read_sysreg_s(SYS_ICH_VTR_EL2)) + 1,
		     HVX_VGIC_MAX_LR);
}

/* A list register from the host: a virtual interrupt, or empty. */
static u64 sanitise_lr(u64 lr)
{
	if ((lr & ICH_LR_VIRTUAL_ID_MASK) >= VINTID_RESERVED_FIRST)
		return 0;
	return lr & GUEST_ICH_LR;
}

void hvx_vgic_copy_in(struct hvx_vgic_cpu_if *gic,
		      const struct hvx_vgic_cpu_if *shared)
{
	u32 nr = min(READ_ONCE(shared->nr_lr), gic->hw_nr_lr);
	u32 i;

	if (!gic->hw_nr_lr)
		return;
	for (i = 0; i < nr; i++)
		gic->lr[i] = sanitise_lr(READ_ONCE(shared->lr[i]));
	gic->nr_lr = nr;
	gic->host_nr_lr = nr;
	gic->hcr = READ_ONCE(shared->hcr) & GUEST_ICH_HCR_HOST;
	gic->vmcr = READ_ONCE(shared->vmcr) & GUEST_ICH_VMCR;
	for (i = 0; i < ARRAY_SIZE(gic->ap0r); i++) {
		gic->ap0r[i] = READ_ONCE(shared->ap0r[i]);
		gic->ap1r[i] = READ_ONCE(shared->ap1r[i]);
	}
}

void hvx_vgic_copy_out(struct hvx_vgic_cpu_if *shared,
		       const struct hvx_vgic_cpu_if *gic)
{
	u32 i;

	WRITE_ONCE(shared->hw_nr_lr, gic->hw_nr_lr);
	if (!gic->hw_nr_lr)
		return;
	/*
	 * The others were empty, and a guest cannot fill a list register;
	 * those past the host's are SGIs EL2 added (hvx_vgic_add_sgi()).
	 */
	for (i = 0; i < gic->nr_lr; i++)
		WRITE_ONCE(shared->lr[i], gic->lr[i]);
	WRITE_ONCE(shared->nr_lr, gic->nr_lr);
	WRITE_ONCE(shared->vmcr, gic->vmcr);
	WRITE_ONCE(shared->misr, gic->misr);
	WRITE_ONCE(shared->eisr, gic->eisr);
	WRITE_ONCE(shared->elrsr, gic->elrsr);
	for (i = 0; i < ARRAY_SIZE(gic->ap0r); i++) {
		WRITE_ONCE(shared->ap0r[i], gic->ap0r[i]);
		WRITE_ONCE(shared->ap1r[i], gic->ap1r[i]);
	}
}

/* ICH_LR<n>_EL2 by number: the register is in the instruction. */
static void write_lr(u32 n, u64 val)
{
	switch (n) {
	case 0:
		write_sysreg_s(val, SYS_ICH_LR0_EL2);
		break;
	case 1:
		write_sysreg_s(val, SYS_ICH_LR1_EL2);
		break;
	case 2:
		write_sysreg_s(val, SYS_ICH_LR2_EL2);
		break;
	case 3:
		write_sysreg_s(val, SYS_ICH_LR3_EL2);
		break;
	case 4:
		write_sysreg_s(val, SYS_ICH_LR4_EL2);
		break;
	case 5:
		write_sysreg_s(val, SYS_ICH_LR5_EL2);
		break;
	case 6:
		write_sysreg_s(val, SYS_ICH_LR6_EL2);
		break;
	case 7:
		write_sysreg_s(val, SYS_ICH_LR7_EL2);
		break;
	case 8:
		write_sysreg_s(val, SYS_ICH_LR8_EL2);
		break;
	case 9:
		write_sysreg_s(val, SYS_ICH_LR9_EL2);
		break;
	case 10:
		write_sysreg_s(val, SYS_ICH_LR10_EL2);
		break;
	case 11:
		write_sysreg_s(val, SYS_ICH_LR11_EL2);
		break;
	case 12:
		write_sysreg_s(val, SYS_ICH_LR12_EL2);
		break;
	case 13:
		write_sysreg_s(val, SYS_ICH_LR13_EL2);
		break;
	case 14:
		write_sysreg_s(val, SYS_ICH_LR14_EL2);
		break;
	case 15:
		write_sysreg_s(val, SYS_ICH_LR15_EL2);
		break;
	}
}

static u64 read_lr(u32 n)
{
	switch (n) {
	case 0:
		return read_sysreg_s(SYS_ICH_LR0_EL2);
	case 1:
		return read_sysreg_s(SYS_ICH_LR1_EL2);
	case 2:
		return read_sysreg_s(SYS_ICH_LR2_EL2);
	case 3:
		return read_sysreg_s(SYS_ICH_LR3_EL2);
	case 4:
		return read_sysreg_s(SYS_ICH_LR4_EL2);
	case 5:
		return read_sysreg_s(SYS_ICH_LR5_EL2);
	case 6:
		return read_sysreg_s(SYS_ICH_LR6_EL2);
	case 7:
		return read_sysreg_s(SYS_ICH_LR7_EL2);
	case 8:
		return read_sysreg_s(SYS_ICH_LR8_EL2);
	case 9:
		return read_sysreg_s(SYS_ICH_LR9_EL2);
	case 10:
		return read_sysreg_s(SYS_ICH_LR10_EL2);
	case 11:
		return read_sysreg_s(SYS_ICH_LR11_EL2);
	case 12:
		return read_sysreg_s(SYS_ICH_LR12_EL2);
	case 13:
		return read_sysreg_s(SYS_ICH_LR13_EL2);
	case 14:
		return read_sysreg_s(SYS_ICH_LR14_EL2);
	case 15:
		return read_sysreg_s(SYS_ICH_LR15_EL2);
	default:
		return 0;
	}
}

/* ICH_AP0R<n>_EL2, ICH_AP1R<n>_EL2 for n < @nr (the ones there are). */
static void write_aprs(const u32 *ap0r, const u32 *ap1r, u32 nr)
{
	switch (nr) {
	case 4:
		write_sysreg_s(ap0r[3], SYS_ICH_AP0R3_EL2);
		write_sysreg_s(ap1r[3], SYS_ICH_AP1R3_EL2);
		write_sysreg_s(ap0r[2], SYS_ICH_AP0R2_EL2);
		write_sysreg_s(ap1r[2], SYS_ICH_AP1R2_EL2);
		fallthrough;
	case 2:
		write_sysreg_s(ap0r[1], SYS_ICH_AP0R1_EL2);
		write_sysreg_s(ap1r[1], SYS_ICH_AP1R1_EL2);
		fallthrough;
	default:
		write_sysreg_s(ap0r[0], SYS_ICH_AP0R0_EL2);
		write_sysreg_s(ap1r[0], SYS_ICH_AP1R0_EL2);
	}
}

static void read_aprs(u32 *ap0r, u32 *ap1r, u32 nr)
{
	switch (nr) {
	case 4:
		ap0r[3] = read_sysreg_s(SYS_ICH_AP0R3_EL2);
		ap1r[3] = read_sysreg_s(SYS_ICH_AP1R3_EL2);
		ap0r[2] = read_sysreg_s(SYS_ICH_AP0R2_EL2);
		ap1r[2] = read_sysreg_s(SYS_ICH_AP1R2_EL2);
		fallthrough;
	case 2:
		ap0r[1] = read_sysreg_s(SYS_ICH_AP0R1_EL2);
		ap1r[1] = read_sysreg_s(SYS_ICH_AP1R1_EL2);
		fallthrough;
	default:
		ap0r[0] = read_sysreg_s(SYS_ICH_AP0R0_EL2);
		ap1r[0] = read_sysreg_s(SYS_ICH_AP1R0_EL2);
	}
}

void hvx_vgic_load(const struct hvx_vgic_cpu_if *gic)
{
	u32 i;

	if (!gic->hw_nr_lr)
		return;
	/* hvx_vgic_off() left every list register empty. */
	for (i = 0; i < gic->nr_lr; i++)
		write_lr(i, gic->lr[i]);
	write_aprs(gic->ap0r, gic->ap1r, READ_ONCE(vgic_nr_apr));
	write_sysreg_s(gic->vmcr, SYS_ICH_VMCR_EL2);
	write_sysreg_s(ICH_HCR_EN | gic->hcr, SYS_ICH_HCR_EL2);
}

/*
 * The list register holding virtual interrupt @vintid in a valid state
 * (two holding one vINTID are UNPREDICTABLE), or -1; *@free: where EL2
 * may add one, past the host's (which the host maps to its own
 * interrupts): one EL2 added and the guest is done with, else the next;
 * hw_nr_lr if none is left.
 */
static int find_lr(const struct hvx_vgic_cpu_if *gic, u32 vintid, u64 *val,
		   u32 *free)
{
	u32 i;
	u64 lr;

	*free = gic->nr_lr;
	for (i = 0; i < gic->nr_lr; i++) {
		lr = read_lr(i);
		if (!(lr & ICH_LR_STATE)) {
			if (i >= gic->host_nr_lr && *free == gic->nr_lr)
				*free = i;
		} else if ((lr & ICH_LR_VIRTUAL_ID_MASK) == vintid) {
			*val = lr;
			return i;
		}
	}
	if (*free >= gic->hw_nr_lr)
		*free = gic->hw_nr_lr;
	return -1;
}

/* A new pending Group 1 list register at @free (find_lr()): false if none. */
static bool add_lr(struct hvx_vgic_cpu_if *gic, u32 free, u64 lr, u8 prio)
{
	if (free >= gic->hw_nr_lr)
		return false;
	write_lr(free, lr | ICH_LR_GROUP | ICH_LR_PENDING_BIT |
		       FIELD_PREP(ICH_LR_PRIORITY_MASK, prio));
	if (free == gic->nr_lr)
		gic->nr_lr++;
	return true;
}

/*
 * SGI @intid, pending, Group 1, priority @prio, into a list register.
 * true: it is pending for the guest, now or already (a list register has
 * it pending: SGIs pend once); false: the host's to do, as one holds it
 * active only, or none is free.
 */
bool hvx_vgic_add_sgi(struct hvx_vgic_cpu_if *gic, u32 intid, u8 prio)
{
	u32 free;
	u64 lr;

	if (find_lr(gic, intid, &lr, &free) >= 0)
		return lr & ICH_LR_PENDING_BIT;
	return add_lr(gic, free, intid, prio);
}

/*
 * Virtual interrupt @vintid tied to physical @pintid, which EL2 has
 * acknowledged and dropped the priority of (HW: the guest's deactivation
 * deactivates it). One a list register holds already is tied (a HW one
 * that is active is not pending too: the pending state is the physical
 * interrupt's); else pending, Group 1, priority @prio, in a new list
 * register. false: none is free.
 */
bool hvx_vgic_map_hw(struct hvx_vgic_cpu_if *gic, u32 vintid, u32 pintid,
		     u8 prio)
{
	u64 hw = ICH_LR_HW | FIELD_PREP(ICH_LR_PHYS_ID_MASK, pintid), lr;
	u32 free;
	int i;

	i = find_lr(gic, vintid, &lr, &free);
	if (i < 0)
		return add_lr(gic, free, vintid | hw, prio);
	/* ICH_LR_EOI is in the pINTID field of a HW one. */
	lr &= ~(ICH_LR_EOI | ICH_LR_PHYS_ID_MASK);
	if (lr & ICH_LR_ACTIVE_BIT)
		lr &= ~ICH_LR_PENDING_BIT;
	write_lr(i, lr | hw);
	return true;
}

/*
 * Before hvx_vgic_off(): the exception entry synchronised the reads. A
 * list register EL2 tied to a physical interrupt (hvx_vgic_map_hw()) goes
 * back as a plain one; returned: the physical INTID of one the guest had
 * not deactivated (still active physically), or 0.
 */
u32 hvx_vgic_save(struct hvx_vgic_cpu_if *gic)
{
	u32 i, hw_active = 0;
	u64 lr;

	if (!gic->hw_nr_lr)
		return 0;
	for (i = 0; i < gic->nr_lr; i++) {
		lr = read_lr(i);
		if (lr & ICH_LR_HW) {
			if (lr & ICH_LR_STATE)
				hw_active = FIELD_GET(ICH_LR_PHYS_ID_MASK, lr);
			lr &= ~(ICH_LR_HW | ICH_LR_PHYS_ID_MASK);
		}
		gic->lr[i] = lr;
	}
	read_aprs(gic->ap0r, gic->ap1r, READ_ONCE(vgic_nr_apr));
	gic->vmcr = read_sysreg_s(SYS_ICH_VMCR_EL2);
	/* Nothing loaded, no maintenance asked for: nothing to report. */
	if (!gic->nr_lr && !gic->hcr) {
		gic->misr = 0;
		gic->eisr = 0;
		gic->elrsr = 0;
		return hw_active;
	}
	gic->misr = read_sysreg_s(SYS_ICH_MISR_EL2);
	gic->eisr = read_sysreg_s(SYS_ICH_EISR_EL2);
	gic->elrsr = read_sysreg_s(SYS_ICH_ELRSR_EL2);
	return hw_active;
}

void hvx_vgic_off(const struct hvx_vgic_cpu_if *gic)
{
	u32 i, nr = gic ? gic->nr_lr : hvx_vgic_hw_nr_lr();

	if (gic && !gic->hw_nr_lr)
		return;
	write_sysreg_s(0, SYS_ICH_HCR_EL2);
	/* An EL2 panic: no Group 0 for the host (vgic-fiq.c). */
	if (!gic)
		write_sysreg_s(0, SYS_ICC_IGRPEN0_EL1);
	for (i = 0; i < nr; i++)
		write_lr(i, 0);
}
