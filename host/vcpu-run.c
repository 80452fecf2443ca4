// SPDX-License-Identifier: GPL-2.0-only
/*
 * HVX_VCPU_RUN: run a vCPU on the calling thread until something needs
 * user space, handling what the kernel can on the way: interrupts, PSCI
 * and SMCCC calls, WFI and WFE, the guest calls that are the host's, the
 * VMware backdoor calls that are the host's (vmware.c).
 *
 * Kicks. Another thread makes a vCPU notice a change (its power state, a
 * system event) by making the change, then calling hvx_vcpu_kick(): that
 * wakes the vCPU if it waits, and sends an IPI to its CPU if it is in the
 * guest there, which makes EL2 leave the guest. A vCPU about to enter the
 * guest masks interrupts, sets in_guest, then looks for changes; the kicker
 * makes its change, then reads in_guest; a full barrier in between on both
 * sides. So either the vCPU sees the change before it enters, or the kicker
 * sees it in the guest and its IPI, pending while interrupts are masked,
 * ends the run as soon as it starts. Signals take the same path through
 * the kernel's own kick_process(). A kick may come from any context, hard
 * interrupts included (the emulated physical timer's hrtimer): its IPI is
 * an asynchronous call, with the vCPU's own call data.
 *
 * Interrupts. With a vGIC, the interrupts pending for the vCPU go into its
 * list registers after in_guest is set (a later one kicks), and what the
 * guest did with them is synced after each run, with the timers' lines.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/irqflags.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/smp.h>
#include <linux/wait.h>
#include <asm/esr.h>

#include "partition.h"
#include "trace.h"
#include "vgic.h"
#include "vm.h"
#include "vtimer.h"

static void hvx_kick_ipi(void *info)
{
	/* Nothing to do: taking the interrupt made EL2 leave the guest. */
}

void hvx_vcpu_kick_init(struct hvx_vcpu *vcpu)
{
	INIT_CSD(&vcpu->kick_csd, hvx_kick_ipi, NULL);
}

/*
 * Before the vCPU is freed: a kick's IPI may still be queued (the ptimer's
 * hrtimer kicked just before it was cancelled); its CPU is done with the
 * call data once it unlocks it.
 */
void hvx_vcpu_kick_wait(struct hvx_vcpu *vcpu)
{
	/* Pairs with the release of csd_unlock(), after the IPI's function. */
	while (smp_load_acquire(&vcpu->kick_csd.node.u_flags) & CSD_FLAG_LOCK)
		cpu_relax();
}

void hvx_vcpu_kick(struct hvx_vcpu *vcpu)
{
	int me, cpu;

	WRITE_ONCE(vcpu->wakeup, true);
	/* The change and wakeup before in_guest: see the top of the file. */
	smp_mb();
	wake_up_interruptible(&vcpu->wq);
	me = get_cpu();
	cpu = READ_ONCE(vcpu->cpu);
	/* -EBUSY: the last kick's IPI is still on its way, as good. */
	if (READ_ONCE(vcpu->in_guest) && cpu != me)
		smp_call_function_single_async(cpu, &vcpu->kick_csd);
	put_cpu();
}

/* PSCI SYSTEM_OFF or SYSTEM_RESET: the first one counts, for every vCPU. */
void hvx_vm_system_event(struct hvx_vm *vm, u32 type, u32 vcpu_id)
{
	spin_lock(&vm->psci_lock);
	if (!vm->system_event) {
		vm->system_event_vcpu = vcpu_id;
		WRITE_ONCE(vm->system_event, type);
	}
	spin_unlock(&vm->psci_lock);
	hvx_vm_kick_all(vm);
}

void hvx_vm_kick_all(struct hvx_vm *vm)
{
	struct hvx_vcpu *vcpu;
	unsigned int id;

	for (id = 0; id < HVX_MAX_VCPUS; id++) {
		/* Pairs with hvx_create_vcpu()'s release: a complete vCPU. */
		vcpu = smp_load_acquire(&vm->vcpus[id]);
		if (vcpu)
			hvx_vcpu_kick(vcpu);
	}
}

/* The memory map is fixed from the first entry into the guest on. */
static void vm_start(struct hvx_vm *vm)
{
	/* Pairs with the release below. */
	if (smp_load_acquire(&vm->started))
		return;
	mutex_lock(&vm->lock);
	/* Other vCPUs seeing it started see the regions too. */
	smp_store_release(&vm->started, true);
	mutex_unlock(&vm->lock);
}

