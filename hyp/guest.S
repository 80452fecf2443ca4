/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entering a guest and coming back to EL2 (hyp/switch.c drives both).
 *
 * __hvx_guest_enter(ctx) keeps what its C caller expects to survive a call
 * (x19-x29, lr) and ctx in a frame on the EL2 stack, loads the guest's
 * x0-x30 and SP_EL0 from ctx and erets: the guest's EL1 state, its
 * ELR_EL2/SPSR_EL2 and the EL2 controls are the caller's to set.
 *
 * While a guest is loaded, VBAR_EL2 is __hvx_guest_vectors. An exception
 * from the guest arrives with SP_EL2 where the eret left it, at the frame:
 * the vector stores the guest's registers into ctx, unwinds the frame and
 * returns from __hvx_guest_enter() with the kind of exception
 * (HVX_GUEST_EXIT_*). EL2's own registers are the host's only in the
 * frame: nothing of EL2's reaches the guest but what it was given.
 */
#include <linux/linkage.h>
#include <asm/assembler.h>
#include <asm/sysreg.h>
#include "hyp/switch.h"
#include "generated/hvx-asm-offsets.h"

/* __hvx_guest_enter()'s frame: x19-x30, then ctx; 16-byte aligned. */
#define FRAME_CTX	(12 * 8)
#define FRAME_SIZE	(14 * 8)

#define CTX_X(n)	(HVX_GUEST_CTX_X + 8 * (n))

/* ISR_EL1.A: a physical SError is pending (read at EL2). */
#define ISR_EL1_A_BIT	8

	.text

