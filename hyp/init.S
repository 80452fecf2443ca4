/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Taking EL2 from the kernel's hyp stub, one CPU at a time.
 *
 * The host first runs __hvx_read_vbar through the stub's HVC_SOFT_RESTART
 * to learn where the stub's vectors are (modules cannot see
 * __hyp_stub_vectors), then installs __hvx_init_vectors with
 * HVC_SET_VECTORS and issues HVX_HC_INIT. That call arrives here with the
 * EL2 MMU off; it loads hvx's translation regime, turns the MMU on (the
 * image is identity mapped, so execution simply continues), switches to
 * the host vectors in host.S and runs hvx_cpu_init() (hyp/setup.c), which
 * puts the host under stage 2.
 */
#include <linux/linkage.h>
#include <asm/assembler.h>
#include <asm/esr.h>
#include <asm/virt.h>
#include "hvx-hyp.h"

	.text

/*
 * Reached from the stub's HVC_SOFT_RESTART ("br x4" at EL2, MMU off).
 * ELR_EL2 and SPSR_EL2 still hold the host's HVC return state, so an eret
 * takes the host back to the instruction after its HVC, with VBAR_EL2 in x0.
 */
SYM_CODE_START(__hvx_read_vbar)
	mrs	x0, vbar_el2
	eret
SYM_CODE_END(__hvx_read_vbar)

	.align 11
SYM_CODE_START(__hvx_init_vectors)
	ventry	__hvx_init_hang			// Synchronous EL2t
	ventry	__hvx_init_hang			// IRQ EL2t
	ventry	__hvx_init_hang			// FIQ EL2t
	ventry	__hvx_init_hang			// Error EL2t

	ventry	__hvx_init_hang			// Synchronous EL2h
	ventry	__hvx_init_hang			// IRQ EL2h
	ventry	__hvx_init_hang			// FIQ EL2h
	ventry	__hvx_init_hang			// Error EL2h

	ventry	__hvx_init_sync			// Synchronous 64-bit EL1
	ventry	__hvx_init_hang			// IRQ 64-bit EL1
	ventry	__hvx_init_hang			// FIQ 64-bit EL1
	ventry	__hvx_init_hang			// Error 64-bit EL1

	ventry	__hvx_init_hang			// Synchronous 32-bit EL1
	ventry	__hvx_init_hang			// IRQ 32-bit EL1
	ventry	__hvx_init_hang			// FIQ 32-bit EL1
	ventry	__hvx_init_hang			// Error 32-bit EL1
SYM_CODE_END(__hvx_init_vectors)

/*
 * x0 = HVX_HC_INIT, x1 = PA of struct hvx_init_params. Only x0-x3 are
 * touched: the caller is an SMCCC 1.1 call site that keeps x4-x17.
 */
SYM_CODE_START_LOCAL(__hvx_init_sync)
	mrs	x2, esr_el2
	lsr	x2, x2, #ESR_ELx_EC_SHIFT
	cmp	x2, #ESR_ELx_EC_HVC64
	b.ne	__hvx_init_refuse
	mov_q	x2, HVX_HC_INIT
	cmp	x0, x2
	b.ne	__hvx_init_refuse

	ldr	x2, [x1, #HVX_INIT_MAIR]
	msr	mair_el2, x2
	ldr	x2, [x1, #HVX_INIT_TCR]
	msr	tcr_el2, x2
	ldr	x2, [x1, #HVX_INIT_TTBR0]
	msr	ttbr0_el2, x2
	ldr	x2, [x1, #HVX_INIT_TPIDR]
	msr	tpidr_el2, x2
	ldr	x2, [x1, #HVX_INIT_SP]
	mov	sp, x2
	isb

	/* Nothing cached at EL2 may survive from an earlier hvx or stub. */
	tlbi	alle2
	dsb	ish
	ic	iallu
	dsb	ish
	isb

	mrs	x3, sctlr_el2
	ldr	x2, [x1, #HVX_INIT_SCTLR]
	msr	sctlr_el2, x2
	isb

	ldr	x2, [x1, #HVX_INIT_VBAR]
	msr	vbar_el2, x2
	isb

	/*
	 * The MMU is on, with a stack: hvx_cpu_init(params, stub SCTLR_EL2)
	 * finishes in C. The caller expects x4-x30 back (SMCCC 1.1 keeps
	 * x4-x17; the host's hvx_hcall() clobbers only x0-x4), so keep the
	 * registers C may clobber.
	 */
	stp	x4, x5, [sp, #-16]!
	stp	x6, x7, [sp, #-16]!
	stp	x8, x9, [sp, #-16]!
	stp	x10, x11, [sp, #-16]!
	stp	x12, x13, [sp, #-16]!
	stp	x14, x15, [sp, #-16]!
	stp	x16, x17, [sp, #-16]!
	stp	x18, x30, [sp, #-16]!
	mov	x0, x1
	mov	x1, x3
	bl	hvx_cpu_init
	ldp	x18, x30, [sp], #16
	ldp	x16, x17, [sp], #16
	ldp	x14, x15, [sp], #16
	ldp	x12, x13, [sp], #16
	ldp	x10, x11, [sp], #16
	ldp	x8, x9, [sp], #16
	ldp	x6, x7, [sp], #16
	ldp	x4, x5, [sp], #16

	mov	x0, #SMCCC_RET_SUCCESS
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	eret
SYM_CODE_END(__hvx_init_sync)

/*
 * HVC_SET_VECTORS works as with the stub, so that the host can put the
 * stub's vectors back if it cannot go on; anything else is refused.
 */
SYM_CODE_START_LOCAL(__hvx_init_refuse)
	cmp	x0, #HVC_SET_VECTORS
	b.ne	1f
	mrs	x0, esr_el2
	lsr	x0, x0, #ESR_ELx_EC_SHIFT
	cmp	x0, #ESR_ELx_EC_HVC64
	b.ne	1f
	msr	vbar_el2, x1
	mov	x0, xzr
	eret
1:	mov_q	x0, HVC_STUB_ERR
	eret
SYM_CODE_END(__hvx_init_refuse)

/*
 * Nothing else is routed to EL2 while only the init vectors are installed;
 * with the MMU off and no stack there is nobody to report to.
 */
SYM_CODE_START_LOCAL(__hvx_init_hang)
	wfe
	b	__hvx_init_hang
SYM_CODE_END(__hvx_init_hang)
