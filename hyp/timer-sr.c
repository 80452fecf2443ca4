// SPDX-License-Identifier: GPL-2.0-only
/*
 * The generic timer around a guest run.
 *
 * The guest has the virtual timer (CNTV_CTL_EL0, CNTV_CVAL_EL0: EL1 and
 * EL0 reach them without EL2 being able to trap, short of FEAT_ECV), with
 * CNTVOFF_EL2 = 0: its virtual counter reads the physical count, as the
 * host's does. The host's virtual timer is saved and given back after the
 * run. (A Linux host at EL1 with EL2 available ticks on the physical
 * timer, CNTP, which the switch leaves alone: the host's ticks keep
 * arriving while a guest runs, as IRQ exits.)
 *
 * The physical counter and timer are the host's: guests run with
 * CNTHCTL_EL2.EL1PCTEN and EL1PCEN clear, so CNTPCT_EL0 and CNTP_*
 * accesses trap to EL2 (and get an UNDEF for now). The two are cleared
 * together: QEMU 7.2 checks the wrong one of them for EL0 counter reads.
 *
 * hvx has no virtual interrupt controller yet: the guest's timer
 * interrupt could only reach the host as a physical PPI that is not the
 * host's. So the guest's timer runs with CNTV_CTL_EL0.IMASK forced on in
 * the hardware while the host asked for it unmasked; the guest still sees
 * ISTATUS. (The guest may clear IMASK itself, since its writes cannot be
 * trapped; an expired, unmasked timer then only makes its own run exit
 * with IRQ exits.)
 */
#include <clocksource/arm_arch_timer.h>
#include <asm/sysreg.h>

#include "switch.h"

#define GUEST_CNTHCTL_CLEAR	(CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN)

void hvx_timer_save_host(struct hvx_host_state *host)
{
	host->cnthctl_el2 = read_sysreg(cnthctl_el2);
	host->cntvoff_el2 = read_sysreg(cntvoff_el2);
	host->sys[HVX_SYS_CNTV_CTL_EL0] = read_sysreg(cntv_ctl_el0);
	host->sys[HVX_SYS_CNTV_CVAL_EL0] = read_sysreg(cntv_cval_el0);
}

/* The EL2 controls first: the guest's timer is never live with the host's. */
void hvx_timer_load_guest(const u64 *sys, u64 host_cnthctl)
{
	write_sysreg(host_cnthctl & ~GUEST_CNTHCTL_CLEAR, cnthctl_el2);
	write_sysreg(0, cntvoff_el2);
	write_sysreg(sys[HVX_SYS_CNTV_CTL_EL0] | ARCH_TIMER_CTRL_IT_MASK,
		     cntv_ctl_el0);
	write_sysreg(sys[HVX_SYS_CNTV_CVAL_EL0], cntv_cval_el0);
}

/*
 * The hardware IMASK is the guest's own only if it cleared it: set, it is
 * taken to be the one hvx forced, and the guest keeps the IMASK it had.
 */
void hvx_timer_save_guest(u64 *sys)
{
	u64 ctl = read_sysreg(cntv_ctl_el0);

	if (ctl & ARCH_TIMER_CTRL_IT_MASK)
		ctl = (ctl & ~ARCH_TIMER_CTRL_IT_MASK) |
		      (sys[HVX_SYS_CNTV_CTL_EL0] & ARCH_TIMER_CTRL_IT_MASK);
	sys[HVX_SYS_CNTV_CTL_EL0] = ctl;
	sys[HVX_SYS_CNTV_CVAL_EL0] = read_sysreg(cntv_cval_el0);
}

/* The guest's timer off the hardware before the host's comes back. */
void hvx_timer_restore_host(const struct hvx_host_state *host)
{
	write_sysreg(host->sys[HVX_SYS_CNTV_CTL_EL0] | ARCH_TIMER_CTRL_IT_MASK,
		     cntv_ctl_el0);
	write_sysreg(host->cntvoff_el2, cntvoff_el2);
	write_sysreg(host->cnthctl_el2, cnthctl_el2);
	write_sysreg(host->sys[HVX_SYS_CNTV_CVAL_EL0], cntv_cval_el0);
	write_sysreg(host->sys[HVX_SYS_CNTV_CTL_EL0], cntv_ctl_el0);
}
