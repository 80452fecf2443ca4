/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A vCPU's timers (host/vtimer.c): the virtual timer the guest owns in
 * the hardware, and the physical timer EL2 emulates; their interrupts
 * through the vGIC (PPI 27 and 30), hrtimers while the vCPU does not run.
 */
#ifndef __HVX_HOST_VTIMER_H
#define __HVX_HOST_VTIMER_H

#include <linux/hrtimer.h>
#include <linux/types.h>

struct hvx_vcpu;

/* Only the vCPU's own thread changes them (but the hrtimer, which kicks). */
struct hvx_vcpu_timers {
	struct hrtimer ptimer;	/* the emulated physical timer's deadline */
	u64 ptimer_cval;	/* ... armed for this CVAL */
	u32 ptimer_clock_seq;	/* ... and this VM clock (its seqcount) */
	bool ptimer_armed;
	bool vtimer_level;	/* the lines as last given to the vGIC */
	bool ptimer_level;
};

/* Host IRQs (module init and exit): the virtual timer's PPI. */
int hvx_vtimer_host_init(void);
/* The host's virtual timer PPI (its INTID), 0 if none was found. */
u32 hvx_vtimer_host_intid(void);
void hvx_vtimer_host_exit(void);

void hvx_vtimer_vcpu_init(struct hvx_vcpu *vcpu);
void hvx_vtimer_vcpu_destroy(struct hvx_vcpu *vcpu);
/* Before entering the guest (interrupts off), after leaving it. */
void hvx_vtimer_load(struct hvx_vcpu *vcpu);
void hvx_vtimer_sync(struct hvx_vcpu *vcpu);
/* The earliest deadline of the two, in ns from now: false if none. */
bool hvx_vtimer_deadline(struct hvx_vcpu *vcpu, u64 *ns);

#endif /* __HVX_HOST_VTIMER_H */
