// SPDX-License-Identifier: GPL-2.0-only
/*
 * Traps from the host into hvx's EL2 code, and the host->hvx call service
 * (see hyp/include/hvx-hyp.h for the ABI).
 */
#include <linux/arm-smccc.h>
#include <asm/esr.h>
#include <asm/sysreg.h>

#include "hvx-hyp.h"
#include "hyp.h"
#include "vm.h"

static void handle_version(struct hvx_host_regs *regs)
{
	regs->x[0] = SMCCC_RET_SUCCESS;
	regs->x[1] = HVX_HYP_VERSION;
}

static void handle_cpu_state(struct hvx_host_regs *regs)
{
	regs->x[0] = SMCCC_RET_SUCCESS;
	regs->x[1] = read_sysreg(CurrentEL);
	regs->x[2] = read_sysreg(vbar_el2);
	regs->x[3] = read_sysreg(hcr_el2);
	regs->x[4] = read_sysreg(sctlr_el2);
}

static void handle_host_hcall(struct hvx_host_regs *regs)
{
	switch (regs->x[0]) {
	case HVX_HC_VERSION:
		handle_version(regs);
		break;
	case HVX_HC_CPU_STATE:
		handle_cpu_state(regs);
		break;
	case HVX_HC_MEM_STATS:
		regs->x[0] = SMCCC_RET_SUCCESS;
		hvx_host_s2_mem_stats(regs);
		break;
	case HVX_HC_S2_STATS:
		regs->x[0] = SMCCC_RET_SUCCESS;
		hvx_host_s2_map_stats(regs);
		break;
	case HVX_HC_HOST_S2_RESET:
		regs->x[0] = SMCCC_RET_SUCCESS;
		hvx_host_s2_reset(regs);
		break;
	case HVX_HC_HOST_SHARE_HYP:
		hvx_host_share_hyp(regs);
		break;
	case HVX_HC_HOST_UNSHARE_HYP:
		hvx_host_unshare_hyp(regs);
		break;
	case HVX_HC_HOST_DONATE_HYP:
		hvx_host_donate_hyp(regs);
		break;
	case HVX_HC_HOST_RECLAIM_HYP:
		hvx_host_reclaim_hyp(regs);
		break;
	case HVX_HC_OWN_STATS:
		hvx_host_own_stats(regs);
		break;
	case HVX_HC_PSCI_STATS:
		hvx_psci_stats(regs);
		break;
	case HVX_HC_VM_CREATE:
		hvx_vm_create(regs);
		break;
	case HVX_HC_VM_TOPUP:
		hvx_vm_topup(regs);
		break;
	case HVX_HC_VM_MAP:
		hvx_vm_map(regs);
		break;
	case HVX_HC_VM_WRITE:
		hvx_vm_write(regs);
		break;
	case HVX_HC_VCPU_CREATE:
		hvx_vcpu_create(regs);
		break;
	case HVX_HC_VCPU_RUN:
		hvx_vcpu_run(regs);
		break;
	case HVX_HC_VM_UNMAP:
		hvx_vm_unmap(regs);
		break;
	case HVX_HC_VM_DESTROY:
		hvx_vm_destroy(regs);
		break;
	case HVX_HC_VM_STATS:
		hvx_vm_stats(regs);
		break;
	case HVX_HC_RELEASE:
		hvx_release(regs);
		break;
	case HVX_HC_HYP_S1_PROBE:
		hvx_hyp_s1_probe(regs);
		break;
	default:
		/* HVX_HC_INIT included: this CPU is already initialised. */
		regs->x[0] = SMCCC_RET_NOT_SUPPORTED;
		break;
	}
}

void hvx_handle_host_trap(struct hvx_host_regs *regs)
{
	u64 esr = read_sysreg(esr_el2);

	switch (ESR_ELx_EC(esr)) {
	case ESR_ELx_EC_HVC64:
		handle_host_hcall(regs);
		break;
	case ESR_ELx_EC_SMC64:
		/* With HCR_EL2.TSC set: PSCI and other firmware calls. */
		hvx_handle_host_smc(regs);
		break;
	case ESR_ELx_EC_DABT_LOW:
	case ESR_ELx_EC_IABT_LOW:
		/* With HCR_EL2.VM set: a fault on the host's stage 2. */
		hvx_handle_host_mem_abort(esr);
		break;
	default:
		/*
		 * A trap hvx does not expect: the host sees an undefined
		 * instruction rather than spinning on it forever.
		 */
		hvx_inject_undef(esr);
		break;
	}
}
