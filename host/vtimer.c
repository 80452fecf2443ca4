// SPDX-License-Identifier: GPL-2.0-only
/*
 * A vCPU's timers, on the host side.
 *
 * The virtual timer is the guest's own in the hardware (EL2 switches
 * CNTV_CTL_EL0/CNTV_CVAL_EL0 and the VM's CNTVOFF_EL2, hyp/timer-sr.c):
 * it counts the physical count minus the VM's CNTVOFF_EL2. The physical
 * timer is emulated: EL2 keeps CNTP_CTL_EL0/CNTP_CVAL_EL0 in the vCPU's
 * sys[] and ends the run on every write (hyp/timer-emul.c); it counts the
 * VM's clock (vm-clock.c), the virtual count until the VMM scales it.
 *
 * Each timer's output is a level-sensitive PPI of the vGIC (27 and 30),
 * sampled by the vCPU's own thread only: after each exit, and before each
 * entry (time has passed), so the lines never change under it. What makes
 * the thread sample in time:
 * - the virtual timer firing in the guest raises its physical PPI. Where
 *   EL2 has it as a Group 0 interrupt (el2_vtimer, vgic-doorbell.c), EL2
 *   injects it itself, tied to the physical one (hyp/vgic-fiq.c).
 *   Otherwise it ends the run (HCR_EL2.IMO); while the guest has not
 *   handled the interrupt, that PPI stays disabled on the CPU the vCPU
 *   runs on, or it would end every run at once (the line goes down only
 *   when the guest reprograms its timer, which the vGIC learns from the
 *   maintenance interrupt when the guest completes the level interrupt);
 * - the physical timer's deadline is an hrtimer, which kicks the vCPU;
 * - in WFI, the vCPU sleeps until the earlier of the two deadlines.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hrtimer.h>
#include <linux/irq.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/percpu.h>
#include <asm/arch_timer.h>
#include <clocksource/arm_arch_timer.h>

#include "vgic.h"
#include "vm.h"
#include "vtimer.h"
#include "trace.h"

/* The architected timer's interrupts in the host DT: the virtual one. */
#define HOST_TIMER_VIRT_INDEX	2

static struct hvx_host_ppi vtimer_ppi;
/*
 * This CPU disabled that PPI for a vCPU whose line was up. Only this
 * check is on every entry: the real state is looked up when a line is up
 * (a CPU coming back online has the PPI enabled again).
 */
static DEFINE_PER_CPU(bool, vtimer_ppi_off);

/* The guest's virtual count; its physical one is hvx_vm_clock_count(). */
static u64 virtual_count(const struct hvx_vcpu *vcpu)
{
	return __arch_counter_get_cntpct() - vcpu->vm->cntvoff;
}

static bool timer_armed(u64 ctl)
{
	return (ctl & (ARCH_TIMER_CTRL_ENABLE | ARCH_TIMER_CTRL_IT_MASK)) ==
	       ARCH_TIMER_CTRL_ENABLE;
}

/* Nanoseconds from @now until @cval, rounded up: never early. */
static u64 ticks_to_ns(u64 now, u64 cval)
{
	u32 freq = arch_timer_get_cntfrq();

	if (cval <= now || !freq)
		return 0;
	return mul_u64_u64_div_u64(cval - now, NSEC_PER_SEC, freq) + 1;
}

static void set_line(struct hvx_vcpu *vcpu, bool *line, u32 intid, bool level)
{
	if (*line == level)
		return;
	*line = level;
	hvx_vgic_set_ppi(vcpu, intid, level);
}

/*
 * The emulated physical timer's hrtimer: armed for its deadline while it
 * is enabled, unmasked and not yet expired (or never will: far away);
 * re-armed only when the guest changed it or the VM's clock changed.
 */
static void ptimer_arm(struct hvx_vcpu *vcpu, u64 ctl, u64 cval, bool fired)
{
	struct hvx_vcpu_timers *t = &vcpu->timers;
	u32 clock_seq = raw_read_seqcount(&vcpu->vm->clock_lock.seqcount);
	u64 ns;

	if (!timer_armed(ctl) || fired) {
		if (t->ptimer_armed) {
			hrtimer_try_to_cancel(&t->ptimer);
			t->ptimer_armed = false;
		}
		return;
	}
	if (t->ptimer_armed && t->ptimer_cval == cval &&
	    t->ptimer_clock_seq == clock_seq)
		return;
	ns = hvx_vm_clock_ns_until(vcpu->vm, cval);
	t->ptimer_armed = ns != U64_MAX;
	t->ptimer_cval = cval;
	t->ptimer_clock_seq = clock_seq;
	if (t->ptimer_armed) {
		trace_hvx_timer_arm(vcpu->vm->handle, vcpu->id, cval, ns);
		hrtimer_start(&t->ptimer, ns_to_ktime(ns),
			      HRTIMER_MODE_REL_HARD);
	} else {
		hrtimer_try_to_cancel(&t->ptimer);
	}
}

