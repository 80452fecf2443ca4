// SPDX-License-Identifier: GPL-2.0-only
/*
 * EL2's own stage 1 at run time, and a probe of it for the tests.
 */
#include <linux/arm-smccc.h>
#include <asm/barrier.h>
#include <asm/sysreg.h>

#include "hvx-hyp.h"
#include "hyp.h"

/*
 * HVX_HC_HYP_S1_PROBE: x1 = EL2 VA -> x1, x2 = PAR_EL1 after AT S1E2R and
 * AT S1E2W of it, x3 = run-time table pages. The AT results land in
 * PAR_EL1, which is the host's: it gets its own value back.
 */
void hvx_hyp_s1_probe(struct hvx_host_regs *regs)
{
	u64 va = regs->x[1], par = read_sysreg(par_el1);

	asm volatile("at s1e2r, %0" : : "r" (va));
	isb();
	regs->x[1] = read_sysreg(par_el1);
	asm volatile("at s1e2w, %0" : : "r" (va));
	isb();
	regs->x[2] = read_sysreg(par_el1);
	write_sysreg(par, par_el1);
	regs->x[3] = 0;
	regs->x[0] = SMCCC_RET_SUCCESS;
}
