/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest of the interrupt benchmarks (hvx-vmbench gic, hvx-kvmbench
 * gic): two vCPUs on a GICv3, entered at its first byte, at EL1 with the
 * MMU off, each with
 *   x0 = base of an MMIO page the benchmark emulates (outside guest RAM),
 *   x1 = IPI round trips per loop, x6 = timer interrupts per loop,
 *   x3 = the distributor, x4 = this vCPU's redistributor (RD_base),
 *   x5 = the vCPU's id (0 or 1; MPIDR Aff0 = id).
 * vCPU 0 measures, vCPU 1 answers. Every sample is one store to the page
 * (an exit to the runner, outside the timed part), in counter ticks:
 *   +0   IPI round trip: SGI 1 to vCPU 1, whose handler sends SGI 2 back;
 *        vCPU 1 spins meanwhile (a running vCPU is kicked)
 *   +8   the same with vCPU 1 waiting in WFI (a blocked vCPU is woken)
 *   +16  virtual timer: its deadline (1 ms ahead) to vCPU 0's handler,
 *        while vCPU 0 spins
 *   +24  the same with vCPU 0 waiting in WFI
 *   +32  of +0's round trip, the way there: vCPU 0's SGI write to vCPU 1's
 *        handler (its CNTVCT_EL0 read: one counter for the whole VM)
 *   +40  the same for +8's
 * then vCPU 0 calls PSCI SYSTEM_OFF. An unexpected exception stores ELR
 * to +56 and ESR to +48 and stops.
 *
 * The IRQ handler uses only x9-x15 and needs no stack; the code it can
 * interrupt (IRQs unmasked) uses x0-x8 and x16-x28, and the handler
 * reports to it in registers: x28 counts SGI 2s (pongs), x25 is set and
 * x26 holds the latency when the timer fired.
 */
#include <linux/psci.h>
#include <hvx/gicv3-regs.h>

#define REPORT_IPI		0
#define REPORT_IPI_WFI		8
#define REPORT_TIMER		16
#define REPORT_TIMER_WFI	24
#define REPORT_IPI_THERE	32
#define REPORT_IPI_WFI_THERE	40
#define REPORT_ERR_ESR		48
#define REPORT_ERR_ELR		56

#define GICD_CTLR_ENABLE_G1	(1 << 1)
#define GICD_CTLR_ARE		(1 << 4)
#define GICD_CTLR_RWP_BIT	31
#define GICR_CTLR_RWP_BIT	3
#define GICR_WAKER_SLEEP	(1 << 1)	/* ProcessorSleep */
#define GICR_WAKER_ASLEEP_BIT	2		/* ChildrenAsleep */
#define ICC_SRE_SRE		1
#define INTID_SPECIAL		1020		/* 1020-1023: spurious */

#define SGI_PING		1		/* to vCPU 1 */
#define SGI_PONG		2		/* back to vCPU 0 */
#define PPI_VTIMER		27
/* ICC_SGI1R_EL1: INTID in bits [27:24], target list (Aff0) in [15:0] */
#define SGI1R(intid, aff0)	(((intid) << 24) | (1 << (aff0)))
#define CNTV_CTL_ENABLE		1

/* the shared words in guest RAM (label shared) */
#define SHARED_MODE		0	/* vCPU 0 sets it: what vCPU 1 does */
#define SHARED_ACK		4	/* vCPU 1: the mode it saw */
#define SHARED_READY		8	/* vCPU 1: its GIC set up */
#define SHARED_STAMP		16	/* vCPU 1: CNTVCT_EL0 at the ping */
#define MODE_SPIN		1
#define MODE_WFI		2

.macro	ventry	target
	.balign	0x80
	b	\target
.endm

	.section .rodata
	.balign	0x800
	.globl	gicbench_guest, gicbench_guest_end
gicbench_guest:
	b	start

	.balign	0x800
vectors:
	ventry	unexpected		/* current EL, SP0 */
	ventry	unexpected
	ventry	unexpected
	ventry	unexpected
	ventry	unexpected		/* current EL, SPx: sync */
	ventry	irq			/* IRQ */
	ventry	unexpected
	ventry	unexpected
	ventry	unexpected		/* lower EL */
	ventry	unexpected
	ventry	unexpected
	ventry	unexpected
	ventry	unexpected
	ventry	unexpected
	ventry	unexpected
	ventry	unexpected

