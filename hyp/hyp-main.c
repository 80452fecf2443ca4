// SPDX-License-Identifier: GPL-2.0-only
/*
 * Traps from the host into hvx's EL2 code, and the host->hvx call service
 * (see hyp/include/hvx-hcall.h for the ABI).
 *
 * Each host call has a handler in host_hcalls[], indexed by its function
 * number: it takes its arguments from the host's registers by name
 * (hc_arg(), as KVM's DECLARE_REG), calls the typed function that does
 * the work, writes the results to x1-x4 and returns 0 or a -errno. Only
 * the dispatcher writes x0, turning that into the ABI's status
 * (hc_status()): -errno is EL2's one error vocabulary, HVX_HC_ERR_* only
 * the host's.
 */
#include <linux/arm-smccc.h>
#include <linux/errno.h>
#include <linux/nospec.h>
#include <asm/esr.h>
#include <asm/sysreg.h>

#include "hvx-hyp.h"
#include "hyp/hyp.h"
#include "hyp/trace.h"
#include "hyp/vm.h"

/* Argument @n (x@n) of a host call. */
static inline u64 hc_arg(const struct hvx_host_regs *regs, int n)
{
	return regs->x[n];
}

typedef int (*hcall_t)(struct hvx_host_regs *regs);

static int handle_version(struct hvx_host_regs *regs)
{
	regs->x[1] = HVX_HYP_VERSION;
	return 0;
}

static int handle_cpu_state(struct hvx_host_regs *regs)
{
	regs->x[1] = read_sysreg(CurrentEL);
	regs->x[2] = read_sysreg(vbar_el2);
	regs->x[3] = read_sysreg(hcr_el2);
	regs->x[4] = read_sysreg(sctlr_el2);
	return 0;
}

static int handle_mem_stats(struct hvx_host_regs *regs)
{
	hvx_host_s2_mem_stats(&regs->x[1], &regs->x[2], &regs->x[3],
			      &regs->x[4]);
	return 0;
}

static int handle_s2_stats(struct hvx_host_regs *regs)
{
	hvx_host_s2_map_stats(&regs->x[1], &regs->x[2], &regs->x[3],
			      &regs->x[4]);
	return 0;
}

static int handle_host_s2_reset(struct hvx_host_regs *regs)
{
	bool now = hc_arg(regs, 1);

	regs->x[1] = hvx_host_s2_reset(now);
	return 0;
}

static int handle_host_share_hyp(struct hvx_host_regs *regs)
{
	u64 pa = hc_arg(regs, 1);

	return hvx_pages_from_host(pa, 1, HVX_PAGE_SHARED_HYP);
}

static int handle_host_unshare_hyp(struct hvx_host_regs *regs)
{
	u64 pa = hc_arg(regs, 1);

	return hvx_pages_to_host(pa, 1, HVX_PAGE_SHARED_HYP);
}

static int handle_host_donate_hyp(struct hvx_host_regs *regs)
{
	u64 pa = hc_arg(regs, 1);

	return hvx_pages_from_host(pa, 1, HVX_PAGE_HYP);
}

static int handle_host_reclaim_hyp(struct hvx_host_regs *regs)
{
	u64 pa = hc_arg(regs, 1);

	return hvx_pages_to_host(pa, 1, HVX_PAGE_HYP);
}

static int handle_own_stats(struct hvx_host_regs *regs)
{
	hvx_host_own_stats(&regs->x[1], &regs->x[2], &regs->x[3]);
	regs->x[4] = HVX_OWN_MAX_RANGES;
	return 0;
}

static int handle_vm_create(struct hvx_host_regs *regs)
{
	u64 vm_pa = hc_arg(regs, 1);
	u64 root_pa = hc_arg(regs, 2);

	return hvx_hyp_vm_create(vm_pa, root_pa, &regs->x[1], &regs->x[2]);
}

static int handle_vm_topup(struct hvx_host_regs *regs)
{
	u64 handle = hc_arg(regs, 1);
	u64 pa = hc_arg(regs, 2);

	return hvx_hyp_vm_topup(handle, pa, &regs->x[1]);
}

