// SPDX-License-Identifier: GPL-2.0
/*
 * Exception dispatch: the guest's hook first; anything it does not handle
 * is reported (one "unexpected exception" line, which the tests look for)
 * and the system powered off, so a guest never hangs silently.
 */
#include "guest.h"

_Static_assert(sizeof(struct guest_regs) == REGS_SIZE, "vectors.S frame");
_Static_assert(__builtin_offsetof(struct guest_regs, elr) == REGS_ELR,
	       "vectors.S frame");
_Static_assert(__builtin_offsetof(struct guest_regs, esr) == REGS_ESR,
	       "vectors.S frame");

static guest_exception_hook exception_hook;
static guest_irq_handler irq_handler;

void guest_set_exception_hook(guest_exception_hook hook)
{
	WRITE_ONCE(exception_hook, hook);
}

void guest_set_irq_handler(guest_irq_handler handler)
{
	WRITE_ONCE(irq_handler, handler);
}

const char *guest_vector_name(unsigned int vec)
{
	static const char * const kind[] = { "sync", "irq", "fiq", "serror" };
	static const char * const origin[] = {
		"EL1t", "EL1h", "EL0 (AArch64)", "EL0 (AArch32)"
	};
	static char buf[32];
	const char *o = origin[(vec >> VEC_ORIGIN_SHIFT) & 3];
	const char *k = kind[vec & VEC_KIND_MASK];
	size_t n = 0;

	while (*k && n < sizeof(buf) - 2)
		buf[n++] = *k++;
	buf[n++] = ' ';
	while (*o && n < sizeof(buf) - 1)
		buf[n++] = *o++;
	buf[n] = '\0';
	return buf;
}

void guest_exception(struct guest_regs *regs, unsigned int vec)
{
	guest_exception_hook hook = READ_ONCE(exception_hook);
	guest_irq_handler irq = READ_ONCE(irq_handler);

	if ((vec & VEC_KIND_MASK) == VEC_IRQ && irq) {
		irq();
		return;
	}
	if (hook && hook(regs, vec))
		return;
	report("unexpected exception: %s esr 0x%llx elr 0x%llx far 0x%llx spsr 0x%llx",
	       guest_vector_name(vec), regs->esr, regs->elr, regs->far,
	       regs->spsr);
	psci_system_off();
}
