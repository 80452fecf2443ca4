// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest's MDSCR_EL1, emulated, and what its debug enables decide.
 *
 * While a guest runs, MDCR_EL2.TDA traps its MDSCR_EL1 accesses to EL2
 * (switch.c sets TDA for the DCC door). EL2 keeps the guest's value in
 * ctx.sys[HVX_SYS_MDSCR_EL1] and loads the hardware with the same but
 * for TDCC, clear: with TDCC set (as Linux sets it at boot, to keep user
 * space off the DCC) an EL0 read of MDCCSR_EL0 traps to the guest's EL1
 * before EL2 can see it, and guest user programs could not call hvx.
 * EL2 gives the guest's EL1 the trap its TDCC asks for instead, for the
 * EL0 reads that are no call (guest-exit.c). Reads return the guest's
 * value, TDCC included.
 *
 * MDCR_EL2.TDE routes the guest's debug exceptions to EL2, where they
 * are enabled from EL1 whatever the guest's MDSCR_EL1.KDE and PSTATE.D.
 * A software step that the guest's own enables would not have generated
 * (the guest at EL1 with MDSCR_EL1.SS set but KDE clear or D set: e.g.
 * Linux between setting SS and its eret to the user task it steps) is
 * EL2's to take: EL2 steps the guest's EL1 on, one instruction at a time,
 * until the guest clears SS or leaves EL1. When the instruction stepped
 * is the guest's eret to EL0, QEMU (7.2) takes the step exception at the
 * eret's target, before it runs: EL2 then enters EL0 as the guest's eret
 * would have, with SPSR_EL1.SS, and the guest gets the steps of its EL0.
 *
 * Limits. The guest cannot program hardware breakpoints or watchpoints:
 * DBGBCR/DBGBVR/DBGWCR/DBGWVR<n>_EL1 trap (TDA) and get an UNDEF. They
 * are not switched either, so one that fires in the guest (with the
 * guest's MDE set) is one the host left in the registers; it is reflected
 * as it comes, from EL1 too, whatever the guest's KDE and PSTATE.D: only
 * software step honours the guest's enables. A guest's EL0 can call hvx
 * through the DCC door whatever its EL1's TDCC says: only the reads that
 * are no call get the guest's own trap.
 */
#include <linux/bits.h>
#include <asm/debug-monitors.h>
#include <asm/esr.h>
#include <asm/ptrace.h>
#include <asm/sysreg.h>

#include "switch.h"

/* MDSCR_EL1.TDCC: EL0 accesses to the DCC registers trap to EL1. */
#define MDSCR_EL1_TDCC		BIT(12)

void hvx_debug_load_guest(const u64 *sys)
{
	write_sysreg(sys[HVX_SYS_MDSCR_EL1] & ~MDSCR_EL1_TDCC, mdscr_el1);
}

static bool from_el0(void)
{
	return (read_sysreg(spsr_el2) & PSR_MODE_MASK) == PSR_MODE_EL0t;
}

/* Would the guest's EL1 have trapped its EL0's DCC access itself? */
bool hvx_guest_el0_dcc_trapped(const struct hvx_hyp_vcpu *vcpu)
{
	return from_el0() &&
	       (vcpu->ctx.sys[HVX_SYS_MDSCR_EL1] & MDSCR_EL1_TDCC);
}

/*
 * Would the guest have taken this debug exception itself: from EL0
 * always (its EL1 is a higher EL), from EL1 only with MDSCR_EL1.KDE set
 * and PSTATE.D clear?
 */
static bool guest_debug_enabled(const struct hvx_hyp_vcpu *vcpu)
{
	return from_el0() ||
	       ((vcpu->ctx.sys[HVX_SYS_MDSCR_EL1] & DBG_MDSCR_KDE) &&
		!(read_sysreg(spsr_el2) & PSR_D_BIT));
}

bool hvx_guest_step_own(struct hvx_hyp_vcpu *vcpu)
{
	u64 spsr = read_sysreg(spsr_el2);
	bool own = vcpu->hyp_step;

	vcpu->hyp_step = false;
	if (from_el0()) {
		if (!own)
			return false;
		/* EL2 stepped the guest's eret to EL0: enter EL0 as it does. */
		write_sysreg((spsr & ~DBG_SPSR_SS) |
			     (read_sysreg(spsr_el1) & DBG_SPSR_SS), spsr_el2);
		return true;
	}
	if (guest_debug_enabled(vcpu))
		return false;
	vcpu->hyp_step = true;
	write_sysreg(spsr | DBG_SPSR_SS, spsr_el2);
	return true;
}

/* A trapped MRS or MSR of MDSCR_EL1 (EC SYS64), from the guest's EL1. */
void hvx_mdscr_access(struct hvx_hyp_vcpu *vcpu, u64 esr)
{
	u32 rt = ESR_ELx_SYS64_ISS_RT(esr);
	u64 *sys = vcpu->ctx.sys;
	u64 *x = vcpu->ctx.x;
	u64 val;

	if ((esr & ESR_ELx_SYS64_ISS_DIR_MASK) == ESR_ELx_SYS64_ISS_DIR_READ) {
		if (rt != HVX_XZR)
			x[rt] = sys[HVX_SYS_MDSCR_EL1];
		return;
	}
	val = rt == HVX_XZR ? 0 : x[rt];
	/* A step of EL2's own, if any, ends with this write. */
	vcpu->hyp_step = false;
	write_sysreg(val & ~MDSCR_EL1_TDCC, mdscr_el1);
	/* What the hardware kept (no RES0 bits), and TDCC as written. */
	sys[HVX_SYS_MDSCR_EL1] = read_sysreg(mdscr_el1) |
				 (val & MDSCR_EL1_TDCC);
}