static int handle_vm_map(struct hvx_host_regs *regs)
{
	u64 handle = hc_arg(regs, 1);
	u64 ipa = hc_arg(regs, 2);
	u64 pa = hc_arg(regs, 3);
	u64 nr = hc_arg(regs, 4);

	return hvx_hyp_vm_map(handle, ipa, pa, nr, &regs->x[1]);
}

static int handle_vm_write(struct hvx_host_regs *regs)
{
	u64 handle = hc_arg(regs, 1);
	u64 ipa = hc_arg(regs, 2);
	u64 src_pa = hc_arg(regs, 3);
	u64 len = hc_arg(regs, 4);

	return hvx_hyp_vm_write(handle, ipa, src_pa, len);
}

static int handle_vcpu_create(struct hvx_host_regs *regs)
{
	u64 handle = hc_arg(regs, 1);
	u64 id = hc_arg(regs, 2);
	u64 vcpu_pa = hc_arg(regs, 3);
	u64 state_pa = hc_arg(regs, 4);

	return hvx_hyp_vcpu_create(handle, id, vcpu_pa, state_pa);
}

static int handle_vcpu_run(struct hvx_host_regs *regs)
{
	u64 handle = hc_arg(regs, 1);
	u64 id = hc_arg(regs, 2);

	return hvx_hyp_vcpu_run(handle, id, &regs->x[1]);
}

static int handle_vm_unmap(struct hvx_host_regs *regs)
{
	u64 handle = hc_arg(regs, 1);
	u64 ipa = hc_arg(regs, 2);
	u64 pa = hc_arg(regs, 3);
	u64 nr = hc_arg(regs, 4);

	return hvx_hyp_vm_unmap(handle, ipa, pa, nr);
}

static int handle_vm_destroy(struct hvx_host_regs *regs)
{
	u64 handle = hc_arg(regs, 1);

	return hvx_hyp_vm_destroy(handle);
}

static int handle_vm_stats(struct hvx_host_regs *regs)
{
	u64 handle = hc_arg(regs, 1);
	u64 stat = hc_arg(regs, 2);

	return hvx_hyp_vm_stats(handle, stat, &regs->x[1]);
}

static int handle_release(struct hvx_host_regs *regs)
{
	return hvx_release();
}

static int handle_hyp_s1_probe(struct hvx_host_regs *regs)
{
	u64 va = hc_arg(regs, 1);

	hvx_hyp_s1_probe(va, &regs->x[1], &regs->x[2], &regs->x[3]);
	return 0;
}

static int handle_vgic_doorbell(struct hvx_host_regs *regs)
{
	u64 intid = hc_arg(regs, 1);
	u64 vtimer = hc_arg(regs, 2);

	return hvx_vgic_set_doorbell(intid, vtimer);
}

static int handle_vm_set_clock(struct hvx_host_regs *regs)
{
	u64 handle = hc_arg(regs, 1);
	u64 freq = hc_arg(regs, 2);
	u64 mult = hc_arg(regs, 3);
	u64 shift = hc_arg(regs, 4);
	u64 flags = hc_arg(regs, 5);
	u64 offset = hc_arg(regs, 6);
	int ret;

	ret = hvx_hyp_vm_set_clock(handle, freq, mult, shift, flags,
				   &regs->x[1], &offset);
	if (!ret)
		regs->x[2] = offset;
	return ret;
}

static int handle_vm_set_vmware(struct hvx_host_regs *regs)
{
	return hvx_hyp_vm_set_vmware(hc_arg(regs, 1), hc_arg(regs, 2));
}

static int handle_psci_stats(struct hvx_host_regs *regs)
{
	u64 which = hc_arg(regs, 1);

	return hvx_psci_stats(which, &regs->x[1]);
}

static int handle_trace_ring(struct hvx_host_regs *regs)
{
	u64 pa = hc_arg(regs, 1);
	u64 pages = hc_arg(regs, 2);

	return hvx_trace_set(pa, pages, &regs->x[1]);
}

/* A call's index in host_hcalls[]: its function number. */
#define HC_NR(id)	ARM_SMCCC_FUNC_NUM(id)

