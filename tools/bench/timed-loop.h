/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Assembler macros of the benchmark guests (vmbench-guest.S,
 * clockbench-guest.S): a loop timed with CNTVCT_EL0. x19 = the report
 * page, x20 = iterations; x21 counts them down, x22 holds the start.
 */
#ifndef HVX_BENCH_TIMED_LOOP_H
#define HVX_BENCH_TIMED_LOOP_H

/* timed_start / timed_end REPORT: x20 iterations of what is in between */
.macro	timed_start
	mov	x21, x20
	isb
	mrs	x22, cntvct_el0
.endm

/* the ticks since timed_start, stored to the report page at +REPORT */
.macro	timed_end report
	isb
	mrs	x2, cntvct_el0
	sub	x2, x2, x22
	str	x2, [x19, #\report]
.endm

#endif /* HVX_BENCH_TIMED_LOOP_H */
