/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest of hvx-vmbench console and hvx-kvmbench console: console
 * throughput. Position independent, entered at EL1 with the MMU off:
 *   x0 = base of the report page (outside guest RAM: each store exits)
 *   x1 = the PL011's UARTDR
 *   x2 = bytes to write (> 0)
 *   x3 = flags: CONBENCH_CALLS also writes them with CONSOLE_WRITE calls
 *        (hvx only)
 * It writes x2 bytes to UARTDR, one store each (as a polling driver
 * whose transmit FIFO is never full: no UARTFR read), lines of 63 '.'
 * and a newline; then with CONBENCH_CALLS the same bytes again through
 * HVC CONSOLE_WRITE calls of HVX_GUEST_WRITE_MAX bytes each (the last
 * one shorter). It reports counter ticks by storing them to the page:
 *   +8   for the UARTDR stores
 *   +16  for the CONSOLE_WRITE calls
 * and then calls PSCI SYSTEM_OFF. It is data in the two programs,
 * written into guest RAM.
 */
#include <linux/psci.h>
#include <hvx-guest.h>

#define REPORT_UART	8
#define REPORT_CALLS	16
#define CONBENCH_CALLS	1	/* x3 flag, also in guest-runner.h */
#define LINE_MASK	63	/* a newline every 64 bytes */

	.section .rodata
	.balign	4
	.globl	conbench_guest, conbench_guest_end
conbench_guest:
	mov	x19, x0
	mov	x20, x1
	mov	x21, x2
	mov	x23, x3

	/* The UART: x22 counts down, its low bits place the newlines. */
	mov	x22, x21
	isb
	mrs	x24, cntvct_el0
1:	mov	w5, #'.'
	mov	w6, #10		/* '\n' */
	tst	x22, #LINE_MASK
	csel	w5, w6, w5, eq
	strb	w5, [x20]
	subs	x22, x22, #1
	b.ne	1b
	isb
	mrs	x2, cntvct_el0
	sub	x2, x2, x24
	str	x2, [x19, #REPORT_UART]

	tbz	x23, #0, 4f		/* no CONBENCH_CALLS */
	/* CONSOLE_WRITE: HVX_GUEST_WRITE_MAX bytes of '.' in x2-x6 a call */
	ldr	x25, =0x2e2e2e2e2e2e2e2e
	mov	x4, x25
	mov	x5, x25
	mov	x6, x25
	mov	x22, x21
	isb
	mrs	x24, cntvct_el0
2:	mov	x1, #HVX_GUEST_WRITE_MAX
	cmp	x22, x1
	csel	x1, x22, x1, lo
	mov	x26, x1
	mov	x2, x25
	mov	x3, x25
	ldr	x0, =HVX_GUEST_CALL_CONSOLE_WRITE
	hvc	#0
	subs	x22, x22, x26
	b.hi	2b
	isb
	mrs	x2, cntvct_el0
	sub	x2, x2, x24
	str	x2, [x19, #REPORT_CALLS]
4:
	ldr	x0, =PSCI_0_2_FN_SYSTEM_OFF
	hvc	#0
3:	b	3b
	.ltorg
conbench_guest_end:
