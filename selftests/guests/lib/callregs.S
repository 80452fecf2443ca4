/* SPDX-License-Identifier: GPL-2.0 */
/*
 * callregs_<door>(in, out): see callregs.h. Every general register but SP
 * carries a value from in across the call instruction; after it, the
 * three instructions that follow tell where the PC landed.
 */
#include <hvx-guest.h>
#include "callregs.h"

/* frame: x19-x30 (96 bytes), in and out (16): 112 bytes */
#define FRAME		112
#define FRAME_OUT	104

.macro	callregs name, insn, operands
	.text
	.balign	4
	.globl	\name
\name:
	stp	x29, x30, [sp, #-FRAME]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	stp	x0, x1, [sp, #96]
	mov	x2, sp
	str	x2, [x1, #CALLREGS_SP_BEFORE]
	ldr	x2, [x0, #CALLREGS_NZCV]
	msr	nzcv, x2
	ldp	x2, x3, [x0, #2 * 8]
	ldp	x4, x5, [x0, #4 * 8]
	ldp	x6, x7, [x0, #6 * 8]
	ldp	x8, x9, [x0, #8 * 8]
	ldp	x10, x11, [x0, #10 * 8]
	ldp	x12, x13, [x0, #12 * 8]
	ldp	x14, x15, [x0, #14 * 8]
	ldp	x16, x17, [x0, #16 * 8]
	ldp	x18, x19, [x0, #18 * 8]
	ldp	x20, x21, [x0, #20 * 8]
	ldp	x22, x23, [x0, #22 * 8]
	ldp	x24, x25, [x0, #24 * 8]
	ldp	x26, x27, [x0, #26 * 8]
	ldp	x28, x29, [x0, #28 * 8]
	ldr	x30, [x0, #30 * 8]
	ldp	x0, x1, [x0]
	\insn	\operands
	b	1f			/* the next instruction: right */
	b	2f			/* one too far */
	b	3f			/* two too far */
1:	stp	x0, x1, [sp, #-16]!
	mov	x1, #CALLREGS_LANDED_NEXT
	b	4f
2:	stp	x0, x1, [sp, #-16]!
	mov	x1, #CALLREGS_LANDED_NEXT + 1
	b	4f
3:	stp	x0, x1, [sp, #-16]!
	mov	x1, #CALLREGS_LANDED_NEXT + 2
	/* nothing from here on touches the flags */
4:	ldr	x0, [sp, #16 + FRAME_OUT]
	str	x1, [x0, #CALLREGS_LANDED]
	stp	x2, x3, [x0, #2 * 8]
	stp	x4, x5, [x0, #4 * 8]
	stp	x6, x7, [x0, #6 * 8]
	stp	x8, x9, [x0, #8 * 8]
	stp	x10, x11, [x0, #10 * 8]
	stp	x12, x13, [x0, #12 * 8]
	stp	x14, x15, [x0, #14 * 8]
	stp	x16, x17, [x0, #16 * 8]
	stp	x18, x19, [x0, #18 * 8]
	stp	x20, x21, [x0, #20 * 8]
	stp	x22, x23, [x0, #22 * 8]
	stp	x24, x25, [x0, #24 * 8]
	stp	x26, x27, [x0, #26 * 8]
	stp	x28, x29, [x0, #28 * 8]
	str	x30, [x0, #30 * 8]
	mrs	x2, nzcv
	str	x2, [x0, #CALLREGS_NZCV]
	ldp	x2, x3, [sp], #16	/* x0 and x1 after the call */
	stp	x2, x3, [x0]
	mov	x2, sp
	str	x2, [x0, #CALLREGS_SP_AFTER]
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #FRAME
	ret
.endm

	callregs callregs_hvc0, hvc, #0
	callregs callregs_brk_hvx, brk, #HVX_GUEST_BRK_IMM
	callregs callregs_dcc, mrs, "xzr, mdccsr_el0"
	callregs callregs_hvc86, hvc, #0x86
	callregs callregs_brk86, brk, #0x86
