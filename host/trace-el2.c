// SPDX-License-Identifier: GPL-2.0-only
/*
 * EL2's events into ftrace. While hvx_el2_guest_exit or hvx_el2_host_abort
 * is enabled (their reg/unreg callbacks), every CPU under hvx has a ring
 * (hyp/include/hvx-trace.h) of RING_PAGES pages it shares with EL2
 * (HVX_HC_TRACE_RING, issued on that CPU); EL2 records into it, and a
 * work item drains all rings every DRAIN_MS ms, and each return of a vCPU
 * to user space too, so that what a VMM did is in the trace when it
 * exits. The events carry EL2's counter value, and that time in
 * nanoseconds of the trace clock ("local", sched_clock): el2_ns.
 *
 * EL2 counts the events it dropped, its ring full, in the ring's header;
 * the drain reports each increase as hvx_el2_lost and sums them for
 * /sys/kernel/hvx/el2_trace/lost.
 *
 * Rings are set on the CPUs online at enable time; one coming online
 * later has none (its EL2 events are not recorded). A CPU that goes
 * offline keeps its ring at EL2: its pages are then not freed.
 */
#include <linux/cpu.h>
#include <linux/gfp.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/smp.h>
#include <linux/trace_clock.h>
#include <linux/workqueue.h>
#include <asm/arch_timer.h>
#include <clocksource/arm_arch_timer.h>

#include "hvx.h"
#include "hvx-trace.h"
#include "trace.h"

#define RING_ORDER	4
#define RING_PAGES	BIT(RING_ORDER)
#define DRAIN_MS	10

static_assert(sizeof(struct hvx_trace_entry) == HVX_TRACE_ENTRY_SIZE);

struct el2_ring {
	struct page *pages;	/* NULL: no ring on this CPU */
	u64 nr;			/* entries, as EL2 said */
	u64 tail;		/* the host's copy */
	u64 lost;		/* EL2's count last seen */
};

static DEFINE_PER_CPU(struct el2_ring, el2_rings);
/* Users (reg calls), the rings, the drain: one at a time. */
static DEFINE_MUTEX(el2_lock);
static unsigned int el2_users;
bool hvx_trace_el2_on;
static u64 el2_events, el2_lost;

static void drain_work_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(drain_work, drain_work_fn);

static struct hvx_trace_header *ring_header(const struct el2_ring *r)
{
	return page_address(r->pages);
}

static const struct hvx_trace_entry *ring_entry(const struct el2_ring *r,
						u64 i)
{
	const struct hvx_trace_entry *e = page_address(r->pages) + PAGE_SIZE;

	return &e[i % r->nr];
}

/*
 * The trace clock's time of counter value @ticks, from the counter and
 * the clock read now: el2_ns of the events.
 */
static u64 ticks_to_trace_ns(u64 ticks, u64 now_ticks, u64 now_ns, u32 freq)
{
	u64 ago;

	if (!freq || ticks >= now_ticks)
		return now_ns;
	ago = mul_u64_u64_div_u64(now_ticks - ticks, NSEC_PER_SEC, freq);
	return ago < now_ns ? now_ns - ago : 0;
}

static void emit(unsigned int cpu, const struct hvx_trace_entry *e,
		 u64 el2_ns)
{
	switch (e->type) {
	case HVX_TRACE_GUEST_EXIT:
		trace_hvx_el2_guest_exit(cpu, el2_ns, e->ts, e->vm, e->vcpu,
					 e->info & HVX_TRACE_KIND_MASK,
					 e->info & HVX_TRACE_DONE_AT_EL2,
					 e->esr, e->addr, e->arg, e->ret);
		break;
	case HVX_TRACE_HOST_ABORT:
		trace_hvx_el2_host_abort(cpu, el2_ns, e->ts, e->addr, e->esr,
					 e->arg, (int)e->ret);
		break;
	}
}

/* What EL2 wrote to @cpu's ring since the last drain, into ftrace. */
static void drain_ring(unsigned int cpu, struct el2_ring *r)
{
	struct hvx_trace_header *h = ring_header(r);
	/* Pairs with EL2's release: the entries up to head are written. */
	u64 head = smp_load_acquire(&h->head), lost = READ_ONCE(h->lost);
	u64 now_ticks = __arch_counter_get_cntpct();
	u64 now_ns = trace_clock_local();
	u32 freq = arch_timer_get_cntfrq();
	struct hvx_trace_entry e;

	/* EL2 never overwrites what the host has not read (its tail). */
	if (head - r->tail > r->nr)
		r->tail = head - r->nr;
	for (; r->tail != head; r->tail++) {
		e = *ring_entry(r, r->tail);
		emit(cpu, &e, ticks_to_trace_ns(e.ts, now_ticks, now_ns, freq));
		el2_events++;
	}
	/* Read before EL2 may write over them: pairs with EL2's acquire. */
	smp_store_release(&h->tail, r->tail);
	if (lost != r->lost) {
		trace_hvx_el2_lost(cpu, lost - r->lost);
		el2_lost += lost - r->lost;
		r->lost = lost;
	}
}

