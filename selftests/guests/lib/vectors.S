/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EL1 exception vectors: every entry saves a struct guest_regs on the
 * current stack and calls guest_exception(regs, vector), which reports or
 * hands the exception to the guest's hook; if that returns, ELR_EL1 and
 * SPSR_EL1 are restored from the frame (a hook may have changed them).
 */
#include "exception.h"

.macro	ventry origin, kind
	.balign	0x80
	sub	sp, sp, #REGS_SIZE
	stp	x0, x1, [sp, #REGS_X0]
	mov	x1, #(\origin << VEC_ORIGIN_SHIFT) | \kind
	b	exception_entry
.endm

	.text
	.balign	0x800
	.globl	guest_vectors
guest_vectors:
	ventry	VEC_CUR_SP0, VEC_SYNC
	ventry	VEC_CUR_SP0, VEC_IRQ
	ventry	VEC_CUR_SP0, VEC_FIQ
	ventry	VEC_CUR_SP0, VEC_SERROR
	ventry	VEC_CUR_SPX, VEC_SYNC
	ventry	VEC_CUR_SPX, VEC_IRQ
	ventry	VEC_CUR_SPX, VEC_FIQ
	ventry	VEC_CUR_SPX, VEC_SERROR
	ventry	VEC_LOW_A64, VEC_SYNC
	ventry	VEC_LOW_A64, VEC_IRQ
	ventry	VEC_LOW_A64, VEC_FIQ
	ventry	VEC_LOW_A64, VEC_SERROR
	ventry	VEC_LOW_A32, VEC_SYNC
	ventry	VEC_LOW_A32, VEC_IRQ
	ventry	VEC_LOW_A32, VEC_FIQ
	ventry	VEC_LOW_A32, VEC_SERROR

exception_entry:
	stp	x2, x3, [sp, #REGS_X0 + 2 * 8]
	stp	x4, x5, [sp, #REGS_X0 + 4 * 8]
	stp	x6, x7, [sp, #REGS_X0 + 6 * 8]
	stp	x8, x9, [sp, #REGS_X0 + 8 * 8]
	stp	x10, x11, [sp, #REGS_X0 + 10 * 8]
	stp	x12, x13, [sp, #REGS_X0 + 12 * 8]
	stp	x14, x15, [sp, #REGS_X0 + 14 * 8]
	stp	x16, x17, [sp, #REGS_X0 + 16 * 8]
	stp	x18, x19, [sp, #REGS_X0 + 18 * 8]
	stp	x20, x21, [sp, #REGS_X0 + 20 * 8]
	stp	x22, x23, [sp, #REGS_X0 + 22 * 8]
	stp	x24, x25, [sp, #REGS_X0 + 24 * 8]
	stp	x26, x27, [sp, #REGS_X0 + 26 * 8]
	stp	x28, x29, [sp, #REGS_X0 + 28 * 8]
	add	x2, sp, #REGS_SIZE		/* the interrupted SP */
	stp	x30, x2, [sp, #REGS_X0 + 30 * 8]
	mrs	x2, elr_el1
	mrs	x3, spsr_el1
	stp	x2, x3, [sp, #REGS_ELR]
	mrs	x2, esr_el1
	mrs	x3, far_el1
	stp	x2, x3, [sp, #REGS_ESR]

	mov	x0, sp
	bl	guest_exception

	ldp	x2, x3, [sp, #REGS_ELR]
	msr	elr_el1, x2
	msr	spsr_el1, x3
	ldp	x0, x1, [sp, #REGS_X0]
	ldp	x2, x3, [sp, #REGS_X0 + 2 * 8]
	ldp	x4, x5, [sp, #REGS_X0 + 4 * 8]
	ldp	x6, x7, [sp, #REGS_X0 + 6 * 8]
	ldp	x8, x9, [sp, #REGS_X0 + 8 * 8]
	ldp	x10, x11, [sp, #REGS_X0 + 10 * 8]
	ldp	x12, x13, [sp, #REGS_X0 + 12 * 8]
	ldp	x14, x15, [sp, #REGS_X0 + 14 * 8]
	ldp	x16, x17, [sp, #REGS_X0 + 16 * 8]
	ldp	x18, x19, [sp, #REGS_X0 + 18 * 8]
	ldp	x20, x21, [sp, #REGS_X0 + 20 * 8]
	ldp	x22, x23, [sp, #REGS_X0 + 22 * 8]
	ldp	x24, x25, [sp, #REGS_X0 + 24 * 8]
	ldp	x26, x27, [sp, #REGS_X0 + 26 * 8]
	ldp	x28, x29, [sp, #REGS_X0 + 28 * 8]
	ldr	x30, [sp, #REGS_X0 + 30 * 8]
	add	sp, sp, #REGS_SIZE
	eret