static enum hrtimer_restart ptimer_expired(struct hrtimer *hrt)
{
	struct hvx_vcpu *vcpu = container_of(hrt, struct hvx_vcpu,
					     timers.ptimer);

	trace_hvx_timer_expire(vcpu->vm->handle, vcpu->id);
	/* The vCPU's thread samples the line: see the top of the file. */
	hvx_vcpu_kick(vcpu);
	return HRTIMER_NORESTART;
}

void hvx_vtimer_sync(struct hvx_vcpu *vcpu)
{
	struct hvx_vcpu_timers *t = &vcpu->timers;
	const u64 *sys = vcpu->state->sys;
	u64 vctl = sys[HVX_SYS_CNTV_CTL_EL0], pctl = sys[HVX_SYS_CNTP_CTL_EL0];
	u64 vcval = sys[HVX_SYS_CNTV_CVAL_EL0];
	u64 pcval = sys[HVX_SYS_CNTP_CVAL_EL0];
	/* The clock is read only for a timer that counts on it. */
	bool pfired = timer_armed(pctl) &&
		      hvx_vm_clock_count(vcpu->vm) >= pcval;

	set_line(vcpu, &t->vtimer_level, HVX_GIC_PPI_VTIMER,
		 timer_armed(vctl) && virtual_count(vcpu) >= vcval);
	set_line(vcpu, &t->ptimer_level, HVX_GIC_PPI_PTIMER, pfired);
	if (timer_armed(pctl) || t->ptimer_armed)
		ptimer_arm(vcpu, pctl, pcval, pfired);
}

/*
 * Just before the guest runs, interrupts off: the lines as of now, and the
 * virtual timer's physical PPI on this CPU disabled while its line is up.
 */
void hvx_vtimer_load(struct hvx_vcpu *vcpu)
{
	unsigned int irq = vtimer_ppi.virq;

	hvx_vtimer_sync(vcpu);
	if (!irq)
		return;
	/* EL2 keeps the PPI from firing again itself (hyp/vgic-fiq.c). */
	if (vcpu->timers.vtimer_level && !hvx_vgic_el2_vtimer()) {
		if (irq_percpu_is_enabled(irq))
			disable_percpu_irq(irq);
		__this_cpu_write(vtimer_ppi_off, true);
	} else if (__this_cpu_read(vtimer_ppi_off)) {
		enable_percpu_irq(irq, IRQ_TYPE_NONE);
		__this_cpu_write(vtimer_ppi_off, false);
	}
}

/* The earlier deadline of the timers that are armed and not yet expired. */
bool hvx_vtimer_deadline(struct hvx_vcpu *vcpu, u64 *ns)
{
	const u64 *sys = vcpu->state->sys;
	u64 d = U64_MAX;

	if (timer_armed(sys[HVX_SYS_CNTV_CTL_EL0]))
		d = ticks_to_ns(virtual_count(vcpu),
				sys[HVX_SYS_CNTV_CVAL_EL0]);
	/* U64_MAX from the clock: too far away to ever come. */
	if (timer_armed(sys[HVX_SYS_CNTP_CTL_EL0]))
		d = min(d, hvx_vm_clock_ns_until(vcpu->vm,
						 sys[HVX_SYS_CNTP_CVAL_EL0]));
	*ns = d;
	return d != U64_MAX;
}

void hvx_vtimer_vcpu_init(struct hvx_vcpu *vcpu)
{
	hrtimer_init(&vcpu->timers.ptimer, CLOCK_MONOTONIC,
		     HRTIMER_MODE_REL_HARD);
	vcpu->timers.ptimer.function = ptimer_expired;
}

void hvx_vtimer_vcpu_destroy(struct hvx_vcpu *vcpu)
{
	hrtimer_cancel(&vcpu->timers.ptimer);
}

int hvx_vtimer_host_init(void)
{
	return hvx_host_ppi_init(&vtimer_ppi, "arm,armv8-timer",
				 HOST_TIMER_VIRT_INDEX, "hvx-vtimer", NULL);
}

u32 hvx_vtimer_host_intid(void)
{
	struct irq_data *d;

	if (!vtimer_ppi.virq)
		return 0;
	d = irq_get_irq_data(vtimer_ppi.virq);
	return d ? irqd_to_hwirq(d) : 0;
}

void hvx_vtimer_host_exit(void)
{
	hvx_host_ppi_exit(&vtimer_ppi);
}
