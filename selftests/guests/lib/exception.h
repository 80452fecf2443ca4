/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exceptions taken by a guest: the register frame the vectors save, and a
 * hook a guest installs to handle them (e.g. to survive an abort it
 * provokes on purpose). Shared with vectors.S, hence the offsets.
 */
#ifndef GUEST_EXCEPTION_H
#define GUEST_EXCEPTION_H

/* struct guest_regs layout, for vectors.S */
#define REGS_X0		0
#define REGS_SP		(31 * 8)
#define REGS_ELR	(32 * 8)
#define REGS_SPSR	(33 * 8)
#define REGS_ESR	(34 * 8)
#define REGS_FAR	(35 * 8)
#define REGS_SIZE	(36 * 8)	/* a multiple of 16: it lives on the stack */

/* The vector an exception came through: (origin << 2) | kind */
#define VEC_KIND_MASK		3
#define VEC_SYNC		0
#define VEC_IRQ			1
#define VEC_FIQ			2
#define VEC_SERROR		3
#define VEC_ORIGIN_SHIFT	2
#define VEC_CUR_SP0		0
#define VEC_CUR_SPX		1
#define VEC_LOW_A64		2
#define VEC_LOW_A32		3

#ifndef __ASSEMBLY__
#include "arch.h"
#include "types.h"

struct guest_regs {
	u64 x[31];
	u64 sp;		/* the interrupted SP (not restored) */
	u64 elr;		/* restored: a hook may change it */
	u64 spsr;		/* restored */
	u64 esr;
	u64 far;
};

/*
 * Returns true if it handled the exception: the guest then resumes at
 * regs->elr with the (possibly changed) registers. Runs on the stack of the
 * interrupted code, with exceptions masked.
 */
typedef bool (*guest_exception_hook)(struct guest_regs *regs, unsigned int vec);

void guest_set_exception_hook(guest_exception_hook hook);
/*
 * IRQs (from any origin) go to this handler, if set, before the hook:
 * the GIC layer's (gic.c). Global, like the hook.
 */
typedef void (*guest_irq_handler)(void);
void guest_set_irq_handler(guest_irq_handler handler);
/* Called by vectors.S. Reports and powers off unless the hook handles it. */
void guest_exception(struct guest_regs *regs, unsigned int vec);
const char *guest_vector_name(unsigned int vec);

static inline unsigned int esr_ec(u64 esr)
{
	return (esr >> ESR_EC_SHIFT) & ESR_EC_MASK;
}

/*
 * Catching one expected fault: between guest_catch_begin() and
 * guest_catch_end(), a synchronous exception is recorded and the faulting
 * instruction skipped, so code can provoke a fault and look at it. The
 * hook and the record are global: one vCPU at a time.
 */
struct guest_caught {
	bool caught;
	u64 esr;
	u64 far;
	u64 elr;
};

void guest_catch_begin(void);
/* Fills *out (if not NULL); returns true if an exception was caught. */
bool guest_catch_end(struct guest_caught *out);

/*
 * Run fn(), whose faulting instruction may be skipped, and report what
 * came of it: "<what>: returned 0x..", "<what>: undefined (esr .., elr
 * ..)" or "<what>: exception (esr .., ec .., elr ..)".
 */
void guest_try_report(const char *what, u64 (*fn)(void));
#endif /* __ASSEMBLY__ */

#endif /* GUEST_EXCEPTION_H */
