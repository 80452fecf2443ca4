// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest's firmware calls, over HVC #0 or SMC #0 (SMCCC 1.1): PSCI 1.1
 * (VERSION, FEATURES, CPU_SUSPEND, CPU_OFF, CPU_ON, AFFINITY_INFO,
 * MIGRATE_INFO_TYPE, SYSTEM_OFF, SYSTEM_RESET) and SMCCC_VERSION and
 * SMCCC_ARCH_FEATURES. Anything else returns NOT_SUPPORTED, as a firmware
 * without that service would.
 */
#include <linux/arm-smccc.h>
#include <linux/kernel.h>
#include <linux/spinlock.h>
#include <asm/esr.h>
#include <uapi/linux/psci.h>

#include "vm.h"
#include "trace.h"

/* The power state AFFINITY_INFO reports. */
static const int affinity_state[] = {
	[HVX_VCPU_ON]		= PSCI_0_2_AFFINITY_LEVEL_ON,
	[HVX_VCPU_OFF]		= PSCI_0_2_AFFINITY_LEVEL_OFF,
	[HVX_VCPU_ON_PENDING]	= PSCI_0_2_AFFINITY_LEVEL_ON_PENDING,
};

/*
 * In the vCPU's own run, for a CPU_ON another vCPU made: start from the
 * reset state at the entry point, x0 the context id.
 */
void hvx_vcpu_power_on(struct hvx_vcpu *vcpu)
{
	struct hvx_vcpu_state *s = vcpu->state;
	u64 entry, context;

	spin_lock(&vcpu->vm->psci_lock);
	entry = vcpu->on_entry;
	context = vcpu->on_context;
	WRITE_ONCE(vcpu->power, HVX_VCPU_ON);
	spin_unlock(&vcpu->vm->psci_lock);

	*s = vcpu->reset;
	s->pc = entry;
	s->x[0] = context;
}

static long psci_cpu_on(struct hvx_vcpu *vcpu, u64 mpidr, u64 entry,
			u64 context)
{
	struct hvx_vm *vm = vcpu->vm;
	struct hvx_vcpu *target = hvx_vcpu_by_mpidr(vm, mpidr);
	long ret;

	if (!target)
		return PSCI_RET_INVALID_PARAMS;
	/* A running VM's memory map is fixed: no lock needed. */
	if (!IS_ALIGNED(entry, 4) || !hvx_vm_is_ram(vm, entry, 4))
		return PSCI_RET_INVALID_ADDRESS;

	spin_lock(&vm->psci_lock);
	switch (target->power) {
	case HVX_VCPU_ON:
		ret = PSCI_RET_ALREADY_ON;
		break;
	case HVX_VCPU_ON_PENDING:
		ret = PSCI_RET_ON_PENDING;
		break;
	default:
		target->on_entry = entry;
		target->on_context = context;
		WRITE_ONCE(target->power, HVX_VCPU_ON_PENDING);
		ret = PSCI_RET_SUCCESS;
		break;
	}
	spin_unlock(&vm->psci_lock);
	if (ret == PSCI_RET_SUCCESS)
		hvx_vcpu_kick(target);
	return ret;
}

static long psci_affinity_info(struct hvx_vcpu *vcpu, u64 mpidr, u64 level)
{
	struct hvx_vcpu *target;

	/* Only CPUs: hvx describes no clusters to power down. */
	if (level)
		return PSCI_RET_INVALID_PARAMS;
	target = hvx_vcpu_by_mpidr(vcpu->vm, mpidr);
	if (!target)
		return PSCI_RET_INVALID_PARAMS;
	return affinity_state[READ_ONCE(target->power)];
}

static void psci_cpu_off(struct hvx_vcpu *vcpu)
{
	spin_lock(&vcpu->vm->psci_lock);
	WRITE_ONCE(vcpu->power, HVX_VCPU_OFF);
	spin_unlock(&vcpu->vm->psci_lock);
}

static long psci_features(u32 fn)
{
	switch (fn) {
	case PSCI_0_2_FN_PSCI_VERSION:
	case PSCI_1_0_FN_PSCI_FEATURES:
	/* 0: the original power_state format, no OS-initiated mode */
	case PSCI_0_2_FN_CPU_SUSPEND:
	case PSCI_0_2_FN64_CPU_SUSPEND:
	case PSCI_0_2_FN_CPU_OFF:
	case PSCI_0_2_FN_CPU_ON:
	case PSCI_0_2_FN64_CPU_ON:
	case PSCI_0_2_FN_AFFINITY_INFO:
	case PSCI_0_2_FN64_AFFINITY_INFO:
	case PSCI_0_2_FN_MIGRATE_INFO_TYPE:
	case PSCI_0_2_FN_SYSTEM_OFF:
	case PSCI_0_2_FN_SYSTEM_RESET:
	/* How a guest learns that SMCCC_VERSION may be called. */
	case ARM_SMCCC_VERSION_FUNC_ID:
		return PSCI_RET_SUCCESS;
	default:
		return PSCI_RET_NOT_SUPPORTED;
	}
}

