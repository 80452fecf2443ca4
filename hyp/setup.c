// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-CPU set-up at EL2, run from the init path (hyp/init.S) once the EL2
 * MMU and stack are up: keep what hvx needs from the host-written init
 * parameters in hvx's own per-CPU data, then put the host under stage 2.
 */
#include <asm/sysreg.h>

#include "hvx-hyp.h"
#include "hyp.h"

/* Filled by the host before the first CPU is initialised (see hvx-hyp.h). */
struct hvx_hyp_globals hvx_globals;

static struct hvx_hyp_cpu *this_hyp_cpu(void)
{
	return (struct hvx_hyp_cpu *)read_sysreg(tpidr_el2);
}

void hvx_cpu_init(const struct hvx_init_params *params, u64 stub_sctlr)
{
	struct hvx_hyp_cpu *cpu = this_hyp_cpu();

	cpu->stub_vbar = params->stub_vbar;
	cpu->panic_handler = params->panic_handler;
	cpu->stub_sctlr = stub_sctlr;
	/* Given back on reset, which is how stage 2 is turned off. */
	cpu->stub_hcr = read_sysreg(hcr_el2);
	hvx_host_s2_enable();
}
