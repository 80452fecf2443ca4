/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running a function at EL0 (MMU off, like the rest of the guest): it
 * gets its own stack, returns with SVC to EL1 (el0.S), and an exception
 * it takes is recorded instead of reported.
 */
#ifndef GUEST_EL0_H
#define GUEST_EL0_H

#include "types.h"
#include "exception.h"

/*
 * Run fn(arg) at EL0t with interrupts masked on the calling vCPU's EL0
 * stack; returns fn's value. If fn takes an exception to EL1 (other than
 * its closing SVC), it is abandoned: the return value is then
 * GUEST_EL0_FAULTED and *fault (if not NULL) says what happened.
 */
#define GUEST_EL0_FAULTED	0xe10fa017e10fa017UL

u64 guest_run_el0(u64 (*fn)(u64), u64 arg, struct guest_caught *fault);

/* el0.S: the EL0 entry and the return to EL1. */
u64 guest_el0_enter(u64 (*fn)(u64), u64 arg, u64 sp_el0);
extern char guest_el0_exit[], guest_el0_return[];

#endif /* GUEST_EL0_H */