unexpected:
	mrs	x9, elr_el1
	str	x9, [x19, #REPORT_ERR_ELR]
	mrs	x9, esr_el1
	str	x9, [x19, #REPORT_ERR_ESR]
	b	.

irq:
	mrs	x9, icc_iar1_el1
	cmp	x9, #SGI_PING
	b.eq	ping
	cmp	x9, #SGI_PONG
	b.eq	pong
	cmp	x9, #PPI_VTIMER
	b.eq	vtimer
	cmp	x9, #INTID_SPECIAL
	b.hs	1f			/* nothing to acknowledge */
	b	eoi
ping:
	isb
	mrs	x10, cntvct_el0
	str	x10, [x16, #SHARED_STAMP]
	dsb	sy			/* seen before the pong */
	ldr	x10, =SGI1R(SGI_PONG, 0)
	msr	icc_sgi1r_el1, x10
	b	eoi
pong:
	add	x28, x28, #1
	b	eoi
vtimer:
	isb
	mrs	x10, cntvct_el0
	mrs	x11, cntv_cval_el0
	sub	x26, x10, x11
	msr	cntv_ctl_el0, xzr	/* its line drops */
	mov	x25, #1
eoi:
	msr	icc_eoir1_el1, x9
1:	eret

start:
	mov	x19, x0
	mov	x20, x1
	mov	x23, x3
	mov	x24, x4
	mov	x18, x5
	mov	x17, x6
	adr	x16, shared
	mov	x25, #0
	mov	x27, #0
	mov	x28, #0
	adr	x0, vectors
	msr	vbar_el1, x0
	mrs	x0, icc_sre_el1
	orr	x0, x0, #ICC_SRE_SRE
	msr	icc_sre_el1, x0
	isb

	/* this vCPU's redistributor: awake, SGIs 1-2 and PPI 27 enabled */
	ldr	w0, [x24, #GICR_WAKER]
	bic	w0, w0, #GICR_WAKER_SLEEP
	str	w0, [x24, #GICR_WAKER]
1:	ldr	w0, [x24, #GICR_WAKER]
	tbnz	w0, #GICR_WAKER_ASLEEP_BIT, 1b
	add	x1, x24, #GICR_SGI_OFFSET
	mov	w0, #0xffffffff
	str	w0, [x1, #GICR_IGROUPR0]	/* all Group 1 */
	ldr	w0, =0x80808080
	mov	x2, #0
2:	add	x3, x1, x2
	str	w0, [x3, #GICR_IPRIORITYR]
	add	x2, x2, #4
	cmp	x2, #32
	b.lo	2b
	ldr	w0, =(1 << SGI_PING) | (1 << SGI_PONG) | (1 << PPI_VTIMER)
	str	w0, [x1, #GICR_ISENABLER0]
3:	ldr	w0, [x24, #GICR_CTLR]
	tbnz	w0, #GICR_CTLR_RWP_BIT, 3b

	cbnz	x18, 5f
	/* vCPU 0: the distributor, affinity routing, Group 1 */
	mov	w0, #GICD_CTLR_ARE | GICD_CTLR_ENABLE_G1
	str	w0, [x23, #GICD_CTLR]
4:	ldr	w0, [x23, #GICD_CTLR]
	tbnz	w0, #GICD_CTLR_RWP_BIT, 4b
5:
	mov	x0, #0xff
	msr	icc_pmr_el1, x0
	mov	x0, #1
	msr	icc_igrpen1_el1, x0
	isb
	msr	daifclr, #2		/* IRQs on: x9-x15 are the handler's */
	cbnz	x18, secondary

	/* vCPU 0 */
6:	ldr	w0, [x16, #SHARED_READY]
	cbz	w0, 6b
	mov	w0, #MODE_SPIN
	mov	x1, #REPORT_IPI
	mov	x7, #REPORT_IPI_THERE
	bl	ipi_loop
	mov	w0, #MODE_WFI
	mov	x1, #REPORT_IPI_WFI
	mov	x7, #REPORT_IPI_WFI_THERE
	bl	ipi_loop
	mov	w0, #MODE_SPIN
	mov	x1, #REPORT_TIMER
	bl	timer_loop
	mov	w0, #MODE_WFI
	mov	x1, #REPORT_TIMER_WFI
	bl	timer_loop
	ldr	x0, =PSCI_0_2_FN_SYSTEM_OFF
	hvc	#0
	b	.

/*
 * ipi_loop(w0 = vCPU 1's mode, x1 = report slot, x7 = the way there's):
 * x20 round trips
 */
ipi_loop:
	str	w0, [x16, #SHARED_MODE]
1:	ldr	w2, [x16, #SHARED_ACK]
	cmp	w2, w0
	b.ne	1b
	mov	x21, x20
	ldr	x3, =SGI1R(SGI_PING, 1)
2:	isb
	mrs	x22, cntvct_el0
	add	x27, x27, #1
	msr	icc_sgi1r_el1, x3
	isb
3:	cmp	x28, x27		/* until the handler counted the pong */
	b.ne	3b
	isb
	mrs	x2, cntvct_el0
	sub	x2, x2, x22
	ldr	x4, [x16, #SHARED_STAMP]
	sub	x4, x4, x22
	str	x2, [x19, x1]
	str	x4, [x19, x7]
	subs	x21, x21, #1
	b.ne	2b
	ret

/*
 * timer_loop(w0 = how vCPU 0 waits, x1 = report slot): x17 timer
 * interrupts, 1 ms apart; vCPU 1 waits in WFI meanwhile.
 */
timer_loop:
	mov	w2, #MODE_WFI
	str	w2, [x16, #SHARED_MODE]
	mrs	x3, cntfrq_el0
	mov	x2, #1000
	udiv	x3, x3, x2
	mov	x21, x17
1:	mov	x25, #0
	isb
	mrs	x2, cntvct_el0
	add	x2, x2, x3
	msr	cntv_cval_el0, x2
	mov	x2, #CNTV_CTL_ENABLE
	msr	cntv_ctl_el0, x2
	isb
	cmp	w0, #MODE_WFI
	b.eq	3f
2:	cbz	x25, 2b
	b	4f
	/*
	 * Check and sleep with IRQs masked, or an interrupt taken between
	 * the check and the WFI would leave it waiting for the next one.
	 * WFI wakes for a pending interrupt even masked.
	 */
3:	msr	daifset, #2
	cbnz	x25, 5f
	wfi
	msr	daifclr, #2
	b	3b
5:	msr	daifclr, #2
4:	str	x26, [x19, x1]
	subs	x21, x21, #1
	b.ne	1b
	ret

/* vCPU 1: answers pings (in the handler), spinning or in WFI */
secondary:
	mov	w0, #1
	str	w0, [x16, #SHARED_READY]
1:	ldr	w0, [x16, #SHARED_MODE]
	str	w0, [x16, #SHARED_ACK]
	cmp	w0, #MODE_WFI
	b.ne	1b
	wfi
	b	1b

	.ltorg
	.balign	8
shared:
	.word	0, 0, 0, 0
	.quad	0
gicbench_guest_end:
