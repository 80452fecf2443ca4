// SPDX-License-Identifier: GPL-2.0-only
/*
 * The EL1 system registers of the world on the CPU, saved into and loaded
 * from an array in enum hvx_vcpu_sysreg order: the host's around a guest
 * run (struct hvx_host_state), the guest's for its run (struct
 * hvx_guest_ctx). The virtual timer's two are timer-sr.c's.
 *
 * ACTLR_EL1 is not switched: it is IMPLEMENTATION DEFINED, and guests run
 * with HCR_EL2.TACR, so they can neither read nor change it (switch.c).
 * The guest's sys[HVX_SYS_ACTLR_EL1] is kept as the host gave it.
 *
 * TPIDR2_EL0 exists on CPUs with SME and is UNDEFINED without it. EL2
 * cannot trap it (only SCR_EL3.EnTP2 and, for EL0, SCTLR_EL1.EnTP2 gate
 * it), so every guest can write it: it is switched like the other thread
 * registers, or a guest would read what the last world on the CPU (another
 * guest, or the VMM's thread on an SME host) left there.
 *
 * No ordering between these writes matters: EL1 does not run until the
 * eret, which synchronises them. (Cores with the speculative AT errata,
 * which KVM orders SCTLR/TCR for, are not handled.)
 */
#include <asm/sysreg.h>

#include "hyp/switch.h"

static bool has_tpidr2(void)
{
	return read_sysreg_s(SYS_ID_AA64PFR1_EL1) & ID_AA64PFR1_EL1_SME_MASK;
}

void hvx_sysreg_save_el1(u64 *sys)
{
	sys[HVX_SYS_SCTLR_EL1] = read_sysreg(sctlr_el1);
	sys[HVX_SYS_CPACR_EL1] = read_sysreg(cpacr_el1);
	sys[HVX_SYS_TTBR0_EL1] = read_sysreg(ttbr0_el1);
	sys[HVX_SYS_TTBR1_EL1] = read_sysreg(ttbr1_el1);
	sys[HVX_SYS_TCR_EL1] = read_sysreg(tcr_el1);
	sys[HVX_SYS_ESR_EL1] = read_sysreg(esr_el1);
	sys[HVX_SYS_AFSR0_EL1] = read_sysreg(afsr0_el1);
	sys[HVX_SYS_AFSR1_EL1] = read_sysreg(afsr1_el1);
	sys[HVX_SYS_FAR_EL1] = read_sysreg(far_el1);
	sys[HVX_SYS_MAIR_EL1] = read_sysreg(mair_el1);
	sys[HVX_SYS_AMAIR_EL1] = read_sysreg(amair_el1);
	sys[HVX_SYS_VBAR_EL1] = read_sysreg(vbar_el1);
	sys[HVX_SYS_CONTEXTIDR_EL1] = read_sysreg(contextidr_el1);
	sys[HVX_SYS_CNTKCTL_EL1] = read_sysreg(cntkctl_el1);
	sys[HVX_SYS_PAR_EL1] = read_sysreg(par_el1);
	sys[HVX_SYS_MDSCR_EL1] = read_sysreg(mdscr_el1);
	sys[HVX_SYS_CSSELR_EL1] = read_sysreg(csselr_el1);
	sys[HVX_SYS_TPIDR_EL0] = read_sysreg(tpidr_el0);
	sys[HVX_SYS_TPIDRRO_EL0] = read_sysreg(tpidrro_el0);
	if (has_tpidr2())
		sys[HVX_SYS_TPIDR2_EL0] = read_sysreg_s(SYS_TPIDR2_EL0);
	sys[HVX_SYS_TPIDR_EL1] = read_sysreg(tpidr_el1);
	sys[HVX_SYS_SP_EL1] = read_sysreg(sp_el1);
	sys[HVX_SYS_ELR_EL1] = read_sysreg(elr_el1);
	sys[HVX_SYS_SPSR_EL1] = read_sysreg(spsr_el1);
}

void hvx_sysreg_restore_el1(const u64 *sys)
{
	write_sysreg(sys[HVX_SYS_SCTLR_EL1], sctlr_el1);
	write_sysreg(sys[HVX_SYS_CPACR_EL1], cpacr_el1);
	write_sysreg(sys[HVX_SYS_TTBR0_EL1], ttbr0_el1);
	write_sysreg(sys[HVX_SYS_TTBR1_EL1], ttbr1_el1);
	write_sysreg(sys[HVX_SYS_TCR_EL1], tcr_el1);
	write_sysreg(sys[HVX_SYS_ESR_EL1], esr_el1);
	write_sysreg(sys[HVX_SYS_AFSR0_EL1], afsr0_el1);
	write_sysreg(sys[HVX_SYS_AFSR1_EL1], afsr1_el1);
	write_sysreg(sys[HVX_SYS_FAR_EL1], far_el1);
	write_sysreg(sys[HVX_SYS_MAIR_EL1], mair_el1);
	write_sysreg(sys[HVX_SYS_AMAIR_EL1], amair_el1);
	write_sysreg(sys[HVX_SYS_VBAR_EL1], vbar_el1);
	write_sysreg(sys[HVX_SYS_CONTEXTIDR_EL1], contextidr_el1);
	write_sysreg(sys[HVX_SYS_CNTKCTL_EL1], cntkctl_el1);
	write_sysreg(sys[HVX_SYS_PAR_EL1], par_el1);
	write_sysreg(sys[HVX_SYS_MDSCR_EL1], mdscr_el1);
	write_sysreg(sys[HVX_SYS_CSSELR_EL1], csselr_el1);
	write_sysreg(sys[HVX_SYS_TPIDR_EL0], tpidr_el0);
	write_sysreg(sys[HVX_SYS_TPIDRRO_EL0], tpidrro_el0);
	if (has_tpidr2())
		write_sysreg_s(sys[HVX_SYS_TPIDR2_EL0], SYS_TPIDR2_EL0);
	write_sysreg(sys[HVX_SYS_TPIDR_EL1], tpidr_el1);
	write_sysreg(sys[HVX_SYS_SP_EL1], sp_el1);
	write_sysreg(sys[HVX_SYS_ELR_EL1], elr_el1);
	write_sysreg(sys[HVX_SYS_SPSR_EL1], spsr_el1);
}
