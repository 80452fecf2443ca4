/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A test-and-test-and-set spinlock for hvx's EL2 code.
 *
 * Not a ticket lock: a ticket lock hands the lock to the next waiter in
 * line, and when that waiter's CPU is not running (a virtual CPU of a
 * hypervisor below hvx, or a QEMU thread the machine's scheduler put
 * aside), every other CPU spins until it runs again, each handover
 * costing a scheduling slice. With host calls from every CPU at once that
 * slowed EL2 a hundredfold in the test VM (QEMU TCG on a busy machine),
 * long enough for the host's soft-lockup watchdog and the test's timeout.
 * Here whichever waiter runs first takes the lock. EL2's critical
 * sections are short and bounded, so no CPU waits long for lack of order.
 *
 * Written with exclusive load/store instructions in inline assembly: the
 * compiler's own atomics may become calls to libgcc's __aarch64_* outline
 * helpers, which do not exist at EL2 (the image links against nothing).
 * Waiters sleep in WFE with the lock word in their exclusive monitor; the
 * owner's release store clears the monitors, which wakes them.
 */
#ifndef __HVX_SPINLOCK_H
#define __HVX_SPINLOCK_H

#include <linux/compiler.h>
#include <linux/types.h>

#include "hyp/bug.h"

/* Zero-initialised is unlocked; 1 is locked. */
struct hvx_spinlock {
	u32 val;
};

static inline void hvx_spin_lock(struct hvx_spinlock *lock)
{
	u32 val, fail;

	/*
	 * Wait (WFE) while the lock is held, and try to take it only when
	 * it is seen free: an exclusive store that fails goes back to the
	 * load without waiting.
	 */
	asm volatile("	sevl\n"
	"1:	wfe\n"
	"2:	ldaxr	%w0, %2\n"
	"	cbnz	%w0, 1b\n"
	"	stxr	%w1, %w3, %2\n"
	"	cbnz	%w1, 2b\n"
	: "=&r" (val), "=&r" (fail), "+Q" (lock->val)
	: "r" (1)
	: "memory");
}

static inline void hvx_spin_unlock(struct hvx_spinlock *lock)
{
	asm volatile("stlr	wzr, %0" : "=Q" (lock->val) : : "memory");
}

/* Does some CPU hold @lock? (Not which: the lock does not say.) */
static inline bool hvx_spin_is_locked(struct hvx_spinlock *lock)
{
	return READ_ONCE(lock->val) != 0;
}

/*
 * For code whose callers must hold @lock, as the kernel's
 * lockdep_assert_held(): a BUG at EL2 if nobody holds it. It cannot tell
 * another CPU's hold from ours, so it catches a forgotten lock, not every
 * misuse.
 */
#define hvx_assert_lock_held(lock)	hvx_bug_on(!hvx_spin_is_locked(lock))

#endif /* __HVX_SPINLOCK_H */
