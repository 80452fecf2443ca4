// SPDX-License-Identifier: GPL-2.0
/* Run a function at EL0: see el0.h. */
#include "guest.h"
#include "el0.h"

#define EL0_STACK_SIZE	4096
#define SPSR_EL1H_DAIF	0x3c5
#define SVC_EL0_DONE	0xe10	/* el0.S */

static u8 el0_stacks[GUEST_MAX_CPUS][EL0_STACK_SIZE] __aligned(16);
static struct guest_caught el0_fault;

static bool el0_hook(struct guest_regs *regs, unsigned int vec)
{
	if (vec != ((VEC_LOW_A64 << VEC_ORIGIN_SHIFT) | VEC_SYNC))
		return false;	/* not from EL0: report it */
	if (esr_ec(regs->esr) != EC_SVC64 ||
	    (regs->esr & 0xffff) != SVC_EL0_DONE) {
		el0_fault.caught = true;
		el0_fault.esr = regs->esr;
		el0_fault.far = regs->far;
		el0_fault.elr = regs->elr;
		regs->x[0] = GUEST_EL0_FAULTED;
	}
	regs->elr = (uintptr_t)guest_el0_return;
	regs->spsr = SPSR_EL1H_DAIF;
	return true;
}

u64 guest_run_el0(u64 (*fn)(u64), u64 arg, struct guest_caught *fault)
{
	unsigned int cpu = guest_this_cpu();
	u64 ret;

	if (cpu >= GUEST_MAX_CPUS)
		guest_fail("%s: unknown vcpu", __func__);
	el0_fault.caught = false;
	guest_set_exception_hook(el0_hook);
	dsb_sy();
	ret = guest_el0_enter(fn, arg,
			      (uintptr_t)&el0_stacks[cpu][EL0_STACK_SIZE]);
	dsb_sy();
	guest_set_exception_hook(NULL);
	if (fault)
		*fault = el0_fault;
	return ret;
}