/*
 * The guest's HVC or SMC exit: an SMCCC call (PSCI, SMCCC_VERSION,
 * ARCH_FEATURES; NOT_SUPPORTED for the rest) in the vCPU's x0-x3, its
 * result to x0. Returns nothing: CPU_OFF and the system events take
 * effect where the run loop looks for them.
 */
/* Inlined in both callers: untraced, the call costs what it did. */
static __always_inline void smccc_call(struct hvx_vcpu *vcpu, bool hvc)
{
	struct hvx_vcpu_state *s = vcpu->state;
	/* SMCCC: the function ID is W0. */
	u32 fn = lower_32_bits(s->x[0]);
	u64 a1 = s->x[1], a2 = s->x[2], a3 = s->x[3];
	long ret;

	/* SMCCC calls are HVC #0: another immediate is an unknown call. */
	if (hvc && (s->esr & ESR_ELx_xVC_IMM_MASK)) {
		s->x[0] = SMCCC_RET_NOT_SUPPORTED;
		return;
	}
	/* SMC32/HVC32 calls take their arguments in W registers. */
	if (!ARM_SMCCC_IS_64(fn)) {
		a1 = lower_32_bits(a1);
		a2 = lower_32_bits(a2);
		a3 = lower_32_bits(a3);
	}

	switch (fn) {
	case PSCI_0_2_FN_PSCI_VERSION:
		ret = PSCI_VERSION(1, 1);
		break;
	case PSCI_1_0_FN_PSCI_FEATURES:
		ret = psci_features(a1);
		break;
	case PSCI_0_2_FN_CPU_SUSPEND:
	case PSCI_0_2_FN64_CPU_SUSPEND:
		/* As KVM: every state is a standby state, woken as WFI is. */
		hvx_vcpu_wfi(vcpu);
		ret = PSCI_RET_SUCCESS;
		break;
	case PSCI_0_2_FN_CPU_OFF:
		psci_cpu_off(vcpu);
		return;
	case PSCI_0_2_FN_CPU_ON:
	case PSCI_0_2_FN64_CPU_ON:
		ret = psci_cpu_on(vcpu, a1, a2, a3);
		break;
	case PSCI_0_2_FN_AFFINITY_INFO:
	case PSCI_0_2_FN64_AFFINITY_INFO:
		ret = psci_affinity_info(vcpu, a1, a2);
		break;
	case PSCI_0_2_FN_MIGRATE_INFO_TYPE:
		/* No trusted OS that would need migrating. */
		ret = PSCI_0_2_TOS_MP;
		break;
	case PSCI_0_2_FN_SYSTEM_OFF:
		hvx_vm_system_event(vcpu->vm, HVX_SYSTEM_EVENT_SHUTDOWN,
				    vcpu->id);
		return;
	case PSCI_0_2_FN_SYSTEM_RESET:
		hvx_vm_system_event(vcpu->vm, HVX_SYSTEM_EVENT_RESET, vcpu->id);
		return;
	case ARM_SMCCC_VERSION_FUNC_ID:
		ret = ARM_SMCCC_VERSION_1_1;
		break;
	case ARM_SMCCC_ARCH_FEATURES_FUNC_ID:
		/* No workarounds or other architecture services. */
		ret = a1 == ARM_SMCCC_VERSION_FUNC_ID ||
		      a1 == ARM_SMCCC_ARCH_FEATURES_FUNC_ID ?
			SMCCC_RET_SUCCESS : SMCCC_RET_NOT_SUPPORTED;
		break;
	default:
		ret = SMCCC_RET_NOT_SUPPORTED;
		break;
	}
	s->x[0] = ret;
}

/* Traced with the result in x0 (as it was for CPU_OFF, SYSTEM_OFF...). */
static noinline void smccc_call_traced(struct hvx_vcpu *vcpu, bool hvc)
{
	struct hvx_vcpu_state *s = vcpu->state;
	u64 fn = s->x[0], a1 = s->x[1], a2 = s->x[2], a3 = s->x[3];

	smccc_call(vcpu, hvc);
	trace_hvx_psci(vcpu->vm->handle, vcpu->id, fn, a1, a2, a3, s->x[0]);
}

void hvx_vcpu_smccc_call(struct hvx_vcpu *vcpu, bool hvc)
{
	if (trace_hvx_psci_enabled())
		smccc_call_traced(vcpu, hvc);
	else
		smccc_call(vcpu, hvc);
}
