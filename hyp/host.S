/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hvx's EL2 vectors while the host runs: entry from and return to the host.
 *
 * A trap from the host saves x0-x30 in a struct hvx_host_regs on this CPU's
 * EL2 stack, runs the C handler, restores them and returns. The kernel's
 * hyp-stub calls (x0 < HVC_STUB_HCALL_NR) are refused here: the host is not
 * trusted with EL2, and giving EL2 back is hvx's decision (HVX_HC_RELEASE,
 * whose last step, after the C handler agreed, is here too).
 */
#include <linux/linkage.h>
#include <asm/assembler.h>
#include <asm/esr.h>
#include <asm/ptrace.h>
#include <asm/virt.h>
#include "hvx-hyp.h"
#include "generated/hvx-asm-offsets.h"


	.text

.macro save_host_regs
	sub	sp, sp, #HVX_HOST_REGS_SIZE
	stp	x0, x1, [sp, #8 * 0]
	stp	x2, x3, [sp, #8 * 2]
	stp	x4, x5, [sp, #8 * 4]
	stp	x6, x7, [sp, #8 * 6]
	stp	x8, x9, [sp, #8 * 8]
	stp	x10, x11, [sp, #8 * 10]
	stp	x12, x13, [sp, #8 * 12]
	stp	x14, x15, [sp, #8 * 14]
	stp	x16, x17, [sp, #8 * 16]
	stp	x18, x19, [sp, #8 * 18]
	stp	x20, x21, [sp, #8 * 20]
	stp	x22, x23, [sp, #8 * 22]
	stp	x24, x25, [sp, #8 * 24]
	stp	x26, x27, [sp, #8 * 26]
	stp	x28, x29, [sp, #8 * 28]
	str	x30, [sp, #8 * 30]
.endm

.macro restore_host_regs
	ldp	x0, x1, [sp, #8 * 0]
	ldp	x2, x3, [sp, #8 * 2]
	ldp	x4, x5, [sp, #8 * 4]
	ldp	x6, x7, [sp, #8 * 6]
	ldp	x8, x9, [sp, #8 * 8]
	ldp	x10, x11, [sp, #8 * 10]
	ldp	x12, x13, [sp, #8 * 12]
	ldp	x14, x15, [sp, #8 * 14]
	ldp	x16, x17, [sp, #8 * 16]
	ldp	x18, x19, [sp, #8 * 18]
	ldp	x20, x21, [sp, #8 * 20]
	ldp	x22, x23, [sp, #8 * 22]
	ldp	x24, x25, [sp, #8 * 24]
	ldp	x26, x27, [sp, #8 * 26]
	ldp	x28, x29, [sp, #8 * 28]
	ldr	x30, [sp, #8 * 30]
	add	sp, sp, #HVX_HOST_REGS_SIZE
.endm

	.align 11
SYM_CODE_START(__hvx_host_vectors)
	ventry	__hvx_hyp_panic			// Synchronous EL2t
	ventry	__hvx_hyp_panic			// IRQ EL2t
	ventry	__hvx_hyp_panic			// FIQ EL2t
	ventry	__hvx_hyp_panic			// Error EL2t

	ventry	__hvx_hyp_panic			// Synchronous EL2h
	ventry	__hvx_hyp_panic			// IRQ EL2h
	ventry	__hvx_hyp_panic			// FIQ EL2h
	ventry	__hvx_hyp_panic			// Error EL2h

	ventry	__hvx_host_sync			// Synchronous 64-bit EL1
	ventry	__hvx_hyp_panic			// IRQ 64-bit EL1
	ventry	__hvx_hyp_panic			// FIQ 64-bit EL1
	ventry	__hvx_hyp_panic			// Error 64-bit EL1

	ventry	__hvx_hyp_panic			// Synchronous 32-bit EL1
	ventry	__hvx_hyp_panic			// IRQ 32-bit EL1
	ventry	__hvx_hyp_panic			// FIQ 32-bit EL1
	ventry	__hvx_hyp_panic			// Error 32-bit EL1
SYM_CODE_END(__hvx_host_vectors)

SYM_CODE_START_LOCAL(__hvx_host_sync)
	/* Hyp-stub calls: an HVC with x0 below HVC_STUB_HCALL_NR. */
	cmp	x0, #HVC_STUB_HCALL_NR
	b.hs	1f
	stp	x0, x1, [sp, #-16]!
	mrs	x1, esr_el2
	lsr	x1, x1, #ESR_ELx_EC_SHIFT
	cmp	x1, #ESR_ELx_EC_HVC64
	ldp	x0, x1, [sp], #16
	b.eq	__hvx_stub_hvc

1:	save_host_regs
	mov	x0, sp
	bl	hvx_handle_host_trap
	mrs	x0, tpidr_el2
	ldr	w1, [x0, #HVX_CPU_RELEASING]
	cbnz	w1, __hvx_release_cpu
	restore_host_regs
	eret
SYM_CODE_END(__hvx_host_sync)

/*
 * The stub ABI (Documentation/virt/kvm/arm/hyp-abi.rst): HVC_SOFT_RESTART
 * would run host code at EL2 and HVC_RESET_VECTORS turn stage 2 off, for
 * any EL1 code that asks. While hvx holds EL2 every stub call gets the
 * stub's error, as under pKVM; the kernel's kexec path then goes on at EL1.
 */
SYM_CODE_START_LOCAL(__hvx_stub_hvc)
	mov_q	x0, HVC_STUB_ERR
	eret
SYM_CODE_END(__hvx_stub_hvc)

/*
 * HVX_HC_RELEASE agreed on every CPU (hyp/release.c): leave EL2 to the stub
 * on this one. x0 = this CPU's struct hvx_hyp_cpu; the host's x19-x29 are
 * still in their registers (callee-saved in C), x18 and x30 on the stack.
 *
 * Zero this CPU's whole EL2 stack, where values of the guests it ran may
 * linger, then wait until every releasing CPU has zeroed its own: from the
 * moment a CPU turns its stage 2 off, the host can read all of hvx's
 * memory from it. Registers only from here on.
 */
SYM_CODE_START_LOCAL(__hvx_release_cpu)
	ldr	x18, [sp, #8 * 18]
	ldr	x30, [sp, #8 * 30]
	ldr	x1, [x0, #(HVX_CPU_BOOT + HVX_INIT_SP)]
	sub	x2, x1, #HVX_STACK_SIZE
	mov	sp, x1
1:	stp	xzr, xzr, [x2], #16
	cmp	x2, x1
	b.lo	1b

	adr_l	x1, hvx_release_left
2:	ldxr	w2, [x1]
	sub	w2, w2, #1
	stlxr	w3, w2, [x1]
	cbnz	w3, 2b
	/*
	 * YIELD while waiting, as cpu_relax() does: single-threaded TCG
	 * (QEMU -icount) runs the CPUs in turn and, in QEMU 7.2, hands each
	 * the whole time to the next timer event; a CPU spinning here
	 * without it spends every turn, the others get none, and the CPU
	 * it waits for never comes.
	 */
3:	yield
	ldar	w2, [x1]
	cbnz	w2, 3b

	/*
	 * The stub's HCR_EL2 (stage 2 off, no translation of hvx's left in
	 * the TLBs), its vectors, its SCTLR_EL2 (MMU off). The image is
	 * identity mapped: the instruction after the SCTLR_EL2 write is
	 * fetched from the same address with the MMU off.
	 */
	ldr	x1, [x0, #HVX_CPU_STUB_HCR]
	msr	hcr_el2, x1
	msr	vttbr_el2, xzr
	isb
	tlbi	vmalls12e1
	dsb	nsh
	ldr	x1, [x0, #HVX_CPU_STUB_VBAR]
	ldr	x2, [x0, #HVX_CPU_STUB_SCTLR]
	msr	vbar_el2, x1
	msr	tpidr_el2, xzr
	msr	sctlr_el2, x2
	isb

	/* SMCCC_RET_SUCCESS, and nothing of EL2's in x1-x17. */
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17
	mov	x\n, xzr
	.endr
	eret
SYM_CODE_END(__hvx_release_cpu)

/*
 * An exception hvx cannot handle. There is no recovering EL2 on this CPU,
 * so hand the syndrome to the host's panic handler at EL1h with all
 * exceptions masked, as KVM's hyp_panic does: the host prints it and
 * panics instead of hanging. x0-x5 are lost; the host does not return.
 *
 * Also reached from the guest vectors (hyp/guest.S). With a guest loaded
 * on this CPU, EL1 holds the guest's state and EL2 its controls: the
 * panic handler needs the host's (its stack, vectors, translation, per-CPU
 * offset), which hvx_switch_panic() puts back, on a fresh EL2 stack in
 * case this one is what failed. The registers are lost then (x19-x23 too).
 */
SYM_CODE_START(__hvx_hyp_panic)
	mrs	x0, esr_el2
	mrs	x1, elr_el2
	mrs	x2, far_el2
	mrs	x3, spsr_el2
	mrs	x4, tpidr_el2
	ldr	x5, [x4, #HVX_CPU_LOADED_VCPU]
	cbz	x5, 1f
	mov	x19, x0
	mov	x20, x1
	mov	x21, x2
	mov	x22, x3
	mov	x23, x4
	ldr	x5, [x4, #(HVX_CPU_BOOT + HVX_INIT_SP)]
	mov	sp, x5
	mov	x0, x4
	bl	hvx_switch_panic
	mov	x0, x19
	mov	x1, x20
	mov	x2, x21
	mov	x3, x22
	mov	x4, x23
1:
	/*
	 * Stage 2 off on this CPU: the host's panic path must not depend on
	 * an EL2 that has just failed (it may hold the stage-2 lock).
	 */
	ldr	x5, [x4, #HVX_CPU_STUB_HCR]
	msr	hcr_el2, x5
	isb
	tlbi	vmalls12e1
	dsb	nsh
	ldr	x4, [x4, #HVX_CPU_PANIC_HANDLER]
	msr	elr_el2, x4
	mov	x4, #(PSR_MODE_EL1h | PSR_D_BIT | PSR_A_BIT | PSR_I_BIT | \
		      PSR_F_BIT)
	msr	spsr_el2, x4
	eret
SYM_CODE_END(__hvx_hyp_panic)
