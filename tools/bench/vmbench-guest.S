/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest hvx-vmbench runs: position independent, entered at EL1 with
 * the MMU off, x0 = base of an MMIO page the benchmark emulates (outside
 * guest RAM), x1 = iterations per loop, x2 = flags (VMBENCH_NO_HVX_ONLY:
 * leave out the loops that only mean something under hvx, as under KVM).
 * It reports counter values by storing them to the page (each store is
 * one MMIO exit):
 *   +0   CNTVCT_EL0 at its first instruction
 *   +8   ticks for x1 HVCs to HVX_GUEST_CALL_NOP (answered at EL2)
 *   +16  ticks for x1 HVCs to PSCI_VERSION (answered by the host kernel)
 *   +24  ticks for x1 loads from +64 (each an exit to user space)
 *   +32  ticks for x1 VERSION calls through the DCC door (MRS MDCCSR_EL0)
 *   +40  ticks for x1 VERSION calls through the BRK door (hvx only)
 *   +48  ticks for x1 VERSION calls through the HVC door
 *   +56  ticks for x1 one-byte CONSOLE_WRITE calls through HVC, each an
 *        exit to user space (hvx only)
 * and then calls PSCI SYSTEM_OFF. A loop left out stores nothing.
 * It is data in hvx-vmbench, written into guest RAM.
 */
#include <linux/psci.h>
#include <hvx-guest.h>

#include "timed-loop.h"

#define REPORT_FIRST	0
#define REPORT_NOP	8
#define REPORT_PSCI	16
#define REPORT_MMIO	24
#define REPORT_DCC	32
#define REPORT_BRK	40
#define REPORT_HVC	48
#define REPORT_CONSOLE	56
#define MMIO_LOAD	64
#define VMBENCH_NO_HVX_ONLY	1	/* x2 flag, also in vmbench.c/kvmbench.c */

	.section .rodata
	.balign	4
	.globl	vmbench_guest, vmbench_guest_end
vmbench_guest:
	mrs	x3, cntvct_el0
	str	x3, [x0, #REPORT_FIRST]

	/* The trap floor: HVX_GUEST_CALL_NOP does nothing at EL2. */
	mov	x19, x0
	mov	x20, x1
	mov	x23, x2
	mov	x21, x1
	isb
	mrs	x22, cntvct_el0
1:	ldr	x0, =HVX_GUEST_CALL_NOP
	hvc	#0
	subs	x21, x21, #1
	b.ne	1b
	isb
	mrs	x2, cntvct_el0
	sub	x2, x2, x22
	str	x2, [x19, #REPORT_NOP]

	/* VERSION, a fast service, through each door (x4-x30 are kept). */
	ldr	x7, =HVX_GUEST_DCC_X7
	timed_start
5:	ldr	x0, =HVX_GUEST_CALL_VERSION
	mrs	xzr, mdccsr_el0
	subs	x21, x21, #1
	b.ne	5b
	timed_end REPORT_DCC

	tbnz	x23, #0, 7f		/* VMBENCH_NO_HVX_ONLY: no BRK loop */
	timed_start
6:	ldr	x0, =HVX_GUEST_CALL_VERSION
	brk	#HVX_GUEST_BRK_IMM
	subs	x21, x21, #1
	b.ne	6b
	timed_end REPORT_BRK
7:
	timed_start
8:	ldr	x0, =HVX_GUEST_CALL_VERSION
	hvc	#0
	subs	x21, x21, #1
	b.ne	8b
	timed_end REPORT_HVC

	/* A call that exits to user space: one byte to the console. */
	tbnz	x23, #0, 10f
	timed_start
9:	ldr	x0, =HVX_GUEST_CALL_CONSOLE_WRITE
	mov	x1, #1
	mov	x2, #'.'
	hvc	#0
	subs	x21, x21, #1
	b.ne	9b
	timed_end REPORT_CONSOLE
10:

	/* An exit to the host kernel and back: PSCI_VERSION. */
	mov	x21, x20
	isb
	mrs	x22, cntvct_el0
2:	ldr	x0, =PSCI_0_2_FN_PSCI_VERSION
	hvc	#0
	subs	x21, x21, #1
	b.ne	2b
	isb
	mrs	x2, cntvct_el0
	sub	x2, x2, x22
	str	x2, [x19, #REPORT_PSCI]

	/* An exit to user space and back: an emulated load. */
	mov	x21, x20
	isb
	mrs	x22, cntvct_el0
3:	ldr	x3, [x19, #MMIO_LOAD]
	subs	x21, x21, #1
	b.ne	3b
	isb
	mrs	x2, cntvct_el0
	sub	x2, x2, x22
	str	x2, [x19, #REPORT_MMIO]

	ldr	x0, =PSCI_0_2_FN_SYSTEM_OFF
	hvc	#0
4:	b	4b
	.ltorg
vmbench_guest_end:
