// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest's MDSCR_EL1, emulated, and what its debug enables decide; the
 * host's profiling and trace, stopped while a guest runs.
 *
 * While a guest runs, MDCR_EL2.TDA traps its MDSCR_EL1 accesses to EL2
 * (switch.c sets TDA for the DCC door). EL2 keeps the guest's value in
 * ctx.sys[HVX_SYS_MDSCR_EL1] and loads the hardware with the same but
 * for TDCC and MDE (below), clear: with TDCC set (as Linux sets it at boot, to keep user
 * space off the DCC) an EL0 read of MDCCSR_EL0 traps to the guest's EL1
 * before EL2 can see it, and guest user programs could not call hvx.
 * EL2 gives the guest's EL1 the trap its TDCC asks for instead, for the
 * EL0 reads that are no call (guest-exit.c). Reads return the guest's
 * value, TDCC and MDE included.
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
 * Hardware breakpoints and watchpoints are the host's alone. The guest
 * cannot program them: DBGBCR/DBGBVR/DBGWCR/DBGWVR<n>_EL1 trap (TDA) and
 * read as zero, writes ignored (for the breakpoints and watchpoints
 * ID_AA64DFR0_EL1 counts; an UNDEF beyond), so it neither reads nor
 * changes the host's, and a guest Linux resetting them at boot
 * (hw_breakpoint_reset) goes on. They are not switched: instead the
 * hardware's MDSCR_EL1.MDE, which enables breakpoint and watchpoint
 * exceptions, stays clear while a guest runs, whatever the guest writes
 * (reads give it back its own MDE), so that a breakpoint or watchpoint
 * the host left armed never fires in a guest (it would have told the
 * guest the host's addresses). The guest sees a CPU whose breakpoints
 * never match. Software step and BRK do not depend on MDE.
 *
 * The OS lock and double lock (TDOSA) are the host's too: OSLAR_EL1 and
 * OSDLR_EL1 writes are ignored (Linux's clear_os_lock at boot), OSLSR_EL1
 * reads as an OS lock that is implemented (OSLM 0b10) and unlocked,
 * OSDLR_EL1 as unlocked. DBGPRCR_EL1, the claim tags, MDRAR_EL1 (TDRA:
 * no debug ROM) and DBGAUTHSTATUS_EL1 read as zero and ignore writes.
 * Any other debug register gets an UNDEF.
 *
 * The host's statistical profiling (SPE) and self-hosted trace are
 * stopped while a guest runs, as KVM's nVHE code does: PMSCR_EL1 and
 * TRFCR_EL1 are zeroed after the host's values are saved (neither
 * samples nor traces the guest into the host's buffers), the buffers are
 * drained, and the guest's accesses to them trap (MDCR_EL2.TPMS, TTRF,
 * switch.c) and get an UNDEF.
 *
 * A guest's EL0 can call hvx through the DCC door whatever its EL1's
 * TDCC says: only the reads that are no call get the guest's own trap.
 */
#include <linux/bits.h>
#include <asm/barrier.h>
#include <asm/debug-monitors.h>
#include <asm/esr.h>
#include <asm/ptrace.h>
#include <asm/sysreg.h>

#include "hyp/switch.h"

/* MDSCR_EL1.TDCC: EL0 accesses to the DCC registers trap to EL1. */
#define MDSCR_EL1_TDCC		BIT(12)
/* The guest's MDSCR_EL1 bits that the hardware never gets. */
#define MDSCR_EL1_EMULATED	(MDSCR_EL1_TDCC | DBG_MDSCR_MDE)

/*
 * TSB CSYNC, issued twice: some CPUs need a second one to flush the trace
 * (Arm errata 2054223, 2067961), and the kernel's tsb_csync() decides that
 * with a CPU capability, which EL2 cannot read.
 */
static void hvx_tsb_csync(void)
{
	asm volatile("hint #18\n\thint #18" : : : "memory");
}

/* PMBIDR_EL1.P (TRBIDR_EL1.P is TRBIDR_PROG): owned by a higher EL. */
#define PMBIDR_EL1_P		BIT(SYS_PMBIDR_EL1_P_SHIFT)

void hvx_debug_load_guest(const u64 *sys)
{
	write_sysreg(sys[HVX_SYS_MDSCR_EL1] & ~MDSCR_EL1_EMULATED, mdscr_el1);
}

static u64 dfr0_field(u32 shift)
{
	return (read_sysreg(id_aa64dfr0_el1) >> shift) & 0xf;
}

/* SPE's registers exist, and EL3 has not kept them: EL2 may use them. */
static bool have_spe(void)
{
	return dfr0_field(ID_AA64DFR0_EL1_PMSVer_SHIFT) &&
	       !(read_sysreg_s(SYS_PMBIDR_EL1) & PMBIDR_EL1_P);
}

static bool have_trbe(void)
{
	return dfr0_field(ID_AA64DFR0_EL1_TraceBuffer_SHIFT) &&
	       !(read_sysreg_s(SYS_TRBIDR_EL1) & TRBIDR_PROG);
}

void hvx_debug_save_host(struct hvx_host_state *host)
{
	host->pmscr_el1 = 0;
	host->trfcr_el1 = 0;
	if (have_spe()) {
		host->pmscr_el1 = read_sysreg_s(SYS_PMSCR_EL1);
		if (host->pmscr_el1) {
			write_sysreg_s(0, SYS_PMSCR_EL1);
			isb();
			/* What was sampled goes out before the guest runs. */
			if (read_sysreg_s(SYS_PMBLIMITR_EL1) &
			    BIT(SYS_PMBLIMITR_EL1_E_SHIFT)) {
				psb_csync();
				dsb(nsh);
			}
		}
	}
	/* TRFCR_EL1 filters any trace unit (TRBE or an external sink). */
	if (dfr0_field(ID_AA64DFR0_EL1_TraceFilt_SHIFT)) {
		host->trfcr_el1 = read_sysreg_s(SYS_TRFCR_EL1);
		if (host->trfcr_el1) {
			write_sysreg_s(0, SYS_TRFCR_EL1);
			isb();
			if (have_trbe() && (read_sysreg_s(SYS_TRBLIMITR_EL1) &
					    TRBLIMITR_ENABLE)) {
				hvx_tsb_csync();
				dsb(nsh);
			}
		}
	}
}

void hvx_debug_restore_host(const struct hvx_host_state *host)
{
	if (host->pmscr_el1)
		write_sysreg_s(host->pmscr_el1, SYS_PMSCR_EL1);
	if (host->trfcr_el1)
		write_sysreg_s(host->trfcr_el1, SYS_TRFCR_EL1);
}

/* Would the guest's EL1 have trapped its EL0's DCC access itself? */
bool hvx_guest_el0_dcc_trapped(const struct hvx_hyp_vcpu *vcpu)
{
	return hvx_guest_from_el0() &&
	       (vcpu->ctx.sys[HVX_SYS_MDSCR_EL1] & MDSCR_EL1_TDCC);
}

/*
 * Would the guest have taken this debug exception itself: from EL0
 * always (its EL1 is a higher EL), from EL1 only with MDSCR_EL1.KDE set
 * and PSTATE.D clear?
 */
static bool guest_debug_enabled(const struct hvx_hyp_vcpu *vcpu)
{
	return hvx_guest_from_el0() ||
	       ((vcpu->ctx.sys[HVX_SYS_MDSCR_EL1] & DBG_MDSCR_KDE) &&
		!(read_sysreg(spsr_el2) & PSR_D_BIT));
}

bool hvx_guest_step_own(struct hvx_hyp_vcpu *vcpu)
{
	u64 spsr = read_sysreg(spsr_el2);
	bool own = vcpu->hyp_step;

	vcpu->hyp_step = false;
	if (hvx_guest_from_el0()) {
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
	write_sysreg(val & ~MDSCR_EL1_EMULATED, mdscr_el1);
	/* What the hardware kept (no RES0 bits), and TDCC, MDE as written. */
	sys[HVX_SYS_MDSCR_EL1] = read_sysreg(mdscr_el1) |
				 (val & MDSCR_EL1_EMULATED);
}

/* OSLSR_EL1 of an OS lock that is implemented (OSLM 0b10) and unlocked. */
#define OSLSR_EL1_GUEST		SYS_OSLSR_OSLM_IMPLEMENTED

/* DBG{B,W}{V,C}R<n>_EL1: op0 2, op1 0, CRn 0, CRm n, op2 4..7. */
#define DBG_BW_MASK		sys_reg(3, 7, 15, 0, 4)
#define DBG_BW			sys_reg(2, 0, 0, 0, 4)
#define DBG_OP2_BVR		4
#define DBG_OP2_BCR		5

/* Is @sr a breakpoint or watchpoint register the CPU has? */
static bool is_bw_reg(u32 sr)
{
	u32 n = sys_reg_CRm(sr), op2 = sys_reg_Op2(sr);

	if ((sr & DBG_BW_MASK) != DBG_BW)
		return false;
	if (op2 == DBG_OP2_BVR || op2 == DBG_OP2_BCR)
		return n <= dfr0_field(ID_AA64DFR0_EL1_BRPs_SHIFT);
	return n <= dfr0_field(ID_AA64DFR0_EL1_WRPs_SHIFT);
}

/* A trapped access to a debug register other than MDSCR/MDCCSR (op0 2). */
enum hvx_sys_result hvx_debug_reg_access(struct hvx_hyp_vcpu *vcpu, u64 esr)
{
	u32 sr = esr_sys64_to_sysreg(esr);
	u64 val = 0;

	/* EL1's registers: an EL0 access is UNDEFINED (never trapped). */
	if (hvx_guest_from_el0())
		return HVX_SYS_UNDEF;
	switch (sr) {
	case SYS_OSLSR_EL1:
		val = OSLSR_EL1_GUEST;
		break;
	case SYS_OSLAR_EL1:
	case SYS_OSDLR_EL1:
	case SYS_DBGPRCR_EL1:
	case SYS_DBGCLAIMSET_EL1:
	case SYS_DBGCLAIMCLR_EL1:
	case SYS_MDRAR_EL1:
	case SYS_DBGAUTHSTATUS_EL1:
		break;
	default:
		if (!is_bw_reg(sr))
			return HVX_SYS_UNDEF;
	}
	if (hvx_sys_is_read(esr))
		hvx_sys_set_rt(vcpu, esr, val);
	return HVX_SYS_DONE;
}