/* 0 and the exit in *exit, -EAGAIN if something came first, or an errno. */
static int enter_guest(struct hvx_vcpu *vcpu, u64 *exit)
{
	struct hvx_vm *vm = vcpu->vm;
	struct hvx_hc_res res;
	int ret = -EAGAIN;

	local_irq_disable();
	hvx_vtimer_load(vcpu);
	WRITE_ONCE(vcpu->cpu, smp_processor_id());
	/* A full barrier, for the kicks: see the top of the file. */
	smp_store_mb(vcpu->in_guest, true);
	hvx_vgic_flush(vcpu);
	if (!READ_ONCE(vm->system_event) && !READ_ONCE(vm->stopped) &&
	    !signal_pending(current) && !need_resched()) {
		trace_hvx_vcpu_entry(vm->handle, vcpu->id, vcpu->state->pc);
		ret = hvx_hyp_call4(HVX_HC_VCPU_RUN, vm->handle, vcpu->id, 0, 0,
				    &res);
		*exit = res.a1;
	}
	WRITE_ONCE(vcpu->in_guest, false);
	local_irq_enable();
	/*
	 * Also when EL2 did not run it: the list registers are as flushed.
	 * The timers' lines are sampled before the next entry, or by WFI.
	 */
	hvx_vgic_sync(vcpu);
	if (!ret) {
		atomic64_inc(&vm->exit_reasons[*exit < ARRAY_SIZE(vm->exit_reasons) ?
						*exit : 0]);
		trace_hvx_vcpu_exit(vm->handle, vcpu->id, *exit,
				    vcpu->state->esr, vcpu->state->pc);
	}
	return ret;
}

static int exit_intr(struct hvx_run *run)
{
	run->exit_reason = HVX_EXIT_INTR;
	return -EINTR;
}

static int exit_system_event(struct hvx_vcpu *vcpu)
{
	struct hvx_vm *vm = vcpu->vm;
	struct hvx_run *run = vcpu->run;

	spin_lock(&vm->psci_lock);
	run->system_event.type = vm->system_event;
	run->system_event.vcpu = vm->system_event_vcpu;
	spin_unlock(&vm->psci_lock);
	run->exit_reason = HVX_EXIT_SYSTEM_EVENT;
	return 0;
}

static int exit_stopped(struct hvx_run *run)
{
	run->exit_reason = HVX_EXIT_STOPPED;
	return 0;
}

static int exit_internal_error(struct hvx_vcpu *vcpu)
{
	const struct hvx_vcpu_state *s = vcpu->state;
	struct hvx_run *run = vcpu->run;

	run->internal.suberror = s->exit_error;
	run->internal.pad = 0;
	run->internal.esr = s->esr;
	run->internal.far = s->far;
	run->internal.gpa = s->gpa;
	run->internal.pc = s->pc;
	run->exit_reason = HVX_EXIT_INTERNAL_ERROR;
	return 0;
}

/*
 * A trapped system register write: an SGI for the vGIC (which ignores the
 * other registers), or the physical timer, which EL2 has changed already
 * and hvx_vtimer_sync() has re-armed.
 */
static void sysreg_write(struct hvx_vcpu *vcpu)
{
	const struct hvx_vcpu_state *s = vcpu->state;
	u32 rt = ESR_ELx_SYS64_ISS_RT(s->esr);

	hvx_vgic_sgi(vcpu, s->esr & ESR_ELx_SYS64_ISS_SYS_MASK,
		     rt == HVX_XZR ? 0 : s->x[rt]);
}

