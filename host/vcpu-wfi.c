// SPDX-License-Identifier: GPL-2.0-only
/*
 * WFI (and PSCI CPU_SUSPEND): the vCPU's thread waits until an interrupt
 * is pending for it, a kick, a signal, or its timers' deadline.
 *
 * Halt polling, as KVM does: a wake-up that comes soon after the WFI is
 * cheaper to catch spinning than sleeping, where the CPU goes idle and the
 * waker's IPI, the scheduler and the idle exit come between the interrupt
 * and the guest. How long a vCPU polls adapts to how long its WFIs last:
 * from 10 us, doubled while they end within the limit, and back to 0 when
 * one outlasts it. halt_poll_ns (the limit) 0 turns polling off.
 * /sys/kernel/hvx/wfi/ counts the WFIs that polling ended and the ones
 * that slept.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/ktime.h>
#include <linux/minmax.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/stat.h>
#include <linux/wait.h>

#include "vgic.h"
#include "vm.h"
#include "vtimer.h"

/* KVM's default on arm64. */
static unsigned int halt_poll_ns = 500000;
module_param(halt_poll_ns, uint, 0644);
MODULE_PARM_DESC(halt_poll_ns, "longest a vCPU in WFI polls before it sleeps (ns, 0: off)");

#define HALT_POLL_START_NS	10000

static atomic64_t wfi_polled = ATOMIC64_INIT(0);
static atomic64_t wfi_slept = ATOMIC64_INIT(0);

u64 hvx_wfi_polled(void)
{
	return atomic64_read(&wfi_polled);
}

u64 hvx_wfi_slept(void)
{
	return atomic64_read(&wfi_slept);
}

static bool wfi_woken(struct hvx_vcpu *vcpu)
{
	return READ_ONCE(vcpu->wakeup) || READ_ONCE(vcpu->vm->system_event) ||
	       READ_ONCE(vcpu->vm->stopped) || hvx_vgic_pending(vcpu);
}

/*
 * Spin until a kick, for at most @ns and not past the timers' deadline,
 * and only while nothing else wants this CPU (as KVM). A new pending
 * interrupt always kicks (vgic_kick(), the timers), or is an SGI EL2
 * posted, so those are enough here and the vGIC's lock is left to the
 * vCPUs that run.
 */
static bool wfi_poll(struct hvx_vcpu *vcpu, u64 ns)
{
	bool woken = false;
	ktime_t stop;
	u64 deadline;

	/* A deadline inside the poll ends it: the next entry sees the line. */
	if (hvx_vtimer_deadline(vcpu, &deadline))
		ns = min(ns, deadline);
	stop = ktime_add_ns(ktime_get(), ns);

	/* SGIs EL2 sends a polling vCPU come without a kick. */
	hvx_vgic_poll_start(vcpu);
	do {
		if (READ_ONCE(vcpu->wakeup) || READ_ONCE(vcpu->vm->system_event) ||
		    hvx_vgic_sgi_posted(vcpu)) {
			woken = true;
			break;
		}
		cpu_relax();
	} while (single_task_running() && !need_resched() &&
		 !signal_pending(current) && ktime_before(ktime_get(), stop));
	return hvx_vgic_poll_end(vcpu) || woken;
}

/* Grow the poll while WFIs end within the limit, drop it when one doesn't. */
static void wfi_adapt_poll(struct hvx_vcpu *vcpu, u64 waited_ns, u32 limit)
{
	u32 poll = vcpu->halt_poll_ns;

	if (waited_ns <= poll)
		return;
	if (waited_ns > limit)
		poll = 0;
	else if (poll < limit)
		poll = min_t(u64, poll ? 2ULL * poll : HALT_POLL_START_NS, limit);
	vcpu->halt_poll_ns = poll;
}

/* Waking up early is fine: WFI may always complete. */
void hvx_vcpu_wfi(struct hvx_vcpu *vcpu)
{
	u32 limit = READ_ONCE(halt_poll_ns);
	u32 poll = min(vcpu->halt_poll_ns, limit);
	ktime_t start;
	bool deadline;
	u64 ns;

	hvx_vtimer_sync(vcpu);
	if (hvx_vgic_pending(vcpu))
		return;
	start = ktime_get();
	if (poll && wfi_poll(vcpu, poll)) {
		atomic64_inc(&wfi_polled);
		return;
	}
	atomic64_inc(&wfi_slept);
	deadline = hvx_vtimer_deadline(vcpu, &ns);
	if (!deadline)
		wait_event_interruptible(vcpu->wq, wfi_woken(vcpu));
	else if (ns)
		wait_event_interruptible_hrtimeout(vcpu->wq, wfi_woken(vcpu),
						   ns_to_ktime(min_t(u64, ns,
								     KTIME_MAX)));
	vcpu->halt_poll_ns = poll;
	if (limit)
		wfi_adapt_poll(vcpu, ktime_to_ns(ktime_sub(ktime_get(), start)),
			       limit);
}
