// SPDX-License-Identifier: GPL-2.0-only
/*
 * Making a host access fail the way a bus error would: a synchronous
 * external abort delivered to the host's EL1, as if the access had been
 * refused by the memory system. The host's own fault handling then decides
 * (SIGBUS for a user access, an oops or a fixup for a kernel one) and EL2
 * stays up.
 */
#include <asm/esr.h>
#include <asm/ptrace.h>
#include <asm/sysreg.h>

#include "hyp.h"

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
 * Deliver a synchronous external abort for the access that trapped with
 * @esr_el2: the host's EL1 sees the exception at its faulting instruction,
 * with the fault address, and the eret from EL2 enters its vector.
 */
void hvx_inject_host_sea(u64 esr_el2)
{
	u64 spsr = read_sysreg(spsr_el2);
	u64 elr = read_sysreg(elr_el2);

	write_sysreg(sea_esr(esr_el2, spsr), esr_el1);
	write_sysreg(read_sysreg(far_el2), far_el1);
	write_sysreg(elr, elr_el1);
	write_sysreg(spsr, spsr_el1);
	write_sysreg(read_sysreg(vbar_el1) + vector_offset(spsr), elr_el2);
	write_sysreg(el1_entry_pstate(spsr), spsr_el2);
}