/* 1 to go on running, 0 to return to user space (run says why), or errno. */
static int handle_exit(struct hvx_vcpu *vcpu, u64 exit)
{
	switch (exit) {
	case HVX_VCPU_EXIT_IRQ:
		/* The host took the interrupt as interrupts were unmasked. */
	case HVX_VCPU_EXIT_WFE:
		cond_resched();
		return 1;
	case HVX_VCPU_EXIT_HVC:
	case HVX_VCPU_EXIT_SMC:
		hvx_vcpu_smccc_call(vcpu, exit == HVX_VCPU_EXIT_HVC);
		return 1;
	case HVX_VCPU_EXIT_WFI:
		hvx_vcpu_wfi(vcpu);
		return 1;
	case HVX_VCPU_EXIT_MMIO:
		if (hvx_vcpu_mmio_in_kernel(vcpu))
			return 1;
		hvx_vcpu_mmio_exit(vcpu);
		return 0;
	case HVX_VCPU_EXIT_SYSREG:
		sysreg_write(vcpu);
		return 1;
	case HVX_VCPU_EXIT_KICK:
		hvx_vgic_sgi_kick(vcpu);
		return 1;
	case HVX_VCPU_EXIT_ERROR:
		/* As KVM: user space decides; running again retries it. */
		return exit_internal_error(vcpu);
	case HVX_VCPU_EXIT_GUEST_CALL:
		return hvx_vcpu_guest_call(vcpu);
	case HVX_VCPU_EXIT_VMWARE:
		return hvx_vmware_exit(vcpu);
	default:
		pr_warn_ratelimited("VM %u vCPU %u: unknown exit %llu from EL2\n",
				    vcpu->vm->handle, vcpu->id, exit);
		return -EIO;
	}
}

static bool powered_on(struct hvx_vcpu *vcpu)
{
	return READ_ONCE(vcpu->power) != HVX_VCPU_OFF ||
	       READ_ONCE(vcpu->vm->system_event) ||
	       READ_ONCE(vcpu->vm->stopped);
}

static int run_loop(struct hvx_vcpu *vcpu)
{
	struct hvx_vm *vm = vcpu->vm;
	u64 exit;
	int ret;

	for (;;) {
		/* A kick from now on is for what follows. */
		WRITE_ONCE(vcpu->wakeup, false);
		/* A stop comes first: the VMM is to close the VM. */
		if (READ_ONCE(vm->stopped))
			return exit_stopped(vcpu->run);
		if (READ_ONCE(vm->system_event))
			return exit_system_event(vcpu);
		if (signal_pending(current))
			return exit_intr(vcpu->run);

		switch (READ_ONCE(vcpu->power)) {
		case HVX_VCPU_OFF:
			/* Interrupted: the signal is seen above. */
			wait_event_interruptible(vcpu->wq, powered_on(vcpu));
			continue;
		case HVX_VCPU_ON_PENDING:
			hvx_vcpu_power_on(vcpu);
			break;
		case HVX_VCPU_ON:
			break;
		}

		vm_start(vm);
		ret = enter_guest(vcpu, &exit);
		if (ret == -EAGAIN) {
			cond_resched();
			continue;
		}
		if (!ret)
			ret = handle_exit(vcpu, exit);
		if (ret <= 0)
			return ret;
	}
}

long hvx_run_vcpu(struct hvx_vcpu *vcpu)
{
	struct hvx_run *run = vcpu->run;
	long ret;

	/* A partition's vCPU threads run on its CPUs only. */
	ret = hvx_partition_pin(vcpu->vm->partition);
	if (ret)
		return ret;
	mutex_lock(&vcpu->lock);
	if (vcpu->running) {
		mutex_unlock(&vcpu->lock);
		return -EBUSY;
	}
	vcpu->running = true;
	mutex_unlock(&vcpu->lock);

	/*
	 * What user space answered to the last exit, if it was MMIO or the
	 * console: done first, so that the answer is taken even if this run
	 * ends at once (a signal, immediate_exit).
	 */
	if (vcpu->mmio_pending)
		hvx_vcpu_mmio_complete(vcpu);
	if (vcpu->console_pending)
		hvx_vcpu_console_complete(vcpu);
	run->exit_reason = HVX_EXIT_NONE;
	if (READ_ONCE(vcpu->vm->dead))
		ret = -EIO;
	else if (READ_ONCE(vcpu->vm->stopped))
		ret = exit_stopped(run);
	else if (READ_ONCE(run->immediate_exit))
		ret = exit_intr(run);
	else
		ret = run_loop(vcpu);
	atomic64_inc(&vcpu->vm->user_exits);
	trace_hvx_vcpu_user_exit(vcpu->vm->handle, vcpu->id, run->exit_reason,
				 ret);
	/* What EL2 recorded for this run: in the trace before user space. */
	if (unlikely(READ_ONCE(hvx_trace_el2_on)))
		hvx_trace_el2_drain();

	mutex_lock(&vcpu->lock);
	vcpu->running = false;
	mutex_unlock(&vcpu->lock);
	return ret;
}