SYM_FUNC_START(__hvx_guest_enter)
	sub	sp, sp, #FRAME_SIZE
	stp	x19, x20, [sp, #16 * 0]
	stp	x21, x22, [sp, #16 * 1]
	stp	x23, x24, [sp, #16 * 2]
	stp	x25, x26, [sp, #16 * 3]
	stp	x27, x28, [sp, #16 * 4]
	stp	x29, x30, [sp, #16 * 5]
	str	x0, [sp, #FRAME_CTX]

	ldr	x1, [x0, #HVX_GUEST_CTX_SP_EL0]
	msr	sp_el0, x1
	ldp	x2, x3, [x0, #CTX_X(2)]
	ldp	x4, x5, [x0, #CTX_X(4)]
	ldp	x6, x7, [x0, #CTX_X(6)]
	ldp	x8, x9, [x0, #CTX_X(8)]
	ldp	x10, x11, [x0, #CTX_X(10)]
	ldp	x12, x13, [x0, #CTX_X(12)]
	ldp	x14, x15, [x0, #CTX_X(14)]
	ldp	x16, x17, [x0, #CTX_X(16)]
	ldp	x18, x19, [x0, #CTX_X(18)]
	ldp	x20, x21, [x0, #CTX_X(20)]
	ldp	x22, x23, [x0, #CTX_X(22)]
	ldp	x24, x25, [x0, #CTX_X(24)]
	ldp	x26, x27, [x0, #CTX_X(26)]
	ldp	x28, x29, [x0, #CTX_X(28)]
	ldr	x30, [x0, #CTX_X(30)]
	ldp	x0, x1, [x0, #CTX_X(0)]
	eret
	/* Nothing after the eret may run, even speculatively. */
	dsb	nsh
	isb
SYM_FUNC_END(__hvx_guest_enter)

/*
 * From a guest vector: the guest's x0 and x1 pushed on the frame, x0 = the
 * kind of exception. Back to __hvx_guest_enter()'s caller with x0.
 */
SYM_CODE_START_LOCAL(__hvx_guest_exit)
	ldr	x1, [sp, #16 + FRAME_CTX]
	stp	x2, x3, [x1, #CTX_X(2)]
	stp	x4, x5, [x1, #CTX_X(4)]
	stp	x6, x7, [x1, #CTX_X(6)]
	stp	x8, x9, [x1, #CTX_X(8)]
	stp	x10, x11, [x1, #CTX_X(10)]
	stp	x12, x13, [x1, #CTX_X(12)]
	stp	x14, x15, [x1, #CTX_X(14)]
	stp	x16, x17, [x1, #CTX_X(16)]
	stp	x18, x19, [x1, #CTX_X(18)]
	stp	x20, x21, [x1, #CTX_X(20)]
	stp	x22, x23, [x1, #CTX_X(22)]
	stp	x24, x25, [x1, #CTX_X(24)]
	stp	x26, x27, [x1, #CTX_X(26)]
	stp	x28, x29, [x1, #CTX_X(28)]
	str	x30, [x1, #CTX_X(30)]
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x1, #CTX_X(0)]
	mrs	x2, sp_el0
	str	x2, [x1, #HVX_GUEST_CTX_SP_EL0]

	ldp	x19, x20, [sp, #16 * 0]
	ldp	x21, x22, [sp, #16 * 1]
	ldp	x23, x24, [sp, #16 * 2]
	ldp	x25, x26, [sp, #16 * 3]
	ldp	x27, x28, [sp, #16 * 4]
	ldp	x29, x30, [sp, #16 * 5]
	add	sp, sp, #FRAME_SIZE
	ret
SYM_CODE_END(__hvx_guest_exit)

/*
 * An SError is asynchronous: one the guest caused may still be pending
 * when it exits, masked at EL2 by PSTATE.A. Back at the host's EL1 it
 * would be taken there, and the host would die of the guest's error. So
 * before going back, wait for the guest's accesses to complete and, if
 * one is pending, unmask SErrors for one instruction: it is taken at EL2,
 * where __hvx_guest_el2_serror sees it come from this window and returns.
 * Returns ISR_EL1.A (non-zero: there was one).
 */
SYM_FUNC_START(__hvx_guest_take_serror)
	dsb	sy
	isb
	mrs	x0, isr_el1
	and	x0, x0, #(1 << ISR_EL1_A_BIT)
	cbz	x0, 1f
	msr	daifclr, #4
__hvx_serror_window:
	isb
__hvx_serror_window_end:
	msr	daifset, #4
1:	ret
SYM_FUNC_END(__hvx_guest_take_serror)

/*
 * An SError at EL2 while a guest is loaded: consumed, if it came in
 * __hvx_guest_take_serror()'s window (x1 and x2 are free there: that is
 * a function call); hvx's own failure otherwise.
 */
SYM_CODE_START_LOCAL(__hvx_guest_el2_serror)
	mrs	x1, elr_el2
	adr	x2, __hvx_serror_window
	cmp	x1, x2
	b.lo	__hvx_hyp_panic
	adr	x2, __hvx_serror_window_end
	cmp	x1, x2
	b.hi	__hvx_hyp_panic
	eret
SYM_CODE_END(__hvx_guest_el2_serror)

/* A vector entry that leaves the guest with exception kind \code. */
.macro	guest_exit_vector code
	.align	7
	stp	x0, x1, [sp, #-16]!
	mov	x0, #\code
	b	__hvx_guest_exit
.endm

/*
 * A guest vector table, each guest exception's kind or'ed with \tag:
 * __hvx_guest_vectors (0), and __hvx_guest_vectors_traced
 * (HVX_GUEST_EXIT_TRACED) for runs on a CPU whose EL2 is traced
 * (switch.c), so that the untraced runs pay nothing for tracing.
 */
.macro	guest_vectors name, tag
	.align	11
SYM_CODE_START(\name)
	ventry	__hvx_hyp_panic			// Synchronous EL2t
	ventry	__hvx_hyp_panic			// IRQ EL2t
	ventry	__hvx_hyp_panic			// FIQ EL2t
	ventry	__hvx_hyp_panic			// Error EL2t

	ventry	__hvx_hyp_panic			// Synchronous EL2h
	ventry	__hvx_hyp_panic			// IRQ EL2h
	ventry	__hvx_hyp_panic			// FIQ EL2h
	ventry	__hvx_guest_el2_serror		// Error EL2h

	/*
	 * The guest, from AArch64 or AArch32 (its EL0 can be AArch32:
	 * guest-exit.c ends the run then).
	 */
	guest_exit_vector (HVX_GUEST_EXIT_SYNC|\tag)	// Synchronous 64-bit EL1
	guest_exit_vector (HVX_GUEST_EXIT_IRQ|\tag)	// IRQ 64-bit EL1
	guest_exit_vector (HVX_GUEST_EXIT_FIQ|\tag)	// FIQ 64-bit EL1
	guest_exit_vector (HVX_GUEST_EXIT_SERROR|\tag)	// Error 64-bit EL1

	guest_exit_vector (HVX_GUEST_EXIT_SYNC|\tag)	// Synchronous 32-bit EL1
	guest_exit_vector (HVX_GUEST_EXIT_IRQ|\tag)	// IRQ 32-bit EL1
	guest_exit_vector (HVX_GUEST_EXIT_FIQ|\tag)	// FIQ 32-bit EL1
	guest_exit_vector (HVX_GUEST_EXIT_SERROR|\tag)	// Error 32-bit EL1
SYM_CODE_END(\name)
.endm

	guest_vectors __hvx_guest_vectors, 0
	guest_vectors __hvx_guest_vectors_traced, HVX_GUEST_EXIT_TRACED
