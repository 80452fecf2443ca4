/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest of hvx-vmbench clock and hvx-kvmbench clock: the physical
 * counter and timer, which hvx traps and executes for the guest in its
 * VM's clock (HVX_VM_SET_CLOCK). Position independent, entered at EL1
 * with the MMU off and interrupts masked, x0 = base of the report page
 * (outside guest RAM: each store exits), x1 = iterations per loop. It
 * times each loop with CNTVCT_EL0 (not trapped: the host's count, at
 * the host's frequency) and reports by storing to the page:
 *   +8   ticks for x1 HVCs to HVX_GUEST_CALL_NOP (hvx's trap floor)
 *   +16  ticks for x1 CNTPCT_EL0 reads
 *   +24  the guest's CNTPCT_EL0 ticks from a read just before those to
 *        one just after: over +16, the scale of its clock to the host's
 *        (over by about one read in x1)
 *   +32  ticks for x1 CNTP_CVAL_EL0 writes, a deadline far ahead moved
 *        on by one each time, the timer enabled and masked
 *   +40  ticks for x1 CNTP_CTL_EL0 writes, the timer enabled, IMASK
 *        toggled (as an OS masks it in its handler and unmasks it to
 *        arm the next deadline)
 * and then disables the timer and calls PSCI SYSTEM_OFF. It is data in
 * the two programs, written into guest RAM.
 */
#include <linux/psci.h>
#include <hvx-guest.h>

#include "timed-loop.h"

#define REPORT_NOP	8
#define REPORT_PCT	16
#define REPORT_PCT_SPAN	24
#define REPORT_CVAL	32
#define REPORT_CTL	40

#define CTL_ENABLE	1	/* CNTP_CTL_EL0.ENABLE */
#define CTL_IMASK	2	/* CNTP_CTL_EL0.IMASK */
/* The deadline: 2^36 ticks ahead, minutes even at 3x a GHz clock. */
#define CVAL_AHEAD_SHIFT	36

	.section .rodata
	.balign	4
	.globl	clockbench_guest, clockbench_guest_end
clockbench_guest:
	mov	x19, x0
	mov	x20, x1

	/* The trap floor: HVX_GUEST_CALL_NOP does nothing at EL2. */
	timed_start
1:	ldr	x0, =HVX_GUEST_CALL_NOP
	hvc	#0
	subs	x21, x21, #1
	b.ne	1b
	timed_end REPORT_NOP

	/*
	 * CNTPCT_EL0: once warm-up (QEMU translates the code here and EL2's
	 * on first use), then timed.
	 */
	mov	x21, #1
	bl	pct_loop
	mov	x21, x20
	bl	pct_loop
	str	x2, [x19, #REPORT_PCT]
	str	x3, [x19, #REPORT_PCT_SPAN]

	/* CNTP_CVAL_EL0, the timer enabled and masked (never fires). */
	mrs	x24, cntpct_el0
	mov	x3, #(1 << CVAL_AHEAD_SHIFT)
	add	x24, x24, x3
	msr	cntp_cval_el0, x24
	mov	x3, #(CTL_ENABLE | CTL_IMASK)
	msr	cntp_ctl_el0, x3
	timed_start
4:	msr	cntp_cval_el0, x24
	add	x24, x24, #1
	subs	x21, x21, #1
	b.ne	4b
	timed_end REPORT_CVAL

	/* CNTP_CTL_EL0: IMASK on and off, the deadline still far ahead. */
	mov	x3, #CTL_ENABLE
	timed_start
5:	msr	cntp_ctl_el0, x3
	eor	x3, x3, #CTL_IMASK
	subs	x21, x21, #1
	b.ne	5b
	timed_end REPORT_CTL

	msr	cntp_ctl_el0, xzr
	ldr	x0, =PSCI_0_2_FN_SYSTEM_OFF
	hvc	#0
6:	b	6b

/*
 * x21 CNTPCT_EL0 reads, between two untimed ones close to the reads of
 * CNTVCT_EL0 that time them: x2 = the CNTVCT_EL0 ticks, x3 = the
 * CNTPCT_EL0 ticks from the untimed read before to the one after.
 */
pct_loop:
	mrs	x24, cntpct_el0
	isb
	mrs	x22, cntvct_el0
7:	mrs	x3, cntpct_el0
	subs	x21, x21, #1
	b.ne	7b
	isb
	mrs	x2, cntvct_el0
	mrs	x3, cntpct_el0
	sub	x2, x2, x22
	sub	x3, x3, x24
	ret
	.ltorg
clockbench_guest_end:
