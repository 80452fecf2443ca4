// SPDX-License-Identifier: GPL-2.0-only
/*
 * Offsets of the structures hyp/ assembly reads, for Kbuild to turn into
 * generated/hvx-asm-offsets.h (see Kbuild: compiled to assembly, the
 * "->NAME value" markers picked out with the kernel's filechk_offsets),
 * as arch/arm64/kernel/asm-offsets.c does for the kernel. Never linked.
 */
#include <linux/kbuild.h>
#include <linux/stddef.h>

#include "hvx-hyp.h"
#include "hyp/hyp.h"
#include "hyp/vm.h"

int main(void);

int main(void)
{
	/* struct hvx_init_params: hyp/init.S, with the MMU off */
	OFFSET(HVX_INIT_MAIR, hvx_init_params, mair_el2);
	OFFSET(HVX_INIT_TCR, hvx_init_params, tcr_el2);
	OFFSET(HVX_INIT_TTBR0, hvx_init_params, ttbr0_el2);
	OFFSET(HVX_INIT_SCTLR, hvx_init_params, sctlr_el2);
	OFFSET(HVX_INIT_VBAR, hvx_init_params, vbar_el2);
	OFFSET(HVX_INIT_SP, hvx_init_params, sp_el2);
	OFFSET(HVX_INIT_TPIDR, hvx_init_params, tpidr_el2);
	BLANK();
	/* struct hvx_hyp_cpu: hyp/init.S, hyp/host.S */
	OFFSET(HVX_CPU_STUB_VBAR, hvx_hyp_cpu, stub_vbar);
	OFFSET(HVX_CPU_STUB_SCTLR, hvx_hyp_cpu, stub_sctlr);
	OFFSET(HVX_CPU_PANIC_HANDLER, hvx_hyp_cpu, panic_handler);
	OFFSET(HVX_CPU_STUB_HCR, hvx_hyp_cpu, stub_hcr);
	OFFSET(HVX_CPU_BOOT, hvx_hyp_cpu, boot);
	OFFSET(HVX_CPU_HOST_ENTRY, hvx_hyp_cpu, host_entry);
	OFFSET(HVX_CPU_HOST_CTX, hvx_hyp_cpu, host_ctx);
	OFFSET(HVX_CPU_LOADED_VCPU, hvx_hyp_cpu, loaded_vcpu);
	OFFSET(HVX_CPU_RELEASING, hvx_hyp_cpu, releasing);
	BLANK();
	/* struct hvx_host_regs: hyp/host.S */
	DEFINE(HVX_HOST_REGS_SIZE, sizeof(struct hvx_host_regs));
	BLANK();
	/* struct hvx_guest_ctx: hyp/guest.S */
	OFFSET(HVX_GUEST_CTX_X, hvx_guest_ctx, x);
	OFFSET(HVX_GUEST_CTX_SP_EL0, hvx_guest_ctx, sp_el0);
	return 0;
}
