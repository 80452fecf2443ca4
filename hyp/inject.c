// SPDX-License-Identifier: GPL-2.0-only
/*
 * Exceptions hvx hands to EL1 instead of handling them, the host's or a
 * guest's: whichever EL1 trapped (or, for a guest about to be entered, is
 * loaded), with the live EL1 registers and ELR_EL2/SPSR_EL2 as the return
 * state; the eret from EL2 then enters its vector.
 * - a synchronous external abort, for an access to memory the host does
 *   not own, as if the memory system had refused it: the host's own fault
 *   handling decides (SIGBUS for a user access, an oops or a fixup for a
 *   kernel one); for a guest, an MMIO access its VMM refused;
 * - an Undefined Instruction exception, for a trap hvx does not expect or
 *   does not emulate: the instruction behaves as if EL2 did not implement
 *   it, instead of the CPU looping between EL1 and EL2.
 * Either way EL2 stays up.
 * And, for a guest only, exceptions that are its own but that EL2 takes
 * first because MDCR_EL2.TDE routes them there (switch.c): the BRKs that
 * are no hvx call, the breakpoint, watchpoint and software step
 * exceptions, and a DCC read its EL1 forbade its EL0 (MDSCR_EL1.TDCC):
 * each delivered as the guest's EL1 would have taken it without hvx.
 */
#include <linux/build_bug.h>
#include <asm/esr.h>
#include <asm/ptrace.h>
#include <asm/sysreg.h>

#include "hyp/hyp.h"
#include "hyp/switch.h"

/* hvx_inject_debug(): each _CUR EC is its _LOW one plus one. */
static_assert(ESR_ELx_EC_BREAKPT_CUR == ESR_ELx_EC_BREAKPT_LOW + 1);
static_assert(ESR_ELx_EC_SOFTSTP_CUR == ESR_ELx_EC_SOFTSTP_LOW + 1);
static_assert(ESR_ELx_EC_WATCHPT_CUR == ESR_ELx_EC_WATCHPT_LOW + 1);

/* Exception vector offsets from VBAR_EL1 (Arm ARM D1.10.2). */
#define VECTOR_CURRENT_SP0	0x000
#define VECTOR_CURRENT_SPX	0x200
#define VECTOR_LOWER_AARCH64	0x400
#define VECTOR_LOWER_AARCH32	0x600

static bool from_el1(u64 spsr)
{
	u64 mode = spsr & PSR_MODE_MASK;

	return !(spsr & PSR_MODE32_BIT) &&
	       (mode == PSR_MODE_EL1t || mode == PSR_MODE_EL1h);
}

static u64 vector_offset(u64 spsr)
{
	if (spsr & PSR_MODE32_BIT)
		return VECTOR_LOWER_AARCH32;
	switch (spsr & PSR_MODE_MASK) {
	case PSR_MODE_EL1t:
		return VECTOR_CURRENT_SP0;
	case PSR_MODE_EL1h:
		return VECTOR_CURRENT_SPX;
	default:
		return VECTOR_LOWER_AARCH64;
	}
}

/* ESR_EL1 for the abort: same kind (instruction/data) as the EL2 one. */
static u64 sea_esr(u64 esr_el2, u64 spsr)
{
	bool iabt = ESR_ELx_EC(esr_el2) == ESR_ELx_EC_IABT_LOW;
	bool cur = from_el1(spsr);
	u64 ec, esr;

	if (iabt)
		ec = cur ? ESR_ELx_EC_IABT_CUR : ESR_ELx_EC_IABT_LOW;
	else
		ec = cur ? ESR_ELx_EC_DABT_CUR : ESR_ELx_EC_DABT_LOW;

	esr = (ec << ESR_ELx_EC_SHIFT) | (esr_el2 & ESR_ELx_IL) |
	      ESR_ELx_FSC_EXTABT;
	if (!iabt)
		esr |= esr_el2 & ESR_ELx_WNR;
	/* FAR_EL1 is only as valid as FAR_EL2 was. */
	esr |= esr_el2 & ESR_ELx_FnV;
	return esr;
}

/*
 * PSTATE on entry to EL1 (Arm ARM D1.10.5): EL1h, all of DAIF masked, PAN
 * set unless SCTLR_EL1.SPAN says keep it, SSBS from SCTLR_EL1.DSSBS, DIT
 * kept, everything else clear.
 */
static u64 el1_entry_pstate(u64 spsr)
{
	u64 sctlr = read_sysreg(sctlr_el1);
	u64 pstate = PSR_MODE_EL1h | PSR_D_BIT | PSR_A_BIT | PSR_I_BIT |
		     PSR_F_BIT;

	if (!(sctlr & SCTLR_EL1_SPAN))
		pstate |= PSR_PAN_BIT;
	else if (!(spsr & PSR_MODE32_BIT))
		pstate |= spsr & PSR_PAN_BIT;
	if (sctlr & SCTLR_ELx_DSSBS)
		pstate |= PSR_SSBS_BIT;
	if (!(spsr & PSR_MODE32_BIT))
		pstate |= spsr & PSR_DIT_BIT;
	return pstate;
}

/*
 * Take EL1 into its vector with @esr_el1, as if the trapped instruction
 * had raised that exception: the eret from EL2 enters it.
 */
static void enter_el1_vector(u64 esr_el1)
{
	u64 spsr = read_sysreg(spsr_el2);

	write_sysreg(esr_el1, esr_el1);
	write_sysreg(read_sysreg(elr_el2), elr_el1);
	write_sysreg(spsr, spsr_el1);
	write_sysreg(read_sysreg(vbar_el1) + vector_offset(spsr), elr_el2);
	write_sysreg(el1_entry_pstate(spsr), spsr_el2);
}

/*
 * Deliver a synchronous external abort for the access that trapped with
 * @esr_el2 and fault address @far (FAR_EL2 then), at the instruction
 * ELR_EL2 points to.
 */
void hvx_inject_sea(u64 esr_el2, u64 far)
{
	write_sysreg(far, far_el1);
	enter_el1_vector(sea_esr(esr_el2, read_sysreg(spsr_el2)));
}

/*
 * Deliver the guest's own exception that trapped with @esr_el2 (a BRK, or
 * a system register access) with the same syndrome, at the instruction.
 */
void hvx_inject_same(u64 esr_el2)
{
	enter_el1_vector(esr_el2);
}

/*
 * Deliver a breakpoint, watchpoint or software step exception that trapped
 * with @esr_el2 (an EC taken from a lower EL): with the EC the guest's EL1
 * takes it with, the _CUR one when it came from EL1 itself (the _LOW one
 * is one less), the same ISS, and FAR_EL1 for a watchpoint.
 */
void hvx_inject_debug(u64 esr_el2)
{
	u64 ec = ESR_ELx_EC(esr_el2);

	if (from_el1(read_sysreg(spsr_el2)))
		ec++;
	if (ESR_ELx_EC(esr_el2) == ESR_ELx_EC_WATCHPT_LOW)
		write_sysreg(read_sysreg(far_el2), far_el1);
	enter_el1_vector((ec << ESR_ELx_EC_SHIFT) |
			 (esr_el2 & (ESR_ELx_IL | ESR_ELx_ISS_MASK)));
}

/* Deliver an Undefined Instruction exception for the trapped instruction. */
void hvx_inject_undef(u64 esr_el2)
{
	enter_el1_vector((ESR_ELx_EC_UNKNOWN << ESR_ELx_EC_SHIFT) |
			 (esr_el2 & ESR_ELx_IL));
}
