// SPDX-License-Identifier: GPL-2.0-only
/*
 * The FP/SIMD registers, switched lazily: a guest run starts with
 * CPTR_EL2.TFP set (switch.c), and only a guest that touches them pays for
 * the switch. Its first FP/SIMD instruction traps to EL2 (EC FP_ASIMD):
 * the host's registers go to this CPU's area, the guest's are loaded from
 * its context and the trap is lifted for the rest of the run. When the run
 * ends, the guest's are saved and the host's put back, so nothing of the
 * guest's stays on the CPU for a guest running elsewhere next.
 *
 * Only V0-V31, FPSR and FPCR: guests run with SVE and SME trapped
 * (CPTR_EL2.TZ, TSM), so the host's Z, P and ZA state stays untouched
 * (writing a V register only clears the top of its Z register, which
 * Linux does not keep live across the syscall that leads here).
 */
#include <asm/barrier.h>
#include <asm/kvm_arm.h>
#include <asm/sysreg.h>

#include "hyp/switch.h"

void hvx_fpsimd_take(struct hvx_hyp_cpu *cpu, struct hvx_hyp_vcpu *vcpu)
{
	/* TFP traps EL2's own accesses too. */
	write_sysreg(read_sysreg(cptr_el2) & ~CPTR_EL2_TFP, cptr_el2);
	isb();
	__hvx_fpsimd_save(&cpu->host.fp);
	__hvx_fpsimd_restore(&vcpu->ctx.fp);
	cpu->guest_fp = 1;
}

/*
 * At the end of a run, while TFP is still clear from hvx_fpsimd_take():
 * the guest's registers back to its context (dropped if @vcpu is NULL:
 * an EL2 panic), the host's back on the CPU.
 */
void hvx_fpsimd_give_back(struct hvx_hyp_cpu *cpu, struct hvx_hyp_vcpu *vcpu)
{
	if (!cpu->guest_fp)
		return;
	if (vcpu)
		__hvx_fpsimd_save(&vcpu->ctx.fp);
	__hvx_fpsimd_restore(&cpu->host.fp);
	cpu->guest_fp = 0;
}