/* HVX_HC_INIT has none: this CPU is initialised already. */
static const hcall_t host_hcalls[] = {
	[HC_NR(HVX_HC_VERSION)]			= handle_version,
	[HC_NR(HVX_HC_CPU_STATE)]		= handle_cpu_state,
	[HC_NR(HVX_HC_MEM_STATS)]		= handle_mem_stats,
	[HC_NR(HVX_HC_S2_STATS)]		= handle_s2_stats,
	[HC_NR(HVX_HC_HOST_S2_RESET)]		= handle_host_s2_reset,
	[HC_NR(HVX_HC_HOST_SHARE_HYP)]		= handle_host_share_hyp,
	[HC_NR(HVX_HC_HOST_UNSHARE_HYP)]	= handle_host_unshare_hyp,
	[HC_NR(HVX_HC_HOST_DONATE_HYP)]		= handle_host_donate_hyp,
	[HC_NR(HVX_HC_HOST_RECLAIM_HYP)]	= handle_host_reclaim_hyp,
	[HC_NR(HVX_HC_OWN_STATS)]		= handle_own_stats,
	[HC_NR(HVX_HC_VM_CREATE)]		= handle_vm_create,
	[HC_NR(HVX_HC_VM_TOPUP)]		= handle_vm_topup,
	[HC_NR(HVX_HC_VM_MAP)]			= handle_vm_map,
	[HC_NR(HVX_HC_VM_WRITE)]		= handle_vm_write,
	[HC_NR(HVX_HC_VCPU_CREATE)]		= handle_vcpu_create,
	[HC_NR(HVX_HC_VCPU_RUN)]		= handle_vcpu_run,
	[HC_NR(HVX_HC_VM_UNMAP)]		= handle_vm_unmap,
	[HC_NR(HVX_HC_VM_DESTROY)]		= handle_vm_destroy,
	[HC_NR(HVX_HC_VM_STATS)]		= handle_vm_stats,
	[HC_NR(HVX_HC_RELEASE)]			= handle_release,
	[HC_NR(HVX_HC_HYP_S1_PROBE)]		= handle_hyp_s1_probe,
	[HC_NR(HVX_HC_VGIC_DOORBELL)]		= handle_vgic_doorbell,
	[HC_NR(HVX_HC_VM_SET_CLOCK)]		= handle_vm_set_clock,
	[HC_NR(HVX_HC_VM_SET_VMWARE)]		= handle_vm_set_vmware,
	[HC_NR(HVX_HC_TRACE_RING)]		= handle_trace_ring,
	[HC_NR(HVX_HC_PSCI_STATS)]		= handle_psci_stats,
};

/*
 * EL2's -errno as the host-call ABI says it (hvx-hcall.h). Every error a
 * handler can return is listed: anything else is a bug in EL2, which the
 * host sees as DENIED rather than as success.
 */
static u64 hc_status(int err)
{
	switch (err) {
	case -EINVAL:
		return HVX_HC_ERR_INVALID;
	case -ENOMEM:
		return HVX_HC_ERR_NOMEM;
	case -EBUSY:
		return HVX_HC_ERR_BUSY;
	case -EOPNOTSUPP:
		return SMCCC_RET_NOT_SUPPORTED;
	case -EPERM:
	default:
		return HVX_HC_ERR_DENIED;
	}
}

static void handle_host_hcall(struct hvx_host_regs *regs)
{
	/* Only x0 = HVX_HC_ID(n) exactly: the other bits are not ignored. */
	u64 nr = regs->x[0] - HVX_HC_ID(0);
	int ret = -EOPNOTSUPP;

	/*
	 * VCPU_RUN is on the way of every guest exit to the host: called
	 * directly, without the table's indirect call and bounds masking
	 * (measured: 24 instructions less a round trip).
	 */
	if (likely(nr == HC_NR(HVX_HC_VCPU_RUN))) {
		ret = handle_vcpu_run(regs);
	} else if (nr < ARRAY_SIZE(host_hcalls)) {
		nr = array_index_nospec(nr, ARRAY_SIZE(host_hcalls));
		if (host_hcalls[nr])
			ret = host_hcalls[nr](regs);
	}
	regs->x[0] = likely(!ret) ? SMCCC_RET_SUCCESS : hc_status(ret);
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