static void drain_locked(void)
{
	unsigned int cpu;

	lockdep_assert_held(&el2_lock);
	for_each_possible_cpu(cpu) {
		struct el2_ring *r = per_cpu_ptr(&el2_rings, cpu);

		if (r->pages)
			drain_ring(cpu, r);
	}
}

static void drain_work_fn(struct work_struct *work)
{
	mutex_lock(&el2_lock);
	if (hvx_trace_el2_on) {
		drain_locked();
		schedule_delayed_work(&drain_work, msecs_to_jiffies(DRAIN_MS));
	}
	mutex_unlock(&el2_lock);
}

void hvx_trace_el2_drain(void)
{
	mutex_lock(&el2_lock);
	if (hvx_trace_el2_on)
		drain_locked();
	mutex_unlock(&el2_lock);
}

struct ring_call {
	u64 pa, pages;
	int ret;
	u64 nr;
};

/* On the ring's CPU: HVX_HC_TRACE_RING is for the CPU issuing it. */
static void ring_call_here(void *arg)
{
	struct ring_call *c = arg;
	struct hvx_hc_res res;

	c->ret = hvx_hyp_call4(HVX_HC_TRACE_RING, c->pa, c->pages, 0, 0, &res);
	c->nr = res.a1;
}

static void ring_on(unsigned int cpu)
{
	struct el2_ring *r = per_cpu_ptr(&el2_rings, cpu);
	struct ring_call c = { .pages = RING_PAGES };
	struct page *pages;

	pages = alloc_pages(GFP_KERNEL | __GFP_ZERO, RING_ORDER);
	if (!pages)
		return;
	c.pa = page_to_phys(pages);
	smp_call_function_single(cpu, ring_call_here, &c, 1);
	if (c.ret) {
		pr_warn_ratelimited("CPU%u: no EL2 trace ring (%d)\n", cpu,
				    c.ret);
		__free_pages(pages, RING_ORDER);
		return;
	}
	r->pages = pages;
	r->nr = c.nr;
	r->tail = 0;
	r->lost = 0;
}

static void ring_off(unsigned int cpu)
{
	struct el2_ring *r = per_cpu_ptr(&el2_rings, cpu);
	struct ring_call c = {};

	if (!r->pages)
		return;
	drain_ring(cpu, r);
	if (!cpu_online(cpu))
		return;
	smp_call_function_single(cpu, ring_call_here, &c, 1);
	/* Still EL2's: the pages are not the host's to reuse. */
	if (c.ret)
		pr_err("CPU%u: EL2 trace ring not given back (%d)\n", cpu,
		       c.ret);
	else
		__free_pages(r->pages, RING_ORDER);
	r->pages = NULL;
}

static void rings_off_locked(void)
{
	unsigned int cpu;

	WRITE_ONCE(hvx_trace_el2_on, false);
	cpus_read_lock();
	for_each_possible_cpu(cpu)
		ring_off(cpu);
	cpus_read_unlock();
}

int hvx_trace_el2_reg(void)
{
	unsigned int cpu;

	mutex_lock(&el2_lock);
	if (!el2_users++) {
		cpus_read_lock();
		for_each_online_cpu(cpu)
			ring_on(cpu);
		cpus_read_unlock();
		WRITE_ONCE(hvx_trace_el2_on, true);
		schedule_delayed_work(&drain_work, msecs_to_jiffies(DRAIN_MS));
	}
	mutex_unlock(&el2_lock);
	return 0;
}

void hvx_trace_el2_unreg(void)
{
	mutex_lock(&el2_lock);
	if (!--el2_users)
		rings_off_locked();
	mutex_unlock(&el2_lock);
	/* Sees hvx_trace_el2_on false: does not queue itself again. */
	if (!el2_users)
		cancel_delayed_work_sync(&drain_work);
}

/*
 * Before hvx gives EL2 back (module exit): no ring may be left at EL2,
 * whatever ftrace still has enabled; later unregs find none.
 */
void hvx_trace_el2_exit(void)
{
	mutex_lock(&el2_lock);
	rings_off_locked();
	mutex_unlock(&el2_lock);
	cancel_delayed_work_sync(&drain_work);
}

u64 hvx_trace_el2_events(void)
{
	return READ_ONCE(el2_events);
}

u64 hvx_trace_el2_lost(void)
{
	return READ_ONCE(el2_lost);
}
