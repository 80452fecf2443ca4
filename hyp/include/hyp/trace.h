/* SPDX-License-Identifier: GPL-2.0-only */
/* trace.c: EL2's events into this CPU's ring (hvx-trace.h). */
#ifndef __HVX_HYP_TRACE_H
#define __HVX_HYP_TRACE_H

#include <linux/types.h>

#include "hvx-cpu.h"
#include "hvx-trace.h"
#include "hyp/hyp.h"

int hvx_trace_set(u64 pa, u64 pages, u64 *nr);
/* Is EL2 traced on this CPU? */
static inline bool hvx_trace_on(const struct hvx_hyp_cpu *cpu)
{
	return READ_ONCE(cpu->trace.hdr);
}

struct hvx_trace_entry *hvx_trace_claim(struct hvx_hyp_trace *t);
void hvx_trace_commit(struct hvx_hyp_trace *t);
void __hvx_trace_host_abort(u64 ipa, u64 esr, u64 far, int ret);

/* A stage-2 fault of the host at @ipa, @ret its outcome. */
static inline void hvx_trace_host_abort(u64 ipa, u64 esr, u64 far, int ret)
{
	if (unlikely(hvx_trace_on(this_hyp_cpu())))
		__hvx_trace_host_abort(ipa, esr, far, ret);
}

#endif /* __HVX_HYP_TRACE_H */
