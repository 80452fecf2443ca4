/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The exception harness of the hostile-guest generator's guests
 * (hvx_guest_fuzz.c): data in the test program, code for the guest, copied
 * to the start of its RAM. It runs at the guest's EL1 with the MMU off
 * (as the guest starts) and relies on nothing the payload may have
 * changed but VBAR_EL1 and its own two pages: no stack, and x0-x3 and
 * the flags are the payload's to lose.
 *
 * Every vector entry goes to one handler, which counts the exception and
 * moves the payload on to the instruction after the one that raised it,
 * with SPSR_EL1.IL cleared (after an illegal exception return), so that
 * one stream meets many exceptions. It ends the guest instead (reports
 * the count, the last ESR_EL1 and ELR_EL1 to FUZZ_REPORT, then PSCI
 * SYSTEM_OFF) once the count reaches the cap, or when the exception did
 * not come from inside the payload: its end (zeros, UDF #0), a branch or
 * return that left it, a misaligned pc, the handler itself.
 */
#include "fuzz.h"

	.section .rodata, "a"
	.balign	4096
	.globl	fuzz_harness
	.globl	fuzz_harness_end

fuzz_harness:
	/* VBAR_EL1: 16 entries of 0x80 bytes. */
	.rept	16
	b	fuzz_handler
	.balign	128
	.endr

fuzz_handler:
	movz	x0, #(FUZZ_DATA & 0xffff)
	movk	x0, #(FUZZ_DATA >> 16), lsl #16
	ldr	x1, [x0, #FD_COUNT]
	add	x1, x1, #1
	str	x1, [x0, #FD_COUNT]
	mrs	x2, esr_el1
	str	x2, [x0, #FD_ESR]
	mrs	x2, elr_el1
	str	x2, [x0, #FD_ELR]
	ldr	x3, [x0, #FD_CAP]
	cmp	x1, x3
	b.hs	fuzz_finish
	ldr	x3, [x0, #FD_START]
	cmp	x2, x3
	b.lo	fuzz_finish
	ldr	x3, [x0, #FD_END]
	cmp	x2, x3
	b.hs	fuzz_finish
	tst	x2, #3
	b.ne	fuzz_finish
	add	x2, x2, #4
	msr	elr_el1, x2
	mrs	x2, spsr_el1
	bic	x2, x2, #FUZZ_PSR_IL
	msr	spsr_el1, x2
	eret

fuzz_finish:
	ldr	x3, [x0, #FD_REPORT]
	str	x1, [x3, #FR_COUNT]
	ldr	x1, [x0, #FD_ESR]
	str	x1, [x3, #FR_ESR]
	ldr	x1, [x0, #FD_ELR]
	str	x1, [x3, #FR_ELR]
	movz	x0, #0x0008		/* PSCI SYSTEM_OFF */
	movk	x0, #0x8400, lsl #16
	hvc	#0
	b	.
fuzz_harness_end:

	/* No executable stack for the test program that carries this. */
	.section .note.GNU-stack, "", %progbits
