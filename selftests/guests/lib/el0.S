/* SPDX-License-Identifier: GPL-2.0 */
/*
 * guest_el0_enter(fn, arg, sp_el0): ERET to fn(arg) at EL0t with D, A, I
 * and F masked and SP_EL0 = sp_el0; fn returns to guest_el0_exit, whose
 * SVC el0.c's hook turns into a return to guest_el0_return at EL1h, on the
 * same SP_EL1 as before, with fn's x0 (x19-x28 restored here, in case
 * fn was abandoned at an exception).
 */
#define SPSR_EL0T_DAIF	0x3c0
#define SVC_EL0_DONE	0xe10

	.text
	.balign	4
	.globl	guest_el0_enter, guest_el0_exit, guest_el0_return
guest_el0_enter:
	stp	x29, x30, [sp, #-96]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	msr	sp_el0, x2
	msr	elr_el1, x0
	mov	x2, #SPSR_EL0T_DAIF
	msr	spsr_el1, x2
	mov	x0, x1
	adr	x30, guest_el0_exit
	isb
	eret

guest_el0_exit:				/* at EL0 */
	svc	#SVC_EL0_DONE
	b	guest_el0_exit

guest_el0_return:			/* at EL1 again */
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #96
	ret
