// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-CPU set-up at EL2, run once the EL2 MMU and stack are up: from the
 * init path (hyp/init.S, a CPU taken from the stub) or from hvx's own
 * entry (a CPU started through a relayed PSCI call). Keep what hvx needs
 * in its own per-CPU data, then put the host under stage 2 and trap its
 * SMCs (hyp/psci.c).
 */
#include <asm/kvm_arm.h>
#include <asm/sysreg.h>

#include "hvx-hyp.h"
#include "hyp/hyp.h"

/* Filled by the host before the first CPU is initialised (see hvx-image.h). */
struct hvx_hyp_globals hvx_globals;

/*
 * Stage 2 on, and on top of the stub's HCR_EL2:
 * - TSC: host SMCs trapped (hyp/psci.c);
 * - SWIO: the host's data cache invalidations by set/way clean as well,
 *   so that they cannot discard the dirty lines of hvx or of a guest
 *   (RES1 on many cores; KVM's guests get it too, switch.c).
 */
#define HOST_HCR	(HCR_TSC | HCR_SWIO)

static void host_enable(void)
{
	hvx_host_s2_enable();
	write_sysreg(read_sysreg(hcr_el2) | HOST_HCR, hcr_el2);
	isb();
}

/*
 * A CPU taken from the stub. The host wrote the same stub vectors and
 * panic handler into its init parameters and into cpu->boot; the former
 * are host memory, which EL2 does not map.
 */
void hvx_cpu_init(u64 stub_sctlr)
{
	struct hvx_hyp_cpu *cpu = this_hyp_cpu();

	cpu->stub_vbar = cpu->boot.stub_vbar;
	cpu->panic_handler = cpu->boot.panic_handler;
	cpu->stub_sctlr = stub_sctlr;
	/* Given back on reset, which is how stage 2 is turned off. */
	cpu->stub_hcr = read_sysreg(hcr_el2);
	hvx_finalise_save();
	host_enable();
	WRITE_ONCE(cpu->in_hvx, 1);
}

/*
 * The CPU never ran the stub: give it, on reset, what the kernel's EL2
 * path would have left (head.S: HCR_HOST_NVHE_FLAGS, SCTLR_EL2 with the
 * MMU off, the stub's vectors, whose address the host read at load).
 */
void hvx_cpu_entry_init(struct hvx_hyp_cpu *cpu, bool kernel_el2)
{
	cpu->stub_vbar = cpu->boot.stub_vbar;
	cpu->panic_handler = cpu->boot.panic_handler;
	cpu->stub_sctlr = INIT_SCTLR_EL2_MMU_OFF;
	cpu->stub_hcr = HCR_HOST_NVHE_FLAGS;
	/* What the refused HVC_FINALISE_EL2 would have done (finalise.c). */
	hvx_finalise_restore();
	cpu->psci_stats[HVX_PSCI_ENTRIES]++;
	if (kernel_el2)
		cpu->psci_stats[HVX_PSCI_ENTRIES_KERNEL_EL2]++;
	host_enable();
	WRITE_ONCE(cpu->in_hvx, 1);
	/* The entry point is consumed: another CPU_ON may now target us. */
	smp_store_release(&cpu->on_pending, 0);
}
