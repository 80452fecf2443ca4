// SPDX-License-Identifier: GPL-2.0-only
/*
 * EL2's events, recorded into this CPU's ring (hvx-trace.h) while the
 * host traces EL2: the exceptions a guest takes to EL2 (guest-exit.c
 * records them when its run uses the traced vectors, switch.c) and the
 * host's stage-2 faults (mem-protect.c). EL2 runs with interrupts masked
 * and each CPU writes its own ring only: no lock.
 *
 * The host sets the ring up with HVX_HC_TRACE_RING on the CPU it is for:
 * its pages become HVX_PAGE_SHARED_TRACE (mem-protect.c checks them: page
 * aligned, host RAM, no wrap-around, all the host's), mapped at EL2 at
 * their physical address (s1.c) until tracing is switched off. The only
 * value EL2 reads from the ring is the host's tail, and only to compare
 * it: a full ring (or a tail that makes no sense) drops the event and
 * counts it lost.
 */
#include <linux/errno.h>
#include <asm/barrier.h>
#include <asm/page-def.h>
#include <asm/sysreg.h>

#include "hvx-trace.h"
#include "hyp/hyp.h"
#include "hyp/trace.h"

static int trace_off(struct hvx_hyp_trace *t)
{
	int ret;

	if (!t->hdr)
		return -EPERM;
	ret = hvx_pages_to_host(t->pa, t->pages, HVX_PAGE_SHARED_TRACE);
	if (ret)
		return ret;
	t->hdr = NULL;
	t->ring = NULL;
	return 0;
}

/* HVX_HC_TRACE_RING, on this CPU. */
int hvx_trace_set(u64 pa, u64 pages, u64 *nr)
{
	struct hvx_hyp_trace *t = &this_hyp_cpu()->trace;
	struct hvx_trace_header *hdr;
	int ret;

	if (!pa)
		return pages ? -EINVAL : trace_off(t);
	if (pages < HVX_TRACE_MIN_PAGES || pages > HVX_TRACE_MAX_PAGES)
		return -EINVAL;
	if (t->hdr)
		return -EPERM;
	ret = hvx_pages_from_host(pa, pages, HVX_PAGE_SHARED_TRACE);
	if (ret)
		return ret;
	/* Mapped at EL2 at its physical address (s1.c). */
	hdr = (struct hvx_trace_header *)pa;
	t->pa = pa;
	t->pages = pages;
	t->nr = HVX_TRACE_RING_NR(pages);
	t->pos = 0;
	t->head = 0;
	t->lost = 0;
	t->ring = (struct hvx_trace_entry *)(pa + PAGE_SIZE);
	WRITE_ONCE(hdr->head, 0);
	WRITE_ONCE(hdr->tail, 0);
	WRITE_ONCE(hdr->lost, 0);
	WRITE_ONCE(hdr->nr, t->nr);
	t->hdr = hdr;
	*nr = t->nr;
	return 0;
}

/* The next free entry of this CPU's ring, or NULL (counted lost). */
struct hvx_trace_entry *hvx_trace_claim(struct hvx_hyp_trace *t)
{
	struct hvx_trace_entry *e;
	/*
	 * The host's: only compared, never used as an index. Acquire: the
	 * host read the entries before it moved the tail past them.
	 */
	u64 tail = smp_load_acquire(&t->hdr->tail);

	if (t->head - tail >= t->nr) {
		WRITE_ONCE(t->hdr->lost, ++t->lost);
		return NULL;
	}
	e = &t->ring[t->pos];
	if (++t->pos == t->nr)
		t->pos = 0;
	e->ts = read_sysreg(cntpct_el0);
	return e;
}

/* The entry hvx_trace_claim() gave is complete: the host may read it. */
void hvx_trace_commit(struct hvx_hyp_trace *t)
{
	/* The entry before the head: pairs with the host's acquire. */
	smp_store_release(&t->hdr->head, ++t->head);
}

void __hvx_trace_host_abort(u64 ipa, u64 esr, u64 far, int ret)
{
	struct hvx_hyp_trace *t = &this_hyp_cpu()->trace;
	struct hvx_trace_entry *e = hvx_trace_claim(t);

	if (!e)
		return;
	e->type = HVX_TRACE_HOST_ABORT;
	e->info = 0;
	e->vm = 0;
	e->vcpu = 0;
	e->esr = esr;
	e->addr = ipa;
	e->arg = far;
	e->ret = ret;
	e->pad = 0;
	hvx_trace_commit(t);
}
