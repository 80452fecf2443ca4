/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A ticket spinlock for hvx's EL2 code.
 *
 * Written with exclusive load/store instructions in inline assembly: the
 * compiler's own atomics may become calls to libgcc's __aarch64_* outline
 * helpers, which do not exist at EL2 (the image links against nothing).
 * Waiters sleep in WFE; the owner's release store clears their exclusive
 * monitors, which wakes them.
 */
#ifndef __HVX_SPINLOCK_H
#define __HVX_SPINLOCK_H

#include <linux/compiler.h>
#include <linux/types.h>

#include "hyp/bug.h"

/* Zero-initialised is unlocked. */
struct hvx_spinlock {
	union {
		u32 val;
		struct {
			u16 owner;	/* ticket served (little endian: low half) */
			u16 next;	/* next ticket to hand out */
		};
	};
};

static inline void hvx_spin_lock(struct hvx_spinlock *lock)
{
	u32 old, tmp, owner;

	/*
	 * Take a ticket (next += 1, atomically); our ticket is old.next, done
	 * if it is already being served, else wait for owner to reach it.
	 */
	asm volatile("	prfm	pstl1strm, %3\n"
	"1:	ldaxr	%w0, %3\n"
	"	add	%w1, %w0, #(1 << 16)\n"
	"	stxr	%w2, %w1, %3\n"
	"	cbnz	%w2, 1b\n"
	"	eor	%w1, %w0, %w0, ror #16\n"
	"	cbz	%w1, 3f\n"
	"	sevl\n"
	"2:	wfe\n"
	"	ldaxrh	%w2, %4\n"
	"	eor	%w1, %w2, %w0, lsr #16\n"
	"	cbnz	%w1, 2b\n"
	"3:"
	: "=&r" (old), "=&r" (tmp), "=&r" (owner), "+Q" (lock->val)
	: "Q" (lock->owner)
	: "memory");
}

static inline void hvx_spin_unlock(struct hvx_spinlock *lock)
{
	/* Only the holder writes owner: a plain read of it is stable. */
	u16 owner = READ_ONCE(lock->owner) + 1;

	asm volatile("stlrh	%w1, %0"
		     : "=Q" (lock->owner)
		     : "r" (owner)
		     : "memory");
}

/* Does some CPU hold @lock? (Not which: tickets do not say.) */
static inline bool hvx_spin_is_locked(struct hvx_spinlock *lock)
{
	struct hvx_spinlock snap = { .val = READ_ONCE(lock->val) };

	return snap.owner != snap.next;
}

/*
 * For code whose callers must hold @lock, as the kernel's
 * lockdep_assert_held(): a BUG at EL2 if nobody holds it. It cannot tell
 * another CPU's hold from ours, so it catches a forgotten lock, not every
 * misuse.
 */
#define hvx_assert_lock_held(lock)	hvx_bug_on(!hvx_spin_is_locked(lock))

#endif /* __HVX_SPINLOCK_H */
