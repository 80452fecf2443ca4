// SPDX-License-Identifier: GPL-2.0
/*
 * Catch one expected synchronous exception and step over the instruction
 * that raised it: how hostile guests provoke a fault and then say what
 * happened. Only for code whose faulting instruction is a single known
 * instruction (inline asm), so skipping it leaves defined state.
 */
#include "guest.h"

static struct guest_caught caught;

static bool catch_hook(struct guest_regs *regs, unsigned int vec)
{
	if ((vec & VEC_KIND_MASK) != VEC_SYNC || caught.caught)
		return false;	/* not ours, or a second fault: report it */
	caught.caught = true;
	caught.esr = regs->esr;
	caught.far = regs->far;
	caught.elr = regs->elr;
	regs->elr += A64_INSN_SIZE;
	return true;
}

void guest_catch_begin(void)
{
	caught.caught = false;
	guest_set_exception_hook(catch_hook);
	dsb_sy();
}

bool guest_catch_end(struct guest_caught *out)
{
	dsb_sy();
	guest_set_exception_hook(NULL);
	if (out)
		*out = caught;
	return caught.caught;
}

void guest_try_report(const char *what, u64 (*fn)(void))
{
	struct guest_caught c;
	bool faulted;
	u64 val;

	guest_catch_begin();
	val = fn();
	faulted = guest_catch_end(&c);
	if (!faulted)
		report("%s: returned 0x%llx", what, val);
	else if (esr_ec(c.esr) == EC_UNKNOWN)
		report("%s: undefined (esr 0x%llx, elr 0x%llx)", what, c.esr,
		       c.elr);
	else
		report("%s: exception (esr 0x%llx, ec 0x%x, elr 0x%llx)",
		       what, c.esr, esr_ec(c.esr), c.elr);
}
