/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest hvx-vmbench runs: position independent, entered at EL1 with
 * the MMU off, x0 = base of an MMIO page the benchmark emulates (outside
 * guest RAM), x1 = iterations per loop. It reports counter values by
 * storing them to the page (each store is one MMIO exit):
 *   +0   CNTVCT_EL0 at its first instruction
 *   +8   ticks for x1 HVCs to HVX_GUEST_CALL_NOP (answered at EL2)
 *   +16  ticks for x1 HVCs to PSCI_VERSION (answered by the host kernel)
 *   +24  ticks for x1 loads from +64 (each an exit to user space)
 * and then calls PSCI SYSTEM_OFF.
 * It is data in hvx-vmbench, written into guest RAM.
 */
#include <linux/psci.h>
#include <hvx-guest.h>

#define REPORT_FIRST	0
#define REPORT_NOP	8
#define REPORT_PSCI	16
#define REPORT_MMIO	24
#define MMIO_LOAD	64

	.section .rodata
	.balign	4
	.globl	vmbench_guest, vmbench_guest_end
vmbench_guest:
	mrs	x2, cntvct_el0
	str	x2, [x0, #REPORT_FIRST]

	/* The trap floor: HVX_GUEST_CALL_NOP does nothing at EL2. */
	mov	x19, x0
	mov	x20, x1
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
