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
#include <asm/el2_setup.h>
#include <asm/esr.h>
#include <asm/kvm_arm.h>
#include <asm/ptrace.h>
#include <asm/sysreg.h>
#include <asm/virt.h>
#include "hvx-hyp.h"
#include "generated/hvx-asm-offsets.h"

/*
 * Load hvx's EL2 translation regime, stack, TPIDR_EL2 and host vectors
 * from the struct hvx_init_params at \params, then turn the MMU on. The
 * parameters are read with the MMU off only: at load they are host
 * memory, which EL2's stage 1 does not map. Leaves the stub's (or
 * firmware's) SCTLR_EL2 in \old. Clobbers \tmp.
 */
.macro hvx_enable_mmu params, tmp, old
	ldr	\tmp, [\params, #HVX_INIT_MAIR]
	msr	mair_el2, \tmp
	ldr	\tmp, [\params, #HVX_INIT_TCR]
	msr	tcr_el2, \tmp
	ldr	\tmp, [\params, #HVX_INIT_TTBR0]
	msr	ttbr0_el2, \tmp
	ldr	\tmp, [\params, #HVX_INIT_TPIDR]
	msr	tpidr_el2, \tmp
	ldr	\tmp, [\params, #HVX_INIT_SP]
	mov	sp, \tmp
	isb

	/* Nothing cached at EL2 may survive from an earlier hvx or stub. */
	tlbi	alle2
	dsb	ish
	ic	iallu
	dsb	ish
	isb

	/* Identity mapped: the vectors' address is the same with the MMU on. */
	ldr	\tmp, [\params, #HVX_INIT_VBAR]
	msr	vbar_el2, \tmp

	mrs	\old, sctlr_el2
	ldr	\tmp, [\params, #HVX_INIT_SCTLR]
	msr	sctlr_el2, \tmp
	isb
.endm

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

	hvx_enable_mmu x1, x2, x3

	/*
	 * The MMU is on, with a stack: hvx_cpu_init(stub SCTLR_EL2)
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
	mov	x0, x3
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

/*
 * A CPU started by a relayed PSCI CPU_ON (or back from a power-down
 * CPU_SUSPEND) enters here from the firmware: EL2, MMU and caches off,
 * all exceptions masked, x0 = PA of this CPU's struct hvx_hyp_cpu (the
 * context ID hvx gave the firmware).
 *
 * Set EL2 up for the host as the kernel's own EL2 path (init_el2 in
 * head.S) would have, with the kernel's own macro, so that the host finds
 * the same EL2 controls as under the stub; then take the CPU as the init
 * path does, put the host under stage 2 (hvx_cpu_entry_init()) and enter
 * the host's entry point at EL1h, all exceptions masked.
 *
 * The kernel's secondary and resume entry points start with
 * "bl init_kernel_el", which finds CurrentEL and records the mode the CPU
 * booted in (__boot_cpu_mode). Entered at EL1, it would record EL1 while
 * the boot CPU recorded EL2, and the kernel would from then on think EL2
 * unavailable (no EL2 for kexec, hibernate or a later hypervisor). So when
 * the entry point has that shape, hvx does what init_kernel_el does at
 * EL2 (EL2 set up, SCTLR_EL1 reset, EL1h with DAIF masked) and resumes the
 * host after the call with x0 = BOOT_CPU_MODE_EL2, which is the truth: the
 * CPU came up with EL2, which hvx holds and gives back to the stub on
 * unload. Any other entry point gets x0 = the host's context ID.
 */
#define A64_BL_MASK		0xfc000000
#define A64_BL			0x94000000
#define A64_BTI_C		0xd503245f
#define A64_MRS_X0_CURRENTEL	0xd5384240

SYM_CODE_START(__hvx_cpu_entry)
	mov	x19, x0
	mov_q	x0, HCR_HOST_NVHE_FLAGS
	msr	hcr_el2, x0
	isb
	init_el2_state				// clobbers x0-x2
	mov_q	x0, INIT_SCTLR_EL1_MMU_OFF
	msr	sctlr_el1, x0
	isb

	/*
	 * The host's entry point and context ID, written by the CPU that
	 * relayed the call and cleaned to PoC; kernel entry code is in the
	 * PoC too (secondaries fetch it with the MMU off).
	 */
	ldr	x20, [x19, #HVX_CPU_HOST_ENTRY]
	ldr	x21, [x19, #HVX_CPU_HOST_CTX]
	mov	x22, x20
	ldr	w0, [x22]
	mov_q	x1, A64_BTI_C
	cmp	w0, w1
	b.ne	1f
	add	x22, x22, #4
	ldr	w0, [x22]
1:	and	w1, w0, #A64_BL_MASK
	mov_q	x2, A64_BL
	cmp	w1, w2
	b.ne	3f
	sbfx	x1, x0, #0, #26			// BL target: imm26 * 4
	add	x1, x22, x1, lsl #2
	ldr	w0, [x1]
	mov_q	x2, A64_BTI_C
	cmp	w0, w2
	b.ne	2f
	ldr	w0, [x1, #4]
2:	mov_q	x2, A64_MRS_X0_CURRENTEL
	cmp	w0, w2
	b.ne	3f
	add	x20, x22, #4			// return from "bl init_kernel_el"
	mov	x21, #BOOT_CPU_MODE_EL2
	mov	x23, x20			// lr, as after the BL
	b	4f
3:	mov	x23, xzr
4:
	add	x1, x19, #HVX_CPU_BOOT
	hvx_enable_mmu x1, x2, x3

	mov	x0, x19
	cmp	x23, xzr
	cset	x1, ne				// entered after init_kernel_el?
	bl	hvx_cpu_entry_init

	msr	elr_el2, x20
	mov	x0, #INIT_PSTATE_EL1
	msr	spsr_el2, x0
	mov	x0, x21
	mov	x30, x23
	/* Nothing of EL2's for the host: it gets x0 (and lr) only. */
	.irp	n, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	mov	x\n, xzr
	.endr
	.irp	n, 16, 17, 18, 19, 20, 21, 22, 23, 29
	mov	x\n, xzr
	.endr
	eret
SYM_CODE_END(__hvx_cpu_entry)
